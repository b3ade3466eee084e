/**
 * The ticket lifecycle (TKT-7) as an explicit state machine. Invariant: a ticket moves only along
 * an edge of `edges`; every other move is refused with a message naming both states. Moves made by
 * dispatch and field work (assign, accept, travel, check-in) use the same table, so no path can
 * skip it. Pausing (SLA-3) follows the waiting states.
 */
import { AppError, invalidField } from '../../lib/app-error.js';
import type { clockKinds, pauseReasons, serviceModes, ticketStatuses } from './tickets.contract.js';

export type TicketStatus = (typeof ticketStatuses)[number];
export type ServiceMode = (typeof serviceModes)[number];
export type PauseReason = (typeof pauseReasons)[number];

export const statusLabels: Record<TicketStatus, { zh: string; en: string }> = {
  received: { zh: '已受理', en: 'Received' },
  classified: { zh: '已分类', en: 'Classified' },
  assigned: { zh: '已派工', en: 'Assigned' },
  accepted: { zh: '已接单', en: 'Accepted' },
  en_route: { zh: '在途', en: 'En route' },
  on_site: { zh: '已到场', en: 'On site' },
  in_progress: { zh: '处理中', en: 'In progress' },
  waiting_parts: { zh: '待配件', en: 'Waiting for parts' },
  waiting_customer: { zh: '待客户', en: 'Waiting for customer' },
  resolved: { zh: '已解决', en: 'Resolved' },
  customer_accepted: { zh: '客户已验收', en: 'Accepted by customer' },
  closed: { zh: '已关闭', en: 'Closed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  reopened: { zh: '已重开', en: 'Reopened' },
};

const workStates: TicketStatus[] = ['in_progress', 'waiting_parts', 'waiting_customer', 'resolved'];

/** Allowed moves. Cancelling is allowed from every open state (see `canCancel`). */
const edges: Record<TicketStatus, readonly TicketStatus[]> = {
  received: ['classified'],
  // The desk may handle a consultation itself (remote) without dispatching anyone.
  classified: ['assigned', 'in_progress'],
  // Back to classified when every engineer declined or was withdrawn.
  assigned: ['accepted', 'classified', 'assigned'],
  accepted: ['en_route', 'in_progress', 'assigned', 'classified'],
  en_route: ['on_site', 'assigned', 'accepted'],
  on_site: ['in_progress'],
  in_progress: ['waiting_parts', 'waiting_customer', 'resolved', 'en_route', 'assigned'],
  waiting_parts: ['in_progress', 'en_route', 'assigned'],
  waiting_customer: ['in_progress', 'en_route', 'assigned'],
  // Not fixed after all → back to work; accepted by the customer (signature) → customer_accepted.
  resolved: ['customer_accepted', 'in_progress', 'closed'],
  customer_accepted: ['closed'],
  closed: ['reopened'],
  cancelled: [],
  reopened: ['assigned', 'in_progress', 'classified'],
};

export const openStatuses: readonly TicketStatus[] = (Object.keys(edges) as TicketStatus[]).filter(
  (status) => status !== 'closed' && status !== 'cancelled',
);
export const isOpenStatus = (status: TicketStatus) => status !== 'closed' && status !== 'cancelled';

export function allowedNextStatuses(from: TicketStatus): TicketStatus[] {
  const next = [...edges[from]];
  if (isOpenStatus(from)) next.push('cancelled');
  return next;
}

export type TransitionContext = {
  serviceMode: ServiceMode | null;
  /** A signed field record or another recorded customer acceptance exists. */
  hasCustomerAcceptance?: boolean;
  reason?: string | null;
};

/**
 * Checks one move; throws CONFLICT naming both states when the edge does not exist, VALIDATION
 * when the move needs something the request did not give.
 */
export function assertTransition(from: TicketStatus, to: TicketStatus, context: TransitionContext): void {
  if (!allowedNextStatuses(from).includes(to)) {
    throw new AppError('CONFLICT', {
      zh: `工单状态为“${statusLabels[from].zh}”，不能变更为“${statusLabels[to].zh}”`,
      en: `A ticket that is ${statusLabels[from].en.toLowerCase()} cannot become ${statusLabels[to].en.toLowerCase()}`,
    });
  }
  if ((to === 'cancelled' || to === 'reopened') && !context.reason?.trim()) {
    throw invalidField(
      'reason',
      to === 'cancelled'
        ? { zh: '取消工单须填写原因', en: 'Give a reason for cancelling the ticket' }
        : { zh: '重开工单须填写原因', en: 'Give a reason for reopening the ticket' },
    );
  }
  if ((to === 'en_route' || to === 'on_site') && context.serviceMode !== 'on_site') {
    throw new AppError('CONFLICT', {
      zh: '只有上门服务的工单才有在途和到场状态',
      en: 'Only on-site tickets are travelled to and checked in',
    });
  }
  // Closing straight from resolved skips the customer's signature: only for remote handling and mailed parts.
  if (
    from === 'resolved' &&
    to === 'closed' &&
    context.serviceMode !== 'remote' &&
    context.serviceMode !== 'parts_by_mail'
  ) {
    if (!context.hasCustomerAcceptance) {
      throw new AppError('CONFLICT', {
        zh: '上门或送修的工单须经客户签字验收后才能关闭',
        en: 'On-site and send-in tickets are closed after the customer has signed for the work',
      });
    }
  }
}

/** The pause a status puts the SLA clocks in, if any (SLA-3). */
export function pauseReasonOf(status: TicketStatus): PauseReason | null {
  if (status === 'waiting_customer') return 'waiting_customer';
  if (status === 'waiting_parts') return 'waiting_parts';
  return null;
}

/** Statuses in which an engineer is working the ticket (used by workload and the engineer's view). */
export const engineerActiveStatuses: readonly TicketStatus[] = [
  'assigned',
  'accepted',
  'en_route',
  'on_site',
  ...workStates,
];

/**
 * Moves made by hand on the ticket page (POST /api/tickets/:id/transitions). The others belong to
 * their own commands: classify (→ classified) and dispatch (→ assigned, accepted, en route, on site).
 */
export const manualTransitionTargets: readonly TicketStatus[] = [
  'in_progress',
  'waiting_parts',
  'waiting_customer',
  'resolved',
  'customer_accepted',
  'closed',
  'cancelled',
  'reopened',
];

export function assertManualTransition(to: TicketStatus): void {
  if (manualTransitionTargets.includes(to)) return;
  throw new AppError('CONFLICT', {
    zh: `“${statusLabels[to].zh}”状态由${to === 'classified' ? '分类' : '派工'}操作产生，不能直接变更`,
    en: `A ticket becomes ${statusLabels[to].en.toLowerCase()} through ${to === 'classified' ? 'classification' : 'dispatch'}, not by a direct move`,
  });
}

type ClockKind = (typeof clockKinds)[number];

export type TransitionEffects = {
  /** Resume the paused clocks (leaving a waiting state). */
  resume: boolean;
  /** Pause the clocks with this reason (entering a waiting state). */
  pause: PauseReason | null;
  /** Clocks that stop at this move, with their outcome (met/breached). */
  stop: ClockKind[];
  /** Clocks that end at this move without an outcome: their event can no longer happen. */
  drop: ClockKind[];
  cancel: boolean;
  reopen: boolean;
};

/**
 * What a move does to the deadlines (SLA-3, TKT-9): waiting states pause and resume; check-in stops
 * arrival; resolution stops resolution (and response, if nobody recorded one: the customer was
 * evidently answered); a quality-information ticket that gets an engineer stops quality assignment;
 * the customer's acceptance of remote handling (or closing it after verifying) stops remote verification.
 */
export function transitionEffects(
  from: TicketStatus,
  to: TicketStatus,
  context: { serviceMode: ServiceMode | null; classification: 'technical' | 'quality' },
): TransitionEffects {
  const stop: ClockKind[] = [];
  const drop: ClockKind[] = [];
  if (to === 'on_site') stop.push('arrival');
  if (to === 'resolved') {
    stop.push('resolution', 'response', 'loaner');
    // Fixed without the visit, the plan or the desk finishing its record: those deadlines are moot.
    drop.push('arrival', 'technical_plan', 'intake', 'quality_assignment');
  }
  // A closed ticket has no running deadline left.
  if (to === 'closed')
    drop.push('response', 'arrival', 'resolution', 'intake', 'quality_assignment', 'technical_plan', 'loaner');
  if (to === 'assigned' && context.classification === 'quality') stop.push('quality_assignment');
  if (
    context.serviceMode === 'remote' &&
    (to === 'customer_accepted' || (to === 'closed' && (from === 'resolved' || from === 'customer_accepted')))
  ) {
    stop.push('remote_verification');
  }
  return {
    resume: pauseReasonOf(from) !== null && to !== 'cancelled',
    pause: pauseReasonOf(to),
    stop,
    drop,
    cancel: to === 'cancelled',
    reopen: to === 'reopened',
  };
}
