import { describe, expect, it } from 'vitest';
import { chinaHolidaySchedules } from './holidays-cn.js';
import { HolidayIcsError, parseHolidayIcs } from './ics.js';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** A feed in the style of the community 中国法定节假日 subscriptions: 休/班 in the title, no Apple flags. */
const communityFeed = crlf([
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//example//china-holiday-calendar//CN',
  'CALSCALE:GREGORIAN',
  'X-WR-CALNAME:中国法定节假日',
  'X-WR-TIMEZONE:Asia/Shanghai',
  'BEGIN:VEVENT',
  'UID:2026-new-year@example',
  'DTSTAMP:20251105T000000Z',
  'DTSTART;VALUE=DATE:20260101',
  'DTEND;VALUE=DATE:20260104',
  'SUMMARY:元旦 休',
  'TRANSP:TRANSPARENT',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2026-new-year-work@example',
  'DTSTAMP:20251105T000000Z',
  'DTSTART;VALUE=DATE:20260104',
  'SUMMARY:元旦 补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2026-spring@example',
  'DTSTAMP:20251105T000000Z',
  'DTSTART;VALUE=DATE:20260215',
  'DTEND;VALUE=DATE:20260224',
  'SUMMARY:春节 休',
  'DESCRIPTION:2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。\\n2月14日（周六）、2',
  ' 月28日（周六）上班。',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2026-spring-work-1@example',
  'DTSTAMP:20251105T000000Z',
  'DTSTART;VALUE=DATE:20260214',
  'DURATION:P1D',
  'SUMMARY:春节 调休上班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2026-spring-work-2@example',
  'DTSTAMP:20251105T000000Z',
  'DTSTART;VALUE=DATE:20260228',
  'DTEND;VALUE=DATE:20260301',
  'SUMMARY:Spring Festival (make-up)',
  'CATEGORIES:补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2026-meeting@example',
  'DTSTAMP:20251105T000000Z',
  'DTSTART;TZID=Asia/Shanghai:20260105T090000',
  'DTEND;TZID=Asia/Shanghai:20260105T100000',
  'SUMMARY:年度计划会',
  'END:VEVENT',
  'END:VCALENDAR',
]);

/** Apple's 中国大陆节假日 style: X-APPLE-SPECIAL-DAY marks days off and make-up days; other events are festivals. */
const appleFeed = crlf([
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Apple Inc.//holidays//ZH',
  'BEGIN:VEVENT',
  'UID:cn-2025-national-day',
  'DTSTAMP:20241113T000000Z',
  'DTSTART;VALUE=DATE:20251001',
  'DTEND;VALUE=DATE:20251009',
  'SUMMARY:国庆节、中秋节',
  'X-APPLE-SPECIAL-DAY:WORK-HOLIDAY',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:cn-2025-national-day-work-1',
  'DTSTAMP:20241113T000000Z',
  'DTSTART;VALUE=DATE:20250928',
  'SUMMARY:调休',
  'X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:cn-2025-national-day-work-2',
  'DTSTAMP:20241113T000000Z',
  'DTSTART;VALUE=DATE:20251011',
  'SUMMARY:调休',
  'X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:cn-2025-lantern',
  'DTSTAMP:20241113T000000Z',
  'DTSTART;VALUE=DATE:20250212',
  'SUMMARY:元宵节',
  'END:VEVENT',
  'END:VCALENDAR',
]);

describe('parseHolidayIcs', () => {
  it('reads days off and make-up days of a 休/班 feed, expanding multi-day events (DTEND exclusive)', () => {
    const result = parseHolidayIcs(communityFeed);
    expect(result.holidays).toEqual([
      { date: '2026-01-01', name: '元旦 休' },
      { date: '2026-01-02', name: '元旦 休' },
      { date: '2026-01-03', name: '元旦 休' },
      ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((day) => ({
        date: `2026-02-${day}`,
        name: '春节 休',
      })),
    ]);
    expect(result.makeUpDays).toEqual([
      { date: '2026-01-04', name: '元旦 补班' },
      { date: '2026-02-14', name: '春节 调休上班' },
      { date: '2026-02-28', name: 'Spring Festival (make-up)' },
    ]);
    expect(result.skipped).toEqual(['"年度计划会": DTSTART is not an all-day date']);
    // Same dates as the official 2026 schedule for 元旦 and 春节.
    const official = chinaHolidaySchedules.find(({ year }) => year === 2026);
    const officialDays = official?.holidays
      .filter(({ name }) => name === '元旦' || name === '春节')
      .map(({ date }) => date);
    expect(result.holidays.map(({ date }) => date)).toEqual(officialDays);
  });

  it('follows X-APPLE-SPECIAL-DAY in Apple-style feeds and skips festival markers', () => {
    const result = parseHolidayIcs(appleFeed);
    expect(result.holidays.map(({ date }) => date)).toEqual(
      ['01', '02', '03', '04', '05', '06', '07', '08'].map((day) => `2025-10-${day}`),
    );
    expect(result.holidays[0].name).toBe('国庆节、中秋节');
    expect(result.makeUpDays).toEqual([
      { date: '2025-09-28', name: '调休' },
      { date: '2025-10-11', name: '调休' },
    ]);
    expect(result.skipped).toEqual([
      '"元宵节" (2025-02-12): a festival marker, not a day off (no X-APPLE-SPECIAL-DAY)',
    ]);
  });

  it('skips recurring, cancelled, broken and conflicting events without failing the import', () => {
    const result = parseHolidayIcs(
      crlf([
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//t//t//EN',
        'BEGIN:VEVENT',
        'UID:a',
        'DTSTART;VALUE=DATE:20260501',
        'DTEND;VALUE=DATE:20260506',
        'SUMMARY:劳动节',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:b',
        'DTSTART;VALUE=DATE:20260505',
        'SUMMARY:劳动节 班',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:c',
        'DTSTART;VALUE=DATE:20260101',
        'RRULE:FREQ=YEARLY',
        'SUMMARY:元旦',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:d',
        'DTSTART;VALUE=DATE:20260619',
        'STATUS:CANCELLED',
        'SUMMARY:端午节',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:e',
        'DTSTART;VALUE=DATE:2026021X',
        'SUMMARY:坏日期',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:f',
        'DTSTART;VALUE=DATE:20200101',
        'DTEND;VALUE=DATE:20300101',
        'SUMMARY:太长',
        'END:VEVENT',
        'END:VCALENDAR',
      ]),
    );
    expect(result.holidays.map(({ date }) => date)).toEqual([
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
    ]);
    expect(result.makeUpDays).toEqual([]);
    expect(result.skipped).toEqual([
      '"劳动节 班": 2026-05-05 is already a day off ("劳动节")',
      '"元旦": recurring events are not imported',
      '"端午节": cancelled',
      '"坏日期": DTSTART "2026-02-1X" is not a valid date',
      '"太长": spans 3653 days, more than 366',
    ]);
  });

  it('returns nothing for a calendar without events', () => {
    expect(parseHolidayIcs('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n')).toEqual({
      holidays: [],
      makeUpDays: [],
      skipped: [],
    });
  });

  it.each([
    ['empty text', '  ', /empty/],
    ['plain text', 'hello holidays', /Not a valid iCalendar/],
    ['an unterminated calendar', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n', /Not a valid iCalendar/],
    ['a vCard', 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:张三\r\nEND:VCARD\r\n', /VCALENDAR is missing/],
  ])('rejects %s with a clear, localized error', (_, text, message) => {
    expect(() => parseHolidayIcs(text)).toThrow(message);
    try {
      parseHolidayIcs(text);
    } catch (error) {
      expect(error).toBeInstanceOf(HolidayIcsError);
      expect((error as HolidayIcsError).text.zh).toMatch(/日历|iCalendar/);
    }
  });
});
