/**
 * Parts on a ticket and faulty-part returns (PRT-3, PRT-6, DSP-4), pure. A part request moves
 * requested → reserved → issued → consumed | returned, or is cancelled before it is issued; what was
 * issued is accounted for exactly once (consumed + returned = issued when the engineer reports).
 * A warranty part (三包件) that replaced a faulty one makes the faulty part due back within
 * `parts.faultyReturnHours` of the engineer's return; it is booked into defective stock, inspected
 * with a nonconformance report (不合格品报告处理单), its responsibility decided and then closed.
 */
import type { LocalizedText } from '../../lib/app-error.js';

export const partRequestStatusValues = [
  'requested',
  'reserved',
  'issued',
  'consumed',
  'returned',
  'cancelled',
] as const;
export type PartRequestStatus = (typeof partRequestStatusValues)[number];
export const partRequestActions = ['reserve', 'issue', 'consume', 'return', 'cancel'] as const;
export type PartRequestAction = (typeof partRequestActions)[number];

const allowedFrom: Record<PartRequestAction, readonly PartRequestStatus[]> = {
  reserve: ['requested'],
  issue: ['requested', 'reserved'],
  consume: ['issued'],
  return: ['issued'],
  cancel: ['requested', 'reserved'],
};

export const canApplyRequestAction = (status: PartRequestStatus, action: PartRequestAction) =>
  allowedFrom[action].includes(status);

const statusText: Record<PartRequestStatus, LocalizedText> = {
  requested: { zh: '已申请', en: 'requested' },
  reserved: { zh: '已预留', en: 'reserved' },
  issued: { zh: '已出库', en: 'issued' },
  consumed: { zh: '已消耗', en: 'consumed' },
  returned: { zh: '已退回', en: 'returned' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};
const actionText: Record<PartRequestAction, LocalizedText> = {
  reserve: { zh: '预留', en: 'reserve' },
  issue: { zh: '出库', en: 'issue' },
  consume: { zh: '登记消耗', en: 'record consumption of' },
  return: { zh: '退回', en: 'return' },
  cancel: { zh: '取消', en: 'cancel' },
};

/** Why an action is refused in a status (the 409 message), or null when it is allowed. */
export function requestActionRefusal(status: PartRequestStatus, action: PartRequestAction): LocalizedText | null {
  if (canApplyRequestAction(status, action)) return null;
  return {
    zh: `配件申请${statusText[status].zh}，不能${actionText[action].zh}`,
    en: `Cannot ${actionText[action].en} a part request that is ${statusText[status].en}`,
  };
}

/** Ticket statuses in which no new part may be requested, reserved or issued. */
export const ticketStatusesWithoutParts = ['closed', 'cancelled'] as const;
export const ticketTakesParts = (status: string) => !(ticketStatusesWithoutParts as readonly string[]).includes(status);

export type ChargeKind = 'warranty' | 'customer_bought';
export type WarrantyFacts = {
  /** The equipment's computed warranty end (yyyy-mm-dd), if the ticket names a unit. */
  warrantyEnd: string | null;
  /** The ticket's warranty snapshot at receipt. */
  ticketWarrantyStatus: 'in_warranty' | 'expiring' | 'expired' | 'unknown';
  /** A repeat of a repaired fault within warranty is repaired free (TKT-7). */
  isFreeRepeat: boolean;
};

/**
 * The default column of the repair record: 三包件 when the unit is in warranty on `today`
 * (yyyy-mm-dd, the organisation's day), else 客户购买件. Without a known warranty end the ticket's
 * snapshot decides; unknown means the customer pays until someone says otherwise.
 */
export function defaultChargeKind(facts: WarrantyFacts, today: string): ChargeKind {
  if (facts.isFreeRepeat) return 'warranty';
  if (facts.warrantyEnd) return facts.warrantyEnd >= today ? 'warranty' : 'customer_bought';
  return facts.ticketWarrantyStatus === 'in_warranty' || facts.ticketWarrantyStatus === 'expiring'
    ? 'warranty'
    : 'customer_bought';
}

export type ConsumptionInput = {
  issuedQuantity: number;
  consumedQuantity: number;
  /** Default: everything issued and not consumed comes back. */
  returnedQuantity?: number | null;
};

export type FieldProblem = { field: string; text: LocalizedText };

/** Consumed + returned must account for exactly what was issued. */
export function settleConsumption(
  input: ConsumptionInput,
):
  | { ok: true; consumed: number; returned: number; status: 'consumed' | 'returned' }
  | { ok: false; problem: FieldProblem } {
  const { issuedQuantity, consumedQuantity } = input;
  if (consumedQuantity > issuedQuantity) {
    return {
      ok: false,
      problem: {
        field: 'consumedQuantity',
        text: {
          zh: `消耗数量 ${consumedQuantity} 超过出库数量 ${issuedQuantity}`,
          en: `Consumed ${consumedQuantity} is more than the ${issuedQuantity} issued`,
        },
      },
    };
  }
  const returned = input.returnedQuantity ?? issuedQuantity - consumedQuantity;
  if (consumedQuantity + returned !== issuedQuantity) {
    return {
      ok: false,
      problem: {
        field: 'returnedQuantity',
        text: {
          zh: `消耗 ${consumedQuantity} 加退回 ${returned} 应等于出库数量 ${issuedQuantity}`,
          en: `Consumed ${consumedQuantity} plus returned ${returned} must equal the ${issuedQuantity} issued`,
        },
      },
    };
  }
  return { ok: true, consumed: consumedQuantity, returned, status: consumedQuantity > 0 ? 'consumed' : 'returned' };
}

/**
 * Whether the consumption leaves a faulty part to bring back (PRT-6): only warranty parts that
 * replaced a faulty one (consumables and software do not, unless the engineer says so).
 */
export function owesFaultyReturn(input: {
  chargeKind: ChargeKind;
  consumedQuantity: number;
  category: string;
  replacedFaulty?: boolean | null;
}): boolean {
  if (input.chargeKind !== 'warranty' || input.consumedQuantity <= 0) return false;
  if (input.replacedFaulty != null) return input.replacedFaulty;
  return input.category !== 'consumable' && input.category !== 'software';
}

/** Due time of the faulty part: `hours` after the engineer's return (visit check-out, else consumption). */
export function faultyReturnDueAt(engineerBackAt: Date, hours: number): Date {
  return new Date(engineerBackAt.getTime() + hours * 3_600_000);
}

export const isFaultyReturnOverdue = (row: { status: string; dueAt: Date }, now: Date) =>
  row.status === 'due' && row.dueAt.getTime() < now.getTime();

// ---------- faulty returns ----------

export const faultyReturnStatusValues = ['due', 'received', 'inspected', 'closed'] as const;
export type FaultyReturnStatus = (typeof faultyReturnStatusValues)[number];
export const faultyReturnActions = ['receive', 'inspect', 'close'] as const;
export type FaultyReturnAction = (typeof faultyReturnActions)[number];

const faultyAllowedFrom: Record<FaultyReturnAction, readonly FaultyReturnStatus[]> = {
  receive: ['due'],
  // The inspection can be corrected until the return is closed; the NCR number stays.
  inspect: ['received', 'inspected'],
  close: ['inspected'],
};
const faultyStatusText: Record<FaultyReturnStatus, LocalizedText> = {
  due: { zh: '待返还', en: 'due' },
  received: { zh: '已入不良品库', en: 'received' },
  inspected: { zh: '已检验', en: 'inspected' },
  closed: { zh: '已关闭', en: 'closed' },
};
const faultyActionText: Record<FaultyReturnAction, LocalizedText> = {
  receive: { zh: '入库', en: 'book in' },
  inspect: { zh: '检验', en: 'inspect' },
  close: { zh: '关闭', en: 'close' },
};

export function faultyActionRefusal(status: FaultyReturnStatus, action: FaultyReturnAction): LocalizedText | null {
  if (faultyAllowedFrom[action].includes(status)) return null;
  return {
    zh: `旧件返还单${faultyStatusText[status].zh}，不能${faultyActionText[action].zh}`,
    en: `Cannot ${faultyActionText[action].en} a faulty-part return that is ${faultyStatusText[status].en}`,
  };
}

export type Responsibility = 'ours' | 'customer' | 'supplier';
export type Disposition = 'repair' | 'scrap' | 'return_to_supplier';
export type InspectionInput = {
  responsibility: Responsibility;
  disposition: Disposition;
  supplierId?: number | null;
  chargeFen?: number | null;
};

/**
 * Responsibility decides the money (PRT-6 [001 4.5.3]): ours → free (no charge); the customer's →
 * chargeable, with an amount; the supplier's → a claim to a named supplier. Returning the part to
 * the supplier needs the supplier too. Returns every problem, each naming its field.
 */
export function inspectionProblems(input: InspectionInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.responsibility === 'customer' && (input.chargeFen == null || input.chargeFen <= 0)) {
    problems.push({
      field: 'chargeFen',
      text: { zh: '客户责任须填写收费金额', en: "The customer's responsibility needs the amount to charge" },
    });
  }
  if (input.responsibility !== 'customer' && input.chargeFen != null && input.chargeFen !== 0) {
    problems.push({
      field: 'chargeFen',
      text: { zh: '只有客户责任才向客户收费', en: "Only the customer's responsibility is charged to the customer" },
    });
  }
  if ((input.responsibility === 'supplier' || input.disposition === 'return_to_supplier') && !input.supplierId) {
    problems.push({
      field: 'supplierId',
      text: {
        zh: '供应商责任或退供应商须指定供应商',
        en: "The supplier's responsibility or a return to the supplier needs the supplier",
      },
    });
  }
  return problems;
}

export type LedgerStep = {
  kind: 'defective_out' | 'receipt';
  condition: 'good' | 'defective';
  /** Signed change of on-hand. */
  quantity: number;
};

/**
 * The ledger entries that carry out a disposition when the return is closed. Every disposition takes
 * the part out of defective stock (`defective_out`); a repaired part then comes back into good stock
 * as a receipt (accepted after repair), so each stock's on-hand keeps equalling its ledger sum and the
 * repaired unit is visible in the good-stock history.
 */
export function dispositionSteps(disposition: Disposition, quantity: number): LedgerStep[] {
  const out: LedgerStep = { kind: 'defective_out', condition: 'defective', quantity: -quantity };
  return disposition === 'repair' ? [out, { kind: 'receipt', condition: 'good', quantity }] : [out];
}

/** The customer's charge that a responsibility implies (ours and the supplier's are free to the customer). */
export const customerCharge = (responsibility: Responsibility, chargeFen: number | null | undefined) =>
  responsibility === 'customer' ? (chargeFen ?? 0) : 0;
