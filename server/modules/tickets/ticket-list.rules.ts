/**
 * Ticket lists (TKT-11): keyset cursors for the default order (received_at desc, id desc), the
 * state of a running deadline (at risk once its at-risk instant has passed, breached once it is due),
 * and date filters meaning whole days in the organisation's time zone. Pure.
 */
import { invalidField } from '../../lib/app-error.js';

export type Cursor = { receivedAt: Date; id: number };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.receivedAt.toISOString()}|${cursor.id}`).toString('base64url');
}

/** The cursor, or 400 on field `cursor` when it was not made by `encodeCursor`. */
export function decodeCursor(value: string): Cursor {
  const [instant, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(instant ?? '');
  const numericId = Number(id);
  if (Number.isNaN(receivedAt.getTime()) || !Number.isSafeInteger(numericId) || numericId <= 0) {
    throw invalidField('cursor', {
      zh: '分页游标无效，请从第一页重新加载',
      en: 'Invalid cursor; reload from the first page',
    });
  }
  return { receivedAt, id: numericId };
}

export type DeadlineState = 'running' | 'at_risk' | 'breached';

export function deadlineState(dueAt: Date, atRiskAt: Date | null, now: Date): DeadlineState {
  if (dueAt.getTime() < now.getTime()) return 'breached';
  if (atRiskAt && atRiskAt.getTime() <= now.getTime()) return 'at_risk';
  return 'running';
}

/** Offset of a zone from UTC at an instant, in milliseconds (e.g. +8 h for Asia/Shanghai). */
function zoneOffset(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a calendar day (yyyy-mm-dd) starts in a time zone. */
export function startOfDayInZone(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - zoneOffset(new Date(guess), timeZone);
  // A second pass settles days on which the offset changes (daylight saving).
  instant = guess - zoneOffset(new Date(instant), timeZone);
  return new Date(instant);
}

/** A `from` filter: a date is the start of that day; an instant is itself. */
export function rangeStart(value: string, timeZone: string): Date {
  return value.length === 10 ? startOfDayInZone(value, timeZone) : new Date(value);
}

/** A `to` filter (exclusive): a date includes its whole day; an instant is itself. */
export function rangeEnd(value: string, timeZone: string): Date {
  if (value.length !== 10) return new Date(value);
  const [y, m, d] = value.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return startOfDayInZone(next, timeZone);
}
