import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlaTargetInput } from './sla.contract.js';
import {
  calendarProblems,
  clockText,
  durationText,
  isValidTimeZone,
  planDayChanges,
  targetProblems,
  weeklyWorkingMinutes,
  windowProblems,
} from './sla-admin.rules.js';

const office = { start: 510, end: 1050 };
const week = (monday = [office]) => [monday, [office], [office], [office], [office], [], []];

describe('working windows', () => {
  it('accepts disjoint and touching windows in any order', () => {
    expect(
      windowProblems(
        [
          { start: 810, end: 1050 },
          { start: 510, end: 720 },
        ],
        'weekly.0',
        { zh: '星期一', en: 'Monday' },
      ),
    ).toEqual([]);
    expect(
      windowProblems(
        [
          { start: 0, end: 720 },
          { start: 720, end: 1440 },
        ],
        'w',
        { zh: 'x', en: 'x' },
      ),
    ).toEqual([]);
  });

  it('names the weekday and the windows that overlap or leave the day', () => {
    const overlap = windowProblems(
      [
        { start: 510, end: 720 },
        { start: 660, end: 780 },
      ],
      'weekly.2',
      { zh: '星期三', en: 'Wednesday' },
    );
    expect(overlap).toEqual([
      {
        field: 'weekly.2',
        zh: '星期三：时段 08:30–12:00 与 11:00–13:00 重叠',
        en: 'Wednesday: the windows 08:30–12:00 and 11:00–13:00 overlap',
      },
    ]);
    const [outside] = windowProblems([{ start: 1080, end: 1500 }], 'weekly.4', { zh: '星期五', en: 'Friday' });
    expect(outside.field).toBe('weekly.4.0');
    expect(outside.zh).toContain('星期五');
    expect(windowProblems([{ start: 600, end: 600 }], 'w', { zh: 'x', en: 'x' })).toHaveLength(1);
    expect(windowProblems([{ start: 1.5, end: 600 }], 'w', { zh: 'x', en: 'x' })).toHaveLength(1);
  });

  it('a calendar needs a known zone and some working time unless it is 7×24', () => {
    expect(calendarProblems({ timeZone: 'Asia/Shanghai', alwaysOpen: false, weekly: week() })).toEqual([]);
    expect(
      calendarProblems({ timeZone: 'Asia/Shanghai', alwaysOpen: false, weekly: [[], [], [], [], [], [], []] })[0].field,
    ).toBe('weekly');
    expect(
      calendarProblems({ timeZone: 'Asia/Shanghai', alwaysOpen: true, weekly: [[], [], [], [], [], [], []] }),
    ).toEqual([]);
    expect(calendarProblems({ timeZone: 'Asia/Nowhere', alwaysOpen: false, weekly: week() })[0].field).toBe('timeZone');
    expect(
      calendarProblems({
        timeZone: 'UTC',
        alwaysOpen: false,
        weekly: week(),
        makeUpWindows: [{ start: 600, end: 500 }],
      })[0].field,
    ).toBe('makeUpWindows.0');
    expect(isValidTimeZone('+08:00')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
  });

  it('totals the working minutes of a week, overlaps counted once', () => {
    expect(weeklyWorkingMinutes({ alwaysOpen: false, weekly: week() })).toBe(2700);
    expect(weeklyWorkingMinutes({ alwaysOpen: true, weekly: week() })).toBe(10080);
    expect(
      weeklyWorkingMinutes({
        alwaysOpen: false,
        weekly: week([
          { start: 0, end: 600 },
          { start: 300, end: 900 },
        ]),
      }),
    ).toBe(900 + 4 * 540);
  });

  it('the weekly total never exceeds a full week and equals the sum of disjoint windows', () => {
    const window = fc
      .integer({ min: 0, max: 1439 })
      .chain((start) => fc.integer({ min: start + 1, max: 1440 }).map((end) => ({ start, end })));
    fc.assert(
      fc.property(fc.array(fc.array(window, { maxLength: 4 }), { minLength: 7, maxLength: 7 }), (weekly) => {
        const total = weeklyWorkingMinutes({ alwaysOpen: false, weekly });
        expect(total).toBeLessThanOrEqual(10080);
        const disjoint = weekly.every((day) => windowProblems(day, 'w', { zh: '', en: '' }).length === 0);
        if (disjoint) {
          expect(total).toBe(weekly.flat().reduce((sum, w) => sum + w.end - w.start, 0));
        }
      }),
    );
  });

  it('formats clock times and durations', () => {
    expect(clockText(510)).toBe('08:30');
    expect(clockText(1440)).toBe('24:00');
    expect(durationText(150)).toEqual({ zh: '2小时30分钟', en: '2 h 30 min' });
    expect(durationText(120)).toEqual({ zh: '2小时', en: '2 h' });
    expect(durationText(10)).toEqual({ zh: '10分钟', en: '10 min' });
  });
});

const row = (level: number, region: SlaTargetInput['region'] = 'any', minutes = [60, 240, 1440]): SlaTargetInput => ({
  level,
  region,
  response: { minutes: minutes[0], basis: 'business' },
  arrival: { minutes: minutes[1], basis: 'business' },
  resolution: { minutes: minutes[2], basis: 'business' },
});

describe('the target grid', () => {
  it('needs an any-region row for each level, once', () => {
    expect(targetProblems([row(1), row(1, 'urban'), row(2), row(3), row(4)])).toEqual([]);
    expect(targetProblems([row(1), row(2), row(4)])).toEqual([
      { field: 'targets', zh: '缺少3 级故障（任意区域）的时限', en: 'The targets of level 3 (any region) are missing' },
    ]);
    expect(targetProblems([row(1), row(2), row(3), row(4), row(2)])[0].field).toBe('targets.4.region');
  });

  it('refuses a later clock shorter than an earlier one on the same basis, and a row without clocks', () => {
    const slow = row(2, 'any', [300, 240, 1440]);
    expect(targetProblems([row(1), slow, row(3), row(4)])[0].field).toBe('targets.1.arrival.minutes');
    const mixed: SlaTargetInput = { ...row(2), response: { minutes: 600, basis: 'calendar' } };
    expect(targetProblems([row(1), mixed, row(3), row(4)])).toEqual([]);
    const empty: SlaTargetInput = { level: 4, region: 'any', response: null, arrival: null, resolution: null };
    expect(targetProblems([row(1), row(2), row(3), empty])[0].field).toBe('targets.3');
  });
});

describe('day changes', () => {
  it('separates new, changed and unchanged dates and keeps the first of repeated dates', () => {
    const change = planDayChanges(
      [
        { date: '2026-02-14', kind: 'make_up', name: '春节调休上班' },
        { date: '2026-01-01', kind: 'holiday', name: '元旦' },
      ],
      [
        { date: '2026-01-01', kind: 'holiday', name: '元旦' },
        { date: '2026-02-14', kind: 'make_up', name: '补班' },
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-01', kind: 'make_up', name: '重复' },
      ],
    );
    expect(change).toEqual({
      add: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
      replace: [
        { date: '2026-02-14', kind: 'make_up', name: '补班', previousKind: 'make_up', previousName: '春节调休上班' },
      ],
      unchanged: 1,
    });
  });
});
