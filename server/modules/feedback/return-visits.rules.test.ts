import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../customers/warranty.rules.js';
import {
  daysBetween,
  decideOutcome,
  periodContaining,
  periodsOverlapping,
  planKeyCustomerVisits,
  planMinimumVisits,
  plannedDay,
  planUnitVisits,
  type ReturnVisitSettings,
  reportDueAt,
  ticketReturnVisit,
} from './return-visits.rules.js';

const defaults: ReturnVisitSettings = {
  afterRemoteCheckHours: 48,
  afterRepairVisitHours: 72,
  warrantyVisitMonths: 3,
  postWarrantyVisitMonths: 6,
  phoneVisitMonths: 1,
  keyCustomerMinimumMonths: 6,
  customerMinimumMonths: 12,
  keyAnnualVisit: true,
  visitReportDays: 10,
  horizonMonths: 12,
};

/** A valid calendar date as yyyy-mm-dd between 2000 and 2060. */
const isoDate = fc
  .record({
    y: fc.integer({ min: 2000, max: 2060 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  });
const interval = fc.constantFrom(1, 2, 3, 4, 6, 12);
const settingsArb = fc.record({
  warrantyVisitMonths: interval,
  postWarrantyVisitMonths: interval,
  horizonMonths: fc.integer({ min: 1, max: 24 }),
});

describe('periods', () => {
  it.each([
    ['2026-02-10', 3, '2026-01-01', '2026-04-01'],
    ['2026-12-31', 3, '2026-10-01', '2027-01-01'],
    ['2026-07-01', 6, '2026-07-01', '2027-01-01'],
    ['2026-06-30', 12, '2026-01-01', '2027-01-01'],
    ['2026-05-15', 1, '2026-05-01', '2026-06-01'],
  ])('%s in %i-month periods lies in [%s, %s)', (date, months, start, end) => {
    expect(periodContaining(date, months)).toEqual({ start, end });
  });

  it('lists the periods overlapping a window, aligned and contiguous', () => {
    fc.assert(
      fc.property(isoDate, interval, fc.integer({ min: 1, max: 36 }), (from, months, span) => {
        const to = addMonths(from, span);
        const periods = periodsOverlapping(from, to, months);
        expect(periods.length).toBeGreaterThan(0);
        expect(periods[0].start <= from && from < periods[0].end).toBe(true);
        expect(periods.at(-1)!.start < to && to <= periods.at(-1)!.end).toBe(true);
        for (const [i, period] of periods.entries()) {
          expect(addMonths(period.start, months)).toBe(period.end);
          expect((Number(period.start.slice(5, 7)) - 1) % months).toBe(0);
          expect(period.start.endsWith('-01')).toBe(true);
          if (i > 0) expect(periods[i - 1].end).toBe(period.start);
        }
      }),
    );
  });

  it('plans a day inside the period and not before today', () => {
    fc.assert(
      fc.property(isoDate, interval, fc.integer({ min: 1, max: 10_000_000 }), (today, months, id) => {
        const period = periodContaining(today, months);
        const day = plannedDay(period, id, today);
        expect(day >= period.start && day < period.end).toBe(true);
        expect(day >= today).toBe(true);
        // A future period: the day is spread by the id.
        const next = { start: period.end, end: addMonths(period.end, months) };
        expect(plannedDay(next, id, today)).toBe(addDays(next.start, id % daysBetween(next.start, next.end)));
      }),
    );
  });
});

describe('per-unit visits (003 第三条 6)', () => {
  it('in warranty every 3 months, after warranty every 6 (example)', () => {
    const visits = planUnitVisits(
      { id: 7, serviceStart: '2024-03-15', warrantyEnd: '2026-08-20' },
      defaults,
      '2026-01-10',
    );
    expect(visits.map((v) => [v.rule, v.period.start])).toEqual([
      ['warranty_on_site', '2026-01-01'],
      ['warranty_on_site', '2026-04-01'],
      ['warranty_on_site', '2026-07-01'],
      ['post_warranty_on_site', '2027-01-01'],
    ]);
    expect(visits[0].day).toBe('2026-01-10'); // 2026-01-08 (1 Jan + 7 days) is past: today
    expect(visits[1].day).toBe('2026-04-08');
  });

  it('respects the intervals, switches at the warranty end, and each day lies in its period', () => {
    fc.assert(
      fc.property(
        isoDate,
        isoDate,
        fc.option(isoDate, { nil: null }),
        fc.integer({ min: 1, max: 1_000_000 }),
        settingsArb,
        (today, warrantyEndRaw, serviceStart, id, overrides) => {
          const settings = { ...defaults, ...overrides };
          const warrantyEnd = warrantyEndRaw;
          const visits = planUnitVisits({ id, serviceStart, warrantyEnd }, settings, today);
          const windowEnd = addMonths(today, settings.horizonMonths);
          const keys = new Set<string>();
          for (const visit of visits) {
            const months =
              visit.rule === 'warranty_on_site' ? settings.warrantyVisitMonths : settings.postWarrantyVisitMonths;
            expect(addMonths(visit.period.start, months)).toBe(visit.period.end);
            expect(visit.day >= visit.period.start && visit.day < visit.period.end).toBe(true);
            expect(visit.day >= today).toBe(true);
            expect(visit.period.start < windowEnd && visit.period.end > today).toBe(true);
            if (serviceStart) expect(visit.period.start > serviceStart).toBe(true);
            if (visit.rule === 'warranty_on_site') expect(visit.period.start <= warrantyEnd).toBe(true);
            else expect(visit.period.start > warrantyEnd).toBe(true);
            const key = `${visit.rule}:${visit.subjectId}:${visit.period.start}`;
            expect(keys.has(key)).toBe(false);
            keys.add(key);
          }
          // Every eligible period of the window has its visit (none is skipped).
          const expectedWarranty = periodsOverlapping(today, windowEnd, settings.warrantyVisitMonths).filter(
            (p) => (!serviceStart || p.start > serviceStart) && p.start <= warrantyEnd,
          ).length;
          expect(visits.filter((v) => v.rule === 'warranty_on_site').length).toBe(expectedWarranty);
        },
      ),
    );
  });

  it('a unit without a known warranty end gets the after-warranty series', () => {
    const visits = planUnitVisits({ id: 1, serviceStart: null, warrantyEnd: null }, defaults, '2026-03-01');
    expect(new Set(visits.map((v) => v.rule))).toEqual(new Set(['post_warranty_on_site']));
    expect(visits.map((v) => v.period.start)).toEqual(['2026-01-01', '2026-07-01', '2027-01-01']);
  });

  it('a series set to 0 months plans nothing', () => {
    const visits = planUnitVisits(
      { id: 1, serviceStart: null, warrantyEnd: '2030-01-01' },
      { ...defaults, warrantyVisitMonths: 0 },
      '2026-03-01',
    );
    expect(visits).toEqual([]);
  });
});

describe('customer visits (004 四 4(6), 001 4.6 a)', () => {
  it('key customers: a phone visit each month and one annual visit', () => {
    const visits = planKeyCustomerVisits({ id: 3, level: 'key', hasEquipment: true }, defaults, '2026-01-15');
    expect(visits.filter((v) => v.rule === 'monthly_phone')).toHaveLength(13);
    expect(visits.filter((v) => v.rule === 'key_annual').map((v) => v.period)).toEqual([
      { start: '2026-01-01', end: '2027-01-01' },
      { start: '2027-01-01', end: '2028-01-01' },
    ]);
    expect(planKeyCustomerVisits({ id: 3, level: 'regular', hasEquipment: true }, defaults, '2026-01-15')).toEqual([]);
  });

  it('the floor fills only periods with no other visit', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.constantFrom('key' as const, 'regular' as const),
        fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 6 }),
        (today, level, offsets) => {
          const otherDays = offsets.map((offset) => addDays(today, offset));
          const visits = planMinimumVisits({ id: 11, level, hasEquipment: true }, otherDays, defaults, today);
          const months = level === 'key' ? defaults.keyCustomerMinimumMonths : defaults.customerMinimumMonths;
          const periods = periodsOverlapping(today, addMonths(today, defaults.horizonMonths), months);
          for (const period of periods) {
            const covered = otherDays.some((day) => day >= period.start && day < period.end);
            const planned = visits.filter((v) => v.period.start === period.start);
            expect(planned.length).toBe(covered ? 0 : 1);
          }
        },
      ),
    );
  });

  it('no floor for a customer without equipment', () => {
    expect(planMinimumVisits({ id: 1, level: 'regular', hasEquipment: false }, [], defaults, '2026-01-01')).toEqual([]);
  });
});

describe('ticket-driven visits', () => {
  const at = new Date('2026-03-02T08:00:00Z');
  it('48 h after remote handling, 72 h after an on-site or send-in repair, none otherwise', () => {
    expect(ticketReturnVisit({ type: 'repair', serviceMode: 'remote' }, at, defaults)).toEqual({
      rule: 'after_remote',
      dueAt: new Date('2026-03-04T08:00:00Z'),
    });
    expect(ticketReturnVisit({ type: 'repair', serviceMode: 'on_site' }, at, defaults)?.rule).toBe('after_repair');
    expect(ticketReturnVisit({ type: 'maintenance', serviceMode: 'send_in' }, at, defaults)?.dueAt).toEqual(
      new Date('2026-03-05T08:00:00Z'),
    );
    expect(ticketReturnVisit({ type: 'repair', serviceMode: 'parts_by_mail' }, at, defaults)).toBeNull();
    expect(ticketReturnVisit({ type: 'consultation', serviceMode: 'remote' }, at, defaults)).toBeNull();
  });
});

describe('outcomes', () => {
  const now = new Date('2026-03-02T08:00:00Z');
  const limits = { retryHours: 4, maxAttempts: 3 };
  it('no answer retries until the attempts run out', () => {
    expect(decideOutcome('no_answer', 0, now, limits)).toEqual({
      status: 'open',
      nextDueAt: new Date('2026-03-02T12:00:00Z'),
      opensComplaint: false,
    });
    expect(decideOutcome('no_answer', 1, now, limits).status).toBe('open');
    expect(decideOutcome('no_answer', 2, now, limits).status).toBe('done');
  });
  it('unhappy opens a complaint; the others close the visit', () => {
    expect(decideOutcome('unhappy', 0, now, limits)).toEqual({ status: 'done', nextDueAt: null, opensComplaint: true });
    for (const outcome of ['satisfied', 'issue_found', 'wrong_number'] as const) {
      expect(decideOutcome(outcome, 0, now, limits)).toEqual({
        status: 'done',
        nextDueAt: null,
        opensComplaint: false,
      });
    }
  });
  it('the visit report is due 10 days after the visit', () => {
    expect(reportDueAt(now, 10)).toEqual(new Date('2026-03-12T08:00:00Z'));
  });
});
