/**
 * Checks of what an administrator enters for business calendars (SLA-2) and SLA policies (SLA-1),
 * with messages that name the weekday or the grid cell, in both UI languages. Invariants: a
 * weekday's windows lie within 00:00–24:00 and do not overlap; a non-7×24 week has working time;
 * the time zone is one the runtime knows; a policy's grid has exactly one 'any' row for each fault
 * level 1–4, at most one row per level and region, and a clock never has a larger target than a
 * later one counted the same way (response ≤ arrival ≤ resolution). Also: how a set of incoming
 * holidays changes a calendar's days. Pure; shared by the server and the web app.
 */
import type { LocalizedText } from '../../lib/app-error.js';
import type { WorkingWindow } from './business-time.rules.js';
import type { CalendarDay, SlaTargetInput } from './sla.contract.js';

export type FieldProblem = { field: string } & LocalizedText;

export const weekdayNames: { zh: readonly string[]; en: readonly string[] } = {
  zh: ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const MINUTES_PER_DAY = 1440;
const WEEK_MINUTES = 7 * MINUTES_PER_DAY;

/** 510 → '08:30'; 1440 → '24:00'. */
export function clockText(minutes: number): string {
  const whole = Math.trunc(minutes);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(((whole % 60) + 60) % 60).padStart(2, '0')}`;
}

export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.trim() === '' || /^[+-]/.test(zone.trim())) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Problems of one list of windows; `field` names it (e.g. 'weekly.2'), `label` is the weekday. */
export function windowProblems(windows: readonly WorkingWindow[], field: string, label: LocalizedText): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const valid: WorkingWindow[] = [];
  windows.forEach((window, index) => {
    const { start, end } = window;
    if (!Number.isInteger(start) || !Number.isInteger(end)) {
      problems.push({
        field: `${field}.${index}`,
        zh: `${label.zh}：时段的开始和结束须为整分钟`,
        en: `${label.en}: a window's start and end must be whole minutes`,
      });
    } else if (start < 0 || end > MINUTES_PER_DAY || start >= end) {
      problems.push({
        field: `${field}.${index}`,
        zh: `${label.zh}：时段 ${clockText(start)}–${clockText(end)} 无效，须在 00:00–24:00 之内且开始早于结束`,
        en: `${label.en}: the window ${clockText(start)}–${clockText(end)} must lie within 00:00–24:00 and start before it ends`,
      });
    } else {
      valid.push(window);
    }
  });
  const sorted = [...valid].sort((a, b) => a.start - b.start);
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1];
    const current = sorted[index];
    if (current.start < previous.end) {
      problems.push({
        field,
        zh: `${label.zh}：时段 ${clockText(previous.start)}–${clockText(previous.end)} 与 ${clockText(current.start)}–${clockText(current.end)} 重叠`,
        en: `${label.en}: the windows ${clockText(previous.start)}–${clockText(previous.end)} and ${clockText(current.start)}–${clockText(current.end)} overlap`,
      });
    }
  }
  return problems;
}

export type CalendarShape = {
  timeZone: string;
  alwaysOpen: boolean;
  weekly: readonly (readonly WorkingWindow[])[];
  makeUpWindows?: readonly WorkingWindow[] | null;
};

/** Every problem of a calendar's working hours and time zone ([] when it is fine). */
export function calendarProblems(calendar: CalendarShape): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isValidTimeZone(calendar.timeZone)) {
    problems.push({
      field: 'timeZone',
      zh: `未知的时区“${calendar.timeZone}”，请使用 IANA 时区名，如 Asia/Shanghai`,
      en: `Unknown time zone "${calendar.timeZone}"; use an IANA zone name such as Asia/Shanghai`,
    });
  }
  calendar.weekly.forEach((windows, index) => {
    problems.push(
      ...windowProblems(windows, `weekly.${index}`, { zh: weekdayNames.zh[index], en: weekdayNames.en[index] }),
    );
  });
  if (calendar.makeUpWindows) {
    problems.push(...windowProblems(calendar.makeUpWindows, 'makeUpWindows', { zh: '调休上班日', en: 'Make-up days' }));
  }
  if (!calendar.alwaysOpen && calendar.weekly.every((windows) => windows.length === 0)) {
    problems.push({
      field: 'weekly',
      zh: '每周至少需要一个工作时段（或设为 7×24）',
      en: 'The week needs at least one working window (or make the calendar 7×24)',
    });
  }
  return problems;
}

/** Working minutes of an ordinary week (overlaps counted once). */
export function weeklyWorkingMinutes(calendar: Pick<CalendarShape, 'alwaysOpen' | 'weekly'>): number {
  if (calendar.alwaysOpen) return WEEK_MINUTES;
  let total = 0;
  for (const windows of calendar.weekly) {
    const sorted = [...windows].filter((w) => w.end > w.start).sort((a, b) => a.start - b.start);
    let coveredUntil = Number.NEGATIVE_INFINITY;
    for (const { start, end } of sorted) {
      const from = Math.max(start, coveredUntil, 0);
      const to = Math.min(end, MINUTES_PER_DAY);
      if (to > from) total += to - from;
      coveredUntil = Math.max(coveredUntil, end);
    }
  }
  return total;
}

const levelText = (level: number): LocalizedText => ({ zh: `${level} 级`, en: `level ${level}` });
const regionText: Record<SlaTargetInput['region'], LocalizedText> = {
  any: { zh: '任意区域', en: 'any region' },
  urban: { zh: '市区', en: 'urban' },
  suburban: { zh: '郊区', en: 'suburban' },
};
const clockNames = {
  response: { zh: '响应', en: 'response' },
  arrival: { zh: '到场', en: 'arrival' },
  resolution: { zh: '解决', en: 'resolution' },
} as const;
const basisText = {
  business: { zh: '工作时间', en: 'business time' },
  calendar: { zh: '自然时间', en: 'calendar time' },
};

/** "2 h 30 min" / "2小时30分钟". */
export function durationText(minutes: number): LocalizedText {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return {
    zh: `${hours ? `${hours}小时` : ''}${rest || !hours ? `${rest}分钟` : ''}`,
    en: [hours ? `${hours} h` : '', rest || !hours ? `${rest} min` : ''].filter(Boolean).join(' '),
  };
}

/** Every problem of a policy's target grid ([] when it is fine). */
export function targetProblems(targets: readonly SlaTargetInput[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  targets.forEach((row, index) => {
    const key = `${row.level}:${row.region}`;
    const cell = {
      zh: `${levelText(row.level).zh}（${regionText[row.region].zh}）`,
      en: `${levelText(row.level).en} (${regionText[row.region].en})`,
    };
    if (seen.has(key)) {
      problems.push({
        field: `targets.${index}.region`,
        zh: `${cell.zh}重复出现（第 ${(seen.get(key) as number) + 1} 行已有）`,
        en: `${cell.en} appears twice (already in row ${(seen.get(key) as number) + 1})`,
      });
    } else {
      seen.set(key, index);
    }
    if (!row.response && !row.arrival && !row.resolution) {
      problems.push({
        field: `targets.${index}`,
        zh: `${cell.zh}没有任何时限`,
        en: `${cell.en} has no target at all`,
      });
    }
    // Later clocks counted the same way may not be shorter than earlier ones.
    const order = (['response', 'arrival', 'resolution'] as const).filter((clock) => row[clock]);
    for (let a = 0; a < order.length; a++) {
      for (let b = a + 1; b < order.length; b++) {
        const earlier = row[order[a]] as NonNullable<SlaTargetInput['response']>;
        const later = row[order[b]] as NonNullable<SlaTargetInput['response']>;
        if (earlier.basis === later.basis && earlier.minutes > later.minutes) {
          const basis = basisText[earlier.basis];
          problems.push({
            field: `targets.${index}.${order[b]}.minutes`,
            zh: `${cell.zh}：${clockNames[order[b]].zh}时限（${durationText(later.minutes).zh}）不能短于${clockNames[order[a]].zh}时限（${durationText(earlier.minutes).zh}，同为${basis.zh}）`,
            en: `${cell.en}: the ${clockNames[order[b]].en} target (${durationText(later.minutes).en}) cannot be shorter than the ${clockNames[order[a]].en} target (${durationText(earlier.minutes).en}, both ${basis.en})`,
          });
        }
      }
    }
  });
  for (const level of [1, 2, 3, 4]) {
    if (!seen.has(`${level}:any`)) {
      problems.push({
        field: 'targets',
        zh: `缺少${levelText(level).zh}故障（任意区域）的时限`,
        en: `The targets of ${levelText(level).en} (any region) are missing`,
      });
    }
  }
  return problems;
}

export type DayChange = {
  add: CalendarDay[];
  replace: (CalendarDay & { previousKind: CalendarDay['kind']; previousName: string })[];
  unchanged: number;
};

/** How incoming days change a calendar: new dates, dates whose kind or name differs, and the rest. */
export function planDayChanges(existing: readonly CalendarDay[], incoming: readonly CalendarDay[]): DayChange {
  const current = new Map(existing.map((day) => [day.date, day]));
  const change: DayChange = { add: [], replace: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const day of [...incoming].sort((a, b) => a.date.localeCompare(b.date))) {
    if (seen.has(day.date)) continue;
    seen.add(day.date);
    const before = current.get(day.date);
    if (!before) change.add.push(day);
    else if (before.kind !== day.kind || before.name !== day.name)
      change.replace.push({ ...day, previousKind: before.kind, previousName: before.name });
    else change.unchanged++;
  }
  return change;
}
