import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  alwaysOpenCalendar,
  businessTimeBetween,
  type CalendarDefinition,
  clockLedger,
  compileCalendar,
  type Interval,
  type LedgerSegment,
  nextWorkingInstant,
  type PauseInterval,
  validateCalendarDefinition,
  type WorkingWindow,
} from './business-time.rules.js';
import { chinaHolidaySchedules, chinaStatutoryDates } from './holidays-cn.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const clock = (text: string) => {
  const [hours, minutes] = text.split(':').map(Number);
  return hours * 60 + minutes;
};
const window = (from: string, to: string): WorkingWindow => ({ start: clock(from), end: clock(to) });
const weekdays = (windows: WorkingWindow[]) => [windows, windows, windows, windows, windows, [], []];

const twoWindows = [window('08:30', '12:00'), window('13:30', '17:30')];
const oneWindow = [window('08:30', '17:30')];
const china = chinaStatutoryDates();
const chinaDefinition = (windows: WorkingWindow[]): CalendarDefinition => ({
  timeZone: 'Asia/Shanghai',
  alwaysOpen: false,
  weekly: weekdays(windows),
  ...china,
});
const twoWindowCalendar = compileCalendar(chinaDefinition(twoWindows));
const oneWindowCalendar = compileCalendar(chinaDefinition(oneWindow));

/** '2026-02-13 17:00' in Beijing time → epoch ms. */
const bj = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00+08:00`);

describe('chinaHolidaySchedules (国务院办公厅 notices for 2025 and 2026)', () => {
  it('lists every day off and make-up day once, with the weekday the notice states', () => {
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    const all = chinaHolidaySchedules.flatMap((schedule) => [...schedule.holidays, ...schedule.makeUpDays]);
    expect(new Set(all.map(({ date }) => date)).size).toBe(all.length);
    for (const schedule of chinaHolidaySchedules) {
      expect(schedule.makeUpDays.every(({ date }) => [0, 6].includes(weekday(date)))).toBe(true);
      for (const { date } of [...schedule.holidays, ...schedule.makeUpDays])
        expect(date.startsWith(`${schedule.year}-`)).toBe(true);
    }
    const [y2025, y2026] = chinaHolidaySchedules;
    expect(y2025.holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(y2026.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(y2026.makeUpDays.map(({ date }) => date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(weekday('2026-02-15')).toBe(0); // 春节 starts on Sunday 2026-02-15 (腊月二十八)
    expect(weekday('2025-01-28')).toBe(2); // and on Tuesday 2025-01-28 (除夕)
    expect(validateCalendarDefinition(chinaDefinition(twoWindows))).toEqual([]);
  });
});

describe('addBusinessTime: truth table, default calendar Mon–Fri 08:30–12:00 + 13:30–17:30 (Beijing)', () => {
  it.each([
    ['Friday 17:00 + 2 h → Monday 10:00', '2025-03-07 17:00', 2 * HOUR, '2025-03-10 10:00'],
    ['a deadline falls at 12:00, not at 13:30', '2025-03-10 08:30', 3.5 * HOUR, '2025-03-10 12:00'],
    ['and at 17:30, not the next morning', '2025-03-10 13:30', 4 * HOUR, '2025-03-10 17:30'],
    ['the lunch break does not count', '2025-03-10 11:00', 2 * HOUR, '2025-03-10 14:30'],
    ['a request at 22:00 starts counting next morning', '2025-03-10 22:00', 1 * HOUR, '2025-03-11 09:30'],
    ['a request on Saturday starts counting on Monday', '2025-03-08 10:00', 30 * MINUTE, '2025-03-10 09:00'],
    ['a request at 12:30 starts counting at 13:30', '2025-03-10 12:30', 15 * MINUTE, '2025-03-10 13:45'],
    ['24 h of business time is 3.2 working days', '2025-03-10 08:30', 24 * HOUR, '2025-03-13 10:00'],
    ['2026 春节: Friday 17:00 + 2 h → the 调休 Saturday 2-14, 10:00', '2026-02-13 17:00', 2 * HOUR, '2026-02-14 10:00'],
    ['2026 春节: 2-14 17:00 + 1 h skips 2-15…2-23', '2026-02-14 17:00', 1 * HOUR, '2026-02-24 09:00'],
    ['2026 春节: the make-up Saturday 2-28 is worked', '2026-02-27 17:30', 1 * HOUR, '2026-02-28 09:30'],
    ['2025 春节: the make-up Sunday 1-26 is worked', '2025-01-24 17:00', 2 * HOUR, '2025-01-26 10:00'],
    ['2025 春节: Monday 1-27 17:00 + 1 h → 2-5 09:00', '2025-01-27 17:00', 1 * HOUR, '2025-02-05 09:00'],
    ['2026 国庆: 9-30 17:00 + 1 h → 10-8 09:00', '2026-09-30 17:00', 1 * HOUR, '2026-10-08 09:00'],
    ['2026 中秋: Thursday 9-24 17:00 + 1 h → Monday 9-28 09:00', '2026-09-24 17:00', 1 * HOUR, '2026-09-28 09:00'],
    ['2026 元旦: 12-31 17:00 + 1 h → the make-up Sunday 1-4', '2025-12-31 17:00', 1 * HOUR, '2026-01-04 09:00'],
  ])('%s', (_, start, duration, expected) => {
    expect(addBusinessTime(twoWindowCalendar, bj(start), duration)).toBe(bj(expected));
  });

  it('counts milliseconds exactly: one more millisecond than the morning goes to 13:30', () => {
    expect(addBusinessTime(twoWindowCalendar, bj('2025-03-10 08:30'), 3.5 * HOUR + 1)).toBe(bj('2025-03-10 13:30') + 1);
  });

  it('zero duration is the start itself, even outside working hours', () => {
    expect(addBusinessTime(twoWindowCalendar, bj('2025-03-08 03:00'), 0)).toBe(bj('2025-03-08 03:00'));
  });

  it('rejects negative durations and non-finite starts', () => {
    expect(() => addBusinessTime(twoWindowCalendar, bj('2025-03-10 08:30'), -1)).toThrow(RangeError);
    expect(() => addBusinessTime(twoWindowCalendar, Number.NaN, HOUR)).toThrow(RangeError);
  });
});

describe('addBusinessTime: single window Mon–Fri 08:30–17:30 (SLA-2 default)', () => {
  it.each([
    ['Friday 17:00 + 2 h → Monday 10:00', '2025-03-07 17:00', 2 * HOUR, '2025-03-10 10:00'],
    ['a full day ends at 17:30 the same day', '2025-03-10 08:30', 9 * HOUR, '2025-03-10 17:30'],
    ['8 working hours from 14:00 → 13:00 next day', '2025-03-10 14:00', 8 * HOUR, '2025-03-11 13:00'],
    ['10 working hours (loaner rule) from Friday 16:00', '2025-03-07 16:00', 10 * HOUR, '2025-03-10 17:00'],
  ])('%s', (_, start, duration, expected) => {
    expect(addBusinessTime(oneWindowCalendar, bj(start), duration)).toBe(bj(expected));
  });
});

describe('pauses', () => {
  it('subtract from working time; overlapping and unsorted pauses count once', () => {
    const start = bj('2025-03-10 08:30');
    const pauses = [
      { start: bj('2025-03-10 09:30'), end: bj('2025-03-10 10:00') },
      { start: bj('2025-03-10 09:00'), end: bj('2025-03-10 09:45') },
    ];
    expect(addBusinessTime(oneWindowCalendar, start, 2 * HOUR, pauses)).toBe(bj('2025-03-10 11:30'));
    expect(businessTimeBetween(oneWindowCalendar, start, bj('2025-03-10 11:30'), pauses)).toBe(2 * HOUR);
  });

  it('a pause outside working hours changes nothing; an open pause never reaches the deadline', () => {
    const start = bj('2025-03-07 17:00');
    const weekend = [{ start: bj('2025-03-08 00:00'), end: bj('2025-03-09 12:00') }];
    expect(addBusinessTime(oneWindowCalendar, start, 2 * HOUR, weekend)).toBe(bj('2025-03-10 10:00'));
    const open = [{ start: bj('2025-03-10 09:00'), end: Number.POSITIVE_INFINITY }];
    expect(addBusinessTime(oneWindowCalendar, start, 2 * HOUR, open)).toBe(Number.POSITIVE_INFINITY);
    expect(addBusinessTime(oneWindowCalendar, start, 1 * HOUR, open)).toBe(bj('2025-03-10 09:00'));
  });

  it('subtract on the 7×24 calendar too, which ignores holidays and windows', () => {
    const start = bj('2026-02-16 10:00'); // 春节
    expect(addBusinessTime(alwaysOpenCalendar, start, 24 * HOUR)).toBe(start + 24 * HOUR);
    const pause = [{ start: start + 30 * MINUTE, end: start + 90 * MINUTE }];
    expect(addBusinessTime(alwaysOpenCalendar, start, 2 * HOUR, pause)).toBe(start + 3 * HOUR);
    expect(businessTimeBetween(alwaysOpenCalendar, start, start + 3 * HOUR, pause)).toBe(2 * HOUR);
    const chinaAlwaysOpen = compileCalendar({ ...chinaDefinition(oneWindow), alwaysOpen: true });
    expect(addBusinessTime(chinaAlwaysOpen, start, 2 * HOUR)).toBe(start + 2 * HOUR);
    expect(addBusinessTime(chinaAlwaysOpen, start, 2 * HOUR, [{ start, end: Number.POSITIVE_INFINITY }])).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});

describe('businessTimeBetween and nextWorkingInstant', () => {
  it('a normal week has 37.5 h; the 2026 Spring Festival stretch has none', () => {
    expect(businessTimeBetween(twoWindowCalendar, bj('2025-03-10 00:00'), bj('2025-03-17 00:00'))).toBe(37.5 * HOUR);
    expect(businessTimeBetween(twoWindowCalendar, bj('2026-02-15 00:00'), bj('2026-02-24 00:00'))).toBe(0);
    expect(businessTimeBetween(twoWindowCalendar, bj('2025-03-10 10:00'), bj('2025-03-10 09:00'))).toBe(0);
  });

  it.each([
    ['Saturday → Monday 08:30', '2025-03-08 10:00', '2025-03-10 08:30'],
    ['lunch → 13:30', '2025-03-10 12:30', '2025-03-10 13:30'],
    ['inside a window → itself', '2025-03-10 09:00', '2025-03-10 09:00'],
    ['the end of a window is not working time', '2025-03-10 17:30', '2025-03-11 08:30'],
    ['the 调休 Saturday opens at 08:30', '2026-02-14 07:00', '2026-02-14 08:30'],
  ])('%s', (_, t, expected) => {
    expect(nextWorkingInstant(twoWindowCalendar, bj(t))).toBe(bj(expected));
  });
});

describe('clockLedger', () => {
  it('shows the Spring Festival, a pause and the working windows as consecutive segments', () => {
    const ledger = clockLedger(twoWindowCalendar, bj('2026-02-13 17:00'), bj('2026-02-24 09:00'), [
      { start: bj('2026-02-14 09:00'), end: bj('2026-02-14 10:00'), reason: 'waiting_for_customer' },
    ]);
    const rows = ledger.map(({ start, end, kind, reason, holidayName }) =>
      [
        new Date(start + 8 * HOUR).toISOString().slice(5, 16),
        new Date(end + 8 * HOUR).toISOString().slice(5, 16),
        kind,
        reason ?? holidayName ?? '',
      ]
        .join(' ')
        .replaceAll('T', ' '),
    );
    expect(rows).toEqual([
      '02-13 17:00 02-13 17:30 running ',
      '02-13 17:30 02-14 08:30 outside_hours ',
      '02-14 08:30 02-14 09:00 running ',
      '02-14 09:00 02-14 10:00 paused waiting_for_customer',
      '02-14 10:00 02-14 12:00 running ',
      '02-14 12:00 02-14 13:30 outside_hours ',
      '02-14 13:30 02-14 17:30 running ',
      '02-14 17:30 02-15 00:00 outside_hours ',
      '02-15 00:00 02-24 00:00 holiday 春节',
      '02-24 00:00 02-24 08:30 outside_hours ',
      '02-24 08:30 02-24 09:00 running ',
    ]);
  });

  it('a pause wins over holidays and nights; weekends are non-working days', () => {
    const ledger = clockLedger(oneWindowCalendar, bj('2025-03-07 17:00'), bj('2025-03-10 09:00'), [
      { start: bj('2025-03-08 12:00'), end: Number.POSITIVE_INFINITY, reason: 'parts' },
    ]);
    expect(ledger.map(({ kind }) => kind)).toEqual(['running', 'outside_hours', 'non_working_day', 'paused']);
    expect(ledger[3]).toEqual({
      start: bj('2025-03-08 12:00'),
      end: bj('2025-03-10 09:00'),
      kind: 'paused',
      reason: 'parts',
    });
    expect(clockLedger(alwaysOpenCalendar, 5, 5)).toEqual([]);
  });
});

describe('daylight saving time (America/New_York)', () => {
  const ny = (text: string, offsetHours: number) =>
    Date.parse(`${text.replace(' ', 'T')}:00-${String(offsetHours).padStart(2, '0')}:00`);
  const officeHours = compileCalendar({
    timeZone: 'America/New_York',
    alwaysOpen: false,
    weekly: weekdays([window('09:00', '17:00')]),
    holidays: [],
    makeUpDays: [],
  });
  const everyNight = (windows: WorkingWindow[]) =>
    compileCalendar({
      timeZone: 'America/New_York',
      alwaysOpen: false,
      weekly: Array.from({ length: 7 }, () => windows),
      holidays: [],
      makeUpDays: [],
    });

  it('office hours follow the wall clock across both changes', () => {
    expect(addBusinessTime(officeHours, ny('2026-03-06 16:00', 5), 2 * HOUR)).toBe(ny('2026-03-09 10:00', 4));
    expect(addBusinessTime(officeHours, ny('2026-10-30 16:00', 4), 2 * HOUR)).toBe(ny('2026-11-02 10:00', 5));
    expect(businessTimeBetween(officeHours, ny('2026-03-02 00:00', 5), ny('2026-03-16 00:00', 4))).toBe(80 * HOUR);
  });

  it('a 00:00–04:00 window lasts 3 h on the spring-forward day and 5 h on the fall-back day', () => {
    const night = everyNight([window('00:00', '04:00')]);
    expect(businessTimeBetween(night, ny('2026-03-08 00:00', 5), ny('2026-03-09 00:00', 4))).toBe(3 * HOUR);
    expect(businessTimeBetween(night, ny('2026-11-01 00:00', 4), ny('2026-11-02 00:00', 5))).toBe(5 * HOUR);
    expect(addBusinessTime(night, ny('2026-03-08 00:00', 5), 2.5 * HOUR)).toBe(ny('2026-03-08 03:30', 4));
  });

  it('a window edge in the gap starts at the transition; an ambiguous one at its first occurrence', () => {
    expect(nextWorkingInstant(everyNight([window('02:30', '05:00')]), ny('2026-03-08 00:00', 5))).toBe(
      ny('2026-03-08 03:00', 4),
    );
    expect(nextWorkingInstant(everyNight([window('01:30', '05:00')]), ny('2026-11-01 00:00', 4))).toBe(
      ny('2026-11-01 01:30', 4),
    );
  });
});

describe('validateCalendarDefinition', () => {
  const valid = chinaDefinition(twoWindows);
  it.each([
    [
      'overlapping windows',
      { ...valid, weekly: weekdays([window('08:00', '12:00'), window('11:00', '13:00')]) },
      /overlap/,
    ],
    ['an impossible date', { ...valid, holidays: ['2026-02-30'] }, /2026-02-30/],
    ['an unknown zone', { ...valid, timeZone: 'Mars/Olympus' }, /time zone/],
    ['six weekdays', { ...valid, weekly: valid.weekly.slice(0, 6) }, /exactly 7/],
    ['a window past midnight', { ...valid, weekly: weekdays([{ start: 1320, end: 1500 }]) }, /24:00/],
    ['a day both off and worked', { ...valid, makeUpDays: ['2026-02-16'] }, /both/],
    ['a week without work', { ...valid, weekly: weekdays([]).map(() => []) }, /no working hours/],
  ])('reports %s', (_, definition, message) => {
    const problems = validateCalendarDefinition(definition as CalendarDefinition);
    expect(problems.join('\n')).toMatch(message);
    expect(() => compileCalendar(definition as CalendarDefinition)).toThrow(message);
  });
  it('accepts touching windows and a 7×24 calendar', () => {
    expect(
      validateCalendarDefinition({ ...valid, weekly: weekdays([window('08:00', '12:00'), window('12:00', '13:00')]) }),
    ).toEqual([]);
    expect(validateCalendarDefinition(alwaysOpenCalendar.definition)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random calendars

const zones = ['Asia/Shanghai', 'UTC', 'America/New_York'] as const;
const RANGE_START = Date.UTC(2025, 0, 1);
const RANGE_END = Date.UTC(2027, 0, 1);
const dateOf = (dayIndex: number) => new Date(RANGE_START + dayIndex * DAY).toISOString().slice(0, 10);

/** Disjoint windows with edges on quarter hours (the sorted distinct points, paired up). */
const windowsArbitrary = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const windows: WorkingWindow[] = [];
  for (let index = 0; index + 1 < sorted.length; index += 2) {
    windows.push({ start: sorted[index] * 15, end: sorted[index + 1] * 15 });
  }
  return windows;
});

const definitionArbitrary = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    alwaysOpen: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    weekly: fc.array(windowsArbitrary, { minLength: 7, maxLength: 7 }),
    holidayDays: fc.uniqueArray(fc.integer({ min: 0, max: 729 }), { maxLength: 40 }),
    holidayBlock: fc.record({ from: fc.integer({ min: 0, max: 720 }), length: fc.integer({ min: 0, max: 10 }) }),
    makeUpDays: fc.uniqueArray(fc.integer({ min: 0, max: 729 }), { maxLength: 20 }),
    makeUpWindows: fc.option(
      windowsArbitrary.filter((windows) => windows.length > 0),
      { nil: undefined },
    ),
  })
  .map(({ timeZone, alwaysOpen, weekly, holidayDays, holidayBlock, makeUpDays, makeUpWindows }): CalendarDefinition => {
    if (weekly.every((windows) => windows.length === 0)) weekly[0] = [window('09:00', '17:00')];
    const holidays = new Set(holidayDays);
    for (let day = holidayBlock.from; day < holidayBlock.from + holidayBlock.length; day++) holidays.add(day);
    const names = Object.fromEntries([...holidays].map((day) => [dateOf(day), `holiday ${day % 3}`]));
    return {
      timeZone,
      alwaysOpen,
      weekly,
      holidays: [...holidays].map(dateOf),
      makeUpDays: makeUpDays.filter((day) => !holidays.has(day)).map(dateOf),
      makeUpWindows,
      holidayNames: names,
    };
  });

const instantArbitrary = fc.integer({ min: RANGE_START, max: RANGE_END - 40 * DAY });
const durationArbitrary = fc.integer({ min: 0, max: 120 * HOUR });
/** Pauses relative to a start instant: offset −2 … +10 days, length up to 3 days or open. */
const relativePausesArbitrary = fc.array(
  fc.record({
    offset: fc.integer({ min: -2 * DAY, max: 10 * DAY }),
    length: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 3 * DAY }) },
      { weight: 1, arbitrary: fc.constant(Number.POSITIVE_INFINITY) },
    ),
    reason: fc.constantFrom('customer', 'parts'),
  }),
  { maxLength: 2 },
);
const placePauses = (t: number, relative: { offset: number; length: number; reason: string }[]): PauseInterval[] =>
  relative.map(({ offset, length, reason }) => ({ start: t + offset, end: t + offset + length, reason }));

/** An oracle independent of the engine: is instant x working time per the definition (Intl for local time)? */
const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(timeZone: string, x: number) {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(x).map(({ type, value }) => [type, value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const msOfDay =
    ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 +
    (((x % 1000) + 1000) % 1000);
  return { date, msOfDay, weekday: (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7 };
}
function oracleIsWorking(definition: CalendarDefinition, x: number): boolean {
  if (definition.alwaysOpen) return true;
  const { date, msOfDay, weekday } = localParts(definition.timeZone, x);
  if (definition.holidays.includes(date)) return false;
  const windows = definition.makeUpDays.includes(date)
    ? (definition.makeUpWindows ?? definition.weekly[0])
    : definition.weekly[weekday];
  return windows.some(({ start, end }) => start * MINUTE <= msOfDay && msOfDay < end * MINUTE);
}
/** Near a DST change the wall clock is ambiguous; the oracle only judges instants away from one. */
function awayFromTransition(timeZone: string, x: number): boolean {
  if (timeZone !== 'America/New_York') return true;
  const offset = (y: number) => {
    const { date, msOfDay } = localParts(timeZone, y);
    return Date.parse(`${date}T00:00:00Z`) + msOfDay - y;
  };
  return offset(x - 3 * HOUR) === offset(x + 3 * HOUR);
}
const isPaused = (pauses: readonly Interval[], x: number) => pauses.some(({ start, end }) => start <= x && x < end);

describe('properties over random calendars (zones Asia/Shanghai, UTC, America/New_York)', () => {
  const runs = { numRuns: 150 };

  it('add is monotonic in the duration and additive: add(add(t, D1), D2) = add(t, D1 + D2)', () => {
    fc.assert(
      fc.property(
        definitionArbitrary,
        instantArbitrary,
        durationArbitrary,
        durationArbitrary,
        relativePausesArbitrary,
        (definition, t, d1, d2, relative) => {
          const calendar = compileCalendar(definition);
          const pauses = placePauses(t, relative);
          const first = addBusinessTime(calendar, t, d1, pauses);
          const both = addBusinessTime(calendar, t, d1 + d2, pauses);
          expect(first).toBeGreaterThanOrEqual(t);
          expect(both).toBeGreaterThanOrEqual(first);
          if (Number.isFinite(first)) expect(addBusinessTime(calendar, first, d2, pauses)).toBe(both);
          else expect(both).toBe(Number.POSITIVE_INFINITY);
        },
      ),
      runs,
    );
  });

  it('businessTimeBetween(t, add(t, D)) = D, and add gives the earliest such instant, the end of counted time', () => {
    fc.assert(
      fc.property(
        definitionArbitrary,
        instantArbitrary,
        durationArbitrary,
        relativePausesArbitrary,
        (definition, t, duration, relative) => {
          const calendar = compileCalendar(definition);
          const pauses = placePauses(t, relative);
          const result = addBusinessTime(calendar, t, duration, pauses);
          if (!Number.isFinite(result)) {
            expect(pauses.some(({ end }) => end === Number.POSITIVE_INFINITY)).toBe(true);
            return;
          }
          expect(businessTimeBetween(calendar, t, result, pauses)).toBe(duration);
          if (duration === 0) return;
          // Earliest: one millisecond less has not counted D. End of counted time: [result − 1 ms, result) counts.
          expect(businessTimeBetween(calendar, t, result - 1, pauses)).toBe(duration - 1);
          expect(businessTimeBetween(calendar, result - 1, result, pauses)).toBe(1);
          expect(isPaused(pauses, result - 1)).toBe(false);
          // Never in a holiday, never outside a window (judged by the independent oracle).
          if (awayFromTransition(definition.timeZone, result - 1)) {
            expect(oracleIsWorking(definition, result - 1)).toBe(true);
          }
        },
      ),
      runs,
    );
  });

  it('the ledger covers [from, to) exactly, merges equal neighbours, and its running total is businessTimeBetween', () => {
    fc.assert(
      fc.property(
        definitionArbitrary,
        instantArbitrary,
        fc.integer({ min: 0, max: 20 * DAY }),
        relativePausesArbitrary,
        (definition, from, length, relative) => {
          const calendar = compileCalendar(definition);
          const pauses = placePauses(from, relative);
          const to = from + length;
          const ledger: LedgerSegment[] = clockLedger(calendar, from, to, pauses);
          if (length === 0) {
            expect(ledger).toEqual([]);
            return;
          }
          expect(ledger[0].start).toBe(from);
          expect(ledger[ledger.length - 1].end).toBe(to);
          let running = 0;
          ledger.forEach((segment, index) => {
            expect(segment.end).toBeGreaterThan(segment.start);
            if (index > 0) {
              const previous = ledger[index - 1];
              expect(segment.start).toBe(previous.end);
              const same =
                previous.kind === segment.kind &&
                previous.reason === segment.reason &&
                previous.holidayName === segment.holidayName;
              expect(same).toBe(false);
            }
            const counted = businessTimeBetween(calendar, segment.start, segment.end, pauses);
            if (segment.kind === 'running') {
              running += segment.end - segment.start;
              expect(counted).toBe(segment.end - segment.start);
            } else {
              expect(counted).toBe(0);
            }
            if (segment.kind === 'paused') {
              expect(isPaused(pauses, segment.start) && isPaused(pauses, segment.end - 1)).toBe(true);
            } else {
              expect(isPaused(pauses, segment.start)).toBe(false);
            }
            if (segment.kind === 'holiday') {
              expect(definition.holidays).toContain(localParts(definition.timeZone, segment.start).date);
              expect(segment.holidayName).toBe(
                definition.holidayNames?.[localParts(definition.timeZone, segment.start).date],
              );
            }
          });
          expect(running).toBe(businessTimeBetween(calendar, from, to, pauses));
        },
      ),
      runs,
    );
  });

  it('nextWorkingInstant is the first working instant at or after t', () => {
    fc.assert(
      fc.property(definitionArbitrary, instantArbitrary, (definition, t) => {
        const calendar = compileCalendar(definition);
        const next = nextWorkingInstant(calendar, t);
        expect(next).toBeGreaterThanOrEqual(t);
        expect(businessTimeBetween(calendar, t, next)).toBe(0);
        expect(businessTimeBetween(calendar, next, next + 1)).toBe(1);
      }),
      runs,
    );
  });

  it('agrees minute by minute with a brute-force count (Asia/Shanghai, UTC)', () => {
    fc.assert(
      fc.property(
        definitionArbitrary.filter(({ timeZone }) => timeZone !== 'America/New_York'),
        fc.integer({ min: RANGE_START / MINUTE, max: (RANGE_END - 10 * DAY) / MINUTE }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.array(
          fc.record({ offset: fc.integer({ min: -600, max: 4000 }), length: fc.integer({ min: 0, max: 900 }) }),
          { maxLength: 2 },
        ),
        (definition, fromMinute, lengthMinutes, relative) => {
          const calendar = compileCalendar(definition);
          const from = fromMinute * MINUTE;
          const pauses = relative.map(({ offset, length }) => ({
            start: from + offset * MINUTE,
            end: from + (offset + length) * MINUTE,
          }));
          const offset = definition.timeZone === 'UTC' ? 0 : 8 * HOUR; // no DST in either zone
          const workingMinute = (x: number) => {
            if (definition.alwaysOpen) return !isPaused(pauses, x);
            const local = new Date(x + offset);
            const date = local.toISOString().slice(0, 10);
            if (definition.holidays.includes(date) || isPaused(pauses, x)) return false;
            const windows = definition.makeUpDays.includes(date)
              ? (definition.makeUpWindows ?? definition.weekly[0])
              : definition.weekly[(local.getUTCDay() + 6) % 7];
            const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
            return windows.some(({ start, end }) => start <= minuteOfDay && minuteOfDay < end);
          };
          let expected = 0;
          let deadline = Number.NaN;
          for (let minute = 0; minute < lengthMinutes; minute++) {
            if (workingMinute(from + minute * MINUTE)) {
              expected += MINUTE;
              if (expected === 60 * MINUTE) deadline = from + (minute + 1) * MINUTE;
            }
          }
          expect(businessTimeBetween(calendar, from, from + lengthMinutes * MINUTE, pauses)).toBe(expected);
          if (!Number.isNaN(deadline)) expect(addBusinessTime(calendar, from, HOUR, pauses)).toBe(deadline);
        },
      ),
      { numRuns: 80 },
    );
  });
});
