/**
 * Complaints (FBK-2): recording from any channel or from a low survey score, the step-by-step flow
 * of complaints.rules.ts with a due time per step, the timeline (who/when/note of every step), the
 * quality handover of product-quality complaints, and the overdue escalation sweep (station
 * manager, then executive, through the outbox). Every command locks the complaint row and checks
 * the client's version (stale → 409).
 */
import { randomUUID } from 'node:crypto';
import { aliasedTable, and, asc, count, desc, eq, notInArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { type Actor, scopeToStation } from '../../lib/access.js';
import { invalidField, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { offsetOf, type Page } from '../../lib/pagination.js';
import type { Role } from '../../lib/roles.js';
import { customers, equipment } from '../customers/customers.table.js';
import { enqueueNotification } from '../notify/outbox.js';
import { departments, stations, users } from '../org/org.table.js';
import { nextDocumentNumber } from '../tickets/numbering.js';
import { tickets } from '../tickets/tickets.table.js';
import type {
  Complaint,
  complaintCreateInput,
  complaintListQuery,
  complaintTransitionInput,
} from './complaints.contract.js';
import {
  allowedComplaintMoves,
  approverRoles,
  assertComplaintMove,
  assertMayApprove,
  type ComplaintDeadlineSettings,
  type ComplaintStatus,
  escalationDue,
  isComplaintOverdue,
  reportDueAt,
  stepDueAt,
} from './complaints.rules.js';
import { complaintEvents, complaints } from './complaints.table.js';
import { readSettings } from './survey-closure.js';

export const complaintLabel = { zh: '投诉', en: 'Complaint' } as const;
const COMPLAINT_PREFIX = 'TS';

type ComplaintRow = typeof complaints.$inferSelect;
type EventKind = (typeof complaintEvents.$inferInsert)['kind'];

const deadlineKeys = [
  'feedback.complaintContactHours',
  'feedback.investigationReportDays',
  'feedback.complaintApprovalHours',
  'feedback.complaintReplyHours',
  'feedback.complaintFeedbackDays',
  'feedback.complaintCloseHours',
] as const;

export async function deadlineSettings(tx: DbOrTx): Promise<ComplaintDeadlineSettings> {
  const s = await readSettings(tx, deadlineKeys);
  return {
    contactHours: s['feedback.complaintContactHours'],
    investigationReportDays: s['feedback.investigationReportDays'],
    approvalHours: s['feedback.complaintApprovalHours'],
    replyHours: s['feedback.complaintReplyHours'],
    feedbackDays: s['feedback.complaintFeedbackDays'],
    closeHours: s['feedback.complaintCloseHours'],
  };
}

export async function writeComplaintEvent(
  tx: DbOrTx,
  event: {
    complaintId: number;
    at: Date;
    actorId: number | null;
    kind: EventKind;
    fromStatus?: ComplaintStatus | null;
    toStatus?: ComplaintStatus | null;
    note?: string | null;
    data?: Record<string, unknown> | null;
  },
) {
  await tx.insert(complaintEvents).values({
    complaintId: event.complaintId,
    at: event.at,
    actorId: event.actorId,
    kind: event.kind,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    note: event.note ?? null,
    data: event.data ?? null,
  });
}

/** Active staff with `role`, of `stationId` when given. */
async function staffWithRole(tx: DbOrTx, role: Role, stationId?: number): Promise<number[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.isActive, true),
        sql`${role} = any(${users.roles})`,
        stationId === undefined ? undefined : eq(users.stationId, stationId),
      ),
    );
  return rows.map((row) => row.id);
}

type AlertReason = 'overdue' | 'overdue_executive' | 'quality_handover' | 'approval_needed' | 'low_score';

async function alert(tx: DbOrTx, userIds: number[], complaint: ComplaintRow, reason: AlertReason, key: string) {
  for (const userId of new Set(userIds)) {
    await enqueueNotification(tx, {
      template: 'complaint.alert',
      payload: {
        complaintId: complaint.id,
        complaintNumber: complaint.number,
        reason,
        step: complaint.status,
        dueAt: complaint.stepDueAt,
      },
      to: { userId },
      dedupeKey: `complaint.${reason}:${complaint.id}:${key}`,
    });
  }
}

/** Product quality complaints go to the quality department [003 第六条 2(2)]: named responsible, told. */
async function handOverToQuality(tx: DbOrTx, complaint: ComplaintRow, at: Date, actorId: number | null) {
  const { 'tickets.qualityDepartmentCode': code } = await readSettings(tx, ['tickets.qualityDepartmentCode'] as const);
  const [department] = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.code, code));
  if (department) {
    await tx.update(complaints).set({ responsibleDepartmentId: department.id }).where(eq(complaints.id, complaint.id));
  }
  await writeComplaintEvent(tx, {
    complaintId: complaint.id,
    at,
    actorId,
    kind: 'handed_over',
    note: department ? `质量部门：${department.name}` : `质量部门代码 ${code}`,
    data: { departmentCode: code, departmentId: department?.id ?? null },
  });
  await alert(tx, await staffWithRole(tx, 'quality'), complaint, 'quality_handover', String(complaint.id));
}

async function timeZoneOf(tx: DbOrTx): Promise<string> {
  return (await readSettings(tx, ['org.timeZone'] as const))['org.timeZone'];
}

/**
 * A complaint draft opened by a low survey score (FBK-1 → FBK-2) or an unhappy return visit (FBK-3),
 * inside the caller's transaction.
 * The contact clock starts now; the station manager is told. Takes the document number, so call
 * it late in the transaction.
 */
export async function openComplaintDraft(
  tx: DbOrTx,
  draft: {
    at: Date;
    stationId: number;
    customerId: number;
    ticketId: number | null;
    equipmentId: number | null;
    engineerId: number | null;
    surveyId?: number | null;
    returnVisitId?: number | null;
    channel?: 'survey' | 'return_visit';
    contactName: string | null;
    contactPhone: string | null;
    description: string;
    recordedBy: number | null;
  },
): Promise<number> {
  const deadlines = await deadlineSettings(tx);
  const number = await nextDocumentNumber(tx, COMPLAINT_PREFIX, draft.at, await timeZoneOf(tx), 'complaint');
  const [row] = await tx
    .insert(complaints)
    .values({
      number,
      stationId: draft.stationId,
      channel: draft.channel ?? 'survey',
      status: 'draft',
      customerId: draft.customerId,
      ticketId: draft.ticketId,
      equipmentId: draft.equipmentId,
      engineerId: draft.engineerId,
      surveyId: draft.surveyId ?? null,
      contactName: draft.contactName,
      contactPhone: draft.contactPhone,
      description: draft.description,
      recordedAt: draft.at,
      recordedBy: draft.recordedBy,
      reportDueAt: reportDueAt(draft.at, deadlines),
      stepStartedAt: draft.at,
      stepDueAt: stepDueAt('draft', { recordedAt: draft.at, enteredAt: draft.at }, deadlines),
      createdAt: draft.at,
      updatedAt: draft.at,
    })
    .returning();
  await writeComplaintEvent(tx, {
    complaintId: row.id,
    at: draft.at,
    actorId: draft.recordedBy,
    kind: 'created',
    toStatus: 'draft',
    data: { surveyId: draft.surveyId ?? null, returnVisitId: draft.returnVisitId ?? null },
  });
  await alert(tx, await staffWithRole(tx, 'station_manager', draft.stationId), row, 'low_score', String(row.id));
  return row.id;
}

export function createComplaintsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const engineer = aliasedTable(users, 'engineer');
  const handler = aliasedTable(users, 'handler');

  const columns = {
    row: complaints,
    stationName: stations.name,
    customerName: customers.name,
    ticketNumber: tickets.number,
    engineerName: engineer.displayName,
    handlerName: handler.displayName,
    responsibleDepartmentName: departments.name,
  };

  function baseQuery(tx: DbOrTx) {
    return tx
      .select(columns)
      .from(complaints)
      .innerJoin(stations, eq(stations.id, complaints.stationId))
      .innerJoin(customers, eq(customers.id, complaints.customerId))
      .leftJoin(tickets, eq(tickets.id, complaints.ticketId))
      .leftJoin(engineer, eq(engineer.id, complaints.engineerId))
      .leftJoin(handler, eq(handler.id, complaints.handlerId))
      .leftJoin(departments, eq(departments.id, complaints.responsibleDepartmentId));
  }

  type Joined = {
    row: ComplaintRow;
    stationName: string;
    customerName: string;
    ticketNumber: string | null;
    engineerName: string | null;
    handlerName: string | null;
    responsibleDepartmentName: string | null;
  };

  function toComplaint(joined: Joined, now: Date): Complaint {
    const { row, ...names } = joined;
    return {
      ...row,
      ...names,
      overdue: isComplaintOverdue(row, now),
      allowedMoves: allowedComplaintMoves(row.status),
      approverRoles: [...approverRoles(row.severity)],
    };
  }

  async function load(tx: DbOrTx, actor: Actor, id: number): Promise<Complaint> {
    const [joined] = await baseQuery(tx).where(and(eq(complaints.id, id), scopeToStation(actor, complaints.stationId)));
    if (!joined) throw notFound(complaintLabel.zh, complaintLabel.en);
    return toComplaint(joined, clock.now());
  }

  async function get(actor: Actor, id: number) {
    return load(db, actor, id);
  }

  async function list(actor: Actor, query: z.output<typeof complaintListQuery>): Promise<Page<Complaint>> {
    const now = clock.now();
    const conditions: (SQL | undefined)[] = [scopeToStation(actor, complaints.stationId)];
    if (query.status === 'open') conditions.push(notInArray(complaints.status, ['closed', 'withdrawn']));
    else if (query.status) conditions.push(eq(complaints.status, query.status));
    if (query.category) conditions.push(eq(complaints.category, query.category));
    if (query.stationId) conditions.push(eq(complaints.stationId, query.stationId));
    if (query.ticketId) conditions.push(eq(complaints.ticketId, query.ticketId));
    if (query.overdue) {
      conditions.push(
        notInArray(complaints.status, ['closed', 'withdrawn']),
        sql`${complaints.stepDueAt} < ${now.toISOString()}::timestamptz`,
      );
    }
    const where = and(...conditions);
    const order = query.order === 'asc' ? asc : desc;
    const [rows, [{ total }]] = await Promise.all([
      baseQuery(db)
        .where(where)
        .orderBy(query.overdue ? asc(complaints.stepDueAt) : order(complaints.recordedAt), desc(complaints.id))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(complaints).where(where),
    ]);
    return { items: rows.map((row) => toComplaint(row, now)), total, page: query.page, pageSize: query.pageSize };
  }

  async function timeline(actor: Actor, id: number) {
    await load(db, actor, id);
    const rows = await db
      .select({
        id: complaintEvents.id,
        at: complaintEvents.at,
        actorId: complaintEvents.actorId,
        actorName: users.displayName,
        kind: complaintEvents.kind,
        fromStatus: complaintEvents.fromStatus,
        toStatus: complaintEvents.toStatus,
        note: complaintEvents.note,
        data: complaintEvents.data,
      })
      .from(complaintEvents)
      .leftJoin(users, eq(users.id, complaintEvents.actorId))
      .where(eq(complaintEvents.complaintId, id))
      .orderBy(asc(complaintEvents.at), asc(complaintEvents.id));
    return { items: rows };
  }

  async function create(actor: Actor, input: z.output<typeof complaintCreateInput>): Promise<Complaint> {
    const now = clock.now();
    const id = await db.transaction(async (tx) => {
      let customerId = input.customerId;
      let stationId: number | undefined;
      let equipmentId = input.equipmentId ?? null;
      let contactName = input.contactName ?? null;
      let contactPhone = input.contactPhone ?? null;
      if (input.ticketId !== undefined) {
        const [ticket] = await tx
          .select()
          .from(tickets)
          .where(and(eq(tickets.id, input.ticketId), scopeToStation(actor, tickets.stationId)));
        if (!ticket) {
          throw invalidField('ticketId', { zh: '工单不存在或无权访问', en: 'No such ticket (or not yours to see)' });
        }
        if (customerId !== undefined && customerId !== ticket.customerId) {
          throw invalidField('customerId', {
            zh: '客户与工单的客户不一致',
            en: "The customer is not the ticket's customer",
          });
        }
        customerId = ticket.customerId;
        stationId = ticket.stationId;
        equipmentId ??= ticket.equipmentId;
        contactName ??= ticket.contactName;
        contactPhone ??= ticket.contactPhone;
      }
      const [customer] = await tx
        .select({ id: customers.id, stationId: customers.stationId })
        .from(customers)
        .where(and(eq(customers.id, customerId!), scopeToStation(actor, customers.stationId)));
      if (!customer) {
        throw invalidField('customerId', { zh: '客户不存在或无权访问', en: 'No such customer (or not yours to see)' });
      }
      stationId ??= customer.stationId;
      if (equipmentId !== null) {
        const [unit] = await tx
          .select({ customerId: equipment.customerId })
          .from(equipment)
          .where(eq(equipment.id, equipmentId));
        if (!unit || unit.customerId !== customer.id) {
          throw invalidField('equipmentId', {
            zh: '设备不存在或不属于该客户',
            en: 'No such equipment for this customer',
          });
        }
      }
      for (const [field, userId] of [
        ['engineerId', input.engineerId],
        ['handlerId', input.handlerId],
      ] as const) {
        if (userId === undefined) continue;
        const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
        if (!user) throw invalidField(field, { zh: '员工不存在', en: 'No such staff member' });
      }
      const deadlines = await deadlineSettings(tx);
      const handlerId =
        input.handlerId ?? (actor.roles.includes('station_manager') || actor.roles.includes('agent') ? actor.id : null);
      const [row] = await tx
        .insert(complaints)
        .values({
          // A placeholder until the real number is taken at the end of the transaction.
          number: `pending:${randomUUID()}`,
          stationId,
          channel: input.channel,
          category: input.category,
          severity: input.severity,
          status: 'recorded',
          customerId: customer.id,
          ticketId: input.ticketId ?? null,
          equipmentId,
          engineerId: input.engineerId ?? null,
          contactName,
          contactPhone,
          description: input.description,
          handlerId,
          recordedAt: now,
          recordedBy: actor.id,
          reportDueAt: reportDueAt(now, deadlines),
          stepStartedAt: now,
          stepDueAt: stepDueAt('recorded', { recordedAt: now, enteredAt: now }, deadlines),
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await writeComplaintEvent(tx, {
        complaintId: row.id,
        at: now,
        actorId: actor.id,
        kind: 'created',
        toStatus: 'recorded',
        data: { channel: input.channel, category: input.category, severity: input.severity },
      });
      if (input.category === 'product_quality') await handOverToQuality(tx, row, now, actor.id);
      // The number last: its counter row stays locked until commit.
      const number = await nextDocumentNumber(tx, COMPLAINT_PREFIX, now, await timeZoneOf(tx), 'complaint');
      await tx.update(complaints).set({ number }).where(eq(complaints.id, row.id));
      return row.id;
    });
    return get(actor, id);
  }

  async function transition(
    actor: Actor,
    id: number,
    input: z.output<typeof complaintTransitionInput>,
  ): Promise<Complaint> {
    const now = clock.now();
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(complaints)
        .where(and(eq(complaints.id, id), scopeToStation(actor, complaints.stationId)))
        .for('update');
      if (!row) throw notFound(complaintLabel.zh, complaintLabel.en);
      if (row.version !== input.version) throw versionConflict(complaintLabel.zh, complaintLabel.en);
      const from = row.status;
      const to = input.to;
      assertComplaintMove(from, to);

      const patch: Partial<typeof complaints.$inferInsert> = {};
      const data: Record<string, unknown> = {};
      switch (input.to) {
        case 'recorded':
          patch.category = input.category;
          patch.severity = input.severity;
          if (input.description) patch.description = input.description;
          patch.handlerId =
            row.handlerId ??
            (actor.roles.includes('station_manager') || actor.roles.includes('agent') ? actor.id : null);
          Object.assign(data, { category: input.category, severity: input.severity });
          break;
        case 'withdrawn':
          patch.closedAt = now;
          break;
        case 'contacted':
          patch.contactedAt = now;
          break;
        case 'investigating': {
          const departmentId = input.responsibleDepartmentId ?? row.responsibleDepartmentId;
          if (!departmentId) {
            throw invalidField('responsibleDepartmentId', {
              zh: '请指定负责调查的部门',
              en: 'Name the department responsible for the investigation',
            });
          }
          const [department] = await tx
            .select({ id: departments.id })
            .from(departments)
            .where(eq(departments.id, departmentId));
          if (!department) {
            throw invalidField('responsibleDepartmentId', { zh: '部门不存在', en: 'No such department' });
          }
          patch.responsibleDepartmentId = departmentId;
          data.responsibleDepartmentId = departmentId;
          break;
        }
        case 'solution_proposed':
          patch.rootCause = input.rootCause;
          patch.responsibility = input.responsibility;
          patch.solution = input.solution;
          patch.reportedAt = row.reportedAt ?? now;
          Object.assign(data, {
            rootCause: input.rootCause,
            responsibility: input.responsibility,
            solution: input.solution,
            reportOnTime: (row.reportedAt ?? now).getTime() <= row.reportDueAt.getTime(),
          });
          break;
        case 'approved':
          assertMayApprove(actor.roles, row.severity);
          patch.approvedBy = actor.id;
          patch.approvedAt = now;
          break;
        case 'replied':
          patch.reply = input.reply;
          patch.repliedAt = now;
          data.reply = input.reply;
          break;
        case 'feedback_recorded':
          patch.handlingSatisfaction = input.handlingSatisfaction;
          data.handlingSatisfaction = input.handlingSatisfaction;
          break;
        case 'closed':
          patch.closedAt = now;
          break;
      }
      const deadlines = await deadlineSettings(tx);
      const [updated] = await tx
        .update(complaints)
        .set({
          ...patch,
          status: to,
          stepStartedAt: now,
          stepDueAt: stepDueAt(to, { recordedAt: row.recordedAt, enteredAt: now }, deadlines),
          escalationLevel: 0,
          updatedAt: now,
          version: sql`${complaints.version} + 1`,
        })
        .where(and(eq(complaints.id, row.id), eq(complaints.version, row.version)))
        .returning();
      if (!updated) throw versionConflict(complaintLabel.zh, complaintLabel.en);
      await writeComplaintEvent(tx, {
        complaintId: row.id,
        at: now,
        actorId: actor.id,
        kind: 'transition',
        fromStatus: from,
        toStatus: to,
        note: input.note ?? null,
        data: Object.keys(data).length > 0 ? data : null,
      });
      if (to === 'recorded' && updated.category === 'product_quality') {
        await handOverToQuality(tx, updated, now, actor.id);
      }
      if (to === 'solution_proposed') {
        const approvers =
          updated.severity === 'major'
            ? await staffWithRole(tx, 'executive')
            : await staffWithRole(tx, 'station_manager', updated.stationId);
        await alert(tx, approvers, updated, 'approval_needed', `${updated.id}:${now.getTime()}`);
      }
    });
    return get(actor, id);
  }

  /**
   * The escalation sweep (FBK-2): an open complaint past its step's due time is reported to the
   * station manager, and `feedback.complaintExecutiveAfterHours` later to the executive; each
   * escalation is on the timeline. Safe to run in every instance (rows are claimed with SKIP LOCKED).
   * Returns how many escalations were raised.
   */
  async function sweep(now: Date = clock.now()): Promise<number> {
    return db.transaction(async (tx) => {
      const { 'feedback.complaintExecutiveAfterHours': executiveAfterHours } = await readSettings(tx, [
        'feedback.complaintExecutiveAfterHours',
      ] as const);
      const rows = await tx
        .select()
        .from(complaints)
        .where(
          and(
            notInArray(complaints.status, ['closed', 'withdrawn']),
            sql`${complaints.stepDueAt} < ${now.toISOString()}::timestamptz`,
            sql`${complaints.escalationLevel} < 2`,
          ),
        )
        .orderBy(asc(complaints.stepDueAt))
        .limit(200)
        .for('update', { skipLocked: true });
      let raised = 0;
      for (const row of rows) {
        const level = escalationDue(row, now, executiveAfterHours);
        if (!level) continue;
        const key = `${row.stepStartedAt.getTime()}`;
        if (row.escalationLevel < 1) {
          await alert(tx, await staffWithRole(tx, 'station_manager', row.stationId), row, 'overdue', key);
        }
        if (level === 2) {
          await alert(tx, await staffWithRole(tx, 'executive'), row, 'overdue_executive', key);
        }
        await tx.update(complaints).set({ escalationLevel: level }).where(eq(complaints.id, row.id));
        await writeComplaintEvent(tx, {
          complaintId: row.id,
          at: now,
          actorId: null,
          kind: 'escalated',
          fromStatus: row.status,
          toStatus: row.status,
          note: level === 2 ? '逾期未处理，已上报总经理' : '步骤逾期，已通知站长',
          data: { level, stepDueAt: row.stepDueAt?.toISOString() ?? null },
        });
        raised++;
      }
      return raised;
    });
  }

  return { list, get, timeline, create, transition, sweep };
}

export type ComplaintsService = ReturnType<typeof createComplaintsService>;
