import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDocumentNumber, formatSequence, numberingPeriod, parseDocumentNumber } from './numbering.rules.js';

describe('document number format (TKT-5)', () => {
  it('is department code + YY + MM + sequence of at least two digits', () => {
    expect(formatDocumentNumber('YX', '2503', 1)).toBe('YX250301');
    expect(formatDocumentNumber('SC', '2612', 42)).toBe('SC261242');
  });

  it('widens after 99 instead of wrapping', () => {
    expect(formatSequence(9)).toBe('09');
    expect(formatSequence(99)).toBe('99');
    expect(formatSequence(100)).toBe('100');
    expect(formatSequence(12345)).toBe('12345');
    expect(formatDocumentNumber('ZL', '2604', 100)).toBe('ZL2604100');
  });

  it('refuses a sequence below 1', () => {
    expect(() => formatSequence(0)).toThrow(RangeError);
    expect(() => formatSequence(1.5)).toThrow(RangeError);
  });

  it('parses what it formats, and consecutive sequences sort as numbers when parsed', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{1,6}$/),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (prefix, year, month, sequence) => {
          const period = `${String(year).padStart(2, '0')}${String(month).padStart(2, '0')}`;
          const parsed = parseDocumentNumber(formatDocumentNumber(prefix, period, sequence));
          expect(parsed).toEqual({ prefix, period, year: 2000 + year, month, sequence });
        },
      ),
    );
  });

  it('does not parse other text', () => {
    for (const text of ['', 'YX25', 'YX251301', 'yx250301', 'YX2503001', 'YX250300', 'KH000001']) {
      expect(parseDocumentNumber(text)).toBeNull();
    }
  });
});

describe('numbering period: the month in the organisation time zone', () => {
  const shanghai = 'Asia/Shanghai';
  it.each([
    ['2026-03-31T15:59:59.999Z', '2603'],
    ['2026-03-31T16:00:00.000Z', '2604'],
    ['2026-03-31T16:30:00.000Z', '2604'],
    ['2025-12-31T15:59:59.000Z', '2512'],
    ['2025-12-31T16:00:00.000Z', '2601'],
    ['2024-02-29T12:00:00.000Z', '2402'],
    ['2030-01-01T00:00:00.000Z', '3001'],
  ])('%s is period %s in Shanghai', (instant, period) => {
    expect(numberingPeriod(new Date(instant), shanghai)).toBe(period);
  });

  it('depends on the zone: the same instant is March in UTC and April in Shanghai', () => {
    const instant = new Date('2026-03-31T16:30:00Z');
    expect(numberingPeriod(instant, 'UTC')).toBe('2603');
    expect(numberingPeriod(instant, shanghai)).toBe('2604');
  });

  it('matches the local calendar month for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          const local = new Date(instant.getTime() + 8 * 3_600_000); // Shanghai has no daylight saving
          const expected = `${String(local.getUTCFullYear() % 100).padStart(2, '0')}${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
          expect(numberingPeriod(instant, shanghai)).toBe(expected);
        },
      ),
    );
  });
});
