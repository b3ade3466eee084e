/**
 * Field work (DSP-4): the steps of a visit and what each step does to the ticket. Invariant: a
 * visit moves planned → travelling → on_site → checked_out (or is cancelled before check-out); every
 * other move, a second check-in among them, is refused with a message naming the state. Check-out
 * needs a result: done resolves the ticket, not done leaves it waiting for parts, for the customer,
 * or in progress, as the engineer chooses. The engineer's task list is ordered by urgency.
 */
import { AppError, invalidField, type LocalizedText } from '../../lib/app-error.js';

export const visitStatuses = ['planned', 'travelling', 'on_site', 'checked_out', 'cancelled'] as const;
export type VisitStatus = (typeof visitStatuses)[number];
export const visitResults = ['done', 'not_done'] as const;
export type VisitResult = (typeof visitResults)[number];
/** Where a ticket goes when the work was not finished on this visit. */
export const notDoneNextStatuses = ['waiting_parts', 'waiting_customer', 'in_progress'] as const;
export type NotDoneNextStatus = (typeof notDoneNextStatuses)[number];

export type VisitAction = 'start_travel' | 'check_in' | 'start_work' | 'edit_record' | 'sign' | 'check_out' | 'cancel';

export const visitStatusLabels: Record<VisitStatus, LocalizedText> = {
  planned: { zh: '已计划', en: 'planned' },
  travelling: { zh: '在途', en: 'travelling' },
  on_site: { zh: '已到场', en: 'on site' },
  checked_out: { zh: '已离场', en: 'checked out' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

const actionLabels: Record<VisitAction, LocalizedText> = {
  start_travel: { zh: '出发', en: 'start travelling' },
  check_in: { zh: '到场签到', en: 'check in' },
  start_work: { zh: '开始工作', en: 'start work' },
  edit_record: { zh: '填写服务记录', en: 'edit the service record' },
  sign: { zh: '客户签字', en: 'take the customer’s signature' },
  check_out: { zh: '离场', en: 'check out' },
  cancel: { zh: '取消', en: 'cancel' },
};

/** The visit statuses each action may start from. */
const allowedFrom: Record<VisitAction, readonly VisitStatus[]> = {
  start_travel: ['planned'],
  // Checking in without having pressed "start travel" records the travel start at the same moment.
  check_in: ['planned', 'travelling'],
  start_work: ['on_site'],
  edit_record: ['planned', 'travelling', 'on_site'],
  sign: ['on_site'],
  check_out: ['on_site'],
  cancel: ['planned', 'travelling'],
};

/** Throws CONFLICT (409) when the visit is not in a state the action starts from. */
export function assertVisitAction(status: VisitStatus, action: VisitAction): void {
  if (allowedFrom[action].includes(status)) return;
  const label = visitStatusLabels[status];
  const act = actionLabels[action];
  if (action === 'check_in' && (status === 'on_site' || status === 'checked_out')) {
    throw new AppError('CONFLICT', {
      zh: '本次外出服务已经签到过，不能重复签到',
      en: 'This visit was already checked in; a second check-in is refused',
    });
  }
  throw new AppError('CONFLICT', {
    zh: `外出服务状态为“${label.zh}”，不能${act.zh}`,
    en: `A visit that is ${label.en} cannot ${act.en}`,
  });
}

/** The visit status after an action. */
export function visitStatusAfter(action: VisitAction, status: VisitStatus): VisitStatus {
  switch (action) {
    case 'start_travel':
      return 'travelling';
    case 'check_in':
      return 'on_site';
    case 'check_out':
      return 'checked_out';
    case 'cancel':
      return 'cancelled';
    default:
      return status;
  }
}

/**
 * The ticket status a check-out leads to. Done resolves the ticket; not done needs the engineer's
 * choice of what the ticket now waits for (400 naming `nextStatus` without it).
 */
export function ticketStatusAfterCheckOut(
  result: VisitResult | null | undefined,
  nextStatus: NotDoneNextStatus | null | undefined,
): 'resolved' | NotDoneNextStatus {
  if (!result) {
    throw invalidField('result', {
      zh: '离场前须填写处理结果（完成或未完成）',
      en: 'Record the result (done or not done) before checking out',
    });
  }
  if (result === 'done') return 'resolved';
  if (!nextStatus) {
    throw invalidField('nextStatus', {
      zh: '未完成时须选择工单的下一步：待配件、待客户或继续处理',
      en: 'When the work is not done, choose what the ticket waits for: parts, the customer, or further work',
    });
  }
  return nextStatus;
}

/**
 * Ticket statuses to pass through so the ticket reaches `target` along the state machine's edges
 * when the engineer skipped a button (e.g. checked out without pressing "start work").
 */
export function pathToWorkStatus(current: string, target: string): string[] {
  const steps: string[] = [];
  let status = current;
  if (status === 'on_site' && target !== 'on_site') {
    steps.push('in_progress');
    status = 'in_progress';
  }
  if (status !== target) steps.push(target);
  return steps;
}

// ---------- the engineer's next step (the phone view's big button) ----------

export const taskSteps = [
  'accept',
  'start_travel',
  'check_in',
  'start_work',
  'record',
  'work_remotely',
  'waiting',
  'finished',
] as const;
export type TaskStep = (typeof taskSteps)[number];

/**
 * What the engineer does next on a task, from the assignment, the ticket and the open visit.
 * On-site tickets go through a visit; remote, send-in and mailed-parts tickets are worked without one.
 */
export function nextTaskStep(input: {
  assignmentStatus: string;
  ticketStatus: string;
  serviceMode: string | null;
  openVisitStatus: VisitStatus | null;
}): TaskStep {
  if (input.assignmentStatus === 'offered') return 'accept';
  if (input.assignmentStatus !== 'accepted') return 'finished';
  if (['resolved', 'customer_accepted', 'closed', 'cancelled'].includes(input.ticketStatus)) return 'finished';
  if (input.serviceMode !== 'on_site') {
    return input.ticketStatus === 'waiting_customer' || input.ticketStatus === 'waiting_parts'
      ? 'waiting'
      : 'work_remotely';
  }
  switch (input.openVisitStatus) {
    case 'travelling':
      return 'check_in';
    case 'on_site':
      return input.ticketStatus === 'on_site' ? 'start_work' : 'record';
    case 'planned':
    case null:
      if (input.ticketStatus === 'waiting_customer' || input.ticketStatus === 'waiting_parts') {
        return input.openVisitStatus === 'planned' ? 'start_travel' : 'waiting';
      }
      return 'start_travel';
    default:
      return 'start_travel';
  }
}

// ---------- urgency of the engineer's tasks ----------

export type TaskUrgencyFacts = {
  /** A running deadline of the ticket is already past due. */
  isBreached: boolean;
  /** The nearest due time of the ticket's running clocks (null when none runs). */
  nextDueAt: Date | null;
  faultLevel: number;
  assignedAt: Date;
  id: number;
};

/** Most urgent first: breached, then the nearest running deadline, then the fault level (1 first), then the oldest. */
export function compareTaskUrgency(a: TaskUrgencyFacts, b: TaskUrgencyFacts): number {
  if (a.isBreached !== b.isBreached) return a.isBreached ? -1 : 1;
  const aDue = a.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const bDue = b.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (aDue !== bDue) return aDue < bDue ? -1 : 1;
  if (a.faultLevel !== b.faultLevel) return a.faultLevel - b.faultLevel;
  if (a.assignedAt.getTime() !== b.assignedAt.getTime()) return a.assignedAt.getTime() - b.assignedAt.getTime();
  return a.id - b.id;
}

// ---------- parts on the record (三包件 / 客户购买件) ----------

export type PartLine = {
  name: string;
  quantity: number;
  kind: 'warranty' | 'customer_bought';
  unitPriceFen?: number;
  /** Catalogue parts (consumed part requests) carry their code; free-entry lines have none. */
  code?: string | null;
};

/** The repair record's two tables: warranty parts (no price) and parts the customer bought (price × quantity). */
export function partsTables(parts: readonly PartLine[]) {
  const warranty = parts
    .filter((p) => p.kind === 'warranty')
    .map((p) => ({ ...(p.code ? { code: p.code } : {}), name: p.name, quantity: p.quantity }));
  const bought = parts
    .filter((p) => p.kind === 'customer_bought')
    .map((p) => ({
      ...(p.code ? { code: p.code } : {}),
      name: p.name,
      quantity: p.quantity,
      unitPriceFen: p.unitPriceFen ?? null,
      totalFen: p.unitPriceFen === undefined ? null : Math.round(p.unitPriceFen * p.quantity),
    }));
  const boughtTotalFen = bought.every((p) => p.totalFen !== null)
    ? bought.reduce((sum, p) => sum + (p.totalFen ?? 0), 0)
    : null;
  return { warranty, bought, boughtTotalFen };
}
