/**
 * Moving a ticket along its lifecycle (TKT-7) inside the caller's transaction: the edge is checked
 * by the state machine, the row changes only if it still has the status and version it was read
 * with (row lock + conditional update: two concurrent moves give exactly one winner), the timeline
 * gets its event, and the deadlines follow (pause/resume on the waiting states, clock stops,
 * cancel, reopen — SLA-3, TKT-9). The tickets routes and the dispatch module both move tickets
 * only through `transitionTicket`.
 */
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { AppError, notFound, versionConflict } from '../../lib/app-error.js';
import { customers } from '../customers/customers.table.js';
import { visits } from '../dispatch/dispatch.table.js';
import { scheduleTicketReturnVisit } from '../feedback/return-visits.schedule.js';
import { createClosureSurvey } from '../feedback/survey-closure.js';
import { enqueueNotification, type NotificationRecipient } from '../notify/outbox.js';
import type { SlaClocksService } from '../sla/sla-clocks.service.js';
import { assertTransition, type TicketStatus, transitionEffects } from './ticket-lifecycle.rules.js';
import type { ticketEventKinds } from './tickets.contract.js';
import { ticketEvents, tickets } from './tickets.table.js';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventKind = (typeof ticketEventKinds)[number];

export const ticketLabel = { zh: '工单', en: 'Ticket' } as const;

/** Locks the ticket row (FOR UPDATE) within `scope`; NOT_FOUND when absent or outside the scope. */
export async function lockTicket(tx: DbOrTx, ticketId: number, scope?: SQL): Promise<TicketRow> {
  const [row] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), scope))
    .for('update');
  if (!row) throw notFound(ticketLabel.zh, ticketLabel.en);
  return row;
}

/** Throws 409 when the client's version is stale. */
export function assertVersion(row: Pick<TicketRow, 'version'>, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw versionConflict(ticketLabel.zh, ticketLabel.en);
  }
}

/** Appends one entry to the ticket's timeline (append-only). */
export async function writeTicketEvent(
  tx: DbOrTx,
  event: {
    ticketId: number;
    at: Date;
    actorId: number | null;
    kind: TicketEventKind;
    fromStatus?: TicketStatus | null;
    toStatus?: TicketStatus | null;
    note?: string | null;
    data?: Record<string, unknown> | null;
  },
): Promise<number> {
  const [row] = await tx
    .insert(ticketEvents)
    .values({
      ticketId: event.ticketId,
      at: event.at,
      actorId: event.actorId,
      kind: event.kind,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      note: event.note ?? null,
      data: event.data ?? null,
    })
    .returning({ id: ticketEvents.id });
  return row.id;
}

const isMobile = (value: string | null | undefined): value is string => !!value && /^1[3-9]\d{9}$/.test(value);

/** Where a customer message about this ticket goes: a mobile for SMS, else an email address, else nowhere. */
export async function customerRecipient(
  tx: DbOrTx,
  ticket: Pick<TicketRow, 'customerId' | 'contactPhone'>,
): Promise<NotificationRecipient | null> {
  if (isMobile(ticket.contactPhone)) return { phone: ticket.contactPhone };
  const [customer] = await tx
    .select({ phone: customers.phone, email: customers.email })
    .from(customers)
    .where(eq(customers.id, ticket.customerId));
  if (isMobile(customer?.phone)) return { phone: customer.phone };
  if (customer?.email) return { email: customer.email };
  return null;
}

export type TransitionRequest = {
  ticketId: number;
  to: TicketStatus;
  /** Who moves it; null for a move made by the system. */
  actor: Pick<Actor, 'id'> | null;
  at: Date;
  note?: string | null;
  /** Required for cancelled and reopened. */
  reason?: string | null;
  /** Extra facts for the timeline entry (e.g. the assignment id). */
  data?: Record<string, unknown> | null;
  /** The version the client loaded; omitted by server-side callers that hold the row lock themselves. */
  expectedVersion?: number;
  /** Restricts the ticket to the caller's stations (NOT_FOUND outside). */
  scope?: SQL;
  /** The timeline entry's kind (default 'transition'). */
  eventKind?: TicketEventKind;
  /** Extra columns to set in the same update (e.g. classify's fields). */
  patch?: Partial<Omit<TicketRow, 'id' | 'status' | 'version'>>;
};

/** The app's one deadline engine (its calendar and settings caches are shared by every caller). */
export type TransitionDeps = { slaClocks: SlaClocksService };

/**
 * Moves a ticket to `to` inside the caller's transaction and returns the updated row. Throws
 * CONFLICT (409) for an illegal move or a stale `expectedVersion`, VALIDATION (400, field `reason`)
 * for a cancel/reopen without a reason, NOT_FOUND outside `scope`.
 *
 *   await db.transaction(async (tx) => {
 *     await transitionTicket(tx, { ticketId, to: 'accepted', actor, at: now, data: { assignmentId } }, { slaClocks });
 *   });
 */
export async function transitionTicket(
  tx: DbOrTx,
  request: TransitionRequest,
  deps: TransitionDeps,
): Promise<TicketRow> {
  const row = await lockTicket(tx, request.ticketId, request.scope);
  assertVersion(row, request.expectedVersion);
  const from = row.status;
  const to = request.to;
  const reason = request.reason?.trim() || null;
  const needsAcceptance =
    from === 'resolved' && to === 'closed' && row.serviceMode !== 'remote' && row.serviceMode !== 'parts_by_mail';
  const hasCustomerAcceptance = needsAcceptance ? await hasSignedVisit(tx, row.id) : false;
  assertTransition(from, to, { serviceMode: row.serviceMode, hasCustomerAcceptance, reason });

  const at = request.at;
  const patch: Record<string, unknown> = { ...(request.patch ?? {}), status: to, updatedAt: at };
  if (to === 'resolved') patch.resolvedAt = at;
  if (from === 'resolved' && to === 'in_progress') patch.resolvedAt = null;
  if (to === 'closed') patch.closedAt = at;
  if (to === 'cancelled') patch.cancelReason = reason;
  if (to === 'on_site' && !row.arrivedAt) patch.arrivedAt = at;
  if (to === 'reopened') {
    patch.reopenCount = sql`${tickets.reopenCount} + 1`;
    patch.resolvedAt = null;
    patch.closedAt = null;
  }
  const [updated] = await tx
    .update(tickets)
    .set({ ...patch, version: sql`${tickets.version} + 1` } as never)
    .where(and(eq(tickets.id, row.id), eq(tickets.version, row.version), eq(tickets.status, from)))
    .returning();
  // Unreachable while the row is locked; kept so the invariant does not depend on the lock.
  if (!updated) throw versionConflict(ticketLabel.zh, ticketLabel.en);

  await writeTicketEvent(tx, {
    ticketId: row.id,
    at,
    actorId: request.actor?.id ?? null,
    kind: request.eventKind ?? 'transition',
    fromStatus: from,
    toStatus: to,
    note: request.note ?? reason,
    data: reason || request.data ? { ...(request.data ?? {}), ...(reason ? { reason } : {}) } : null,
  });

  const clocks = deps.slaClocks;
  const effects = transitionEffects(from, to, {
    serviceMode: updated.serviceMode,
    classification: updated.classification,
  });
  if (effects.resume) await clocks.resume(tx, row.id, at);
  if (effects.pause) await clocks.pause(tx, row.id, effects.pause, at);
  for (const kind of effects.stop) await clocks.stopClock(tx, row.id, kind, at);
  if (effects.drop.length > 0) await clocks.cancel(tx, row.id, at, effects.drop);
  if (effects.cancel) await clocks.cancel(tx, row.id, at);
  if (effects.reopen) await clocks.reopen(tx, row.id, at);

  // FBK-1: every closure gets its satisfaction survey (and the customer's link) in this transaction.
  if (to === 'closed') await createClosureSurvey(tx, updated, at);
  // FBK-3: the result check after remote handling / the visit after a repair.
  if (to === 'resolved') await scheduleTicketReturnVisit(tx, updated, at);

  if (to === 'resolved') {
    const recipient = await customerRecipient(tx, updated);
    if (recipient) {
      await enqueueNotification(tx, {
        template: 'ticket.resolved',
        payload: { ticketId: updated.id, ticketNumber: updated.number },
        to: recipient,
        dedupeKey: `ticket.resolved:${updated.id}:${updated.reopenCount}:${at.getTime()}`,
      });
    }
  }
  return updated;
}

/** A signed field service record or send-in receipt counts as the customer's acceptance. */
async function hasSignedVisit(tx: DbOrTx, ticketId: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.ticketId, ticketId), sql`${visits.signedAt} is not null`))
    .limit(1);
  return Boolean(row);
}

/** 409 unless the ticket is still open (edits, responses and plans of closed tickets are refused). */
export function assertOpen(row: Pick<TicketRow, 'status'>): void {
  if (row.status === 'closed' || row.status === 'cancelled') {
    throw new AppError('CONFLICT', {
      zh: '工单已关闭或已取消，不能再修改；如需继续处理请先重开',
      en: 'The ticket is closed or cancelled and cannot be changed; reopen it first',
    });
  }
}
