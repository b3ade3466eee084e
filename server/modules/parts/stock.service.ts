/**
 * Stock views and the movements of the stock core (PRT-2, PRT-3). The views read the `stock` cache
 * (never sums over the ledger) through its primary key and indexes; the ledger view pages by id.
 * Every movement goes through `postMovement`, in one transaction with its checks: a receipt with
 * acceptance inspection, scrap and mailing a part to a customer on a ticket (TKT-8).
 */
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { type Actor, canSeeStation } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { likeEscape } from '../../lib/pagination.js';
import { seesAllStations } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import type { SettingsService } from '../org/settings.service.js';
import { nextDocumentNumber } from '../tickets/numbering.js';
import { tickets } from '../tickets/tickets.table.js';
import { parts, suppliers } from './parts.table.js';
import { acceptanceNote, checkReceiptLines } from './receipts.rules.js';
import type { ledgerQuery, mailInput, receiptInput, scrapInput, warehouseStockQuery } from './stock.contract.js';
import { type Movement, postMovement } from './stock-ledger.js';
import { visibleWarehouse } from './warehouses.service.js';

const fieldError = (field: string, zh: string, en: string) =>
  new AppError('VALIDATION', { zh, en }, { fields: [{ field, message: en }] });

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** Posts a movement and reports the balance it left, in the shape the movement routes answer. */
export async function post(tx: Tx, movement: Movement) {
  const posted = await postMovement(tx, movement);
  return {
    ledgerId: posted.ledgerId,
    partId: movement.partId,
    warehouseId: movement.warehouseId,
    condition: movement.condition ?? 'good',
    onHand: posted.onHand,
    reserved: posted.reserved,
  };
}

/** Active parts by id, or a 400 naming the line whose part is unknown or inactive. */
export async function activeParts(tx: DbOrTx, partIds: number[], field: (index: number) => string) {
  const rows = partIds.length
    ? await tx
        .select({ id: parts.id, code: parts.code, name: parts.name, isActive: parts.isActive })
        .from(parts)
        .where(inArray(parts.id, [...new Set(partIds)]))
    : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  partIds.forEach((id, index) => {
    const row = byId.get(id);
    if (!row) throw fieldError(field(index), '配件不存在', 'The part does not exist');
    if (!row.isActive) throw fieldError(field(index), `配件 ${row.code} 已停用`, `Part ${row.code} is inactive`);
  });
  return byId;
}

export function createStockService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, clock, settings } = deps;

  function warehouseScope(actor: Actor, column: SQL): SQL {
    return seesAllStations(actor.roles) ? sql`true` : sql`${column} = ${actor.stationId}`;
  }

  // ---------- views ----------

  /** On hand, reserved, available, defective and in transit of one part in every visible warehouse. */
  async function partStock(actor: Actor, partId: number) {
    const [part] = await db.select({ id: parts.id }).from(parts).where(eq(parts.id, partId));
    if (!part) throw notFound('配件', 'Part');
    const result = await db.execute<{
      id: number;
      code: string;
      name: string;
      kind: 'station' | 'van';
      station_id: number;
      station_name: string;
      on_hand: number;
      reserved: number;
      defective: number;
      in_transit: number;
    }>(sql`
      select w.id, w.code, w.name, w.kind, w.station_id, st.name as station_name,
             coalesce(g.on_hand, 0) as on_hand, coalesce(g.reserved, 0) as reserved, coalesce(d.on_hand, 0) as defective,
             coalesce((select sum(tl.quantity) from transfers t join transfer_lines tl on tl.transfer_id = t.id
                        where t.to_warehouse_id = w.id and t.status = 'in_transit'
                          and tl.part_id = ${partId} and tl.condition = 'good'), 0)::int as in_transit
        from warehouses w
        join stations st on st.id = w.station_id
        left join stock g on g.warehouse_id = w.id and g.part_id = ${partId} and g.condition = 'good'
        left join stock d on d.warehouse_id = w.id and d.part_id = ${partId} and d.condition = 'defective'
       where ${warehouseScope(actor, sql`w.station_id`)}
         and (w.is_active or coalesce(g.on_hand, 0) > 0 or coalesce(d.on_hand, 0) > 0)
       order by w.station_id, w.kind, w.code`);
    const items = result.rows.map((row) => ({
      warehouseId: row.id,
      warehouseCode: row.code,
      warehouseName: row.name,
      warehouseKind: row.kind,
      stationId: row.station_id,
      stationName: row.station_name,
      onHand: row.on_hand,
      reserved: row.reserved,
      available: row.on_hand - row.reserved,
      defective: row.defective,
      inTransit: row.in_transit,
    }));
    const sum = (key: 'onHand' | 'reserved' | 'available' | 'defective' | 'inTransit') =>
      items.reduce((total, item) => total + item[key], 0);
    return {
      partId,
      items,
      totals: {
        onHand: sum('onHand'),
        reserved: sum('reserved'),
        available: sum('available'),
        defective: sum('defective'),
        inTransit: sum('inTransit'),
      },
    };
  }

  /** One page of a warehouse's stock by part code (keyset on the code), from the stock cache. */
  async function warehouseStock(actor: Actor, warehouseId: number, query: z.output<typeof warehouseStockQuery>) {
    await visibleWarehouse(db, actor, warehouseId);
    const conditions: SQL[] = [sql`s.warehouse_id = ${warehouseId}`, sql`s.condition = ${query.condition}`];
    if (query.after) conditions.push(sql`p.code > ${query.after}`);
    if (query.q) {
      const pattern = `%${likeEscape(query.q)}%`;
      conditions.push(sql`(p.code ilike ${pattern} or p.name ilike ${pattern})`);
    }
    if (query.belowReorder === 'true')
      conditions.push(sql`p.reorder_point > 0 and s.on_hand - s.reserved <= p.reorder_point`);
    const result = await db.execute<{
      part_id: number;
      code: string;
      name: string;
      spec: string | null;
      unit: string;
      on_hand: number;
      reserved: number;
      reorder_point: number;
      last_movement_at: Date | string | null;
    }>(sql`
      select s.part_id, p.code, p.name, p.spec, p.unit, s.on_hand, s.reserved, p.reorder_point, s.last_movement_at
        from stock s join parts p on p.id = s.part_id
       where ${sql.join(conditions, sql` and `)}
       order by p.code
       limit ${query.limit + 1}`);
    const rows = result.rows.slice(0, query.limit);
    return {
      warehouseId,
      items: rows.map((row) => ({
        partId: row.part_id,
        partCode: row.code,
        partName: row.name,
        spec: row.spec,
        unit: row.unit,
        condition: query.condition,
        onHand: row.on_hand,
        reserved: row.reserved,
        available: row.on_hand - row.reserved,
        reorderPoint: row.reorder_point,
        belowReorder: row.reorder_point > 0 && row.on_hand - row.reserved <= row.reorder_point,
        lastMovementAt: row.last_movement_at === null ? null : toDate(row.last_movement_at),
      })),
      nextCursor: result.rows.length > query.limit ? rows[rows.length - 1].code : null,
    };
  }

  /** The ledger (台账), newest first, paged by id; a caller sees their station's warehouses only. */
  async function ledger(actor: Actor, query: z.output<typeof ledgerQuery>) {
    const conditions: SQL[] = [];
    if (!seesAllStations(actor.roles))
      conditions.push(sql`l.warehouse_id in (select id from warehouses where station_id = ${actor.stationId})`);
    if (query.warehouseId) conditions.push(sql`l.warehouse_id = ${query.warehouseId}`);
    if (query.partId) conditions.push(sql`l.part_id = ${query.partId}`);
    if (query.kind) conditions.push(sql`l.kind = ${query.kind}`);
    if (query.ticketId) conditions.push(sql`l.ticket_id = ${query.ticketId}`);
    if (query.transferId) conditions.push(sql`l.transfer_id = ${query.transferId}`);
    if (query.condition) conditions.push(sql`l.condition = ${query.condition}`);
    if (query.before) conditions.push(sql`l.id < ${query.before}`);
    if (query.from || query.to) {
      const timeZone = await settings.get('org.timeZone');
      if (query.from) conditions.push(sql`l.at >= (${query.from}::date)::timestamp at time zone ${timeZone}`);
      if (query.to) conditions.push(sql`l.at < (${query.to}::date + 1)::timestamp at time zone ${timeZone}`);
    }
    const where = conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
    const result = await db.execute<Record<string, unknown>>(sql`
      select l.*, w.code as warehouse_code, p.code as part_code, p.name as part_name, u.display_name as actor_name,
             t.number as ticket_number, tr.number as transfer_number
        from stock_ledger l
        join warehouses w on w.id = l.warehouse_id
        join parts p on p.id = l.part_id
        join users u on u.id = l.actor_id
        left join tickets t on t.id = l.ticket_id
        left join transfers tr on tr.id = l.transfer_id
       where ${where}
       order by l.id desc
       limit ${query.limit + 1}`);
    const rows = result.rows.slice(0, query.limit);
    return {
      items: rows.map((row) => ({
        id: Number(row.id),
        at: toDate(row.at as Date),
        kind: row.kind as never,
        warehouseId: row.warehouse_id as number,
        warehouseCode: row.warehouse_code as string,
        partId: row.part_id as number,
        partCode: row.part_code as string,
        partName: row.part_name as string,
        condition: row.condition as never,
        quantity: row.quantity as number,
        reservedDelta: row.reserved_delta as number,
        balanceAfter: row.balance_after as number,
        unitCostFen: row.unit_cost_fen as number | null,
        chargeKind: row.charge_kind as never,
        ticketId: row.ticket_id as number | null,
        ticketNumber: row.ticket_number as string | null,
        transferId: row.transfer_id as number | null,
        transferNumber: row.transfer_number as string | null,
        partRequestId: row.part_request_id as number | null,
        purchaseRequestId: row.purchase_request_id as number | null,
        stocktakeId: row.stocktake_id as number | null,
        faultyReturnId: row.faulty_return_id as number | null,
        serialNo: row.serial_no as string | null,
        actorId: row.actor_id as number,
        actorName: row.actor_name as string,
        note: row.note as string | null,
      })),
      nextCursor: result.rows.length > query.limit ? Number(rows[rows.length - 1].id) : null,
    };
  }

  // ---------- movements ----------

  /**
   * An ad-hoc receipt with acceptance inspection: only the accepted units enter good stock; the
   * receipt number (RK…), delivery note and inspection result stay in each entry's note.
   */
  async function receive(actor: Actor, input: z.output<typeof receiptInput>) {
    const problems = checkReceiptLines(
      input.lines.map((line) => ({ ...line, rejectedQuantity: line.rejectedQuantity ?? 0 })),
    );
    if (problems.length)
      throw new AppError(
        'VALIDATION',
        { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') },
        { fields: problems.map((p) => ({ field: p.field, message: p.en })) },
      );
    return db.transaction(async (tx) => {
      const warehouse = await visibleWarehouse(tx, actor, input.warehouseId, { active: true });
      await activeParts(
        tx,
        input.lines.map((line) => line.partId),
        (index) => `lines.${index}.partId`,
      );
      let supplierName: string | null = null;
      if (input.supplierId) {
        const [row] = await tx
          .select({ name: suppliers.name, isActive: suppliers.isActive })
          .from(suppliers)
          .where(eq(suppliers.id, input.supplierId));
        if (!row?.isActive)
          throw fieldError(
            'supplierId',
            '所选供应商不存在或已停用',
            'The chosen supplier does not exist or is inactive',
          );
        supplierName = row.name;
      }
      const at = clock.now();
      const timeZone = await settings.get('org.timeZone', tx);
      // The number last: its counter row stays locked until commit.
      const number = await nextDocumentNumber(tx, 'RK', at, timeZone, 'receipt');
      const entries = [];
      for (const line of input.lines) {
        if (line.acceptedQuantity === 0) continue;
        entries.push(
          await post(tx, {
            kind: 'receipt',
            warehouseId: warehouse.id,
            partId: line.partId,
            condition: 'good',
            quantity: line.acceptedQuantity,
            unitCostFen: line.unitCostFen ?? null,
            at,
            actorId: actor.id,
            note: acceptanceNote({
              number,
              reference: input.reference,
              supplierName,
              line: { ...line, rejectedQuantity: line.rejectedQuantity ?? 0 },
              note: input.note,
            }),
          }),
        );
      }
      return { number, entries };
    });
  }

  /** Scraps good or defective stock (报废); good stock can only be scrapped from what is available. */
  async function scrap(actor: Actor, input: z.output<typeof scrapInput>) {
    return db.transaction(async (tx) => {
      const warehouse = await visibleWarehouse(tx, actor, input.warehouseId);
      await activeParts(tx, [input.partId], () => 'partId').catch(async (error) => {
        // A deactivated part may still be scrapped: that is how its last units leave.
        const [row] = await tx.select({ id: parts.id }).from(parts).where(eq(parts.id, input.partId));
        if (!row) throw error;
      });
      const entry = await post(tx, {
        kind: 'scrap',
        warehouseId: warehouse.id,
        partId: input.partId,
        condition: input.condition,
        quantity: -input.quantity,
        at: clock.now(),
        actorId: actor.id,
        note: `报废：${input.reason}`,
      });
      return { entry };
    });
  }

  /** Mails good parts to the customer of a ticket (TKT-8 parts by mail). */
  async function mail(actor: Actor, input: z.output<typeof mailInput>) {
    return db.transaction(async (tx) => {
      const warehouse = await visibleWarehouse(tx, actor, input.warehouseId, { active: true });
      const [ticket] = await tx
        .select({ id: tickets.id, stationId: tickets.stationId, number: tickets.number })
        .from(tickets)
        .where(eq(tickets.id, input.ticketId));
      if (!ticket || !canSeeStation(actor, ticket.stationId))
        throw fieldError('ticketId', '工单不存在或无权访问', 'The ticket does not exist or is not yours to see');
      await activeParts(tx, [input.partId], () => 'partId');
      const at = clock.now();
      const day = dateInZone(at, await settings.get('org.timeZone', tx));
      const cost = await tx.execute<{ cost_fen: number }>(sql`
        select cost_fen from part_prices where part_id = ${input.partId} and effective_from <= ${day}
         order by effective_from desc limit 1`);
      const note = [
        `邮寄给客户（工单 ${ticket.number}）`,
        input.trackingNo ? `快递单号 ${input.trackingNo}` : null,
        input.note ?? null,
      ]
        .filter(Boolean)
        .join('；');
      const entry = await post(tx, {
        kind: 'mail',
        warehouseId: warehouse.id,
        partId: input.partId,
        condition: 'good',
        quantity: -input.quantity,
        unitCostFen: cost.rows[0]?.cost_fen ?? null,
        chargeKind: input.chargeKind,
        ticketId: ticket.id,
        at,
        actorId: actor.id,
        note,
      });
      return { entry };
    });
  }

  return { partStock, warehouseStock, ledger, receive, scrap, mail };
}
export type StockService = ReturnType<typeof createStockService>;
