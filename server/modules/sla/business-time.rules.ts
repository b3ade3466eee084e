/**
 * Business time (SLA-2, SLA-3). A calendar says which instants are working time: weekly windows in
 * local wall-clock time of one IANA zone, minus holidays (法定节假日), plus make-up working days
 * (调休上班); a 7×24 calendar makes every instant working. Counted time is working time outside every
 * pause. The invariant every function here keeps: for D > 0, `addBusinessTime(t, D)` is the earliest
 * instant r with exactly D of counted time in [t, r), so r is the END of counted time (inside a
 * window or exactly at its end, never at the start of the next one), `businessTimeBetween(t, r)`
 * gives D back, and `clockLedger` splits any span into segments whose 'running' total is that same
 * counted time.
 *
 * Pure: no I/O, no clock. Local↔UTC conversion uses `Intl.DateTimeFormat` only while a local day is
 * compiled the first time; each compiled calendar keeps a lazily filled map day → UTC windows, so
 * the hot path is arithmetic on epoch milliseconds.
 *
 * Daylight saving time: a window is the stretch of real time between its start and end. A local
 * time that does not exist (spring-forward gap) maps to the instant of the transition; an ambiguous
 * local time (fall-back overlap) maps to its earlier occurrence. So a 00:00–04:00 window lasts 3 h
 * on the spring-forward day and 5 h on the fall-back day.
 */

/** Minutes after local midnight, 0 ≤ start < end ≤ 1440. */
export type WorkingWindow = { start: number; end: number };

export type CalendarDefinition = {
  /** IANA zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** 7×24: every instant is working time; holidays and windows are ignored. */
  alwaysOpen: boolean;
  /** Exactly 7 entries, index 0 = Monday … 6 = Sunday. */
  weekly: WorkingWindow[][];
  /** Local dates 'YYYY-MM-DD' with no working time (法定节假日). They override weekdays. */
  holidays: string[];
  /** Local dates worked although normally not (调休上班). They override weekends. */
  makeUpDays: string[];
  /** Windows of a make-up day; default: Monday's windows. */
  makeUpWindows?: WorkingWindow[];
  /** Optional names shown in the ledger, keyed by holiday date ('2026-02-17' → '春节'). */
  holidayNames?: Record<string, string>;
};

/** Epoch milliseconds, half-open [start, end). end = Infinity for an open pause. */
export type Interval = { start: number; end: number };
export type PauseInterval = Interval & { reason: string };

export const ledgerSegmentKinds = ['running', 'paused', 'outside_hours', 'non_working_day', 'holiday'] as const;
export type LedgerSegmentKind = (typeof ledgerSegmentKinds)[number];
export type LedgerSegment = {
  start: number;
  end: number;
  kind: LedgerSegmentKind;
  /** The pause's reason, on 'paused' segments. */
  reason?: string;
  /** On 'holiday' segments, when the calendar names the holiday. */
  holidayName?: string;
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;
const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

type DayKind = 'working' | 'non_working_day' | 'holiday';

/** One local day, compiled to UTC once. */
type DayInfo = {
  /** Days since 1970-01-01 of the local date. */
  readonly day: number;
  /** UTC instants of this local midnight and the next one. */
  readonly start: number;
  readonly end: number;
  readonly kind: DayKind;
  /** Working windows as UTC [start0, end0, start1, end1, …]: sorted, disjoint, non-empty, touching ones merged. */
  readonly windows: readonly number[];
  /** Working milliseconds of the whole day (lets the walkers skip a day in one step). */
  readonly total: number;
  readonly holidayName?: string;
  next?: DayInfo;
};

/** Opaque: build it with `compileCalendar`. */
export type CompiledCalendar = {
  readonly definition: Readonly<CalendarDefinition>;
  readonly timeZone: string;
  readonly alwaysOpen: boolean;
  /** Internal state; not part of the contract. */
  readonly state: CalendarState;
};

type CalendarState = {
  readonly formatter: Intl.DateTimeFormat;
  /** Weekly windows in minutes, flattened and merged, Monday first. */
  readonly weekly: readonly (readonly number[])[];
  readonly makeUpWindows: readonly number[];
  readonly holidays: ReadonlySet<number>;
  readonly holidayNames: ReadonlyMap<number, string>;
  readonly makeUpDays: ReadonlySet<number>;
  readonly weeklyHasWork: boolean;
  readonly lastMakeUpDay: number;
  readonly days: Map<number, DayInfo>;
  /** Offset (local − UTC) of the most recently compiled day: the first guess of which day holds an instant. */
  offsetHint: number;
};

// ---------------------------------------------------------------------------------------------
// Definition checks and compilation

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → days since 1970-01-01, or null when it is not a real date (years 1900–2199). */
export function parseLocalDate(text: string): number | null {
  const match = typeof text === 'string' ? datePattern.exec(text) : null;
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function formatLocalDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function isKnownTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkWindows(windows: unknown, label: string, problems: string[]): void {
  if (!Array.isArray(windows)) {
    problems.push(`${label}: expected a list of working windows`);
    return;
  }
  const valid: WorkingWindow[] = [];
  for (const [index, window] of windows.entries()) {
    const { start, end } = (window ?? {}) as Partial<WorkingWindow>;
    if (!Number.isInteger(start) || !Number.isInteger(end)) {
      problems.push(`${label}, window ${index + 1}: start and end must be whole minutes after midnight`);
    } else if ((start as number) < 0 || (end as number) > MINUTES_PER_DAY || (start as number) >= (end as number)) {
      problems.push(`${label}, window ${index + 1}: needs 00:00 ≤ start < end ≤ 24:00 (got ${start}–${end} minutes)`);
    } else {
      valid.push({ start: start as number, end: end as number });
    }
  }
  valid.sort((a, b) => a.start - b.start);
  for (let index = 1; index < valid.length; index++) {
    const previous = valid[index - 1];
    const current = valid[index];
    if (current.start < previous.end) {
      problems.push(
        `${label}: windows ${clockText(previous.start)}–${clockText(previous.end)} and ` +
          `${clockText(current.start)}–${clockText(current.end)} overlap`,
      );
    }
  }
}

function checkDates(dates: unknown, label: string, problems: string[]): Set<number> {
  const days = new Set<number>();
  if (!Array.isArray(dates)) {
    problems.push(`${label}: expected a list of dates`);
    return days;
  }
  for (const date of dates) {
    const day = parseLocalDate(date);
    if (day === null) problems.push(`${label}: "${String(date)}" is not a date YYYY-MM-DD`);
    else days.add(day);
  }
  return days;
}

/** Human-readable problems of a definition; [] when it can be compiled. */
export function validateCalendarDefinition(definition: CalendarDefinition): string[] {
  const problems: string[] = [];
  if (definition === null || typeof definition !== 'object') return ['the calendar definition is missing'];
  if (!isKnownTimeZone(definition.timeZone)) problems.push(`unknown time zone "${String(definition.timeZone)}"`);
  if (typeof definition.alwaysOpen !== 'boolean') problems.push('alwaysOpen must be true or false');
  if (!Array.isArray(definition.weekly) || definition.weekly.length !== 7) {
    problems.push('weekly must have exactly 7 entries, Monday first');
  } else {
    definition.weekly.forEach((windows, index) => {
      checkWindows(windows, weekdayNames[index], problems);
    });
    const hasWork = definition.weekly.some((windows) => Array.isArray(windows) && windows.length > 0);
    if (!hasWork && definition.alwaysOpen === false) {
      problems.push('the week has no working hours: no deadline could ever be reached');
    }
  }
  if (definition.makeUpWindows !== undefined) checkWindows(definition.makeUpWindows, 'make-up days', problems);
  const holidays = checkDates(definition.holidays, 'holidays', problems);
  const makeUpDays = checkDates(definition.makeUpDays, 'make-up days', problems);
  for (const day of holidays) {
    if (makeUpDays.has(day)) problems.push(`${formatLocalDate(day)} is both a holiday and a make-up working day`);
  }
  if (definition.holidayNames !== undefined) {
    if (definition.holidayNames === null || typeof definition.holidayNames !== 'object') {
      problems.push('holidayNames must map dates to names');
    } else {
      for (const [date, name] of Object.entries(definition.holidayNames)) {
        if (parseLocalDate(date) === null) problems.push(`holidayNames: "${date}" is not a date YYYY-MM-DD`);
        if (typeof name !== 'string') problems.push(`holidayNames: the name of ${date} must be text`);
      }
    }
  }
  return problems;
}

/** Sorted, merged (touching ones joined) windows as flat minutes [s0, e0, s1, e1, …]. */
function flattenWindows(windows: readonly WorkingWindow[]): number[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const flat: number[] = [];
  for (const { start, end } of sorted) {
    if (flat.length > 0 && start <= flat[flat.length - 1]) {
      flat[flat.length - 1] = Math.max(flat[flat.length - 1], end);
    } else {
      flat.push(start, end);
    }
  }
  return flat;
}

/** Compiles a definition (throws an Error listing its problems when it is invalid). */
export function compileCalendar(definition: CalendarDefinition): CompiledCalendar {
  const problems = validateCalendarDefinition(definition);
  if (problems.length > 0) throw new Error(`Invalid business calendar: ${problems.join('; ')}`);
  const copy: CalendarDefinition = structuredClone(definition);
  const weekly = copy.weekly.map(flattenWindows);
  const holidays = new Set(copy.holidays.map((date) => parseLocalDate(date) as number));
  const makeUpDays = new Set(copy.makeUpDays.map((date) => parseLocalDate(date) as number));
  const holidayNames = new Map<number, string>();
  for (const [date, name] of Object.entries(copy.holidayNames ?? {})) {
    holidayNames.set(parseLocalDate(date) as number, name);
  }
  const state: CalendarState = {
    formatter: new Intl.DateTimeFormat('en-US', {
      timeZone: copy.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }),
    weekly,
    makeUpWindows: flattenWindows(copy.makeUpWindows ?? copy.weekly[0]),
    holidays,
    holidayNames,
    makeUpDays,
    weeklyHasWork: weekly.some((windows) => windows.length > 0),
    lastMakeUpDay: [...makeUpDays].reduce((last, day) => Math.max(last, day), Number.NEGATIVE_INFINITY),
    days: new Map(),
    offsetHint: 0,
  };
  return { definition: Object.freeze(copy), timeZone: copy.timeZone, alwaysOpen: copy.alwaysOpen, state };
}

/** 7×24 in UTC: every instant is working time (targets counted in calendar time). */
export const alwaysOpenCalendar: CompiledCalendar = compileCalendar({
  timeZone: 'UTC',
  alwaysOpen: true,
  weekly: Array.from({ length: 7 }, () => [{ start: 0, end: MINUTES_PER_DAY }]),
  holidays: [],
  makeUpDays: [],
});

// ---------------------------------------------------------------------------------------------
// Local days → UTC (the only place that calls Intl; results are cached per day)

/** local − UTC in milliseconds at instant t (whole seconds, as the zone database has them). */
function offsetAt(formatter: Intl.DateTimeFormat, t: number): number {
  const second = Math.floor(t / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let secondOfMinute = 0;
  for (const part of formatter.formatToParts(second)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        secondOfMinute = Number(part.value);
        break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, secondOfMinute) - second;
}

/**
 * The UTC instant of a local wall-clock time given as "local milliseconds since 1970-01-01".
 * Ambiguous (fall-back) → the earlier instant; non-existent (spring-forward) → the transition.
 */
function localToUtc(formatter: Intl.DateTimeFormat, local: number): number {
  const before = offsetAt(formatter, local - DAY_MS);
  const after = offsetAt(formatter, local + DAY_MS);
  const early = local - Math.max(before, after);
  const late = local - Math.min(before, after);
  if (offsetAt(formatter, early) === local - early) return early;
  if (offsetAt(formatter, late) === local - late) return late;
  // In a gap: the transition lies between the reading with the old offset and the one with the new.
  let low = Math.floor(Math.min(local - before, local - after) / 1000);
  let high = Math.ceil(Math.max(local - before, local - after) / 1000);
  const lowOffset = offsetAt(formatter, low * 1000);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(formatter, middle * 1000) === lowOffset) low = middle;
    else high = middle;
  }
  return high * 1000;
}

function compileDay(state: CalendarState, day: number): DayInfo {
  const { formatter } = state;
  const start = localToUtc(formatter, day * DAY_MS);
  const end = localToUtc(formatter, (day + 1) * DAY_MS);
  const isHoliday = state.holidays.has(day);
  const minutes = isHoliday ? [] : state.makeUpDays.has(day) ? state.makeUpWindows : state.weekly[weekdayOf(day)];
  const constantOffset =
    end - start === DAY_MS && offsetAt(formatter, start) === offsetAt(formatter, Math.max(start, end - 1));
  const windows: number[] = [];
  let total = 0;
  for (let index = 0; index < minutes.length; index += 2) {
    const from = minutes[index];
    const to = minutes[index + 1];
    const windowStart =
      from === 0
        ? start
        : constantOffset
          ? start + from * MINUTE_MS
          : localToUtc(formatter, (day * MINUTES_PER_DAY + from) * MINUTE_MS);
    const windowEnd =
      to === MINUTES_PER_DAY
        ? end
        : constantOffset
          ? start + to * MINUTE_MS
          : localToUtc(formatter, (day * MINUTES_PER_DAY + to) * MINUTE_MS);
    if (windowEnd <= windowStart) continue;
    if (windows.length > 0 && windowStart <= windows[windows.length - 1]) {
      total += windowEnd - windows[windows.length - 1];
      windows[windows.length - 1] = windowEnd;
    } else {
      windows.push(windowStart, windowEnd);
      total += windowEnd - windowStart;
    }
  }
  state.offsetHint = day * DAY_MS - start;
  return {
    day,
    start,
    end,
    kind: isHoliday ? 'holiday' : minutes.length > 0 ? 'working' : 'non_working_day',
    windows,
    total,
    holidayName: isHoliday ? state.holidayNames.get(day) : undefined,
  };
}

function dayInfo(state: CalendarState, day: number): DayInfo {
  let info = state.days.get(day);
  if (info === undefined) {
    info = compileDay(state, day);
    state.days.set(day, info);
  }
  return info;
}

function nextDay(state: CalendarState, info: DayInfo): DayInfo {
  if (info.next === undefined) info.next = dayInfo(state, info.day + 1);
  return info.next;
}

/** The local day whose [start, end) holds t. */
function dayContaining(state: CalendarState, t: number): DayInfo {
  let info = dayInfo(state, Math.floor((t + state.offsetHint) / DAY_MS));
  while (t < info.start) info = dayInfo(state, info.day - 1);
  while (t >= info.end) info = nextDay(state, info);
  return info;
}

// ---------------------------------------------------------------------------------------------
// Pauses

const noPauses: readonly number[] = [];

/** Pauses as a sorted, merged flat list [s0, e0, s1, e1, …] (empty ones dropped). */
function normalizePauses(pauses: readonly Interval[] | undefined): readonly number[] {
  if (pauses === undefined || pauses.length === 0) return noPauses;
  for (const { start, end } of pauses) {
    if (Number.isNaN(start) || Number.isNaN(end) || start === Number.POSITIVE_INFINITY) {
      throw new RangeError('a pause needs a start instant and an end instant (end may be Infinity)');
    }
  }
  if (pauses.length === 1) {
    const { start, end } = pauses[0];
    return end > start ? [start, end] : noPauses;
  }
  const sorted = [...pauses].sort((a, b) => a.start - b.start);
  const flat: number[] = [];
  for (const { start, end } of sorted) {
    if (end <= start) continue;
    if (flat.length > 0 && start <= flat[flat.length - 1]) {
      if (end > flat[flat.length - 1]) flat[flat.length - 1] = end;
    } else {
      flat.push(start, end);
    }
  }
  return flat;
}

function checkInstant(t: number, name: string): void {
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a finite epoch-millisecond instant`);
}

// ---------------------------------------------------------------------------------------------
// The walker shared by addBusinessTime and businessTimeBetween

/** Counted time seen by the last `walk` (module scratch: avoids allocating a result object). */
let walkedCounted = 0;

/**
 * Walks counted time from `from` until `budget` has been counted (returns that instant) or `to`
 * is reached (returns `to`, so Infinity for an unreachable budget when `to` is Infinity);
 * `walkedCounted` holds what was counted.
 */
function walk(calendar: CompiledCalendar, from: number, to: number, budget: number, pauses: readonly number[]): number {
  const pauseEnd = pauses.length;
  let cursor = from;
  let remaining = budget;
  let counted = 0;
  let p = 0;

  if (calendar.alwaysOpen) {
    while (cursor < to) {
      while (p < pauseEnd && pauses[p + 1] <= cursor) p += 2;
      if (p < pauseEnd && pauses[p] <= cursor) {
        cursor = pauses[p + 1];
        p += 2;
        continue;
      }
      const stretchEnd = p < pauseEnd && pauses[p] < to ? pauses[p] : to;
      const length = stretchEnd - cursor;
      if (remaining <= length) {
        walkedCounted = counted + remaining;
        return cursor + remaining;
      }
      remaining -= length;
      counted += length;
      cursor = stretchEnd;
    }
    walkedCounted = counted;
    return to;
  }

  const state = calendar.state;
  let info = dayContaining(state, cursor);
  while (cursor < to) {
    const windows = info.windows;
    if (windows.length > 0) {
      while (p < pauseEnd && pauses[p + 1] <= cursor) p += 2;
      if (
        cursor <= info.start &&
        info.end <= to &&
        info.total < remaining &&
        (p >= pauseEnd || pauses[p] >= info.end)
      ) {
        // The whole day counts and the budget lasts beyond it: one step.
        remaining -= info.total;
        counted += info.total;
      } else {
        for (let w = 0; w < windows.length && cursor < to; w += 2) {
          const windowEnd = Math.min(windows[w + 1], to);
          if (windowEnd <= cursor) continue;
          if (windows[w] > cursor) cursor = windows[w];
          while (cursor < windowEnd) {
            while (p < pauseEnd && pauses[p + 1] <= cursor) p += 2;
            if (p < pauseEnd && pauses[p] <= cursor) {
              cursor = pauses[p + 1];
              p += 2;
              continue;
            }
            const stretchEnd = p < pauseEnd && pauses[p] < windowEnd ? pauses[p] : windowEnd;
            const length = stretchEnd - cursor;
            if (remaining <= length) {
              walkedCounted = counted + remaining;
              return cursor + remaining;
            }
            remaining -= length;
            counted += length;
            cursor = stretchEnd;
          }
        }
      }
    }
    if (cursor === Number.POSITIVE_INFINITY) break;
    if (!state.weeklyHasWork && info.day >= state.lastMakeUpDay) break; // nothing to count any more
    if (cursor < info.end) cursor = info.end;
    // A pause covering the start of what comes next: jump to its end in one step.
    while (p < pauseEnd && pauses[p + 1] <= cursor) p += 2;
    if (p < pauseEnd && pauses[p] <= cursor) {
      cursor = pauses[p + 1];
      p += 2;
    }
    if (cursor >= to) break;
    info = cursor === info.end ? nextDay(state, info) : dayContaining(state, cursor);
  }
  walkedCounted = counted;
  return to;
}

/**
 * Earliest instant t′ ≥ start such that counted time in [start, t′] equals durationMs; counted =
 * working and not inside any pause. Infinity if an open pause prevents reaching it. 0 → start.
 */
export function addBusinessTime(
  calendar: CompiledCalendar,
  start: number,
  durationMs: number,
  pauses?: readonly Interval[],
): number {
  checkInstant(start, 'start');
  if (!(durationMs >= 0)) throw new RangeError('durationMs must be zero or more');
  if (durationMs === 0) return start;
  if (durationMs === Number.POSITIVE_INFINITY) return durationMs;
  return walk(calendar, start, Number.POSITIVE_INFINITY, durationMs, normalizePauses(pauses));
}

/** Counted (working, not paused) time inside [from, to). 0 if to ≤ from. */
export function businessTimeBetween(
  calendar: CompiledCalendar,
  from: number,
  to: number,
  pauses?: readonly Interval[],
): number {
  checkInstant(from, 'from');
  checkInstant(to, 'to');
  if (to <= from) return 0;
  walk(calendar, from, to, Number.POSITIVE_INFINITY, normalizePauses(pauses));
  return walkedCounted;
}

/** First instant ≥ t that is working time (t itself if working); Infinity if there is none. */
export function nextWorkingInstant(calendar: CompiledCalendar, t: number): number {
  checkInstant(t, 't');
  if (calendar.alwaysOpen) return t;
  const state = calendar.state;
  let info = dayContaining(state, t);
  for (;;) {
    const windows = info.windows;
    for (let w = 0; w < windows.length; w += 2) {
      if (windows[w + 1] > t) return Math.max(windows[w], t);
    }
    if (!state.weeklyHasWork && info.day >= state.lastMakeUpDay) return Number.POSITIVE_INFINITY;
    info = nextDay(state, info);
  }
}

// ---------------------------------------------------------------------------------------------
// The clock ledger

/** Disjoint pause pieces in time order; where pauses overlap, the earlier-started one's reason holds. */
function pausePieces(pauses: readonly PauseInterval[] | undefined, from: number, to: number): PauseInterval[] {
  if (pauses === undefined || pauses.length === 0) return [];
  const sorted = [...pauses].sort((a, b) => a.start - b.start);
  const pieces: PauseInterval[] = [];
  let covered = from;
  for (const pause of sorted) {
    if (Number.isNaN(pause.start) || Number.isNaN(pause.end)) throw new RangeError('a pause needs start and end');
    const start = Math.max(pause.start, covered);
    const end = Math.min(pause.end, to);
    if (end <= start) continue;
    pieces.push({ start, end, reason: pause.reason });
    covered = end;
  }
  return pieces;
}

/** [from, to) split into consecutive segments covering it exactly; adjacent equal segments merged. */
export function clockLedger(
  calendar: CompiledCalendar,
  from: number,
  to: number,
  pauses?: readonly PauseInterval[],
): LedgerSegment[] {
  checkInstant(from, 'from');
  checkInstant(to, 'to');
  if (to <= from) return [];
  const segments: LedgerSegment[] = [];
  const pieces = pausePieces(pauses, from, to);
  let p = 0;

  const append = (start: number, end: number, kind: LedgerSegmentKind, reason?: string, holidayName?: string) => {
    const last = segments[segments.length - 1];
    if (
      last !== undefined &&
      last.end === start &&
      last.kind === kind &&
      last.reason === reason &&
      last.holidayName === holidayName
    ) {
      last.end = end;
      return;
    }
    const segment: LedgerSegment = { start, end, kind };
    if (reason !== undefined) segment.reason = reason;
    if (holidayName !== undefined) segment.holidayName = holidayName;
    segments.push(segment);
  };

  /** A stretch of one calendar kind, with the pauses laid over it ('paused' wins). */
  const lay = (start: number, end: number, kind: LedgerSegmentKind, holidayName?: string) => {
    let cursor = start;
    while (cursor < end) {
      while (p < pieces.length && pieces[p].end <= cursor) p++;
      const piece = pieces[p];
      if (piece !== undefined && piece.start <= cursor) {
        const pieceEnd = Math.min(piece.end, end);
        append(cursor, pieceEnd, 'paused', piece.reason);
        cursor = pieceEnd;
      } else {
        const stretchEnd = piece !== undefined && piece.start < end ? piece.start : end;
        append(cursor, stretchEnd, kind, undefined, holidayName);
        cursor = stretchEnd;
      }
    }
  };

  if (calendar.alwaysOpen) {
    lay(from, to, 'running');
    return segments;
  }

  const state = calendar.state;
  let info = dayContaining(state, from);
  while (info.start < to) {
    const dayStart = Math.max(info.start, from);
    const dayEnd = Math.min(info.end, to);
    if (info.kind === 'holiday') {
      lay(dayStart, dayEnd, 'holiday', info.holidayName);
    } else if (info.kind === 'non_working_day') {
      lay(dayStart, dayEnd, 'non_working_day');
    } else {
      let cursor = dayStart;
      const windows = info.windows;
      for (let w = 0; w < windows.length && cursor < dayEnd; w += 2) {
        const windowStart = Math.max(windows[w], cursor);
        const windowEnd = Math.min(windows[w + 1], dayEnd);
        if (windowEnd <= windowStart) continue;
        if (windowStart > cursor) lay(cursor, windowStart, 'outside_hours');
        lay(windowStart, windowEnd, 'running');
        cursor = windowEnd;
      }
      if (cursor < dayEnd) lay(cursor, dayEnd, 'outside_hours');
    }
    info = nextDay(state, info);
  }
  return segments;
}
