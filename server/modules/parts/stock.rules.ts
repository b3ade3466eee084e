/**
 * Stock arithmetic (PRT-3), pure. A balance is on-hand and reserved of one warehouse, part and
 * condition; a movement changes them by signed amounts. Valid balances: on-hand ≥ 0, reserved ≥ 0,
 * reserved ≤ on-hand — so an unreserved issue can never take stock someone else reserved.
 */
export type Balance = { onHand: number; reserved: number };
export type BalanceChange = { quantity: number; reservedDelta: number };

export type StockShortfall =
  | { reason: 'insufficient_available'; available: number; requested: number }
  | { reason: 'insufficient_reserved'; reserved: number; requested: number };

export const available = (balance: Balance) => balance.onHand - balance.reserved;

/** The balance after `change`, or why it cannot happen. */
export function applyChange(
  balance: Balance,
  change: BalanceChange,
): { ok: true; balance: Balance } | ({ ok: false } & StockShortfall) {
  const next = { onHand: balance.onHand + change.quantity, reserved: balance.reserved + change.reservedDelta };
  if (next.reserved < 0) {
    return { ok: false, reason: 'insufficient_reserved', reserved: balance.reserved, requested: -change.reservedDelta };
  }
  if (next.onHand < 0 || next.reserved > next.onHand) {
    // What the movement takes from stock that is not reserved for someone else.
    const fromAvailable = -change.quantity + change.reservedDelta;
    return { ok: false, reason: 'insufficient_available', available: available(balance), requested: fromAvailable };
  }
  return { ok: true, balance: next };
}
