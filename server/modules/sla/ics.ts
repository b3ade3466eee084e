/**
 * Importing holidays and make-up working days from an iCalendar feed (RFC 5545), e.g. the public
 * 中国大陆节假日 subscriptions, into the business calendar (SLA-2). Parsing (line unfolding,
 * escaping, parameters, structure) is ical.js's; this module only reads all-day VEVENTs.
 *
 * Which days an event covers: DTSTART must be a DATE (all-day); the event covers every date from
 * DTSTART up to DTEND exclusive (or DTSTART + DURATION in whole days; one day when neither is there).
 * Timed, recurring and cancelled events are not imported and are listed in `skipped`.
 *
 * Whether an event is a day off or a make-up working day (调休上班), first rule that applies:
 *  1. X-APPLE-SPECIAL-DAY (Apple's holiday feeds): WORK-HOLIDAY → day off, ALTERNATE-WORKDAY →
 *     make-up day, any other value → skipped.
 *  2. In a feed that uses X-APPLE-SPECIAL-DAY anywhere, an event without it is a festival marker
 *     (元宵节, 情人节 …), not a day off → skipped.
 *  3. CATEGORIES: a value containing 班, or WORKDAY / WORK-DAY / WORKING-DAY / MAKEUP-WORKDAY /
 *     ALTERNATE-WORKDAY → make-up day; a value containing 休 or 假, or HOLIDAY / PUBLIC-HOLIDAY /
 *     WORK-HOLIDAY / DAY-OFF → day off.
 *  4. SUMMARY containing 班 (班, 上班, 补班, 调休上班 …) → make-up day; any other summary → day off.
 * A date claimed both ways keeps the first claim; the conflict is listed in `skipped`.
 */
import ICAL from 'ical.js';
import type { LocalizedText } from '../../lib/app-error.js';
import { formatLocalDate, parseLocalDate } from './business-time.rules.js';

export type ImportedDate = { date: string; name: string };
export type HolidayIcsImport = { holidays: ImportedDate[]; makeUpDays: ImportedDate[]; skipped: string[] };

/** Input that is not a usable iCalendar file; `text` is for the user (the caller answers 400). */
export class HolidayIcsError extends Error {
  readonly text: LocalizedText;
  constructor(text: LocalizedText) {
    super(text.en);
    this.name = 'HolidayIcsError';
    this.text = text;
  }
}

/** An event longer than this is not a holiday but a mistake (and would expand without bound). */
const MAX_EVENT_DAYS = 366;
const DAY_SECONDS = 86_400;

const workCategories = new Set(['WORKDAY', 'WORK-DAY', 'WORKING-DAY', 'MAKEUP-WORKDAY', 'ALTERNATE-WORKDAY']);
const offCategories = new Set(['HOLIDAY', 'PUBLIC-HOLIDAY', 'WORK-HOLIDAY', 'DAY-OFF']);

type Kind = 'holiday' | 'makeUp';
type Component = InstanceType<typeof ICAL.Component>;

function describe(event: Component, summary: string): string {
  const uid = event.getFirstPropertyValue('uid');
  if (summary !== '') return `"${summary}"`;
  return typeof uid === 'string' && uid !== '' ? `event ${uid}` : 'an event without SUMMARY';
}

/** The day number of a DATE-valued property, or a reason why it is not one. */
function dateProperty(event: Component, name: 'dtstart' | 'dtend'): number | string | undefined {
  const property = event.getFirstProperty(name);
  if (property === null) return undefined;
  // jCal keeps the type ('date' / 'date-time') and the text as written; ical.js would silently
  // repair an invalid date such as 2026021X, so the text is checked here.
  const type = property.type;
  const raw = property.jCal[3];
  if (type !== 'date') return `${name.toUpperCase()} is not an all-day date`;
  const day = typeof raw === 'string' ? parseLocalDate(raw) : null;
  return day === null ? `${name.toUpperCase()} "${String(raw)}" is not a valid date` : day;
}

function categoryKind(event: Component): Kind | undefined {
  for (const property of event.getAllProperties('categories')) {
    for (const value of property.getValues()) {
      const text = String(value).trim();
      const upper = text.toUpperCase();
      if (text.includes('班') || workCategories.has(upper)) return 'makeUp';
      if (text.includes('休') || text.includes('假') || offCategories.has(upper)) return 'holiday';
    }
  }
  return undefined;
}

function eventKind(event: Component, summary: string, feedUsesAppleFlags: boolean): Kind | string {
  const appleFlag = event.getFirstPropertyValue('x-apple-special-day');
  if (appleFlag !== null && appleFlag !== undefined) {
    const flag = String(appleFlag).trim().toUpperCase();
    if (flag === 'WORK-HOLIDAY') return 'holiday';
    if (flag === 'ALTERNATE-WORKDAY') return 'makeUp';
    return `X-APPLE-SPECIAL-DAY ${flag} is neither a day off nor a working day`;
  }
  if (feedUsesAppleFlags) return 'a festival marker, not a day off (no X-APPLE-SPECIAL-DAY)';
  return categoryKind(event) ?? (summary.includes('班') ? 'makeUp' : 'holiday');
}

function parseCalendars(text: string): Component[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new HolidayIcsError({ zh: '日历文件是空的', en: 'The calendar file is empty' });
  }
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HolidayIcsError({
      zh: `不是有效的 iCalendar（.ics）文件：${detail}`,
      en: `Not a valid iCalendar (.ics) file: ${detail}`,
    });
  }
  // One top-level component parses to ['vcalendar', …]; several to a list of them.
  const roots = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : (parsed as unknown[])) ?? [];
  const calendars = roots.map((root) => new ICAL.Component(root as unknown[]));
  if (calendars.length === 0 || calendars.some((calendar) => calendar.name !== 'vcalendar')) {
    throw new HolidayIcsError({
      zh: '不是 iCalendar 日历文件（缺少 BEGIN:VCALENDAR）',
      en: 'Not an iCalendar file (BEGIN:VCALENDAR is missing)',
    });
  }
  return calendars;
}

/** Reads the all-day events of an iCalendar feed as holidays and make-up working days. */
export function parseHolidayIcs(text: string): HolidayIcsImport {
  const events = parseCalendars(text).flatMap((calendar) => calendar.getAllSubcomponents('vevent'));
  const feedUsesAppleFlags = events.some((event) => event.hasProperty('x-apple-special-day'));
  const claimed = new Map<number, { kind: Kind; name: string }>();
  const skipped: string[] = [];

  for (const event of events) {
    const summary = String(event.getFirstPropertyValue('summary') ?? '').trim();
    const label = describe(event, summary);
    try {
      if (String(event.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') {
        skipped.push(`${label}: cancelled`);
        continue;
      }
      if (event.hasProperty('rrule') || event.hasProperty('rdate')) {
        skipped.push(`${label}: recurring events are not imported`);
        continue;
      }
      const start = dateProperty(event, 'dtstart');
      if (start === undefined) {
        skipped.push(`${label}: no DTSTART`);
        continue;
      }
      if (typeof start === 'string') {
        skipped.push(`${label}: ${start}`);
        continue;
      }
      let end = dateProperty(event, 'dtend');
      if (typeof end === 'string') {
        skipped.push(`${label}: ${end}`);
        continue;
      }
      if (end === undefined) {
        const duration = event.getFirstPropertyValue('duration');
        if (duration instanceof ICAL.Duration) {
          const seconds = duration.toSeconds();
          if (seconds <= 0 || seconds % DAY_SECONDS !== 0) {
            skipped.push(`${label}: DURATION is not a whole number of days`);
            continue;
          }
          end = start + seconds / DAY_SECONDS;
        } else {
          end = start + 1;
        }
      }
      // DTEND on or before DTSTART is malformed; read it as the single day DTSTART.
      if (end <= start) end = start + 1;
      if (end - start > MAX_EVENT_DAYS) {
        skipped.push(`${label}: spans ${end - start} days, more than ${MAX_EVENT_DAYS}`);
        continue;
      }
      const kind = eventKind(event, summary, feedUsesAppleFlags);
      if (kind !== 'holiday' && kind !== 'makeUp') {
        skipped.push(`${label} (${formatLocalDate(start)}): ${kind}`);
        continue;
      }
      const name = summary !== '' ? summary : kind === 'holiday' ? '节假日' : '调休上班';
      for (let day = start; day < end; day++) {
        const earlier = claimed.get(day);
        if (earlier === undefined) {
          claimed.set(day, { kind, name });
        } else if (earlier.kind !== kind) {
          skipped.push(
            `${label}: ${formatLocalDate(day)} is already ${earlier.kind === 'holiday' ? 'a day off' : 'a make-up working day'} ("${earlier.name}")`,
          );
        }
      }
    } catch (error) {
      // ical.js decodes values lazily; a broken value surfaces here and costs only its event.
      skipped.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const holidays: ImportedDate[] = [];
  const makeUpDays: ImportedDate[] = [];
  for (const day of [...claimed.keys()].sort((a, b) => a - b)) {
    const { kind, name } = claimed.get(day) as { kind: Kind; name: string };
    (kind === 'holiday' ? holidays : makeUpDays).push({ date: formatLocalDate(day), name });
  }
  return { holidays, makeUpDays, skipped };
}
