import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChange, available } from './stock.rules.js';

describe('applyChange', () => {
  it('receives, reserves, issues the reservation and returns', () => {
    let balance = { onHand: 0, reserved: 0 };
    for (const change of [
      { quantity: 5, reservedDelta: 0 },
      { quantity: 0, reservedDelta: 2 },
      { quantity: -2, reservedDelta: -2 },
      { quantity: 1, reservedDelta: 0 },
    ]) {
      const result = applyChange(balance, change);
      if (!result.ok) throw new Error(result.reason);
      balance = result.balance;
    }
    expect(balance).toEqual({ onHand: 4, reserved: 0 });
  });

  it('refuses to issue more than is available, counting reservations of others', () => {
    expect(applyChange({ onHand: 3, reserved: 2 }, { quantity: -2, reservedDelta: 0 })).toEqual({
      ok: false,
      reason: 'insufficient_available',
      available: 1,
      requested: 2,
    });
  });

  it('refuses to reserve more than is available', () => {
    expect(applyChange({ onHand: 3, reserved: 2 }, { quantity: 0, reservedDelta: 2 })).toMatchObject({
      ok: false,
      reason: 'insufficient_available',
      available: 1,
      requested: 2,
    });
  });

  it('refuses to release more than is reserved', () => {
    expect(applyChange({ onHand: 3, reserved: 1 }, { quantity: 0, reservedDelta: -2 })).toMatchObject({
      ok: false,
      reason: 'insufficient_reserved',
    });
  });

  it('never yields an invalid balance', () => {
    const balance = fc
      .tuple(fc.nat(50), fc.nat(50))
      .map(([a, b]) => ({ onHand: Math.max(a, b), reserved: Math.min(a, b) }));
    const change = fc.record({
      quantity: fc.integer({ min: -60, max: 60 }),
      reservedDelta: fc.integer({ min: -60, max: 60 }),
    });
    fc.assert(
      fc.property(balance, change, (before, delta) => {
        const result = applyChange(before, delta);
        if (!result.ok) return;
        expect(result.balance.onHand).toBeGreaterThanOrEqual(0);
        expect(available(result.balance)).toBeGreaterThanOrEqual(0);
        expect(result.balance.reserved).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
