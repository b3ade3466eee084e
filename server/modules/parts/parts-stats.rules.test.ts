import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateInZone } from '../../lib/time-zone.js';
import {
  addDays,
  type ConsumptionMovement,
  consumptionOf,
  reportPeriod,
  stationTotals,
  sumFigures,
} from './parts-stats.rules.js';

describe('report period', () => {
  it('is the local day in the company time zone', () => {
    // 2026-03-01 17:30 UTC is already 2 March in Shanghai.
    expect(dateInZone(new Date('2026-03-01T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(dateInZone(new Date('2026-03-01T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-01');
  });
  it('defaults to the last 12 months, from the first of the month eleven months back', () => {
    expect(reportPeriod({}, '2026-03-15')).toEqual({ from: '2025-04-01', to: '2026-03-15' });
    expect(reportPeriod({ to: '2026-12-31' }, '2026-03-15')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(reportPeriod({ from: '2026-02-01' }, '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-03-15' });
  });
  it('adds days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('consumption arithmetic', () => {
  it('net = issued − returned + mailed; cost at each entry’s unit cost; split by charge kind', () => {
    const figures = consumptionOf([
      { kind: 'issue', quantity: -3, chargeKind: 'warranty', unitCostFen: 1000 },
      { kind: 'issue', quantity: -5, chargeKind: 'customer_bought', unitCostFen: 250 },
      { kind: 'return', quantity: 1, chargeKind: 'customer_bought', unitCostFen: 250 },
      { kind: 'mail', quantity: -1, chargeKind: 'warranty', unitCostFen: 1000 },
      { kind: 'issue', quantity: -2, chargeKind: null, unitCostFen: 10 },
    ]);
    expect(figures).toEqual({
      issued: 10,
      returned: 1,
      mailed: 1,
      net: 10,
      warrantyQuantity: 4,
      customerQuantity: 4,
      costFen: 5020,
      warrantyCostFen: 4000,
      customerCostFen: 1000,
    });
  });

  const movement = fc
    .record<ConsumptionMovement>({
      kind: fc.constantFrom('issue', 'return', 'mail'),
      quantity: fc.integer({ min: 1, max: 50 }),
      chargeKind: fc.constantFrom('warranty', 'customer_bought', null),
      unitCostFen: fc.integer({ min: 0, max: 100_000 }),
    })
    .map((m) => ({ ...m, quantity: m.kind === 'return' ? m.quantity : -m.quantity }));

  it('the parts add up: the split never exceeds the whole, and groups sum to the total', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 40 }), fc.integer({ min: 0, max: 40 }), (list, cut) => {
        const whole = consumptionOf(list);
        expect(whole.net).toBe(whole.issued - whole.returned + whole.mailed);
        const unknown = consumptionOf(list.filter((m) => m.chargeKind === null));
        expect(whole.warrantyQuantity + whole.customerQuantity + unknown.net).toBe(whole.net);
        expect(whole.warrantyCostFen + whole.customerCostFen + unknown.costFen).toBe(whole.costFen);
        expect(sumFigures([consumptionOf(list.slice(0, cut)), consumptionOf(list.slice(cut))])).toEqual(whole);
      }),
    );
  });
});

describe('station totals', () => {
  it('sums the warehouses of each station', () => {
    const base = { stationCode: 'BJ', stationName: '北京', reserved: 0, unpricedParts: 0, defectiveOnHand: 0 };
    expect(
      stationTotals([
        { ...base, stationId: 1, onHand: 5, valueFen: 500 },
        { ...base, stationId: 2, stationCode: 'SH', stationName: '上海', onHand: 1, valueFen: 7 },
        { ...base, stationId: 1, onHand: 2, valueFen: 30, unpricedParts: 1 },
      ]),
    ).toEqual([
      { ...base, stationId: 1, warehouses: 2, onHand: 7, valueFen: 530, unpricedParts: 1 },
      { ...base, stationId: 2, stationCode: 'SH', stationName: '上海', warehouses: 1, onHand: 1, valueFen: 7 },
    ]);
  });
});
