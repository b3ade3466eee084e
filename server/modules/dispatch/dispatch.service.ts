/**
 * Dispatch use cases (DSP-1, DSP-2): suggestions with reasons, assigning and reassigning engineers,
 * the engineer's accept/decline, the engineer's task list, qualifications and leaves. Every command
 * locks the ticket row first, so commands on one ticket run one at a time and a stale
 * `expectedVersion` answers 409 (two dispatchers assigning at once: exactly one wins).
 */
import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { type Actor, canSeeStation, scopeToStation } from '../../lib/access.js';
import { AppError, invalidField, notFound } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { customers, equipment, productModels } from '../customers/customers.table.js';
import { enqueueNotification } from '../notify/outbox.js';
import { stations, users } from '../org/org.table.js';
import type { SettingsService } from '../org/settings.service.js';
import type { SlaClocksService } from '../sla/sla-clocks.service.js';
import {
  assertVersion,
  customerRecipient,
  lockTicket,
  type TicketRow,
  transitionTicket,
  writeTicketEvent,
} from '../tickets/ticket-transitions.js';
import { ticketClocks, tickets } from '../tickets/tickets.table.js';
import { blockingReasons, dayInZone, rankCandidates, scoreCandidate } from './assignment.rules.js';
import type {
  acceptInput,
  assignInput,
  leaveInput,
  qualificationInput,
  remoteProgressInput,
  suggestionsQuery,
} from './dispatch.contract.js';
import { assignments, engineerLeaves, engineerQualifications, visits } from './dispatch.table.js';
import {
  assignmentLabel,
  listTicketAssignments,
  liveAssignmentStatuses,
  loadCandidateFacts,
  loadVisits,
  openVisitStatuses,
  workloadTicketStatuses,
} from './dispatch-queries.js';
import { compareTaskUrgency, nextTaskStep, type VisitStatus } from './field-work.rules.js';

registerConstraintMessages({
  assignments_one_live_lead: {
    field: 'engineerIds',
    text: {
      zh: '该工单已有负责工程师（可能刚被其他人派工），请刷新后重试',
      en: 'The ticket already has a lead engineer (someone may have just dispatched it); reload and try again',
    },
  },
  assignments_one_live_per_engineer: {
    field: 'engineerIds',
    text: {
      zh: '该工程师已被派到此工单，请刷新后重试',
      en: 'This engineer is already assigned to the ticket; reload and try again',
    },
  },
  engineer_leaves_order: {
    field: 'endsAt',
    text: { zh: '结束时间须晚于开始时间', en: 'The end must be after the start' },
  },
});

export type DispatchDeps = {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  /** The app's deadline engine. */
  slaClocks: SlaClocksService;
};

export type DispatchService = ReturnType<typeof createDispatchService>;

/** Statuses from which a dispatcher may (re)assign. */
const assignableStatuses = new Set([
  'classified',
  'reopened',
  'assigned',
  'accepted',
  'en_route',
  'in_progress',
  'waiting_parts',
  'waiting_customer',
]);

/** Qualifications and leave are part of the user's record: their changes go on the user's history. */
function auditUserItem(
  tx: DbOrTx,
  actor: Actor,
  userId: number,
  item: 'qualification' | 'leave',
  before: unknown,
  after: unknown,
) {
  return recordAudit(tx, {
    entityType: 'user',
    entityId: userId,
    action: 'update',
    actor,
    before: { [item]: before },
    after: { [item]: after },
  });
}

export function createDispatchService(deps: DispatchDeps) {
  const { db, clock, settings, slaClocks } = deps;
  const transitionDeps = { slaClocks };

  async function stationRegion(tx: DbOrTx, stationId: number) {
    const [row] = await tx.select({ region: stations.region }).from(stations).where(eq(stations.id, stationId));
    return row?.region ?? null;
  }

  async function ticketFacts(tx: DbOrTx, ticket: TicketRow, at: Date) {
    const timeZone = await settings.get('org.timeZone', tx);
    return {
      stationId: ticket.stationId,
      stationRegion: await stationRegion(tx, ticket.stationId),
      productCategory:
        ticket.productCategory && ticket.productCategory !== 'undetermined' ? ticket.productCategory : null,
      type: ticket.type,
      expectedAt: at,
      expectedDay: dayInZone(at, timeZone),
    };
  }

  /** Engineers of the ticket's station and of the stations of its region. */
  async function candidatesFor(tx: DbOrTx, ticket: TicketRow, at: Date) {
    const region = await stationRegion(tx, ticket.stationId);
    const area = region
      ? or(eq(users.stationId, ticket.stationId), eq(stations.region, region))
      : eq(users.stationId, ticket.stationId);
    return loadCandidateFacts(tx, and(sql`'engineer' = any(${users.roles})`, eq(users.isActive, true), area), at);
  }

  async function getScopedTicket(tx: DbOrTx, actor: Actor, ticketId: number) {
    const [row] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, ticketId), scopeToStation(actor, tickets.stationId)));
    if (!row) throw notFound('工单', 'Ticket');
    return row;
  }

  async function lockAssignment(tx: DbOrTx, assignmentId: number) {
    const [row] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId));
    if (!row) throw notFound(assignmentLabel.zh, assignmentLabel.en);
    return row;
  }

  /** The engineer's own assignment with its ticket locked (others' assignments are not found). */
  async function lockOwnAssignment(tx: DbOrTx, actor: Actor, assignmentId: number) {
    const found = await lockAssignment(tx, assignmentId);
    if (found.engineerId !== actor.id) throw notFound(assignmentLabel.zh, assignmentLabel.en);
    const ticket = await lockTicket(tx, found.ticketId);
    const [row] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId)).for('update');
    return { assignment: row, ticket };
  }

  async function dispatcherLocale(tx: DbOrTx, userId: number) {
    const [row] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
    return row?.locale ?? 'zh-CN';
  }

  async function bumpTicketVersion(tx: DbOrTx, ticketId: number, at: Date) {
    await tx
      .update(tickets)
      .set({ version: sql`${tickets.version} + 1`, updatedAt: at })
      .where(eq(tickets.id, ticketId));
  }

  async function ticketVersion(tx: DbOrTx, ticketId: number) {
    const [row] = await tx.select({ version: tickets.version }).from(tickets).where(eq(tickets.id, ticketId));
    return row.version;
  }

  /** Withdraws live assignments (and cancels their engineers' open visits on the ticket). */
  async function withdrawLive(
    tx: DbOrTx,
    actor: Actor,
    ticketId: number,
    ids: number[],
    at: Date,
    note: string | null,
  ) {
    if (ids.length === 0) return;
    const withdrawn = await tx
      .update(assignments)
      .set({ status: 'withdrawn', respondedAt: at, version: sql`${assignments.version} + 1` })
      .where(and(inArray(assignments.id, ids), inArray(assignments.status, [...liveAssignmentStatuses])))
      .returning();
    for (const row of withdrawn) {
      await tx
        .update(visits)
        .set({ status: 'cancelled', updatedAt: at, version: sql`${visits.version} + 1` })
        .where(
          and(
            eq(visits.ticketId, ticketId),
            eq(visits.engineerId, row.engineerId),
            inArray(visits.status, ['planned', 'travelling']),
          ),
        );
      await writeTicketEvent(tx, {
        ticketId,
        at,
        actorId: actor.id,
        kind: 'assignment_withdrawn',
        note,
        data: { assignmentId: row.id, engineerId: row.engineerId },
      });
    }
  }

  return {
    /** GET /api/tickets/:id/assignment-suggestions */
    async suggestEngineers(actor: Actor, ticketId: number, query: z.output<typeof suggestionsQuery>) {
      const ticket = await getScopedTicket(db, actor, ticketId);
      const at = query.at ?? clock.now();
      const facts = await ticketFacts(db, ticket, at);
      const candidates = await candidatesFor(db, ticket, at);
      const byId = new Map(candidates.map((c) => [c.id, c]));
      return {
        ticketId,
        productCategory: facts.productCategory,
        expectedAt: at,
        items: rankCandidates(facts, candidates).map((suggestion) => {
          const candidate = byId.get(suggestion.engineerId)!;
          return {
            ...suggestion,
            displayName: candidate.displayName,
            phone: candidate.phone,
            stationId: candidate.stationId,
            stationName: candidate.stationName,
            departmentName: candidate.departmentName,
            skills: [...candidate.skills],
            specialty: candidate.specialty,
          };
        }),
      };
    },

    /** GET /api/tickets/:id/assignments */
    async listAssignments(actor: Actor, ticketId: number) {
      const ticket = await getScopedTicket(db, actor, ticketId);
      return { items: await listTicketAssignments(db, ticketId), ticketVersion: ticket.version };
    },

    /**
     * POST /api/tickets/:id/assignments — assigns the engineers (lead first). Engineers with a live
     * assignment who stay keep it (their role follows the new order); the others are withdrawn.
     */
    assignEngineers: (actor: Actor, ticketId: number, input: z.output<typeof assignInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const ticket = await lockTicket(tx, ticketId, scopeToStation(actor, tickets.stationId));
        assertVersion(ticket, input.expectedVersion);
        if (!assignableStatuses.has(ticket.status)) {
          throw new AppError('CONFLICT', {
            zh: '工单当前状态不能派工（须先完成分类，且未解决、未关闭）',
            en: 'The ticket cannot be dispatched in its current state (classify it first; not resolved or closed)',
          });
        }
        const engineerIds = input.engineerIds;
        const duplicate = engineerIds.find((id, index) => engineerIds.indexOf(id) !== index);
        if (duplicate !== undefined) {
          throw invalidField('engineerIds', { zh: '同一工程师不能重复选择', en: 'An engineer is chosen twice' });
        }

        // Eligibility of exactly these engineers at the expected time (DSP-1).
        const at = input.expectedArrivalAt ?? now;
        const facts = await ticketFacts(tx, ticket, at);
        const found = await loadCandidateFacts(tx, and(inArray(users.id, engineerIds)), at);
        const problems: { field: string; message: string; zh: string; en: string }[] = [];
        engineerIds.forEach((id, index) => {
          const candidate = found.find((c) => c.id === id);
          if (!candidate) {
            problems.push({
              field: `engineerIds.${index}`,
              message: `User #${id} does not exist`,
              zh: `用户 #${id} 不存在`,
              en: `User #${id} does not exist`,
            });
            return;
          }
          const blocking = blockingReasons(scoreCandidate(facts, candidate));
          if (blocking.length > 0) {
            const en = `${candidate.displayName}: ${blocking.map((r) => r.en).join('; ')}`;
            problems.push({
              field: `engineerIds.${index}`,
              message: en,
              zh: `${candidate.displayName}：${blocking.map((r) => r.zh).join('；')}`,
              en,
            });
          }
        });
        if (problems.length > 0) {
          throw new AppError(
            'VALIDATION',
            {
              zh: `以下人员不能派工：${problems.map((p) => p.zh).join('。')}`,
              en: `These people cannot be dispatched: ${problems.map((p) => p.en).join('. ')}`,
            },
            { fields: problems.map(({ field, message }) => ({ field, message })) },
          );
        }

        const live = await tx
          .select()
          .from(assignments)
          .where(and(eq(assignments.ticketId, ticketId), inArray(assignments.status, [...liveAssignmentStatuses])))
          .for('update');
        const previousLead = live.find((row) => row.role === 'lead');
        const leadId = engineerIds[0];
        const leadKept = previousLead?.engineerId === leadId && previousLead.status === 'accepted';

        await withdrawLive(
          tx,
          actor,
          ticketId,
          live.filter((row) => !engineerIds.includes(row.engineerId)).map((row) => row.id),
          now,
          input.note ?? null,
        );
        // Stayers first become assistants so the new lead never meets the one-live-lead index twice.
        const kept = live.filter((row) => engineerIds.includes(row.engineerId));
        if (kept.length > 0) {
          await tx
            .update(assignments)
            .set({ role: 'assistant', version: sql`${assignments.version} + 1` })
            .where(
              inArray(
                assignments.id,
                kept.map((row) => row.id),
              ),
            );
        }
        const created: (typeof assignments.$inferSelect)[] = [];
        for (const [index, engineerId] of engineerIds.entries()) {
          const role = index === 0 ? 'lead' : 'assistant';
          const stayer = kept.find((row) => row.engineerId === engineerId);
          if (stayer) {
            await tx
              .update(assignments)
              .set({
                role,
                expectedArrivalAt: input.expectedArrivalAt ?? stayer.expectedArrivalAt,
                note: input.note ?? stayer.note,
              })
              .where(eq(assignments.id, stayer.id));
            continue;
          }
          const [row] = await tx
            .insert(assignments)
            .values({
              ticketId,
              engineerId,
              role,
              status: 'offered',
              assignedBy: actor.id,
              assignedAt: now,
              expectedArrivalAt: input.expectedArrivalAt ?? null,
              note: input.note ?? null,
            })
            .returning();
          created.push(row);
        }

        const data = { engineerIds, expectedArrivalAt: input.expectedArrivalAt?.toISOString() ?? null };
        if (ticket.status !== 'assigned' && !leadKept) {
          await transitionTicket(
            tx,
            { ticketId, to: 'assigned', actor, at: now, note: input.note ?? null, data, eventKind: 'assigned' },
            transitionDeps,
          );
        } else if (ticket.status === 'assigned' && previousLead && previousLead.engineerId !== leadId) {
          // A new lead on an assigned ticket: the reassignment is a move on the timeline too.
          await transitionTicket(
            tx,
            { ticketId, to: 'assigned', actor, at: now, note: input.note ?? null, data, eventKind: 'assigned' },
            transitionDeps,
          );
        } else {
          await bumpTicketVersion(tx, ticketId, now);
          await writeTicketEvent(tx, {
            ticketId,
            at: now,
            actorId: actor.id,
            kind: 'assigned',
            note: input.note ?? null,
            data,
          });
        }

        const [customer] = await tx
          .select({ name: customers.name })
          .from(customers)
          .where(eq(customers.id, ticket.customerId));
        for (const row of created) {
          await enqueueNotification(tx, {
            template: 'ticket.assigned_engineer',
            payload: {
              ticketId,
              ticketNumber: ticket.number,
              customerName: customer?.name ?? '—',
              faultLevel: ticket.faultLevel,
            },
            to: { userId: row.engineerId },
            channel: 'in_app',
            dedupeKey: `ticket.assigned_engineer:${row.id}`,
          });
        }
        await recordAudit(tx, {
          entityType: 'ticket',
          entityId: ticketId,
          action: 'update',
          actor,
          before: { engineers: live.map((row) => row.engineerId) },
          after: { engineers: engineerIds },
        });
        return { items: await listTicketAssignments(tx, ticketId), ticketVersion: await ticketVersion(tx, ticketId) };
      }),

    /** POST /api/assignments/:id/withdraw — the dispatcher takes one engineer off the ticket. */
    withdrawAssignment: (actor: Actor, assignmentId: number, reason: string | null) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const found = await lockAssignment(tx, assignmentId);
        const ticket = await lockTicket(tx, found.ticketId, scopeToStation(actor, tickets.stationId));
        const [row] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId)).for('update');
        if (row.status !== 'offered' && row.status !== 'accepted') {
          throw new AppError('CONFLICT', {
            zh: '该派工已不再有效，无需撤回',
            en: 'This assignment is no longer live; nothing to withdraw',
          });
        }
        await withdrawLive(tx, actor, ticket.id, [row.id], now, reason);
        await settleWhenNoneLeft(tx, actor, ticket, now, reason);
        return { items: await listTicketAssignments(tx, ticket.id), ticketVersion: await ticketVersion(tx, ticket.id) };
      }),

    /** POST /api/assignments/:id/accept — DSP-2: the customer learns who comes and when. */
    acceptAssignment: (actor: Actor, assignmentId: number, input: z.output<typeof acceptInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { assignment, ticket } = await lockOwnAssignment(tx, actor, assignmentId);
        if (assignment.status !== 'offered') {
          throw new AppError('CONFLICT', {
            zh:
              assignment.status === 'accepted' ? '您已接受该派工，不能重复接单' : '该派工已失效（已拒绝、撤回或完成）',
            en:
              assignment.status === 'accepted'
                ? 'You have already accepted this assignment'
                : 'This assignment is no longer open (declined, withdrawn or completed)',
          });
        }
        const expectedArrivalAt = input.expectedArrivalAt ?? assignment.expectedArrivalAt;
        // The lead comes; when the lead has dropped out, the first assistant to accept does.
        const [otherLead] = await tx
          .select({ id: assignments.id })
          .from(assignments)
          .where(
            and(
              eq(assignments.ticketId, ticket.id),
              eq(assignments.role, 'lead'),
              ne(assignments.id, assignment.id),
              inArray(assignments.status, [...liveAssignmentStatuses]),
            ),
          )
          .limit(1);
        const comes = assignment.role === 'lead' || !otherLead;
        await tx
          .update(assignments)
          .set({ status: 'accepted', respondedAt: now, expectedArrivalAt, version: sql`${assignments.version} + 1` })
          .where(and(eq(assignments.id, assignment.id), eq(assignments.status, 'offered')));
        if (ticket.status === 'assigned' && comes) {
          await transitionTicket(
            tx,
            {
              ticketId: ticket.id,
              to: 'accepted',
              actor,
              at: now,
              eventKind: 'assignment_accepted',
              data: { assignmentId: assignment.id, expectedArrivalAt: expectedArrivalAt?.toISOString() ?? null },
            },
            transitionDeps,
          );
        } else {
          await bumpTicketVersion(tx, ticket.id, now);
          await writeTicketEvent(tx, {
            ticketId: ticket.id,
            at: now,
            actorId: actor.id,
            kind: 'assignment_accepted',
            data: { assignmentId: assignment.id },
          });
        }
        if (comes) {
          // Telling the customer who comes and when is a response (the first one, if none was recorded).
          await tx
            .update(tickets)
            .set({ firstResponseAt: sql`coalesce(${tickets.firstResponseAt}, ${now.toISOString()}::timestamptz)` })
            .where(eq(tickets.id, ticket.id));
          await slaClocks.stopClock(tx, ticket.id, 'response', now);
          const recipient = await customerRecipient(tx, ticket);
          if (recipient) {
            const [engineer] = await tx
              .select({ name: users.displayName, phone: users.phone })
              .from(users)
              .where(eq(users.id, actor.id));
            await enqueueNotification(tx, {
              template: 'ticket.assigned_customer',
              payload: {
                ticketId: ticket.id,
                ticketNumber: ticket.number,
                engineerName: engineer.name,
                engineerPhone: engineer.phone,
                expectedArrivalAt: expectedArrivalAt ?? null,
              },
              to: recipient,
              dedupeKey: `ticket.assigned_customer:${assignment.id}`,
            });
          }
        }
        return getTaskIn(tx, actor, assignment.id);
      }),

    /** POST /api/assignments/:id/decline — with a reason; the last one out returns the ticket to the dispatcher. */
    declineAssignment: (actor: Actor, assignmentId: number, reason: string) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { assignment, ticket } = await lockOwnAssignment(tx, actor, assignmentId);
        if (assignment.status !== 'offered') {
          throw new AppError('CONFLICT', {
            zh:
              assignment.status === 'accepted'
                ? '已接受的派工不能拒绝，请联系调度员改派'
                : '该派工已失效（已拒绝、撤回或完成）',
            en:
              assignment.status === 'accepted'
                ? 'An accepted assignment cannot be declined; ask the dispatcher to reassign'
                : 'This assignment is no longer open (declined, withdrawn or completed)',
          });
        }
        await tx
          .update(assignments)
          .set({
            status: 'declined',
            respondedAt: now,
            declineReason: reason,
            version: sql`${assignments.version} + 1`,
          })
          .where(eq(assignments.id, assignment.id));
        await writeTicketEvent(tx, {
          ticketId: ticket.id,
          at: now,
          actorId: actor.id,
          kind: 'assignment_declined',
          note: reason,
          data: { assignmentId: assignment.id },
        });
        const returned = await settleWhenNoneLeft(tx, actor, ticket, now, reason);
        if (!returned) await bumpTicketVersion(tx, ticket.id, now);
        const locale = await dispatcherLocale(tx, assignment.assignedBy);
        const [engineer] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, actor.id));
        const text =
          locale === 'en-US'
            ? `${engineer.name} declined ticket ${ticket.number}: ${reason}.${returned ? ' No engineer is left; the ticket is back for dispatch.' : ''}`
            : `${engineer.name}拒绝了工单 ${ticket.number} 的派工，原因：${reason}。${returned ? '已无其他工程师，工单已退回待派工。' : ''}`;
        await enqueueNotification(tx, {
          template: 'ticket.escalated',
          payload: { ticketId: ticket.id, ticketNumber: ticket.number, text },
          to: { userId: assignment.assignedBy },
          channel: 'in_app',
          dedupeKey: `assignment.declined:${assignment.id}`,
        });
        return { ok: true as const, ticketReturned: returned };
      }),

    /**
     * POST /api/assignments/:id/progress — the engineer works a ticket that needs no visit (remote,
     * send-in, mailed parts): in progress, waiting, resolved. Steps the state machine needs in
     * between (e.g. accepted → in progress → resolved) are taken and shown on the timeline.
     */
    progressWithoutVisit: (actor: Actor, assignmentId: number, input: z.output<typeof remoteProgressInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { assignment, ticket } = await lockOwnAssignment(tx, actor, assignmentId);
        if (assignment.status !== 'accepted') {
          throw new AppError('CONFLICT', {
            zh: '请先接单',
            en: 'Accept the assignment first',
          });
        }
        if (ticket.serviceMode === 'on_site') {
          throw new AppError('CONFLICT', {
            zh: '上门服务的工单通过外出服务（出发、签到、离场）处理',
            en: 'On-site tickets are worked through visits (set off, check in, check out)',
          });
        }
        assertVersion(ticket, input.expectedVersion);
        if (ticket.status === input.to) {
          throw new AppError('CONFLICT', {
            zh: '工单已是该状态',
            en: 'The ticket is already in that state',
          });
        }
        const steps: TicketRow['status'][] = [];
        if (input.to !== 'in_progress' && ticket.status !== 'in_progress') steps.push('in_progress');
        steps.push(input.to);
        for (const to of steps) {
          await transitionTicket(
            tx,
            { ticketId: ticket.id, to, actor, at: now, note: input.note ?? null, data: { assignmentId } },
            transitionDeps,
          );
        }
        if (input.to === 'resolved') await completeAssignments(tx, ticket.id, now);
        return getTaskIn(tx, actor, assignment.id);
      }),

    /** GET /api/my/tasks — the engineer's live assignments, most urgent first (DSP-4). */
    listMyTasks: async (actor: Actor) => ({ items: await loadTasks(db, actor, undefined) }),

    /** GET /api/assignments/:id — one task with its open visit (the phone's task page). */
    getTask: (actor: Actor, assignmentId: number) => getTaskIn(db, actor, assignmentId),

    // ---------- qualifications and leaves (DSP-1) ----------

    async listQualifications(actor: Actor, userId: number) {
      await assertUserInScope(db, actor, userId);
      return {
        items: await db
          .select()
          .from(engineerQualifications)
          .where(eq(engineerQualifications.userId, userId))
          .orderBy(asc(engineerQualifications.productCategory), desc(engineerQualifications.validFrom)),
      };
    },
    addQualification: (actor: Actor, userId: number, input: z.output<typeof qualificationInput>) =>
      db.transaction(async (tx) => {
        await assertUserInScope(tx, actor, userId);
        const [row] = await tx
          .insert(engineerQualifications)
          .values({
            userId,
            productCategory: input.productCategory,
            certificateNo: input.certificateNo ?? null,
            validFrom: input.validFrom,
            validUntil: input.validUntil ?? null,
          })
          .returning();
        await auditUserItem(tx, actor, userId, 'qualification', null, row);
        return row;
      }),
    deleteQualification: (actor: Actor, userId: number, id: number) =>
      db.transaction(async (tx) => {
        await assertUserInScope(tx, actor, userId);
        const [row] = await tx
          .delete(engineerQualifications)
          .where(and(eq(engineerQualifications.id, id), eq(engineerQualifications.userId, userId)))
          .returning();
        if (!row) throw notFound('资质', 'Qualification');
        await auditUserItem(tx, actor, userId, 'qualification', row, null);
        return { ok: true as const };
      }),
    async listLeaves(actor: Actor, userId: number) {
      await assertUserInScope(db, actor, userId);
      return {
        items: await db
          .select()
          .from(engineerLeaves)
          .where(eq(engineerLeaves.userId, userId))
          .orderBy(desc(engineerLeaves.startsAt)),
      };
    },
    addLeave: (actor: Actor, userId: number, input: z.output<typeof leaveInput>) =>
      db.transaction(async (tx) => {
        await assertUserInScope(tx, actor, userId);
        const [row] = await tx
          .insert(engineerLeaves)
          .values({ userId, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason ?? null })
          .returning();
        await auditUserItem(tx, actor, userId, 'leave', null, row);
        return row;
      }),
    deleteLeave: (actor: Actor, userId: number, id: number) =>
      db.transaction(async (tx) => {
        await assertUserInScope(tx, actor, userId);
        const [row] = await tx
          .delete(engineerLeaves)
          .where(and(eq(engineerLeaves.id, id), eq(engineerLeaves.userId, userId)))
          .returning();
        if (!row) throw notFound('休假记录', 'Leave');
        await auditUserItem(tx, actor, userId, 'leave', row, null);
        return { ok: true as const };
      }),
  };

  /**
   * When no live assignment is left, the ticket goes back to the dispatcher (classified). Returns
   * whether it did.
   */
  async function settleWhenNoneLeft(tx: DbOrTx, actor: Actor, ticket: TicketRow, at: Date, note: string | null) {
    const [left] = await tx
      .select({ id: assignments.id })
      .from(assignments)
      .where(and(eq(assignments.ticketId, ticket.id), inArray(assignments.status, [...liveAssignmentStatuses])))
      .limit(1);
    if (left) return false;
    const [current] = await tx.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticket.id));
    if (current.status !== 'assigned' && current.status !== 'accepted') {
      await bumpTicketVersion(tx, ticket.id, at);
      return false;
    }
    await transitionTicket(tx, { ticketId: ticket.id, to: 'classified', actor, at, note }, transitionDeps);
    return true;
  }

  /** The job is done: accepted assignments complete, offered ones are withdrawn. */
  async function completeAssignments(tx: DbOrTx, ticketId: number, at: Date) {
    await tx
      .update(assignments)
      .set({ status: 'completed', version: sql`${assignments.version} + 1` })
      .where(and(eq(assignments.ticketId, ticketId), eq(assignments.status, 'accepted')));
    await tx
      .update(assignments)
      .set({ status: 'withdrawn', respondedAt: at, version: sql`${assignments.version} + 1` })
      .where(and(eq(assignments.ticketId, ticketId), eq(assignments.status, 'offered')));
  }

  async function assertUserInScope(tx: DbOrTx, actor: Actor, userId: number) {
    const [row] = await tx.select({ id: users.id, stationId: users.stationId }).from(users).where(eq(users.id, userId));
    if (!row || !canSeeStation(actor, row.stationId)) throw notFound('用户', 'User');
  }

  async function loadTasks(tx: DbOrTx, actor: Actor, assignmentId: number | undefined) {
    const now = clock.now();
    const rows = await tx
      .select({
        assignmentId: assignments.id,
        assignmentStatus: assignments.status,
        role: assignments.role,
        assignedAt: assignments.assignedAt,
        expectedArrivalAt: assignments.expectedArrivalAt,
        ticket: {
          id: tickets.id,
          number: tickets.number,
          status: tickets.status,
          type: tickets.type,
          serviceMode: tickets.serviceMode,
          faultLevel: tickets.faultLevel,
          title: tickets.title,
          description: tickets.description,
          customerName: customers.name,
          contactName: tickets.contactName,
          contactPhone: sql<string | null>`coalesce(${tickets.contactPhone}, ${customers.phone})`,
          address: tickets.address,
          modelName: productModels.name,
          serialNo: equipment.serialNo,
          receivedAt: tickets.receivedAt,
          version: tickets.version,
        },
      })
      .from(assignments)
      .innerJoin(tickets, eq(tickets.id, assignments.ticketId))
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(equipment, eq(equipment.id, tickets.equipmentId))
      .leftJoin(productModels, eq(productModels.id, sql`coalesce(${tickets.productModelId}, ${equipment.modelId})`))
      .where(
        and(
          eq(assignments.engineerId, actor.id),
          assignmentId === undefined
            ? and(
                inArray(assignments.status, [...liveAssignmentStatuses]),
                inArray(tickets.status, [...workloadTicketStatuses]),
              )
            : eq(assignments.id, assignmentId),
        ),
      );
    if (rows.length === 0) return [];
    const ticketIds = rows.map((row) => row.ticket.id);
    const [clockRows, visitRows] = await Promise.all([
      tx
        .select({ ticketId: ticketClocks.ticketId, kind: ticketClocks.kind, dueAt: ticketClocks.dueAt })
        .from(ticketClocks)
        .where(
          and(
            inArray(ticketClocks.ticketId, ticketIds),
            isNull(ticketClocks.stoppedAt),
            sql`${ticketClocks.dueAt} is not null`,
          ),
        )
        .orderBy(asc(ticketClocks.dueAt)),
      tx
        .select({ id: visits.id, ticketId: visits.ticketId, status: visits.status })
        .from(visits)
        .where(
          and(
            inArray(visits.ticketId, ticketIds),
            eq(visits.engineerId, actor.id),
            inArray(visits.status, [...openVisitStatuses]),
          ),
        )
        .orderBy(desc(visits.id)),
    ]);
    const tasks = rows.map((row) => {
      const next = clockRows.find((clockRow) => clockRow.ticketId === row.ticket.id);
      const visit = visitRows.find((visitRow) => visitRow.ticketId === row.ticket.id);
      const openVisitStatus = (visit?.status ?? null) as VisitStatus | null;
      return {
        ...row,
        nextDueAt: next?.dueAt ?? null,
        nextDueKind: next?.kind ?? null,
        isBreached: Boolean(next?.dueAt && next.dueAt.getTime() <= now.getTime()),
        openVisitId: visit?.id ?? null,
        openVisitStatus,
        nextStep: nextTaskStep({
          assignmentStatus: row.assignmentStatus,
          ticketStatus: row.ticket.status,
          serviceMode: row.ticket.serviceMode,
          openVisitStatus,
        }),
      };
    });
    return tasks.sort((a, b) =>
      compareTaskUrgency(
        {
          isBreached: a.isBreached,
          nextDueAt: a.nextDueAt,
          faultLevel: a.ticket.faultLevel,
          assignedAt: a.assignedAt,
          id: a.assignmentId,
        },
        {
          isBreached: b.isBreached,
          nextDueAt: b.nextDueAt,
          faultLevel: b.ticket.faultLevel,
          assignedAt: b.assignedAt,
          id: b.assignmentId,
        },
      ),
    );
  }

  async function getTaskIn(tx: DbOrTx, actor: Actor, assignmentId: number) {
    const [task] = await loadTasks(tx, actor, assignmentId);
    if (!task) throw notFound(assignmentLabel.zh, assignmentLabel.en);
    const [visit] = task.openVisitId
      ? await loadVisits(tx, eq(visits.id, task.openVisitId))
      : await loadVisits(
          tx,
          and(eq(visits.ticketId, task.ticket.id), eq(visits.engineerId, actor.id), ne(visits.status, 'cancelled')),
        ).then((list) => list.slice(-1));
    return { ...task, visit: visit ?? null };
  }
}
