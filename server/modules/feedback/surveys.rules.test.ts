import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hashSurveyToken,
  isSatisfied,
  levelOrder,
  linkState,
  lowScore,
  monthRanges,
  newSurveyToken,
  type SatisfactionLevel,
  type SurveyAnswers,
  satisfactionRate,
  surveyTimes,
  surveyTokenPattern,
  surveyUrl,
} from './surveys.rules.js';

const all = (level: SatisfactionLevel): SurveyAnswers => ({
  attitude: level,
  skill: level,
  arrival: level,
  promise: level,
  overall: level,
});
const strict = { threshold: 'dissatisfied' as const, anyItem: true };

describe('survey scoring (FBK-1)', () => {
  it('counts overall very satisfied and satisfied as satisfied, fair and dissatisfied not', () => {
    expect(levelOrder.map(isSatisfied)).toEqual([true, true, false, false]);
  });

  it('finds a low score by the overall threshold', () => {
    expect(lowScore(all('satisfied'), strict)).toEqual({ low: false, reasons: [] });
    expect(lowScore({ ...all('satisfied'), overall: 'dissatisfied' }, strict)).toEqual({
      low: true,
      reasons: ['overall'],
    });
    expect(lowScore({ ...all('satisfied'), overall: 'fair' }, strict).low).toBe(false);
    expect(lowScore({ ...all('satisfied'), overall: 'fair' }, { threshold: 'fair', anyItem: true }).low).toBe(true);
  });

  it('finds a low score by any question at the lowest level unless that rule is off', () => {
    const answers = { ...all('very_satisfied'), arrival: 'dissatisfied' as const };
    expect(lowScore(answers, strict)).toEqual({ low: true, reasons: ['arrival'] });
    expect(lowScore(answers, { ...strict, anyItem: false }).low).toBe(false);
  });

  it('property: a low score always has a reason, and a better overall never makes it lower', () => {
    const level = fc.constantFrom(...levelOrder);
    fc.assert(
      fc.property(level, level, level, level, level, level, fc.boolean(), (a, s, r, p, o, threshold, anyItem) => {
        const answers = { attitude: a, skill: s, arrival: r, promise: p, overall: o };
        const result = lowScore(answers, { threshold, anyItem });
        expect(result.low).toBe(result.reasons.length > 0);
        if (
          levelOrder.indexOf(o) < levelOrder.indexOf(threshold) &&
          !(anyItem && [a, s, r, p].includes('dissatisfied'))
        ) {
          expect(result.low).toBe(false);
        }
      }),
    );
  });

  it('is due 16 h after closure and the link expires after the configured days', () => {
    const closedAt = new Date('2026-03-10T02:00:00Z');
    expect(surveyTimes(closedAt, { dueHours: 16, linkDays: 7 })).toEqual({
      dueAt: new Date('2026-03-10T18:00:00Z'),
      tokenExpiresAt: new Date('2026-03-17T02:00:00Z'),
    });
  });

  it('lets a link be used only while pending and unexpired', () => {
    const now = new Date('2026-03-10T00:00:00Z');
    const later = new Date('2026-03-11T00:00:00Z');
    expect(linkState({ status: 'pending', tokenExpiresAt: later }, now)).toBe('usable');
    expect(linkState({ status: 'pending', tokenExpiresAt: now }, now)).toBe('expired');
    expect(linkState({ status: 'answered', tokenExpiresAt: later }, now)).toBe('used');
    expect(linkState({ status: 'superseded', tokenExpiresAt: later }, now)).toBe('superseded');
  });

  it('issues 32-byte base64url tokens and stores only their SHA-256', () => {
    const { token, hash } = newSurveyToken();
    expect(token).toMatch(surveyTokenPattern);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashSurveyToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(newSurveyToken().token).not.toBe(token);
    expect(surveyUrl('https://svc.example.com/', token)).toBe(`https://svc.example.com/s/${token}`);
  });
});

describe('satisfaction rate (FBK-1, 000 四(五))', () => {
  it('is the share of answered surveys with overall ≥ satisfied, against the target', () => {
    expect(satisfactionRate({ answered: 0, satisfied: 0 }, 95)).toEqual({ rate: null, meetsTarget: null });
    expect(satisfactionRate({ answered: 20, satisfied: 19 }, 95)).toEqual({ rate: 95, meetsTarget: true });
    expect(satisfactionRate({ answered: 3, satisfied: 2 }, 95)).toEqual({ rate: 66.7, meetsTarget: false });
    // Rounding for display never turns a miss into a hit.
    expect(satisfactionRate({ answered: 2000, satisfied: 1899 }, 95)).toEqual({ rate: 95, meetsTarget: false });
  });
});

describe('months of the satisfaction report', () => {
  it('splits [from, to] into calendar months, cut to the period', () => {
    expect(monthRanges('2025-11-15', '2026-02-03')).toEqual([
      { key: '2025-11', from: '2025-11-15', toExclusive: '2025-12-01' },
      { key: '2025-12', from: '2025-12-01', toExclusive: '2026-01-01' },
      { key: '2026-01', from: '2026-01-01', toExclusive: '2026-02-01' },
      { key: '2026-02', from: '2026-02-01', toExclusive: '2026-02-04' },
    ]);
    expect(monthRanges('2024-02-29', '2024-02-29')).toEqual([
      { key: '2024-02', from: '2024-02-29', toExclusive: '2024-03-01' },
    ]);
    expect(monthRanges('2025-12-31', '2025-12-31')).toEqual([
      { key: '2025-12', from: '2025-12-31', toExclusive: '2026-01-01' },
    ]);
    expect(monthRanges('2025-03-01', '2025-02-28')).toEqual([]);
  });

  it('covers every day of the period exactly once', () => {
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const ranges = monthRanges(from, to);
        expect(ranges[0].from).toBe(from);
        expect(ranges.at(-1)!.toExclusive).toBe(
          new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
        );
        for (const [i, range] of ranges.entries()) {
          expect(range.from < range.toExclusive).toBe(true);
          expect(range.from.slice(0, 7)).toBe(range.key);
          if (i > 0) expect(range.from).toBe(ranges[i - 1].toExclusive);
        }
      }),
    );
  });
});
