/**
 * Parts on a ticket (PRT-3, DSP-4): the engineer (or the desk) asks for a part, the parts keeper
 * reserves and issues it, the engineer records what was consumed on site and what comes back. Every
 * stock change goes through `postMovement` with the ticket and the request on the ledger entry, in
 * the transaction that moves the request (row lock + version: a stale client gets 409). A warranty
 * part that replaced a faulty one makes the faulty part due back (PRT-6, faulty-returns.service.ts).
 */
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { type Actor, canSeeStation, scopeToStation } from '../../lib/access.js';
import { AppError, invalidField, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { dateInZone } from '../../lib/time-zone.js';
import type { SettingsService } from '../org/settings.service.js';
import { writeTicketEvent } from '../tickets/ticket-transitions.js';
import type {
  directIssueInput,
  partRequestConsumeInput,
  partRequestCreateInput,
  partRequestListQuery,
  partRequestNoteInput,
  partRequestStockInput,
} from './part-requests.contract.js';
import {
  type ChargeKind,
  defaultChargeKind,
  faultyReturnDueAt,
  owesFaultyReturn,
  type PartRequestAction,
  type PartRequestStatus,
  requestActionRefusal,
  settleConsumption,
  ticketTakesParts,
} from './part-requests.rules.js';
import { faultyReturns, partRequests } from './parts.table.js';
import { postMovement } from './stock-ledger.js';

export type PartRequestsDeps = { db: Db; clock: Clock; settings: SettingsService };
export type PartRequestsService = ReturnType<typeof createPartRequestsService>;

type RequestRow = typeof partRequests.$inferSelect;
const requestLabel = { zh: '配件申请', en: 'Part request' } as const;
const ticketLabel = { zh: '工单', en: 'Ticket' } as const;

type TicketFacts = {
  id: number;
  number: string;
  status: string;
  station_id: number;
  equipment_id: number | null;
  warranty_status: 'in_warranty' | 'expiring' | 'expired' | 'unknown';
  is_free_repeat: boolean;
  warranty_end: string | null;
};

/** The request rows the API answers with (one statement; `where` on the `r` alias). */
export async function loadPartRequests(tx: DbOrTx, where: SQL, limit = 500) {
  const result = await tx.execute<{
    id: number;
    ticket_id: number;
    ticket_number: string;
    ticket_status: string;
    station_id: number;
    visit_id: number | null;
    visit_number: string | null;
    part_id: number;
    part_code: string;
    part_name: string;
    part_spec: string | null;
    unit: string;
    serialised: boolean;
    warehouse_id: number | null;
    warehouse_code: string | null;
    warehouse_name: string | null;
    quantity: number;
    issued_quantity: number;
    consumed_quantity: number;
    returned_quantity: number;
    charge_kind: ChargeKind;
    unit_price_fen: number | null;
    status: PartRequestStatus;
    removed_serial_no: string | null;
    installed_serial_no: string | null;
    equipment_id: number | null;
    note: string | null;
    requested_by: number;
    requested_by_name: string;
    requested_at: Date | string;
    issued_by: number | null;
    issued_by_name: string | null;
    issued_at: Date | string | null;
    consumed_at: Date | string | null;
    faulty_return_id: number | null;
    version: number;
  }>(sql`
    select r.id, r.ticket_id, t.number as ticket_number, t.status as ticket_status, r.station_id, r.visit_id,
           v.number as visit_number, r.part_id, p.code as part_code, p.name as part_name, p.spec as part_spec, p.unit,
           p.serialised, r.warehouse_id, w.code as warehouse_code, w.name as warehouse_name, r.quantity,
           r.issued_quantity, r.consumed_quantity, r.returned_quantity, r.charge_kind, r.unit_price_fen, r.status,
           r.removed_serial_no, r.installed_serial_no, r.equipment_id, r.note, r.requested_by,
           ru.display_name as requested_by_name, r.requested_at, r.issued_by, iu.display_name as issued_by_name,
           r.issued_at, r.consumed_at,
           (select f.id from faulty_returns f where f.part_request_id = r.id order by f.id limit 1) as faulty_return_id,
           r.version
      from part_requests r
      join tickets t on t.id = r.ticket_id
      join parts p on p.id = r.part_id
      join users ru on ru.id = r.requested_by
      left join users iu on iu.id = r.issued_by
      left join warehouses w on w.id = r.warehouse_id
      left join visits v on v.id = r.visit_id
     where ${where}
     order by r.requested_at desc, r.id desc
     limit ${limit}`);
  const at = (value: Date | string | null) => (value === null ? null : new Date(value));
  return result.rows.map((row) => ({
    id: row.id,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    ticketStatus: row.ticket_status,
    stationId: row.station_id,
    visitId: row.visit_id,
    visitNumber: row.visit_number,
    partId: row.part_id,
    partCode: row.part_code,
    partName: row.part_name,
    partSpec: row.part_spec,
    unit: row.unit,
    serialised: row.serialised,
    warehouseId: row.warehouse_id,
    warehouseCode: row.warehouse_code,
    warehouseName: row.warehouse_name,
    quantity: row.quantity,
    issuedQuantity: row.issued_quantity,
    consumedQuantity: row.consumed_quantity,
    returnedQuantity: row.returned_quantity,
    chargeKind: row.charge_kind,
    unitPriceFen: row.unit_price_fen,
    status: row.status,
    removedSerialNo: row.removed_serial_no,
    installedSerialNo: row.installed_serial_no,
    equipmentId: row.equipment_id,
    note: row.note,
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    requestedAt: new Date(row.requested_at),
    issuedBy: row.issued_by,
    issuedByName: row.issued_by_name,
    issuedAt: at(row.issued_at),
    consumedAt: at(row.consumed_at),
    faultyReturnId: row.faulty_return_id,
    version: row.version,
  }));
}

/** The price list row of a part on a day (latest effective_from ≤ day), or nulls. */
async function priceOn(tx: DbOrTx, partId: number, day: string) {
  const result = await tx.execute<{ price_fen: number; cost_fen: number }>(sql`
    select price_fen, cost_fen from part_prices
     where part_id = ${partId} and effective_from <= ${day}
     order by effective_from desc limit 1`);
  return { priceFen: result.rows[0]?.price_fen ?? null, costFen: result.rows[0]?.cost_fen ?? null };
}

/** Whether the actor has (or had) an assignment on the ticket: an engineer lent from another station. */
async function isAssignedTo(tx: DbOrTx, actor: Actor, ticketId: number) {
  const result = await tx.execute(
    sql`select 1 from assignments where ticket_id = ${ticketId} and engineer_id = ${actor.id} and status in ('offered', 'accepted', 'completed') limit 1`,
  );
  return result.rows.length > 0;
}

const partLine = (row: { part_code: string; part_name: string }, quantity: number) =>
  `${row.part_code} ${row.part_name} ×${quantity}`;
const chargeText: Record<ChargeKind, string> = { warranty: '三包件', customer_bought: '客户购买件' };

export function createPartRequestsService(deps: PartRequestsDeps) {
  const { db, clock, settings } = deps;

  /** The ticket's facts for parts; 404 outside the actor's station unless they are assigned to it. */
  async function ticketFacts(tx: DbOrTx, actor: Actor, ticketId: number): Promise<TicketFacts> {
    const result = await tx.execute<TicketFacts>(sql`
      select t.id, t.number, t.status, t.station_id, t.equipment_id, t.warranty_status, t.is_free_repeat,
             e.warranty_end
        from tickets t left join equipment e on e.id = t.equipment_id
       where t.id = ${ticketId}`);
    const row = result.rows[0];
    if (!row) throw notFound(ticketLabel.zh, ticketLabel.en);
    if (!canSeeStation(actor, row.station_id) && !(await isAssignedTo(tx, actor, ticketId))) {
      throw notFound(ticketLabel.zh, ticketLabel.en);
    }
    return row;
  }

  function assertTicketTakesParts(ticket: { status: string; number: string }) {
    if (!ticketTakesParts(ticket.status)) {
      throw new AppError('CONFLICT', {
        zh: `工单 ${ticket.number} 已关闭或已取消，不能再申请或领用配件`,
        en: `Ticket ${ticket.number} is closed or cancelled; no more parts can be requested or issued`,
      });
    }
  }

  /** A warehouse of the ticket's station (station or van stock); another station's answers 404. */
  async function warehouseFor(tx: DbOrTx, warehouseId: number, stationId: number) {
    const result = await tx.execute<{ id: number; is_active: boolean }>(
      sql`select id, is_active from warehouses where id = ${warehouseId} and station_id = ${stationId}`,
    );
    const row = result.rows[0];
    if (!row) throw notFound('仓库', 'Warehouse');
    if (!row.is_active) {
      throw invalidField('warehouseId', { zh: '仓库已停用', en: 'The warehouse is deactivated' });
    }
    return row;
  }

  async function partFor(tx: DbOrTx, partId: number) {
    const result = await tx.execute<{
      id: number;
      code: string;
      name: string;
      category: string;
      serialised: boolean;
      is_active: boolean;
    }>(sql`select id, code, name, category, serialised, is_active from parts where id = ${partId}`);
    const row = result.rows[0];
    if (!row) throw invalidField('partId', { zh: '配件不存在', en: 'The part does not exist' });
    return row;
  }

  async function visitFor(tx: DbOrTx, visitId: number, ticketId: number) {
    const result = await tx.execute<{ id: number; engineer_id: number; checked_out_at: Date | string | null }>(
      sql`select id, engineer_id, checked_out_at from visits where id = ${visitId} and ticket_id = ${ticketId}`,
    );
    const row = result.rows[0];
    if (!row) {
      throw invalidField('visitId', {
        zh: '外出服务记录不属于此工单',
        en: 'The visit does not belong to this ticket',
      });
    }
    return row;
  }

  /** Locks the request, checks scope (404), version (409) and that the action is allowed (409). */
  async function lockRequest(tx: Tx, actor: Actor, requestId: number, version: number, action: PartRequestAction) {
    const [row] = await tx.select().from(partRequests).where(eq(partRequests.id, requestId)).for('update');
    if (!row) throw notFound(requestLabel.zh, requestLabel.en);
    if (!canSeeStation(actor, row.stationId) && !(await isAssignedTo(tx, actor, row.ticketId))) {
      throw notFound(requestLabel.zh, requestLabel.en);
    }
    if (row.version !== version) throw versionConflict(requestLabel.zh, requestLabel.en);
    const refusal = requestActionRefusal(row.status, action);
    if (refusal) throw new AppError('CONFLICT', refusal);
    return row;
  }

  async function setRequest(tx: DbOrTx, row: RequestRow, patch: Partial<RequestRow>) {
    const [after] = await tx
      .update(partRequests)
      .set({ ...patch, version: sql`${partRequests.version} + 1` })
      .where(and(eq(partRequests.id, row.id), eq(partRequests.version, row.version)))
      .returning();
    if (!after) throw versionConflict(requestLabel.zh, requestLabel.en);
    return after;
  }

  async function ticketStatusOf(tx: DbOrTx, ticketId: number) {
    const result = await tx.execute<{ status: string; number: string; equipment_id: number | null }>(
      sql`select status, number, equipment_id from tickets where id = ${ticketId}`,
    );
    return result.rows[0];
  }

  async function partsEvent(
    tx: DbOrTx,
    actor: Actor,
    ticketId: number,
    at: Date,
    note: string,
    data: Record<string, unknown>,
  ) {
    await writeTicketEvent(tx, { ticketId, at, actorId: actor.id, kind: 'parts', note, data });
  }

  async function getIn(tx: DbOrTx, requestId: number) {
    const [row] = await loadPartRequests(tx, sql`r.id = ${requestId}`, 1);
    if (!row) throw notFound(requestLabel.zh, requestLabel.en);
    return row;
  }

  /** Issues `quantity` of a request: from its reservation, or straight from available stock. */
  async function issueIn(
    tx: Tx,
    actor: Actor,
    row: RequestRow,
    warehouseId: number,
    part: { code: string; name: string },
    now: Date,
  ) {
    const timeZone = await settings.get('org.timeZone', tx);
    const price = await priceOn(tx, row.partId, dateInZone(now, timeZone));
    const fromReservation = row.status === 'reserved';
    await postMovement(tx, {
      kind: 'issue',
      warehouseId,
      partId: row.partId,
      quantity: -row.quantity,
      reservedDelta: fromReservation ? -row.quantity : 0,
      at: now,
      actorId: actor.id,
      unitCostFen: price.costFen,
      chargeKind: row.chargeKind,
      ticketId: row.ticketId,
      partRequestId: row.id,
    });
    const after = await setRequest(tx, row, {
      status: 'issued',
      warehouseId,
      issuedQuantity: row.quantity,
      issuedBy: actor.id,
      issuedAt: now,
      unitPriceFen: row.chargeKind === 'customer_bought' ? price.priceFen : null,
    });
    await partsEvent(
      tx,
      actor,
      row.ticketId,
      now,
      `出库 ${partLine({ part_code: part.code, part_name: part.name }, row.quantity)}（${chargeText[row.chargeKind]}）`,
      { action: 'issued', partRequestId: row.id, partCode: part.code, quantity: row.quantity },
    );
    return after;
  }

  return {
    /** GET /api/tickets/:id/part-requests */
    async listForTicket(actor: Actor, ticketId: number) {
      await ticketFacts(db, actor, ticketId);
      return { items: await loadPartRequests(db, sql`r.ticket_id = ${ticketId}`) };
    },

    /** GET /api/part-requests — the parts keeper's queue, scoped to the station. */
    async list(actor: Actor, query: z.output<typeof partRequestListQuery>) {
      const conditions: SQL[] = [sql`true`];
      const scope = scopeToStation(actor, partRequests.stationId);
      if (scope) conditions.push(sql`r.station_id = ${actor.stationId}`);
      if (query.stationId) conditions.push(sql`r.station_id = ${query.stationId}`);
      if (query.status) conditions.push(sql`r.status = ${query.status}`);
      if (query.open) conditions.push(sql`r.status in ('requested', 'reserved', 'issued')`);
      if (query.warehouseId) conditions.push(sql`r.warehouse_id = ${query.warehouseId}`);
      if (query.ticketId) conditions.push(sql`r.ticket_id = ${query.ticketId}`);
      return { items: await loadPartRequests(db, sql.join(conditions, sql` and `), query.limit) };
    },

    async get(actor: Actor, requestId: number) {
      const row = await getIn(db, requestId);
      if (!canSeeStation(actor, row.stationId) && !(await isAssignedTo(db, actor, row.ticketId))) {
        throw notFound(requestLabel.zh, requestLabel.en);
      }
      return row;
    },

    /** POST /api/tickets/:id/part-requests */
    create: (actor: Actor, ticketId: number, input: z.output<typeof partRequestCreateInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const ticket = await ticketFacts(tx, actor, ticketId);
        assertTicketTakesParts(ticket);
        const part = await partFor(tx, input.partId);
        if (!part.is_active) {
          throw invalidField('partId', { zh: `配件 ${part.code} 已停用`, en: `Part ${part.code} is deactivated` });
        }
        if (input.warehouseId) await warehouseFor(tx, input.warehouseId, ticket.station_id);
        if (input.visitId) await visitFor(tx, input.visitId, ticketId);
        const timeZone = await settings.get('org.timeZone', tx);
        const chargeKind =
          input.chargeKind ??
          defaultChargeKind(
            {
              warrantyEnd: ticket.warranty_end,
              ticketWarrantyStatus: ticket.warranty_status,
              isFreeRepeat: ticket.is_free_repeat,
            },
            dateInZone(now, timeZone),
          );
        const [created] = await tx
          .insert(partRequests)
          .values({
            ticketId,
            stationId: ticket.station_id,
            visitId: input.visitId ?? null,
            partId: part.id,
            warehouseId: input.warehouseId ?? null,
            quantity: input.quantity,
            chargeKind,
            equipmentId: ticket.equipment_id,
            note: input.note ?? null,
            requestedBy: actor.id,
            requestedAt: now,
          })
          .returning({ id: partRequests.id });
        await partsEvent(
          tx,
          actor,
          ticketId,
          now,
          `申请 ${partLine({ part_code: part.code, part_name: part.name }, input.quantity)}（${chargeText[chargeKind]}）`,
          { action: 'requested', partRequestId: created.id, partCode: part.code, quantity: input.quantity },
        );
        return getIn(tx, created.id);
      }),

    /**
     * POST /api/tickets/:id/parts/issue — the parts keeper hands a part out without a prior request:
     * one transaction, an issued request and its ledger entry (the benchmark's hot path).
     */
    directIssue: (actor: Actor, ticketId: number, input: z.output<typeof directIssueInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const timeZone = await settings.get('org.timeZone', tx);
        const day = dateInZone(now, timeZone);
        const facts = await tx.execute<
          TicketFacts & {
            warehouse_station: number | null;
            warehouse_active: boolean | null;
            part_code: string | null;
            part_name: string | null;
            part_active: boolean | null;
            price_fen: number | null;
            cost_fen: number | null;
          }
        >(sql`
          select t.id, t.number, t.status, t.station_id, t.equipment_id, t.warranty_status, t.is_free_repeat,
                 e.warranty_end, w.station_id as warehouse_station, w.is_active as warehouse_active,
                 p.code as part_code, p.name as part_name, p.is_active as part_active, pr.price_fen, pr.cost_fen
            from tickets t
            left join equipment e on e.id = t.equipment_id
            left join warehouses w on w.id = ${input.warehouseId}
            left join parts p on p.id = ${input.partId}
            left join lateral (
              select price_fen, cost_fen from part_prices
               where part_id = ${input.partId} and effective_from <= ${day}
               order by effective_from desc limit 1) pr on true
           where t.id = ${ticketId}`);
        const row = facts.rows[0];
        if (!row || !canSeeStation(actor, row.station_id)) throw notFound(ticketLabel.zh, ticketLabel.en);
        if (row.warehouse_station !== row.station_id) throw notFound('仓库', 'Warehouse');
        if (!row.part_code) throw invalidField('partId', { zh: '配件不存在', en: 'The part does not exist' });
        if (!row.warehouse_active) {
          throw invalidField('warehouseId', { zh: '仓库已停用', en: 'The warehouse is deactivated' });
        }
        if (!row.part_active) {
          throw invalidField('partId', {
            zh: `配件 ${row.part_code} 已停用`,
            en: `Part ${row.part_code} is deactivated`,
          });
        }
        assertTicketTakesParts(row);
        if (input.visitId) await visitFor(tx, input.visitId, ticketId);
        const chargeKind =
          input.chargeKind ??
          defaultChargeKind(
            {
              warrantyEnd: row.warranty_end,
              ticketWarrantyStatus: row.warranty_status,
              isFreeRepeat: row.is_free_repeat,
            },
            day,
          );
        const [created] = await tx
          .insert(partRequests)
          .values({
            ticketId,
            stationId: row.station_id,
            visitId: input.visitId ?? null,
            partId: input.partId,
            warehouseId: input.warehouseId,
            quantity: input.quantity,
            issuedQuantity: input.quantity,
            chargeKind,
            unitPriceFen: chargeKind === 'customer_bought' ? row.price_fen : null,
            status: 'issued',
            equipmentId: row.equipment_id,
            note: input.note ?? null,
            requestedBy: actor.id,
            requestedAt: now,
            issuedBy: actor.id,
            issuedAt: now,
          })
          .returning();
        await postMovement(tx, {
          kind: 'issue',
          warehouseId: input.warehouseId,
          partId: input.partId,
          quantity: -input.quantity,
          at: now,
          actorId: actor.id,
          unitCostFen: row.cost_fen,
          chargeKind,
          ticketId,
          partRequestId: created.id,
        });
        await partsEvent(
          tx,
          actor,
          ticketId,
          now,
          `出库 ${partLine({ part_code: row.part_code, part_name: row.part_name ?? '' }, input.quantity)}（${chargeText[chargeKind]}）`,
          { action: 'issued', partRequestId: created.id, partCode: row.part_code, quantity: input.quantity },
        );
        return {
          ...created,
          ticketNumber: row.number,
          partCode: row.part_code,
          partName: row.part_name ?? '',
        };
      }),

    /** POST /api/part-requests/:id/reserve */
    reserve: (actor: Actor, requestId: number, input: z.output<typeof partRequestStockInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const row = await lockRequest(tx, actor, requestId, input.version, 'reserve');
        const ticket = await ticketStatusOf(tx, row.ticketId);
        assertTicketTakesParts(ticket);
        const warehouseId = input.warehouseId ?? row.warehouseId;
        if (!warehouseId) {
          throw invalidField('warehouseId', { zh: '请选择仓库', en: 'Choose the warehouse' });
        }
        await warehouseFor(tx, warehouseId, row.stationId);
        await postMovement(tx, {
          kind: 'reserve',
          warehouseId,
          partId: row.partId,
          quantity: 0,
          reservedDelta: row.quantity,
          at: now,
          actorId: actor.id,
          chargeKind: row.chargeKind,
          ticketId: row.ticketId,
          partRequestId: row.id,
        });
        await setRequest(tx, row, { status: 'reserved', warehouseId });
        return getIn(tx, row.id);
      }),

    /** POST /api/part-requests/:id/issue — from the reservation, or unreserved from available stock. */
    issue: (actor: Actor, requestId: number, input: z.output<typeof partRequestStockInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const row = await lockRequest(tx, actor, requestId, input.version, 'issue');
        const ticket = await ticketStatusOf(tx, row.ticketId);
        assertTicketTakesParts(ticket);
        if (row.status === 'reserved' && input.warehouseId && input.warehouseId !== row.warehouseId) {
          throw invalidField('warehouseId', {
            zh: '已预留的配件只能从预留的仓库出库（先取消预留再换仓库）',
            en: 'A reserved part is issued from the warehouse holding the reservation (cancel it to change)',
          });
        }
        const warehouseId = input.warehouseId ?? row.warehouseId;
        if (!warehouseId) {
          throw invalidField('warehouseId', { zh: '请选择仓库', en: 'Choose the warehouse' });
        }
        await warehouseFor(tx, warehouseId, row.stationId);
        const part = await partFor(tx, row.partId);
        await issueIn(tx, actor, row, warehouseId, part, now);
        return getIn(tx, row.id);
      }),

    /**
     * POST /api/part-requests/:id/consume — what was used on site; the rest goes back to the
     * warehouse (`return`). A serialised part records the serial taken out and the one put in on the
     * request and the ticket's timeline (the equipment keeps the unit's serial; see docs). A warranty
     * part that replaced a faulty one makes the faulty part due back (PRT-6).
     */
    consume: (actor: Actor, requestId: number, input: z.output<typeof partRequestConsumeInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const row = await lockRequest(tx, actor, requestId, input.version, 'consume');
        const settled = settleConsumption({
          issuedQuantity: row.issuedQuantity,
          consumedQuantity: input.consumedQuantity,
          returnedQuantity: input.returnedQuantity,
        });
        if (!settled.ok) throw invalidField(settled.problem.field, settled.problem.text);
        const part = await partFor(tx, row.partId);
        if (part.serialised && settled.consumed > 0 && !input.installedSerialNo) {
          throw invalidField('installedSerialNo', {
            zh: `配件 ${part.code} 按序列号管理，请填写装上的序列号`,
            en: `Part ${part.code} is serialised: enter the serial number installed`,
          });
        }
        let visitId = input.visitId ?? row.visitId;
        if (input.visitId) await visitFor(tx, input.visitId, row.ticketId);
        if (!visitId) {
          // The engineer's visit on the ticket (on site first, then the latest) carries the part on its record.
          const found = await tx.execute<{ id: number }>(sql`
            select id from visits where ticket_id = ${row.ticketId} and engineer_id = ${actor.id} and status <> 'cancelled'
             order by (status = 'on_site') desc, id desc limit 1`);
          visitId = found.rows[0]?.id ?? null;
        }
        if (settled.returned > 0) {
          await postMovement(tx, {
            kind: 'return',
            warehouseId: row.warehouseId!,
            partId: row.partId,
            quantity: settled.returned,
            at: now,
            actorId: actor.id,
            chargeKind: row.chargeKind,
            ticketId: row.ticketId,
            partRequestId: row.id,
            note: input.note ?? null,
          });
        }
        const serialSwap = part.serialised && settled.consumed > 0;
        await setRequest(tx, row, {
          status: settled.status,
          consumedQuantity: settled.consumed,
          returnedQuantity: settled.returned,
          consumedAt: now,
          visitId,
          removedSerialNo: serialSwap ? (input.removedSerialNo ?? null) : null,
          installedSerialNo: serialSwap ? (input.installedSerialNo ?? null) : null,
          note: input.note ?? row.note,
        });
        const ticket = await ticketStatusOf(tx, row.ticketId);
        const code = { part_code: part.code, part_name: part.name };
        const pieces = [
          settled.consumed > 0 ? `消耗 ${partLine(code, settled.consumed)}（${chargeText[row.chargeKind]}）` : null,
          settled.returned > 0 ? `退回 ${partLine(code, settled.returned)}` : null,
          serialSwap
            ? `序列号 ${input.removedSerialNo ?? '（未记录）'} → ${input.installedSerialNo}${ticket?.equipment_id ? '（已记入设备档案）' : ''}`
            : null,
        ].filter(Boolean);
        await partsEvent(tx, actor, row.ticketId, now, pieces.join('；'), {
          action: 'consumed',
          partRequestId: row.id,
          partCode: part.code,
          consumed: settled.consumed,
          returned: settled.returned,
          ...(serialSwap
            ? {
                equipmentId: ticket?.equipment_id ?? null,
                removedSerialNo: input.removedSerialNo ?? null,
                installedSerialNo: input.installedSerialNo,
              }
            : {}),
        });
        if (
          owesFaultyReturn({
            chargeKind: row.chargeKind,
            consumedQuantity: settled.consumed,
            category: part.category,
            replacedFaulty: input.replacedFaulty,
          })
        ) {
          const visit = visitId ? await visitFor(tx, visitId, row.ticketId) : null;
          const hours = await settings.get('parts.faultyReturnHours', tx);
          const backAt = visit?.checked_out_at ? new Date(visit.checked_out_at) : now;
          await tx.insert(faultyReturns).values({
            partRequestId: row.id,
            ticketId: row.ticketId,
            stationId: row.stationId,
            partId: row.partId,
            quantity: settled.consumed,
            serialNo: serialSwap ? (input.removedSerialNo ?? null) : null,
            engineerId: visit?.engineer_id ?? (actor.roles.includes('engineer') ? actor.id : row.requestedBy),
            status: 'due',
            dueAt: faultyReturnDueAt(backAt, hours),
          });
        }
        return getIn(tx, row.id);
      }),

    /** POST /api/part-requests/:id/return — nothing was used: all of it goes back into the warehouse. */
    returnAll: (actor: Actor, requestId: number, input: z.output<typeof partRequestNoteInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const row = await lockRequest(tx, actor, requestId, input.version, 'return');
        await postMovement(tx, {
          kind: 'return',
          warehouseId: row.warehouseId!,
          partId: row.partId,
          quantity: row.issuedQuantity,
          at: now,
          actorId: actor.id,
          chargeKind: row.chargeKind,
          ticketId: row.ticketId,
          partRequestId: row.id,
          note: input.note ?? null,
        });
        await setRequest(tx, row, {
          status: 'returned',
          returnedQuantity: row.issuedQuantity,
          consumedAt: now,
          note: input.note ?? row.note,
        });
        const part = await partFor(tx, row.partId);
        await partsEvent(
          tx,
          actor,
          row.ticketId,
          now,
          `退回 ${partLine({ part_code: part.code, part_name: part.name }, row.issuedQuantity)}`,
          {
            action: 'returned',
            partRequestId: row.id,
            partCode: part.code,
            quantity: row.issuedQuantity,
          },
        );
        return getIn(tx, row.id);
      }),

    /** POST /api/part-requests/:id/cancel — before issue; a reservation is released. */
    cancel: (actor: Actor, requestId: number, input: z.output<typeof partRequestNoteInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const row = await lockRequest(tx, actor, requestId, input.version, 'cancel');
        if (row.status === 'reserved' && row.warehouseId) {
          await postMovement(tx, {
            kind: 'unreserve',
            warehouseId: row.warehouseId,
            partId: row.partId,
            quantity: 0,
            reservedDelta: -row.quantity,
            at: now,
            actorId: actor.id,
            ticketId: row.ticketId,
            partRequestId: row.id,
            note: input.note ?? null,
          });
        }
        await setRequest(tx, row, { status: 'cancelled', note: input.note ?? row.note });
        const part = await partFor(tx, row.partId);
        await partsEvent(
          tx,
          actor,
          row.ticketId,
          now,
          `取消申请 ${partLine({ part_code: part.code, part_name: part.name }, row.quantity)}`,
          { action: 'cancelled', partRequestId: row.id, partCode: part.code },
        );
        return getIn(tx, row.id);
      }),

    /**
     * GET /api/tickets/:id/part-options?q= — catalogue parts for the engineer's picker: active parts
     * matching code or name, those fitting the ticket's product model first, with what the ticket's
     * station has available.
     */
    async partOptions(actor: Actor, ticketId: number, q: string | undefined, limit: number) {
      const ticket = await ticketFacts(db, actor, ticketId);
      const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
      const result = await db.execute<{
        id: number;
        code: string;
        name: string;
        spec: string | null;
        unit: string;
        serialised: boolean;
        fits: boolean;
        available: number;
      }>(sql`
        with model as (
          select coalesce(t.product_model_id, e.model_id) as model_id
            from tickets t left join equipment e on e.id = t.equipment_id where t.id = ${ticketId})
        select p.id, p.code, p.name, p.spec, p.unit, p.serialised,
               exists (select 1 from part_fits f, model m where f.part_id = p.id and f.model_id = m.model_id) as fits,
               coalesce((select sum(s.on_hand - s.reserved) from stock s join warehouses w on w.id = s.warehouse_id
                          where s.part_id = p.id and s.condition = 'good' and w.station_id = ${ticket.station_id}), 0)::int as available
          from parts p
         where p.is_active ${pattern ? sql`and (p.code ilike ${pattern} or p.name ilike ${pattern})` : sql``}
         order by fits desc, p.code
         limit ${limit}`);
      return { items: result.rows };
    },
  };
}

/** Consumed catalogue parts of a ticket, for the field service and repair records (DSP-5). */
export async function consumedPartLines(tx: DbOrTx, ticketId: number) {
  const result = await tx.execute<{
    id: number;
    visit_id: number | null;
    code: string;
    name: string;
    consumed_quantity: number;
    charge_kind: ChargeKind;
    unit_price_fen: number | null;
    removed_serial_no: string | null;
    installed_serial_no: string | null;
  }>(sql`
    select r.id, r.visit_id, p.code, p.name, r.consumed_quantity, r.charge_kind, r.unit_price_fen,
           r.removed_serial_no, r.installed_serial_no
      from part_requests r join parts p on p.id = r.part_id
     where r.ticket_id = ${ticketId} and r.status = 'consumed' and r.consumed_quantity > 0
     order by r.consumed_at, r.id`);
  return result.rows.map((row) => ({
    partRequestId: row.id,
    visitId: row.visit_id,
    code: row.code,
    name: row.name,
    quantity: row.consumed_quantity,
    kind: row.charge_kind,
    unitPriceFen: row.unit_price_fen,
    removedSerialNo: row.removed_serial_no,
    installedSerialNo: row.installed_serial_no,
  }));
}

/**
 * The engineer checked out of a visit: faulty parts still due from the visit's consumption are due
 * `parts.faultyReturnHours` after the check-out (PRT-6 "after the engineer returns").
 */
export async function rescheduleFaultyReturnsOnCheckOut(
  tx: DbOrTx,
  settings: SettingsService,
  visitId: number,
  checkedOutAt: Date,
) {
  const hours = await settings.get('parts.faultyReturnHours', tx);
  await tx
    .update(faultyReturns)
    .set({ dueAt: faultyReturnDueAt(checkedOutAt, hours), version: sql`${faultyReturns.version} + 1` })
    .where(
      and(
        eq(faultyReturns.status, 'due'),
        inArray(
          faultyReturns.partRequestId,
          tx.select({ id: partRequests.id }).from(partRequests).where(eq(partRequests.visitId, visitId)),
        ),
      ),
    );
}
