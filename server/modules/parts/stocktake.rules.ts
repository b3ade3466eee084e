/**
 * Stocktake (盘点, PRT-4, 000 七(二) 2), pure. A count line keeps the book on-hand read when the count
 * was entered, so `variance = counted − book at count time`: stock that moves after the count is not
 * variance. At approval the variance is added to the *current* on-hand (whatever moved since stays
 * moved). A line is counted (a quantity), skipped (marked, no quantity) or open; a count is submitted
 * only when no line is open, and approved only when every line with a variance has a reason.
 */

export type StocktakeStatus = 'counting' | 'submitted' | 'approved' | 'cancelled';
export type StocktakeAction = 'count' | 'add_line' | 'skip' | 'submit' | 'reason' | 'approve' | 'reject' | 'cancel';

const allowed: Record<StocktakeAction, readonly StocktakeStatus[]> = {
  count: ['counting'],
  add_line: ['counting'],
  skip: ['counting'],
  submit: ['counting'],
  reason: ['submitted'],
  approve: ['submitted'],
  reject: ['submitted'],
  cancel: ['counting', 'submitted'],
};

const statusText: Record<StocktakeStatus, { zh: string; en: string }> = {
  counting: { zh: '盘点中', en: 'being counted' },
  submitted: { zh: '已提交待审批', en: 'submitted for approval' },
  approved: { zh: '已审批（已调整库存）', en: 'approved (stock already adjusted)' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

const actionText: Record<StocktakeAction, { zh: string; en: string }> = {
  count: { zh: '录入盘点数', en: 'enter counts' },
  add_line: { zh: '添加配件', en: 'add parts' },
  skip: { zh: '跳过配件', en: 'skip parts' },
  submit: { zh: '提交', en: 'submit' },
  reason: { zh: '填写差异原因', en: 'give variance reasons' },
  approve: { zh: '审批', en: 'approve' },
  reject: { zh: '退回重盘', en: 'send back for counting' },
  cancel: { zh: '取消', en: 'cancel' },
};

/** Why `action` cannot happen in `status`, or null when it can. */
export function stocktakeActionRefusal(status: StocktakeStatus, action: StocktakeAction) {
  if (allowed[action].includes(status)) return null;
  return {
    zh: `盘点单${statusText[status].zh}，不能${actionText[action].zh}`,
    en: `The stocktake is ${statusText[status].en}; you cannot ${actionText[action].en}`,
  };
}

export type CountLine = {
  countedQuantity: number | null;
  bookQuantity: number | null;
  countedAt: Date | string | null;
};

export type LineState = 'open' | 'counted' | 'skipped';

/** Skipped = marked by a counter (countedAt set) without a quantity. */
export function lineState(line: CountLine): LineState {
  if (line.countedQuantity !== null) return 'counted';
  return line.countedAt !== null ? 'skipped' : 'open';
}

/** counted − book; 0 for open or skipped lines. Positive: 盘盈 (surplus); negative: 盘亏 (shortage). */
export function variance(line: CountLine): number {
  if (line.countedQuantity === null) return 0;
  return line.countedQuantity - (line.bookQuantity ?? 0);
}

export type VarianceKind = 'surplus' | 'shortage' | 'none';
export const varianceKind = (line: CountLine): VarianceKind => {
  const v = variance(line);
  return v > 0 ? 'surplus' : v < 0 ? 'shortage' : 'none';
};

/** The adjustment that approval applies to the current balance, or why it cannot. */
export function adjustmentFor(
  line: CountLine,
  current: { onHand: number; reserved: number },
): { ok: true; quantity: number } | { ok: false; onHand: number; reserved: number; shortage: number } {
  const quantity = variance(line);
  const after = current.onHand + quantity;
  if (after < 0 || after < current.reserved) {
    return { ok: false, onHand: current.onHand, reserved: current.reserved, shortage: -quantity };
  }
  return { ok: true, quantity };
}

/** Lines (by index) that block submission: nothing counted and not skipped. */
export const openLines = <T extends CountLine>(lines: readonly T[]) => lines.filter((l) => lineState(l) === 'open');

/** Lines with a variance but no reason: approval names them. */
export const linesMissingReason = <T extends CountLine & { varianceReason: string | null }>(lines: readonly T[]) =>
  lines.filter((line) => variance(line) !== 0 && !(line.varianceReason ?? '').trim());
