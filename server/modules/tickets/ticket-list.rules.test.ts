import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../lib/app-error.js';
import { assertReceivedAt, formatAddress, isFreeRepeat } from './intake.rules.js';
import {
  deadlineState,
  decodeCursor,
  encodeCursor,
  rangeEnd,
  rangeStart,
  startOfDayInZone,
} from './ticket-list.rules.js';

describe('keyset cursor', () => {
  it('round-trips any position', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 2_000_000_000 }),
        (receivedAt, id) => {
          expect(decodeCursor(encodeCursor({ receivedAt, id }))).toEqual({ receivedAt, id });
        },
      ),
    );
  });
  it('refuses a cursor it did not make (400 on field cursor)', () => {
    for (const value of [
      '',
      'abc',
      Buffer.from('x|y').toString('base64url'),
      Buffer.from('2026-01-01T00:00:00Z|-1').toString('base64url'),
    ]) {
      try {
        decodeCursor(value);
        expect.unreachable();
      } catch (error) {
        expect((error as AppError).fields?.[0].field).toBe('cursor');
      }
    }
  });
});

describe('deadline state', () => {
  const due = new Date('2026-04-01T10:00:00Z');
  const risk = new Date('2026-04-01T09:00:00Z');
  it.each([
    ['2026-04-01T08:59:59Z', 'running'],
    ['2026-04-01T09:00:00Z', 'at_risk'],
    ['2026-04-01T10:00:00Z', 'at_risk'],
    ['2026-04-01T10:00:01Z', 'breached'],
  ])('at %s it is %s', (now, state) => {
    expect(deadlineState(due, risk, new Date(now))).toBe(state);
  });
});

describe('date filters are whole days in the organisation time zone', () => {
  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(startOfDayInZone('2026-04-01', 'Asia/Shanghai').toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(rangeStart('2026-04-01', 'Asia/Shanghai').toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(rangeEnd('2026-04-01', 'Asia/Shanghai').toISOString()).toBe('2026-04-01T16:00:00.000Z');
    expect(rangeEnd('2026-12-31', 'Asia/Shanghai').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
  it('handles a zone with daylight saving', () => {
    expect(startOfDayInZone('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayInZone('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });
  it('keeps an instant as given', () => {
    expect(rangeStart('2026-04-01T08:00:00+08:00', 'UTC').toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });
});

describe('intake rules', () => {
  const now = new Date('2026-04-10T08:00:00Z');
  const fieldOf = (run: () => void) => {
    try {
      run();
      return null;
    } catch (error) {
      return (error as AppError).fields?.[0].field;
    }
  };
  it('accepts a received time up to 30 days back and refuses the future', () => {
    expect(fieldOf(() => assertReceivedAt(now, now))).toBeNull();
    expect(fieldOf(() => assertReceivedAt(new Date(now.getTime() - 29 * 86_400_000), now))).toBeNull();
    expect(fieldOf(() => assertReceivedAt(new Date(now.getTime() + 30_000), now))).toBeNull(); // clock skew
    expect(fieldOf(() => assertReceivedAt(new Date(now.getTime() + 5 * 60_000), now))).toBe('receivedAt');
    expect(fieldOf(() => assertReceivedAt(new Date(now.getTime() - 31 * 86_400_000), now))).toBe('receivedAt');
  });
  it('repairs a repeat free while the unit is covered', () => {
    expect(isFreeRepeat('in_warranty')).toBe(true);
    expect(isFreeRepeat('expiring')).toBe(true);
    expect(isFreeRepeat('expired')).toBe(false);
    expect(isFreeRepeat('unknown')).toBe(false);
  });
  it('formats an address without repeating a municipality', () => {
    expect(
      formatAddress({ province: '北京市', city: '北京市', district: '朝阳区', addressDetail: '酒仙桥路 10 号' }),
    ).toBe('北京市朝阳区酒仙桥路 10 号');
    expect(formatAddress({ province: '河北省', city: '石家庄市', district: '长安区', addressDetail: null })).toBe(
      '河北省石家庄市长安区',
    );
    expect(formatAddress({})).toBeNull();
  });
});
