import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustmentFor,
  lineState,
  linesMissingReason,
  openLines,
  stocktakeActionRefusal,
  variance,
  varianceKind,
} from './stocktake.rules.js';

const at = new Date('2026-04-01T08:00:00Z');

describe('stocktake rules', () => {
  it('tells open, counted and skipped lines apart', () => {
    expect(lineState({ countedQuantity: null, bookQuantity: null, countedAt: null })).toBe('open');
    expect(lineState({ countedQuantity: 0, bookQuantity: 3, countedAt: at })).toBe('counted');
    expect(lineState({ countedQuantity: null, bookQuantity: null, countedAt: at })).toBe('skipped');
  });

  it('variance is counted minus the book quantity at count time', () => {
    expect(variance({ countedQuantity: 7, bookQuantity: 5, countedAt: at })).toBe(2);
    expect(varianceKind({ countedQuantity: 7, bookQuantity: 5, countedAt: at })).toBe('surplus');
    expect(variance({ countedQuantity: 3, bookQuantity: 5, countedAt: at })).toBe(-2);
    expect(varianceKind({ countedQuantity: 3, bookQuantity: 5, countedAt: at })).toBe('shortage');
    expect(varianceKind({ countedQuantity: null, bookQuantity: null, countedAt: at })).toBe('none');
  });

  it('applies the variance to the current balance, not the book one', () => {
    // Book 5 at count time, counted 4 (−1); 3 issued since → current 2 → 1 after approval.
    expect(adjustmentFor({ countedQuantity: 4, bookQuantity: 5, countedAt: at }, { onHand: 2, reserved: 0 })).toEqual({
      ok: true,
      quantity: -1,
    });
    // Everything issued since: a shortage of 1 cannot be booked.
    expect(adjustmentFor({ countedQuantity: 4, bookQuantity: 5, countedAt: at }, { onHand: 0, reserved: 0 })).toEqual({
      ok: false,
      onHand: 0,
      reserved: 0,
      shortage: 1,
    });
    // Reserved stock cannot be counted away.
    expect(adjustmentFor({ countedQuantity: 3, bookQuantity: 5, countedAt: at }, { onHand: 5, reserved: 4 }).ok).toBe(
      false,
    );
  });

  it('lists lines blocking submission and lines lacking a reason', () => {
    const lines = [
      { id: 1, countedQuantity: 5, bookQuantity: 5, countedAt: at, varianceReason: null },
      { id: 2, countedQuantity: 6, bookQuantity: 5, countedAt: at, varianceReason: '  ' },
      { id: 3, countedQuantity: 4, bookQuantity: 5, countedAt: at, varianceReason: '损坏' },
      { id: 4, countedQuantity: null, bookQuantity: null, countedAt: null, varianceReason: null },
      { id: 5, countedQuantity: null, bookQuantity: null, countedAt: at, varianceReason: null },
    ];
    expect(openLines(lines).map((l) => l.id)).toEqual([4]);
    expect(linesMissingReason(lines).map((l) => l.id)).toEqual([2]);
  });

  it('allows each action only in its statuses, with a message naming both', () => {
    expect(stocktakeActionRefusal('counting', 'count')).toBeNull();
    expect(stocktakeActionRefusal('submitted', 'approve')).toBeNull();
    const twice = stocktakeActionRefusal('approved', 'approve');
    expect(twice?.zh).toBe('盘点单已审批（已调整库存），不能审批');
    expect(twice?.en).toContain('already adjusted');
    expect(stocktakeActionRefusal('submitted', 'count')).not.toBeNull();
    expect(stocktakeActionRefusal('cancelled', 'cancel')).not.toBeNull();
  });

  it('book at count time + adjustment = what was counted plus later movements', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        (book, counted, movedSince) => {
          const current = book + movedSince;
          if (current < 0) return;
          const result = adjustmentFor(
            { countedQuantity: counted, bookQuantity: book, countedAt: at },
            {
              onHand: current,
              reserved: 0,
            },
          );
          if (result.ok) expect(current + result.quantity).toBe(counted + movedSince);
          else expect(counted + movedSince).toBeLessThan(0);
        },
      ),
    );
  });
});
