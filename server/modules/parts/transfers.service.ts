/**
 * Transfers between warehouses (PRT-3): shipping takes the stock out of the source at once
 * (`transfer_out`) and the transfer is in transit until the target receives it (`transfer_in`);
 * cancelling an in-transit transfer puts the stock back into the source. A transfer is visible to
 * the stations of both warehouses; the source ships and cancels, the target receives.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import { type Actor, canSeeStation } from '../../lib/access.js';
import { AppError, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { likeEscape, offsetOf } from '../../lib/pagination.js';
import { seesAllStations } from '../../lib/roles.js';
import type { SettingsService } from '../org/settings.service.js';
import { nextDocumentNumber } from '../tickets/numbering.js';
import { transferLines, transfers, warehouses } from './parts.table.js';
import type { transferInput, transferListQuery } from './stock.contract.js';
import { activeParts, post } from './stock.service.js';
import { visibleWarehouse } from './warehouses.service.js';

const label = { zh: '调拨单', en: 'Transfer' };
const fieldError = (field: string, zh: string, en: string) =>
  new AppError('VALIDATION', { zh, en }, { fields: [{ field, message: en }] });
const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

type TransferRow = {
  id: number;
  number: string;
  from_warehouse_id: number;
  from_warehouse_name: string;
  from_station_id: number;
  to_warehouse_id: number;
  to_warehouse_name: string;
  to_station_id: number;
  status: 'in_transit' | 'received' | 'cancelled';
  note: string | null;
  line_count: number;
  total_quantity: number;
  shipped_by: number;
  shipped_by_name: string;
  shipped_at: Date | string;
  received_by: number | null;
  received_by_name: string | null;
  received_at: Date | string | null;
  version: number;
};

function summaryOf(row: TransferRow) {
  return {
    id: row.id,
    number: row.number,
    fromWarehouseId: row.from_warehouse_id,
    fromWarehouseName: row.from_warehouse_name,
    fromStationId: row.from_station_id,
    toWarehouseId: row.to_warehouse_id,
    toWarehouseName: row.to_warehouse_name,
    toStationId: row.to_station_id,
    status: row.status,
    note: row.note,
    lineCount: row.line_count,
    totalQuantity: row.total_quantity,
    shippedBy: row.shipped_by,
    shippedByName: row.shipped_by_name,
    shippedAt: toDate(row.shipped_at),
    receivedBy: row.received_by,
    receivedByName: row.received_by_name,
    receivedAt: row.received_at === null ? null : toDate(row.received_at),
    version: row.version,
  };
}

export function createTransfersService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, clock, settings } = deps;

  const select = sql`
    select t.id, t.number, t.from_warehouse_id, fw.name as from_warehouse_name, fw.station_id as from_station_id,
           t.to_warehouse_id, tw.name as to_warehouse_name, tw.station_id as to_station_id, t.status, t.note,
           (select count(*)::int from transfer_lines l where l.transfer_id = t.id) as line_count,
           (select coalesce(sum(l.quantity), 0)::int from transfer_lines l where l.transfer_id = t.id) as total_quantity,
           t.shipped_by, su.display_name as shipped_by_name, t.shipped_at,
           t.received_by, ru.display_name as received_by_name, t.received_at, t.version
      from transfers t
      join warehouses fw on fw.id = t.from_warehouse_id
      join warehouses tw on tw.id = t.to_warehouse_id
      join users su on su.id = t.shipped_by
      left join users ru on ru.id = t.received_by`;

  function scope(actor: Actor): SQL {
    return seesAllStations(actor.roles)
      ? sql`true`
      : sql`(fw.station_id = ${actor.stationId} or tw.station_id = ${actor.stationId})`;
  }

  async function listTransfers(actor: Actor, query: z.output<typeof transferListQuery>) {
    const conditions: SQL[] = [scope(actor)];
    if (query.status) conditions.push(sql`t.status = ${query.status}`);
    if (query.warehouseId) {
      if (query.direction === 'in') conditions.push(sql`t.to_warehouse_id = ${query.warehouseId}`);
      else if (query.direction === 'out') conditions.push(sql`t.from_warehouse_id = ${query.warehouseId}`);
      else
        conditions.push(sql`(t.from_warehouse_id = ${query.warehouseId} or t.to_warehouse_id = ${query.warehouseId})`);
    }
    if (query.q) conditions.push(sql`t.number ilike ${`%${likeEscape(query.q)}%`}`);
    const where = sql.join(conditions, sql` and `);
    const [items, total] = await Promise.all([
      db.execute<TransferRow>(
        sql`${select} where ${where} order by t.shipped_at ${query.order === 'asc' ? sql`asc` : sql`desc`}, t.id desc
            limit ${query.pageSize} offset ${offsetOf(query)}`,
      ),
      db.execute<{ total: number }>(sql`
        select count(*)::int as total from transfers t
          join warehouses fw on fw.id = t.from_warehouse_id join warehouses tw on tw.id = t.to_warehouse_id
         where ${where}`),
    ]);
    return { items: items.rows.map(summaryOf), total: total.rows[0].total, page: query.page, pageSize: query.pageSize };
  }

  async function getTransfer(actor: Actor, id: number, tx: Db | Tx = db) {
    const result = await tx.execute<TransferRow>(sql`${select} where t.id = ${id} and ${scope(actor)}`);
    const row = result.rows[0];
    if (!row) throw notFound(label.zh, label.en);
    const lines = await tx.execute<{
      id: number;
      part_id: number;
      code: string;
      name: string;
      unit: string;
      condition: 'good' | 'defective';
      quantity: number;
    }>(sql`
      select l.id, l.part_id, p.code, p.name, p.unit, l.condition, l.quantity
        from transfer_lines l join parts p on p.id = l.part_id where l.transfer_id = ${id} order by l.id`);
    return {
      ...summaryOf(row),
      lines: lines.rows.map((line) => ({
        id: line.id,
        partId: line.part_id,
        partCode: line.code,
        partName: line.name,
        unit: line.unit,
        condition: line.condition,
        quantity: line.quantity,
      })),
    };
  }

  /** Ships: the stock leaves the source now and is in transit until received. */
  async function ship(actor: Actor, input: z.output<typeof transferInput>) {
    const id = await db.transaction(async (tx) => {
      const from = await visibleWarehouse(tx, actor, input.fromWarehouseId, {
        field: 'fromWarehouseId',
        active: true,
      });
      if (input.toWarehouseId === input.fromWarehouseId)
        throw fieldError(
          'toWarehouseId',
          '调入仓库不能与调出仓库相同',
          'The target must differ from the source warehouse',
        );
      const [to] = await tx.select().from(warehouses).where(eq(warehouses.id, input.toWarehouseId));
      if (!to?.isActive)
        throw fieldError(
          'toWarehouseId',
          '调入仓库不存在或已停用',
          'The target warehouse does not exist or is inactive',
        );
      const seen = new Set<string>();
      input.lines.forEach((line, index) => {
        const key = `${line.partId}:${line.condition}`;
        if (seen.has(key))
          throw fieldError(
            `lines.${index}.partId`,
            '同一配件重复出现，请合并为一行',
            'The same part is listed twice; merge the lines',
          );
        seen.add(key);
      });
      await activeParts(
        tx,
        input.lines.map((line) => line.partId),
        (index) => `lines.${index}.partId`,
      );
      const at = clock.now();
      const [created] = await tx
        .insert(transfers)
        .values({
          // The real number is taken last (its counter row stays locked until commit).
          number: `pending-${crypto.randomUUID()}`,
          fromWarehouseId: from.id,
          toWarehouseId: to.id,
          note: input.note ?? null,
          shippedBy: actor.id,
          shippedAt: at,
        })
        .returning({ id: transfers.id });
      await tx.insert(transferLines).values(input.lines.map((line) => ({ transferId: created.id, ...line })));
      for (const line of input.lines) {
        await post(tx, {
          kind: 'transfer_out',
          warehouseId: from.id,
          partId: line.partId,
          condition: line.condition,
          quantity: -line.quantity,
          transferId: created.id,
          at,
          actorId: actor.id,
          note: `调拨至 ${to.code} ${to.name}`,
        });
      }
      const number = await nextDocumentNumber(tx, 'DB', at, await settings.get('org.timeZone', tx), 'transfer');
      await tx.update(transfers).set({ number }).where(eq(transfers.id, created.id));
      return created.id;
    });
    return getTransfer(actor, id);
  }

  async function lockOpen(tx: Tx, id: number, version: number) {
    const [row] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update');
    if (!row) throw notFound(label.zh, label.en);
    return {
      row,
      check() {
        if (row.version !== version) throw versionConflict(label.zh, label.en);
        if (row.status !== 'in_transit')
          throw new AppError('CONFLICT', {
            zh: `调拨单 ${row.number} 已${row.status === 'received' ? '收货' : '取消'}，不能再操作`,
            en: `Transfer ${row.number} was already ${row.status}`,
          });
      },
    };
  }

  /** Receives the whole transfer into the target warehouse (its station's keepers only). */
  async function receive(actor: Actor, id: number, version: number) {
    await db.transaction(async (tx) => {
      const { row, check } = await lockOpen(tx, id, version);
      const target = await visibleWarehouse(tx, actor, row.toWarehouseId).catch(async (error) => {
        // The source station sees the transfer but may not receive it.
        const [from] = await tx.select().from(warehouses).where(eq(warehouses.id, row.fromWarehouseId));
        if (from && canSeeStation(actor, from.stationId))
          throw new AppError('CONFLICT', {
            zh: '只有调入仓库所在服务站可以收货',
            en: "Only the target warehouse's station can receive the transfer",
          });
        throw error;
      });
      check();
      const at = clock.now();
      const lines = await tx.select().from(transferLines).where(eq(transferLines.transferId, id));
      const [source] = await tx.select().from(warehouses).where(eq(warehouses.id, row.fromWarehouseId));
      for (const line of lines) {
        await post(tx, {
          kind: 'transfer_in',
          warehouseId: target.id,
          partId: line.partId,
          condition: line.condition,
          quantity: line.quantity,
          transferId: id,
          at,
          actorId: actor.id,
          note: `调拨单 ${row.number} 收货，自 ${source.code} ${source.name}`,
        });
      }
      await tx
        .update(transfers)
        .set({ status: 'received', receivedBy: actor.id, receivedAt: at, version: sql`${transfers.version} + 1` })
        .where(eq(transfers.id, id));
    });
    return getTransfer(actor, id);
  }

  /**
   * Cancels an in-transit transfer: the stock goes back into the source warehouse. The table has no
   * cancel columns: `received_by`/`received_at` of a cancelled transfer say who cancelled it and when.
   */
  async function cancel(actor: Actor, id: number, version: number) {
    await db.transaction(async (tx) => {
      const { row, check } = await lockOpen(tx, id, version);
      const source = await visibleWarehouse(tx, actor, row.fromWarehouseId).catch(async (error) => {
        const [to] = await tx.select().from(warehouses).where(eq(warehouses.id, row.toWarehouseId));
        if (to && canSeeStation(actor, to.stationId))
          throw new AppError('CONFLICT', {
            zh: '只有调出仓库所在服务站可以取消调拨',
            en: "Only the source warehouse's station can cancel the transfer",
          });
        throw error;
      });
      check();
      const at = clock.now();
      const lines = await tx.select().from(transferLines).where(eq(transferLines.transferId, id));
      for (const line of lines) {
        await post(tx, {
          kind: 'transfer_in',
          warehouseId: source.id,
          partId: line.partId,
          condition: line.condition,
          quantity: line.quantity,
          transferId: id,
          at,
          actorId: actor.id,
          note: `调拨单 ${row.number} 取消，退回调出仓库`,
        });
      }
      await tx
        .update(transfers)
        .set({ status: 'cancelled', receivedBy: actor.id, receivedAt: at, version: sql`${transfers.version} + 1` })
        .where(eq(transfers.id, id));
    });
    return getTransfer(actor, id);
  }

  return { listTransfers, getTransfer, ship, receive, cancel };
}
export type TransfersService = ReturnType<typeof createTransfersService>;
