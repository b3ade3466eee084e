import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, computeWarrantyEnd, type WarrantyInput, warrantyStatus } from './warranty.rules.js';

type Contract = NonNullable<WarrantyInput['contracts']>[number];

const unit = (overrides: Partial<WarrantyInput> = {}): WarrantyInput => ({ modelWarrantyMonths: 12, ...overrides });
const contract = (overrides: Partial<Contract> = {}): Contract => ({
  endsOn: '2030-12-31',
  extendsWarranty: true,
  status: 'active',
  ...overrides,
});

/** A valid calendar date as yyyy-mm-dd between 1970 and 2199. */
const isoDate = fc
  .record({
    y: fc.integer({ min: 1970, max: 2199 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  });

describe('addMonths and addDays', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-11-15', 2, '2025-01-15'],
    ['2024-12-31', 1, '2025-01-31'],
    ['2024-05-10', 0, '2024-05-10'],
  ])('%s + %i months = %s', (start, months, expected) => {
    expect(addMonths(start, months)).toBe(expected);
  });

  it.each([
    ['2024-03-01', -1, '2024-02-29'],
    ['2023-03-01', -1, '2023-02-28'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
  ])('%s + %i days = %s', (start, days, expected) => {
    expect(addDays(start, days)).toBe(expected);
  });
});

describe('computeWarrantyEnd', () => {
  describe('basis', () => {
    it('counts from the acceptance date when there is one', () => {
      expect(
        computeWarrantyEnd(
          unit({ acceptanceDate: '2024-03-10', deliveryDate: '2024-02-01', purchaseDate: '2024-01-05' }),
        ),
      ).toEqual({ end: '2025-03-09', basis: 'acceptance' });
    });

    it('counts from the delivery date before acceptance', () => {
      expect(computeWarrantyEnd(unit({ deliveryDate: '2024-02-01', purchaseDate: '2024-01-05' }))).toEqual({
        end: '2025-01-31',
        basis: 'delivery',
      });
    });

    it('counts from the purchase date when that is all there is', () => {
      expect(
        computeWarrantyEnd(unit({ acceptanceDate: null, deliveryDate: null, purchaseDate: '2024-01-05' })),
      ).toEqual({ end: '2025-01-04', basis: 'purchase' });
    });

    it('has no end and basis none without any date', () => {
      expect(computeWarrantyEnd(unit())).toEqual({ end: null, basis: 'none' });
      expect(computeWarrantyEnd(unit({ acceptanceDate: null, deliveryDate: null, purchaseDate: null }))).toEqual({
        end: null,
        basis: 'none',
      });
    });
  });

  describe('length', () => {
    it('uses the model months (36 months from 2025-02-01 ends 2028-01-31)', () => {
      expect(computeWarrantyEnd({ acceptanceDate: '2025-02-01', modelWarrantyMonths: 36 }).end).toBe('2028-01-31');
    });

    it('prefers the unit override to the model months', () => {
      expect(
        computeWarrantyEnd({ acceptanceDate: '2025-02-01', modelWarrantyMonths: 36, warrantyMonthsOverride: 6 }),
      ).toEqual({ end: '2025-07-31', basis: 'acceptance' });
    });

    it('uses the model months when the override is null', () => {
      expect(
        computeWarrantyEnd({ acceptanceDate: '2025-02-01', modelWarrantyMonths: 24, warrantyMonthsOverride: null }).end,
      ).toBe('2027-01-31');
    });

    it('an override of 0 months means no coverage even when the model has some: the end is the day before the start', () => {
      expect(
        computeWarrantyEnd({ acceptanceDate: '2025-02-01', modelWarrantyMonths: 36, warrantyMonthsOverride: 0 }),
      ).toEqual({ end: '2025-01-31', basis: 'acceptance' });
    });

    it('a model with 0 months gives no coverage', () => {
      expect(computeWarrantyEnd({ acceptanceDate: '2024-03-01', modelWarrantyMonths: 0 }).end).toBe('2024-02-29');
    });
  });

  describe('calendar', () => {
    it.each([
      ['2024-01-31', 1, '2024-02-28'],
      ['2023-01-31', 1, '2023-02-27'],
      ['2024-01-01', 1, '2024-01-31'],
      ['2024-03-01', 12, '2025-02-28'],
      ['2023-03-01', 12, '2024-02-29'],
      ['2024-02-29', 12, '2025-02-27'],
      ['2024-02-29', 48, '2028-02-28'],
      ['2024-12-01', 1, '2024-12-31'],
      ['2024-12-31', 12, '2025-12-30'],
    ])('accepted %s with %i months ends %s (start + months − 1 day, month ends clamped)', (start, months, end) => {
      expect(computeWarrantyEnd({ acceptanceDate: start, modelWarrantyMonths: months }).end).toBe(end);
    });
  });

  describe('contracts', () => {
    const base = { acceptanceDate: '2024-01-01', modelWarrantyMonths: 12 }; // ends 2024-12-31

    it('an active contract that extends warranty and ends later moves the end to the contract end', () => {
      expect(computeWarrantyEnd({ ...base, contracts: [contract({ endsOn: '2026-06-30' })] })).toEqual({
        end: '2026-06-30',
        basis: 'contract',
      });
    });

    it('the latest of several extending contracts wins', () => {
      expect(
        computeWarrantyEnd({
          ...base,
          contracts: [
            contract({ endsOn: '2026-06-30' }),
            contract({ endsOn: '2027-01-31' }),
            contract({ endsOn: '2025-05-01' }),
          ],
        }).end,
      ).toBe('2027-01-31');
    });

    it('a contract ending before the warranty end changes nothing', () => {
      expect(computeWarrantyEnd({ ...base, contracts: [contract({ endsOn: '2024-06-30' })] })).toEqual({
        end: '2024-12-31',
        basis: 'acceptance',
      });
    });

    it('a contract ending on the warranty end day keeps the original basis', () => {
      expect(computeWarrantyEnd({ ...base, contracts: [contract({ endsOn: '2024-12-31' })] }).basis).toBe('acceptance');
    });

    it.each([
      ['draft', true],
      ['terminated', true],
      ['active', false],
    ] as const)('a %s contract (extendsWarranty %s) is ignored', (status, extendsWarranty) => {
      expect(
        computeWarrantyEnd({ ...base, contracts: [contract({ status, extendsWarranty, endsOn: '2029-12-31' })] }),
      ).toEqual({ end: '2024-12-31', basis: 'acceptance' });
    });

    it('an extending contract gives a warranty end to a unit with no dates', () => {
      expect(computeWarrantyEnd({ modelWarrantyMonths: 12, contracts: [contract({ endsOn: '2026-01-31' })] })).toEqual({
        end: '2026-01-31',
        basis: 'contract',
      });
    });

    it('a non-extending contract leaves a unit without dates unknown', () => {
      expect(
        computeWarrantyEnd({ modelWarrantyMonths: 12, contracts: [contract({ extendsWarranty: false })] }),
      ).toEqual({ end: null, basis: 'none' });
    });
  });

  describe('properties', () => {
    it('for any start and 1..120 months: start ≤ end < start + months, and end = start + months − 1 day', () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: 1, max: 120 }), (start, months) => {
          const { end, basis } = computeWarrantyEnd({ acceptanceDate: start, modelWarrantyMonths: months });
          const anniversary = addMonths(start, months);
          expect(basis).toBe('acceptance');
          expect(end).not.toBeNull();
          expect(end! >= start).toBe(true);
          expect(end! < anniversary).toBe(true);
          expect(addDays(anniversary, -1)).toBe(end);
          expect(end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }),
      );
    });

    it('a longer warranty never ends earlier', () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: 0, max: 119 }), (start, months) => {
          const shorter = computeWarrantyEnd({ acceptanceDate: start, modelWarrantyMonths: months }).end!;
          const longer = computeWarrantyEnd({ acceptanceDate: start, modelWarrantyMonths: months + 1 }).end!;
          expect(longer > shorter).toBe(true);
        }),
      );
    });

    it('adding any contract never moves the warranty end earlier', () => {
      const anyContract = fc.record({
        endsOn: isoDate,
        extendsWarranty: fc.boolean(),
        status: fc.constantFrom('draft' as const, 'active' as const, 'terminated' as const),
      });
      fc.assert(
        fc.property(
          fc.option(isoDate, { nil: null }),
          fc.integer({ min: 0, max: 120 }),
          fc.array(anyContract, { maxLength: 3 }),
          anyContract,
          (start, months, contracts, added) => {
            const before = computeWarrantyEnd({ acceptanceDate: start, modelWarrantyMonths: months, contracts });
            const after = computeWarrantyEnd({
              acceptanceDate: start,
              modelWarrantyMonths: months,
              contracts: [...contracts, added],
            });
            if (before.end !== null) {
              expect(after.end).not.toBeNull();
              expect(after.end! >= before.end).toBe(true);
            }
            if (added.status === 'active' && added.extendsWarranty) {
              expect(after.end! >= added.endsOn).toBe(true);
            } else {
              expect(after).toEqual(before);
            }
          },
        ),
      );
    });
  });
});

describe('warrantyStatus', () => {
  const today = '2026-03-15';

  it.each([
    [null, 30, 'unknown'],
    ['2026-03-14', 30, 'expired'],
    ['2020-01-01', 30, 'expired'],
    ['2026-03-15', 30, 'expiring'],
    ['2026-03-16', 30, 'expiring'],
    ['2026-04-14', 30, 'expiring'],
    ['2026-04-15', 30, 'in_warranty'],
    ['2030-01-01', 30, 'in_warranty'],
    ['2026-03-15', 0, 'expiring'],
    ['2026-03-16', 0, 'in_warranty'],
    ['2026-03-14', 0, 'expired'],
  ] as const)('end %s with %i days warning on %s → %s', (end, days, expected) => {
    expect(warrantyStatus(end, today, days)).toBe(expected);
  });

  it('an end equal to today is never expired', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 365 }), (day, soon) => {
        expect(warrantyStatus(day, day, soon)).not.toBe('expired');
        expect(warrantyStatus(addDays(day, -1), day, soon)).toBe('expired');
      }),
    );
  });

  it('counts across a year end', () => {
    expect(warrantyStatus('2027-01-10', '2026-12-20', 30)).toBe('expiring');
    expect(warrantyStatus('2027-01-20', '2026-12-20', 30)).toBe('in_warranty');
  });
});
