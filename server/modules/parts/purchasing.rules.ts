/**
 * Purchase requests (采购计划, PRT-5, 000 七(一)), pure: the status flow draft → submitted →
 * approved | rejected; receipts only against an approved or partially received request; a line is
 * never received beyond what is outstanding (ordered − accepted so far); units rejected at the
 * acceptance inspection stay outstanding (the supplier replaces them). All accepted → received;
 * closing a partially received request cancels the rest.
 */

export type PurchaseStatus =
  | 'draft'
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'partially_received'
  | 'received'
  | 'closed';
export type PurchaseAction = 'edit' | 'submit' | 'approve' | 'reject' | 'receive' | 'close';

const allowed: Record<PurchaseAction, readonly PurchaseStatus[]> = {
  edit: ['draft'],
  submit: ['draft'],
  approve: ['submitted'],
  reject: ['submitted'],
  receive: ['approved', 'partially_received'],
  close: ['draft', 'submitted', 'approved', 'partially_received'],
};

const statusText: Record<PurchaseStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿（尚未提交审批）', en: 'a draft (not yet submitted)' },
  submitted: { zh: '待审批', en: 'waiting for approval' },
  approved: { zh: '已批准', en: 'approved' },
  rejected: { zh: '已驳回', en: 'rejected' },
  partially_received: { zh: '部分到货', en: 'partially received' },
  received: { zh: '已全部到货', en: 'fully received' },
  closed: { zh: '已关闭', en: 'closed' },
};

const actionText: Record<PurchaseAction, { zh: string; en: string }> = {
  edit: { zh: '修改', en: 'edit it' },
  submit: { zh: '提交审批', en: 'submit it' },
  approve: { zh: '批准', en: 'approve it' },
  reject: { zh: '驳回', en: 'reject it' },
  receive: { zh: '收货', en: 'receive goods against it' },
  close: { zh: '关闭', en: 'close it' },
};

export function purchaseActionRefusal(status: PurchaseStatus, action: PurchaseAction) {
  if (allowed[action].includes(status)) return null;
  return {
    zh: `采购计划${statusText[status].zh}，不能${actionText[action].zh}`,
    en: `The purchase request is ${statusText[status].en}; you cannot ${actionText[action].en}`,
  };
}

export type PurchaseLine = { id: number; quantity: number; receivedQuantity: number; rejectedQuantity: number };
export type ReceiptLine = {
  lineId: number;
  receivedQuantity: number;
  acceptedQuantity: number;
  rejectedQuantity: number;
};

export const outstanding = (line: PurchaseLine) => line.quantity - line.receivedQuantity;

export type ReceiptProblem =
  | { kind: 'unknown_line'; index: number }
  | { kind: 'duplicate_line'; index: number }
  | { kind: 'split_mismatch'; index: number }
  | { kind: 'over_receipt'; index: number; lineId: number; outstanding: number; received: number };

/**
 * The lines after a receipt, and the request's next status — or the first problem. A delivery's
 * received = accepted + rejected; only accepted units enter stock and reduce what is outstanding.
 */
export function applyReceipt(
  lines: readonly PurchaseLine[],
  receipt: readonly ReceiptLine[],
): { ok: true; lines: PurchaseLine[]; status: 'partially_received' | 'received' } | ({ ok: false } & ReceiptProblem) {
  const next = new Map(lines.map((line) => [line.id, { ...line }]));
  const seen = new Set<number>();
  for (const [index, entry] of receipt.entries()) {
    const line = next.get(entry.lineId);
    if (!line) return { ok: false, kind: 'unknown_line', index };
    if (seen.has(entry.lineId)) return { ok: false, kind: 'duplicate_line', index };
    seen.add(entry.lineId);
    if (entry.acceptedQuantity + entry.rejectedQuantity !== entry.receivedQuantity) {
      return { ok: false, kind: 'split_mismatch', index };
    }
    if (entry.receivedQuantity > outstanding(line)) {
      return {
        ok: false,
        kind: 'over_receipt',
        index,
        lineId: line.id,
        outstanding: outstanding(line),
        received: entry.receivedQuantity,
      };
    }
    line.receivedQuantity += entry.acceptedQuantity;
    line.rejectedQuantity += entry.rejectedQuantity;
  }
  const result = [...next.values()];
  const status = result.every((line) => outstanding(line) === 0) ? 'received' : 'partially_received';
  return { ok: true, lines: result, status };
}
