import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReorderInput, suggestReorder } from './replenishment.rules.js';

const base: ReorderInput = {
  onHand: 10,
  reserved: 0,
  onOrder: 0,
  reorderPoint: 5,
  reorderQuantity: 0,
  consumed: 0,
  lookbackDays: 90,
  leadTimeDays: 10,
};

describe('suggestReorder', () => {
  it('suggests nothing above the reorder point with no consumption', () => {
    expect(suggestReorder(base)).toBeNull();
  });

  it('counts reservations against and open orders towards available stock', () => {
    // 10 on hand, 6 reserved → 4 available ≤ 5
    const reserved = suggestReorder({ ...base, reserved: 6 });
    expect(reserved?.available).toBe(4);
    expect(reserved?.quantity).toBe(2); // 5 + 1 − 4
    expect(reserved?.reasons.map((r) => r.code)).toEqual(['at_reorder_point', 'quantity']);
    // …and 2 on order brings it back above the reorder point.
    expect(suggestReorder({ ...base, reserved: 6, onOrder: 2 })).toBeNull();
  });

  it('triggers exactly at the reorder point', () => {
    expect(suggestReorder({ ...base, onHand: 5 })?.quantity).toBe(1);
    expect(suggestReorder({ ...base, onHand: 6 })).toBeNull();
  });

  it('never proposes less than the usual order quantity', () => {
    const suggestion = suggestReorder({ ...base, onHand: 5, reorderQuantity: 20 });
    expect(suggestion?.quantity).toBe(20);
    expect(suggestion?.reasons.at(-1)?.zh).toContain('常用订货批量 20');
    expect(suggestion?.reasons.at(-1)?.en).toContain('usual order quantity 20');
  });

  it('adds what is expected to be used during the lead time, rounded up', () => {
    // 90 used in 90 days → 1 a day; lead time 10 → 10 expected. Available 5: 5 + 1 − 5 + 10 = 11.
    const suggestion = suggestReorder({ ...base, onHand: 5, consumed: 90 });
    expect(suggestion?.quantity).toBe(11);
    // 45 in 90 days → 0.5 a day × 7 = 3.5 → 5 + 1 − 5 + 3.5 = 4.5 → 5
    expect(suggestReorder({ ...base, onHand: 5, consumed: 45, leadTimeDays: 7 })?.quantity).toBe(5);
  });

  it('suggests when the cover is shorter than the lead time even above the reorder point', () => {
    // 30 available, 3 a day → 10 days cover < 14 days lead time
    const suggestion = suggestReorder({ ...base, onHand: 30, consumed: 270, leadTimeDays: 14 });
    expect(suggestion).not.toBeNull();
    expect(suggestion?.coverDays).toBe(10);
    expect(suggestion?.reasons.map((r) => r.code)).toEqual(['short_cover', 'quantity']);
    expect(suggestion?.reasons[0].zh).toContain('约够 10 天');
    expect(suggestion?.reasons[0].en).toContain('14-day lead time');
    // 5 + 1 − 30 + 42 = 18
    expect(suggestion?.quantity).toBe(18);
  });

  it('explains the numbers in both languages', () => {
    const suggestion = suggestReorder({ ...base, onHand: 3, reserved: 1, onOrder: 1 });
    expect(suggestion?.reasons[0].zh).toBe('可用 3（在库 3 − 预留 1 + 在途 1），已不高于订货点 5');
    expect(suggestion?.reasons[0].en).toBe(
      'Available 3 (on hand 3 − reserved 1 + on order 1) is at or below the reorder point 5',
    );
  });

  it('suggests nothing for a part nobody stocks or uses', () => {
    expect(suggestReorder({ ...base, onHand: 0, reorderPoint: 0, reorderQuantity: 10 })).toBeNull();
    // …but a part used here with a reorder point of 0 is reordered when it runs out.
    expect(suggestReorder({ ...base, onHand: 0, reorderPoint: 0, consumed: 9, leadTimeDays: 0 })?.quantity).toBe(1);
  });

  const inputs = fc.record({
    onHand: fc.integer({ min: 0, max: 500 }),
    reservedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    onOrder: fc.integer({ min: 0, max: 500 }),
    reorderPoint: fc.integer({ min: 0, max: 200 }),
    reorderQuantity: fc.integer({ min: 0, max: 200 }),
    consumed: fc.integer({ min: 0, max: 5000 }),
    lookbackDays: fc.integer({ min: 1, max: 365 }),
    leadTimeDays: fc.integer({ min: 0, max: 120 }),
  });
  const toInput = ({ reservedShare, ...rest }: { reservedShare: number } & Omit<ReorderInput, 'reserved'>) => ({
    ...rest,
    reserved: Math.floor(rest.onHand * reservedShare),
  });

  it('once the suggested quantity is on order, the part is no longer suggested', () => {
    fc.assert(
      fc.property(inputs, (raw) => {
        const input = toInput(raw);
        const suggestion = suggestReorder(input);
        if (!suggestion) return;
        expect(suggestReorder({ ...input, onOrder: input.onOrder + suggestion.quantity })).toBeNull();
      }),
    );
  });

  it('a suggestion is a whole positive number, at least the order quantity, and always explained', () => {
    fc.assert(
      fc.property(inputs, (raw) => {
        const input = toInput(raw);
        const suggestion = suggestReorder(input);
        if (!suggestion) {
          // Not suggested: above the reorder point and the cover lasts the lead time.
          const available = input.onHand - input.reserved + input.onOrder;
          if (input.reorderPoint > 0 || input.consumed > 0) expect(available).toBeGreaterThan(input.reorderPoint);
          return;
        }
        expect(Number.isInteger(suggestion.quantity)).toBe(true);
        expect(suggestion.quantity).toBeGreaterThan(0);
        expect(suggestion.quantity).toBeGreaterThanOrEqual(input.reorderQuantity);
        expect(suggestion.available + suggestion.quantity).toBeGreaterThan(input.reorderPoint);
        expect(suggestion.reasons.length).toBeGreaterThanOrEqual(2);
        for (const reason of suggestion.reasons) expect(reason.zh && reason.en).toBeTruthy();
      }),
    );
  });

  it('more stock on hand never makes the suggested quantity larger', () => {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 1, max: 100 }), (raw, extra) => {
        const input = toInput(raw);
        const before = suggestReorder(input)?.quantity ?? 0;
        const after = suggestReorder({ ...input, onHand: input.onHand + extra })?.quantity ?? 0;
        expect(after).toBeLessThanOrEqual(Math.max(before, input.reorderQuantity));
      }),
    );
  });
});
