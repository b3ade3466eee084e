/**
 * Document numbers (TKT-5): `<department code><YY><MM><sequence>`, e.g. `YX250301` = 营销中心,
 * March 2025, number 01. The sequence restarts each month per department, has at least two digits
 * and widens (…99, 100, …) instead of wrapping. The month is the one in which the document is
 * recorded, in the organisation's time zone (not UTC, not the time the request was received).
 * Pure: the instant and the zone are parameters; the gap-free counter is in numbering.ts.
 */
import { yearMonthInZone } from '../../lib/time-zone.js';

/** `YYMM` of an instant in a time zone, e.g. 2026-03-31T16:30Z in Asia/Shanghai → `2604`. */
export function numberingPeriod(at: Date, timeZone: string): string {
  const { year, month } = yearMonthInZone(at, timeZone);
  return `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
}

/** The sequence with at least two digits; wider numbers are kept whole. */
export function formatSequence(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`invalid sequence ${sequence}`);
  return String(sequence).padStart(2, '0');
}

export function formatDocumentNumber(prefix: string, period: string, sequence: number): string {
  return `${prefix}${period}${formatSequence(sequence)}`;
}

/** Splits a number of this format (prefix = upper-case letters); null when it is not one. */
export function parseDocumentNumber(
  number: string,
): { prefix: string; period: string; year: number; month: number; sequence: number } | null {
  const match = /^([A-Z]{1,6})(\d{2})(\d{2})(\d{2,})$/.exec(number);
  if (!match) return null;
  const month = Number(match[3]);
  if (month < 1 || month > 12) return null;
  const sequence = Number(match[4]);
  if (sequence < 1 || (match[4].length > 2 && match[4].startsWith('0'))) return null;
  return { prefix: match[1], period: match[2] + match[3], year: 2000 + Number(match[2]), month, sequence };
}
