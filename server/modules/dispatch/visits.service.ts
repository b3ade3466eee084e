/**
 * Field work (DSP-4, DSP-5): visits and their field service record (外出服务记录表), numbered with the
 * serving department's code (TKT-5). Each step moves the visit and the ticket together in one
 * transaction: travel → en route, check-in → on site (the arrival clock stops at the real check-in),
 * start work → in progress, check-out → resolved or waiting. The ticket row is locked first, so a
 * double tap gives one success and one 409.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { type Actor, canSeeStation, scopeToStation } from '../../lib/access.js';
import { AppError, invalidField, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { personalDataLevel } from '../../lib/roles.js';
import { recordAudit } from '../audit/audit.service.js';
import { customers, equipment, productModels } from '../customers/customers.table.js';
import { maskPhone } from '../customers/masking.rules.js';
import { departments, users } from '../org/org.table.js';
import type { SettingsService } from '../org/settings.service.js';
import { consumedPartLines, rescheduleFaultyReturnsOnCheckOut } from '../parts/part-requests.service.js';
import type { SlaClocksService } from '../sla/sla-clocks.service.js';
import { attachmentMaxBytes, prepareAttachment, storeAttachment } from '../tickets/attachments.js';
import { nextDocumentNumber } from '../tickets/numbering.js';
import { lockTicket, type TicketRow, transitionTicket, writeTicketEvent } from '../tickets/ticket-transitions.js';
import { tickets } from '../tickets/tickets.table.js';
import type {
  checkInInput,
  checkOutInput,
  signatureInput,
  visitCreateInput,
  visitRecordInput,
} from './dispatch.contract.js';
import { assignments, visits } from './dispatch.table.js';
import {
  attachmentUrl,
  isDispatcher,
  liveAssignmentStatuses,
  loadVisits,
  openVisitStatuses,
  visitLabel,
} from './dispatch-queries.js';
import {
  assertVisitAction,
  partsTables,
  pathToWorkStatus,
  ticketStatusAfterCheckOut,
  type VisitAction,
  type VisitStatus,
} from './field-work.rules.js';

registerConstraintMessages({
  visits_rating_attitude: {
    field: 'ratingAttitude',
    text: { zh: '工作态度评分应为 1–5', en: 'The attitude rating must be 1–5' },
  },
  visits_labour_minutes: {
    field: 'labourMinutes',
    text: { zh: '工时不能为负数', en: 'Labour time cannot be negative' },
  },
});

export type VisitsDeps = { db: Db; clock: Clock; settings: SettingsService; slaClocks: SlaClocksService };
export type VisitsService = ReturnType<typeof createVisitsService>;

type VisitRow = typeof visits.$inferSelect;
const pngPrefix = 'data:image/png;base64,';
const pngMagic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function createVisitsService(deps: VisitsDeps) {
  const { db, clock, settings, slaClocks } = deps;
  const transitionDeps = { slaClocks };

  /**
   * Locks the visit and its ticket. The visit's engineer may do everything; a dispatcher of the
   * ticket's station only what `byDispatcher` allows. Anyone else: 404.
   */
  async function lockVisit(tx: DbOrTx, actor: Actor, visitId: number, byDispatcher: boolean) {
    const [found] = await tx.select().from(visits).where(eq(visits.id, visitId));
    if (!found) throw notFound(visitLabel.zh, visitLabel.en);
    const ticket = await lockTicket(tx, found.ticketId);
    const isOwn = found.engineerId === actor.id;
    if (!isOwn && !(byDispatcher && isDispatcher(actor) && canSeeStation(actor, ticket.stationId))) {
      throw notFound(visitLabel.zh, visitLabel.en);
    }
    const [visit] = await tx.select().from(visits).where(eq(visits.id, visitId)).for('update');
    return { visit, ticket };
  }

  async function getVisitIn(tx: DbOrTx, visitId: number) {
    const [row] = await loadVisits(tx, eq(visits.id, visitId));
    if (!row) throw notFound(visitLabel.zh, visitLabel.en);
    return row;
  }

  /** Moves the ticket through `statuses` in order (each step on the timeline). */
  async function moveTicket(
    tx: DbOrTx,
    actor: Actor,
    ticketId: number,
    statuses: string[],
    at: Date,
    data: Record<string, unknown>,
    note?: string | null,
  ) {
    for (const to of statuses) {
      await transitionTicket(
        tx,
        { ticketId, to: to as TicketRow['status'], actor, at, data, note: note ?? null },
        transitionDeps,
      );
    }
  }

  async function setVisit(tx: DbOrTx, visit: VisitRow, patch: Partial<VisitRow>, now: Date) {
    const [after] = await tx
      .update(visits)
      .set({ ...patch, updatedAt: now, version: sql`${visits.version} + 1` })
      .where(and(eq(visits.id, visit.id), eq(visits.version, visit.version)))
      .returning();
    if (!after) throw versionConflict(visitLabel.zh, visitLabel.en);
    return after;
  }

  function step(visit: VisitRow, action: VisitAction) {
    assertVisitAction(visit.status as VisitStatus, action);
  }

  async function visitEvent(tx: DbOrTx, actor: Actor, visit: VisitRow, at: Date, action: string, extra = {}) {
    await writeTicketEvent(tx, {
      ticketId: visit.ticketId,
      at,
      actorId: actor.id,
      kind: 'visit',
      data: { visitId: visit.id, visitNumber: visit.number, action, ...extra },
    });
  }

  async function startTravelIn(tx: DbOrTx, actor: Actor, visit: VisitRow, ticket: TicketRow, now: Date) {
    step(visit, 'start_travel');
    // With several engineers, one already on site keeps the ticket there.
    const [onSite] = await tx
      .select({ id: visits.id })
      .from(visits)
      .where(and(eq(visits.ticketId, ticket.id), ne(visits.id, visit.id), eq(visits.status, 'on_site')))
      .limit(1);
    const movable = ['accepted', 'waiting_parts', 'waiting_customer', 'in_progress'].includes(ticket.status);
    if (movable && !onSite) {
      await moveTicket(tx, actor, ticket.id, ['en_route'], now, { visitId: visit.id, visitNumber: visit.number });
    }
    return setVisit(tx, visit, { status: 'travelling', travelStartedAt: now }, now);
  }

  return {
    /** GET /api/tickets/:id/visits */
    async listVisits(actor: Actor, ticketId: number) {
      const [ticket] = await db
        .select({ id: tickets.id, stationId: tickets.stationId })
        .from(tickets)
        .where(eq(tickets.id, ticketId));
      if (!ticket) throw notFound('工单', 'Ticket');
      if (!canSeeStation(actor, ticket.stationId)) {
        const [own] = await db
          .select({ id: assignments.id })
          .from(assignments)
          .where(and(eq(assignments.ticketId, ticketId), eq(assignments.engineerId, actor.id)))
          .limit(1);
        if (!own) throw notFound('工单', 'Ticket');
      }
      return { items: await loadVisits(db, eq(visits.ticketId, ticketId)) };
    },

    /** GET /api/visits/:id — the record (also the print page's data). */
    async getVisit(actor: Actor, visitId: number) {
      const visit = await getVisitIn(db, visitId);
      if (visit.engineerId !== actor.id) {
        const [ticket] = await db
          .select({ stationId: tickets.stationId })
          .from(tickets)
          .where(eq(tickets.id, visit.ticketId));
        if (!canSeeStation(actor, ticket.stationId)) throw notFound(visitLabel.zh, visitLabel.en);
      }
      return visit;
    },

    /**
     * POST /api/tickets/:id/visits — a dispatcher plans a visit for an assigned engineer, or the
     * engineer creates one on leaving (`startTravel`). Numbered in the serving department (TKT-5).
     */
    createVisit: (actor: Actor, ticketId: number, input: z.output<typeof visitCreateInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const engineerId = input.engineerId ?? actor.id;
        const ticket = await lockTicket(tx, ticketId);
        const isOwn = engineerId === actor.id;
        if (!isOwn && !(isDispatcher(actor) && canSeeStation(actor, ticket.stationId))) {
          throw notFound('工单', 'Ticket');
        }
        if (ticket.serviceMode !== 'on_site') {
          throw new AppError('CONFLICT', {
            zh: '只有上门服务的工单才安排外出服务；远程、送修和邮寄配件的工单直接处理',
            en: 'Only on-site tickets get visits; remote, send-in and mailed-parts tickets are worked without one',
          });
        }
        const [live] = await tx
          .select({ id: assignments.id, status: assignments.status })
          .from(assignments)
          .where(
            and(
              eq(assignments.ticketId, ticketId),
              eq(assignments.engineerId, engineerId),
              inArray(assignments.status, [...liveAssignmentStatuses]),
            ),
          );
        if (!live) {
          if (isOwn && !isDispatcher(actor)) throw notFound('工单', 'Ticket');
          throw invalidField('engineerId', {
            zh: '该工程师没有被派到此工单',
            en: 'This engineer is not assigned to the ticket',
          });
        }
        if (input.startTravel && live.status !== 'accepted') {
          throw new AppError('CONFLICT', { zh: '请先接单再出发', en: 'Accept the assignment before you set off' });
        }
        const [open] = await tx
          .select({ number: visits.number })
          .from(visits)
          .where(
            and(
              eq(visits.ticketId, ticketId),
              eq(visits.engineerId, engineerId),
              inArray(visits.status, [...openVisitStatuses]),
            ),
          );
        if (open) {
          throw new AppError('CONFLICT', {
            zh: `该工程师在此工单已有未结束的外出服务 ${open.number}`,
            en: `The engineer already has an unfinished visit ${open.number} on this ticket`,
          });
        }
        const [engineer] = await tx
          .select({ departmentId: users.departmentId, name: users.displayName })
          .from(users)
          .where(eq(users.id, engineerId));
        const departmentId = engineer?.departmentId ?? ticket.handlingDepartmentId;
        if (!departmentId) {
          throw invalidField('engineerId', {
            zh: '工程师未设所属部门，无法为外出服务记录编号',
            en: 'The engineer has no department, so the visit cannot be numbered',
          });
        }
        const [department] = await tx
          .select({ code: departments.code })
          .from(departments)
          .where(eq(departments.id, departmentId));
        const timeZone = await settings.get('org.timeZone', tx);
        // Taken last: the counter row stays locked until commit.
        const number = await nextDocumentNumber(tx, department.code, now, timeZone, 'visit');
        const [created] = await tx
          .insert(visits)
          .values({ number, ticketId, engineerId, departmentId, status: 'planned', plannedAt: input.plannedAt ?? null })
          .returning();
        await visitEvent(tx, actor, created, now, 'planned', { engineerId });
        if (input.startTravel) await startTravelIn(tx, actor, created, ticket, now);
        await recordAudit(tx, { entityType: 'visit', entityId: created.id, action: 'create', actor, after: created });
        return getVisitIn(tx, created.id);
      }),

    /** POST /api/visits/:id/start-travel — ticket en route. */
    startTravel: (actor: Actor, visitId: number) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { visit, ticket } = await lockVisit(tx, actor, visitId, false);
        await startTravelIn(tx, actor, visit, ticket, now);
        return getVisitIn(tx, visitId);
      }),

    /** POST /api/visits/:id/check-in — ticket on site; the arrival clock stops now (SLA-1). */
    checkIn: (actor: Actor, visitId: number, input: z.output<typeof checkInInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        let { visit, ticket } = await lockVisit(tx, actor, visitId, false);
        step(visit, 'check_in');
        if (visit.status === 'planned') {
          visit = await startTravelIn(tx, actor, visit, ticket, now);
          ticket = await lockTicket(tx, ticket.id);
        }
        const location =
          input.latitude != null && input.longitude != null
            ? {
                latitude: input.latitude,
                longitude: input.longitude,
                ...(input.accuracy != null ? { accuracy: input.accuracy } : {}),
              }
            : null;
        if (ticket.status === 'en_route') {
          await moveTicket(tx, actor, ticket.id, ['on_site'], now, {
            visitId: visit.id,
            visitNumber: visit.number,
            location,
          });
        }
        await slaClocks.stopClock(tx, ticket.id, 'arrival', now);
        await setVisit(tx, visit, { status: 'on_site', checkedInAt: now, checkInLocation: location }, now);
        return getVisitIn(tx, visitId);
      }),

    /** POST /api/visits/:id/start-work — ticket in progress. */
    startWork: (actor: Actor, visitId: number) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { visit, ticket } = await lockVisit(tx, actor, visitId, false);
        step(visit, 'start_work');
        if (ticket.status !== 'on_site') {
          throw new AppError('CONFLICT', {
            zh: '工作已经开始',
            en: 'Work has already started',
          });
        }
        await moveTicket(tx, actor, ticket.id, ['in_progress'], now, { visitId: visit.id, visitNumber: visit.number });
        await setVisit(tx, visit, {}, now);
        return getVisitIn(tx, visitId);
      }),

    /** PATCH /api/visits/:id — the record's fields; versioned (409 when stale). */
    updateRecord: (actor: Actor, visitId: number, input: z.output<typeof visitRecordInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { visit } = await lockVisit(tx, actor, visitId, true);
        if (visit.version !== input.expectedVersion) throw versionConflict(visitLabel.zh, visitLabel.en);
        step(visit, 'edit_record');
        const { expectedVersion: _version, ...fields } = input;
        const patch: Record<string, unknown> = Object.fromEntries(
          Object.entries(fields).filter(([, value]) => value !== undefined),
        );
        if (fields.partsUsed) {
          patch.partsUsed = fields.partsUsed.map((part) => ({
            ...part,
            quantity: Math.round(part.quantity * 1000) / 1000,
          }));
        }
        const after = await setVisit(tx, visit, patch as Partial<VisitRow>, now);
        await recordAudit(tx, {
          entityType: 'visit',
          entityId: visit.id,
          action: 'update',
          actor,
          before: visit,
          after,
        });
        return getVisitIn(tx, visitId);
      }),

    /** POST /api/visits/:id/photos — a photo of the work (type/size checked, location metadata removed). */
    async addPhoto(actor: Actor, visitId: number, file: { buffer: Buffer; filename: string }) {
      // The image work (re-encoding without EXIF/GPS) happens before the transaction opens.
      const prepared = await prepareAttachment({
        content: file.buffer,
        fileName: file.filename,
        maxBytes: await attachmentMaxBytes(db),
      });
      return db.transaction(async (tx) => {
        const now = clock.now();
        const { visit } = await lockVisit(tx, actor, visitId, true);
        step(visit, 'edit_record');
        await storeAttachment(tx, {
          ticketId: visit.ticketId,
          visitId: visit.id,
          kind: 'photo',
          prepared,
          uploadedBy: actor.id,
          at: now,
          note: `${visit.number}: ${prepared.fileName}`,
        });
        await setVisit(tx, visit, {}, now);
        return getVisitIn(tx, visitId);
      });
    },

    /** POST /api/visits/:id/signature — the customer's drawn signature; the time is the server's. */
    sign: (actor: Actor, visitId: number, input: z.output<typeof signatureInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { visit } = await lockVisit(tx, actor, visitId, false);
        step(visit, 'sign');
        if (!input.image.startsWith(pngPrefix)) {
          throw invalidField('image', {
            zh: '签名须为 PNG 图片（data:image/png;base64,…）',
            en: 'The signature must be a PNG image (data:image/png;base64,…)',
          });
        }
        const content = Buffer.from(input.image.slice(pngPrefix.length), 'base64');
        if (content.length < 67 || !content.subarray(0, 8).equals(pngMagic)) {
          throw invalidField('image', { zh: '签名图片已损坏或为空', en: 'The signature image is damaged or empty' });
        }
        const stored = await storeAttachment(tx, {
          ticketId: visit.ticketId,
          visitId: visit.id,
          kind: 'signature',
          fileName: `${visit.number}-signature.png`,
          content,
          uploadedBy: actor.id,
          at: now,
        });
        await setVisit(
          tx,
          visit,
          { signatureAttachmentId: stored.id, signedByName: input.signedByName, signedAt: now },
          now,
        );
        await visitEvent(tx, actor, visit, now, 'signed', {
          signedByName: input.signedByName,
          attachmentId: stored.id,
        });
        return getVisitIn(tx, visitId);
      }),

    /**
     * POST /api/visits/:id/check-out — needs the result. Done resolves the ticket (through "in
     * progress" if work was never started); not done leaves it waiting for parts, for the
     * customer, or in progress.
     */
    checkOut: (actor: Actor, visitId: number, input: z.output<typeof checkOutInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { visit, ticket } = await lockVisit(tx, actor, visitId, false);
        if (visit.version !== input.expectedVersion) throw versionConflict(visitLabel.zh, visitLabel.en);
        step(visit, 'check_out');
        const result = input.result ?? visit.result;
        const target = ticketStatusAfterCheckOut(result, input.nextStatus);
        const path = pathToWorkStatus(ticket.status, target);
        const data = { visitId: visit.id, visitNumber: visit.number, result };
        await moveTicket(tx, actor, ticket.id, path, now, data, input.note);
        const after = await setVisit(tx, visit, { status: 'checked_out', checkedOutAt: now, result }, now);
        await visitEvent(tx, actor, visit, now, 'checked_out', { result });
        // PRT-6: faulty parts replaced on this visit are due back counted from the engineer's return.
        await rescheduleFaultyReturnsOnCheckOut(tx, settings, visit.id, now);
        if (target === 'resolved') {
          // The job is done: live assignments of the ticket end.
          await tx
            .update(assignments)
            .set({ status: 'completed', version: sql`${assignments.version} + 1` })
            .where(and(eq(assignments.ticketId, ticket.id), eq(assignments.status, 'accepted')));
          await tx
            .update(assignments)
            .set({ status: 'withdrawn', respondedAt: now, version: sql`${assignments.version} + 1` })
            .where(and(eq(assignments.ticketId, ticket.id), eq(assignments.status, 'offered')));
          await tx
            .update(visits)
            .set({ status: 'cancelled', updatedAt: now, version: sql`${visits.version} + 1` })
            .where(
              and(
                eq(visits.ticketId, ticket.id),
                ne(visits.id, visit.id),
                inArray(visits.status, ['planned', 'travelling']),
              ),
            );
        }
        await recordAudit(tx, {
          entityType: 'visit',
          entityId: visit.id,
          action: 'update',
          actor,
          before: visit,
          after,
        });
        return getVisitIn(tx, visitId);
      }),

    /** POST /api/visits/:id/cancel — a planned or travelling visit is called off (the ticket stays). */
    cancel: (actor: Actor, visitId: number, reason: string) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const { visit, ticket } = await lockVisit(tx, actor, visitId, true);
        step(visit, 'cancel');
        if (visit.status === 'travelling' && ticket.status === 'en_route') {
          await moveTicket(tx, actor, ticket.id, ['accepted'], now, { visitId: visit.id }, reason);
        }
        await setVisit(tx, visit, { status: 'cancelled' }, now);
        await visitEvent(tx, actor, visit, now, 'cancelled', { reason });
        return getVisitIn(tx, visitId);
      }),

    /** GET /api/tickets/:id/repair-record — the data of 售后服务维修记录单 (DSP-5, [001 7]). */
    async repairRecord(actor: Actor, ticketId: number) {
      const [row] = await db
        .select({
          ticket: tickets,
          customerName: customers.name,
          customerPhone: customers.phone,
          customerAddress: sql<
            string | null
          >`nullif(concat_ws('', ${customers.province}, ${customers.city}, ${customers.district}, ${customers.addressDetail}), '')`,
          modelName: productModels.name,
          serialNo: equipment.serialNo,
          invoiceNo: equipment.invoiceNo,
          purchaseDate: equipment.purchaseDate,
          recordedBy: users.displayName,
        })
        .from(tickets)
        .innerJoin(customers, eq(customers.id, tickets.customerId))
        .leftJoin(equipment, eq(equipment.id, tickets.equipmentId))
        .leftJoin(productModels, eq(productModels.id, sql`coalesce(${tickets.productModelId}, ${equipment.modelId})`))
        .leftJoin(users, eq(users.id, tickets.receivedBy))
        .where(and(eq(tickets.id, ticketId), scopeToStation(actor, tickets.stationId)));
      if (!row) throw notFound('工单', 'Ticket');
      const ticket = row.ticket;
      const visitRows = (await loadVisits(db, eq(visits.ticketId, ticketId))).filter((v) => v.status !== 'cancelled');
      const assignmentRows = await db
        .select({
          name: users.displayName,
          role: assignments.role,
          status: assignments.status,
          expectedArrivalAt: assignments.expectedArrivalAt,
        })
        .from(assignments)
        .innerJoin(users, eq(users.id, assignments.engineerId))
        .where(
          and(eq(assignments.ticketId, ticketId), inArray(assignments.status, ['offered', 'accepted', 'completed'])),
        )
        .orderBy(asc(assignments.id));
      const [serving] = visitRows.length
        ? [visitRows[0].departmentName]
        : ticket.handlingDepartmentId
          ? await db
              .select({ name: departments.name })
              .from(departments)
              .where(eq(departments.id, ticket.handlingDepartmentId))
              .then((rows) => rows.map((r) => r.name))
          : [null];
      // Free-entry lines of the visits and consumed catalogue parts (PRT-3) on one record.
      const catalogueParts = await consumedPartLines(db, ticketId);
      const parts = partsTables([
        ...visitRows.flatMap((v) => v.partsUsed),
        ...catalogueParts.map((line) => ({
          code: line.code,
          name: line.name,
          quantity: line.quantity,
          kind: line.kind,
          ...(line.unitPriceFen === null ? {} : { unitPriceFen: line.unitPriceFen }),
        })),
      ]);
      const signed = [...visitRows].reverse().find((v) => v.signedAt);
      const last = visitRows.at(-1);
      const checkIns = visitRows.map((v) => v.checkedInAt).filter((d): d is Date => !!d);
      const checkOuts = visitRows.map((v) => v.checkedOutAt).filter((d): d is Date => !!d);
      const engineers = [...new Set([...visitRows.map((v) => v.engineerName), ...assignmentRows.map((a) => a.name)])];
      const resultText = last
        ? [
            last.result === 'done' ? '完成' : last.result === 'not_done' ? '未完成' : null,
            last.workDone,
            last.resultNote,
          ]
            .filter(Boolean)
            .join('；')
        : null;
      return {
        ticketId,
        ticketNumber: ticket.number,
        ticketType: ticket.type,
        serviceMode: ticket.serviceMode,
        serviceUnit: serving ?? null,
        customerName: row.customerName,
        customerAddress: ticket.address ?? row.customerAddress,
        contactName: ticket.contactName,
        // PPL-4: a role without personal-data access (the parts keeper) sees the number masked.
        contactPhone:
          personalDataLevel(actor.roles) === 'none'
            ? maskPhone(ticket.contactPhone ?? row.customerPhone)
            : (ticket.contactPhone ?? row.customerPhone),
        requestedServiceAt: assignmentRows.find((a) => a.expectedArrivalAt)?.expectedArrivalAt ?? null,
        modelName: row.modelName,
        serialNo: row.serialNo,
        quantity: 1,
        invoiceNo: row.invoiceNo,
        purchaseDate: row.purchaseDate,
        receivedAt: ticket.receivedAt,
        description: ticket.description,
        title: ticket.title,
        recordedBy: row.recordedBy,
        result: resultText || null,
        repairFrom: checkIns.length ? new Date(Math.min(...checkIns.map((d) => d.getTime()))) : null,
        repairTo: checkOuts.length ? new Date(Math.max(...checkOuts.map((d) => d.getTime()))) : null,
        warrantyParts: parts.warranty,
        boughtParts: parts.bought,
        boughtTotalFen: parts.bought.length ? parts.boughtTotalFen : null,
        engineers,
        customerOpinion: signed?.customerSuggestion ?? last?.customerSuggestion ?? null,
        signedByName: signed?.signedByName ?? null,
        signedAt: signed?.signedAt ?? null,
        signatureUrl: signed?.signatureAttachmentId ? attachmentUrl(signed.signatureAttachmentId) : null,
        visitNumbers: visitRows.map((v) => v.number),
        catalogueParts,
      };
    },
  };
}
