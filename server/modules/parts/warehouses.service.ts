/**
 * Warehouses (PRT-2): one or more per station, and optional van stock kept by an engineer. Station
 * owned: a caller who does not see all stations sees and keeps only their own station's warehouses.
 */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { type Actor, canSeeStation, scopeToStation } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { likeEscape, offsetOf } from '../../lib/pagination.js';
import { createRecord, type RecordKind, setRecordActive, updateRecord } from '../../lib/records.js';
import { stations, users } from '../org/org.table.js';
import { warehouses } from './parts.table.js';
import type { warehouseInput, warehouseListQuery, warehouseUpdate } from './stock.contract.js';

export const warehouseKind: RecordKind = { entityType: 'warehouse', label: { zh: '仓库', en: 'Warehouse' } };

registerConstraintMessages({
  warehouses_code_key: {
    field: 'code',
    text: { zh: '仓库编码已存在', en: 'A warehouse with this code already exists' },
  },
  warehouses_van_engineer: {
    field: 'engineerId',
    text: {
      zh: '随车库必须指定工程师，站点仓库不能指定',
      en: 'A van stock needs its engineer; a station warehouse has none',
    },
  },
});

const fieldError = (field: string, zh: string, en: string) =>
  new AppError('VALIDATION', { zh, en }, { fields: [{ field, message: en }] });

export type WarehouseRow = typeof warehouses.$inferSelect;

/**
 * A warehouse the actor may see (404 otherwise — another station's warehouse does not exist for
 * them); `active` also refuses a deactivated one (400 naming `field`).
 */
export async function visibleWarehouse(
  tx: DbOrTx,
  actor: Actor,
  id: number,
  options: { field?: string; active?: boolean; lock?: boolean } = {},
): Promise<WarehouseRow> {
  const query = tx
    .select()
    .from(warehouses)
    .where(and(eq(warehouses.id, id), scopeToStation(actor, warehouses.stationId)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound(warehouseKind.label.zh, warehouseKind.label.en);
  if (options.active && !row.isActive)
    throw fieldError(options.field ?? 'warehouseId', `仓库 ${row.code} 已停用`, `Warehouse ${row.code} is inactive`);
  return row;
}

export function createWarehousesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  const columns = {
    id: warehouses.id,
    code: warehouses.code,
    name: warehouses.name,
    stationId: warehouses.stationId,
    stationName: stations.name,
    kind: warehouses.kind,
    engineerId: warehouses.engineerId,
    engineerName: users.displayName,
    address: warehouses.address,
    isActive: warehouses.isActive,
    version: warehouses.version,
    createdAt: warehouses.createdAt,
    updatedAt: warehouses.updatedAt,
  };
  const base = () =>
    db
      .select(columns)
      .from(warehouses)
      .innerJoin(stations, eq(stations.id, warehouses.stationId))
      .leftJoin(users, eq(users.id, warehouses.engineerId));

  async function listWarehouses(actor: Actor, query: z.output<typeof warehouseListQuery>) {
    const conditions: (SQL | undefined)[] =
      query.targets === 'true' ? [eq(warehouses.isActive, true)] : [scopeToStation(actor, warehouses.stationId)];
    if (query.active !== 'all') conditions.push(eq(warehouses.isActive, query.active === 'true'));
    if (query.stationId) conditions.push(eq(warehouses.stationId, query.stationId));
    if (query.kind) conditions.push(eq(warehouses.kind, query.kind));
    if (query.q) {
      const pattern = `%${likeEscape(query.q)}%`;
      conditions.push(sql`(${warehouses.code} ilike ${pattern} or ${warehouses.name} ilike ${pattern})`);
    }
    const where = and(...conditions);
    const [items, [{ total }]] = await Promise.all([
      base()
        .where(where)
        .orderBy(asc(warehouses.stationId), asc(warehouses.kind), asc(warehouses.code))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ total: sql<number>`count(*)::int` }).from(warehouses).where(where),
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function getWarehouse(actor: Actor, id: number) {
    const [row] = await base().where(and(eq(warehouses.id, id), scopeToStation(actor, warehouses.stationId)));
    if (!row) throw notFound(warehouseKind.label.zh, warehouseKind.label.en);
    return row;
  }

  async function assertEngineer(tx: DbOrTx, engineerId: number, stationId: number) {
    const [row] = await tx
      .select({ stationId: users.stationId, roles: users.roles, isActive: users.isActive })
      .from(users)
      .where(eq(users.id, engineerId));
    if (!row?.isActive || !row.roles.includes('engineer'))
      throw fieldError('engineerId', '所选人员不是在职工程师', 'The chosen person is not an active engineer');
    if (row.stationId !== stationId)
      throw fieldError(
        'engineerId',
        '工程师须属于该仓库所在服务站',
        "The engineer must belong to the warehouse's station",
      );
  }

  async function createWarehouse(actor: Actor, input: z.output<typeof warehouseInput>) {
    const created = await db.transaction(async (tx) => {
      const [station] = await tx
        .select({ isActive: stations.isActive })
        .from(stations)
        .where(eq(stations.id, input.stationId));
      if (!station?.isActive)
        throw fieldError('stationId', '所选服务站不存在或已停用', 'The chosen station does not exist or is inactive');
      if (!canSeeStation(actor, input.stationId))
        throw fieldError('stationId', '只能为本站建立仓库', 'You can only create warehouses for your own station');
      if (input.kind === 'van' && !input.engineerId)
        throw fieldError('engineerId', '随车库必须指定工程师', 'A van stock needs its engineer');
      if (input.kind === 'station' && input.engineerId)
        throw fieldError('engineerId', '站点仓库不能指定工程师', 'A station warehouse has no engineer');
      if (input.engineerId) await assertEngineer(tx, input.engineerId, input.stationId);
      return createRecord(tx, warehouses, warehouseKind, {
        values: { ...input, engineerId: input.engineerId ?? null },
        actor,
      });
    });
    return getWarehouse(actor, created.id as number);
  }

  async function updateWarehouse(actor: Actor, id: number, input: z.output<typeof warehouseUpdate>) {
    const { version, ...patch } = input;
    await db.transaction(async (tx) => {
      const current = await visibleWarehouse(tx, actor, id);
      if (current.kind === 'van' && !patch.engineerId)
        throw fieldError('engineerId', '随车库必须指定工程师', 'A van stock needs its engineer');
      if (current.kind === 'station' && patch.engineerId)
        throw fieldError('engineerId', '站点仓库不能指定工程师', 'A station warehouse has no engineer');
      if (patch.engineerId) await assertEngineer(tx, patch.engineerId, current.stationId);
      await updateRecord(tx, warehouses, warehouseKind, {
        id,
        expectedVersion: version,
        patch: { ...patch, engineerId: patch.engineerId ?? null },
        actor,
        scope: scopeToStation(actor, warehouses.stationId),
        now: clock.now(),
      });
    });
    return getWarehouse(actor, id);
  }

  /**
   * Active engineers of a station the actor sees, by id and name (the van stock's keeper). Another
   * station's engineers are not listed (400 naming stationId), as creating the warehouse is refused there.
   */
  async function vanEngineers(actor: Actor, stationId: number) {
    if (!canSeeStation(actor, stationId))
      throw fieldError('stationId', '只能为本站建立仓库', 'You can only create warehouses for your own station');
    const items = await db
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(
        and(eq(users.stationId, stationId), eq(users.isActive, true), sql`${users.roles} @> array['engineer']::text[]`),
      )
      .orderBy(asc(users.displayName), asc(users.id));
    return { items };
  }

  /** A warehouse holding stock cannot be deactivated: its stock would be out of sight. */
  async function setWarehouseActive(actor: Actor, id: number, active: boolean) {
    await db.transaction(async (tx) => {
      const current = await visibleWarehouse(tx, actor, id, { lock: true });
      if (!active) {
        const held = await tx.execute<{ units: number }>(
          sql`select coalesce(sum(on_hand), 0)::int as units from stock where warehouse_id = ${id}`,
        );
        const inbound = await tx.execute<{ n: number }>(
          sql`select count(*)::int as n from transfers where to_warehouse_id = ${id} and status = 'in_transit'`,
        );
        if (held.rows[0].units > 0 || inbound.rows[0].n > 0)
          throw new AppError('CONFLICT', {
            zh: `仓库 ${current.code} 仍有库存或在途调拨，不能停用`,
            en: `Warehouse ${current.code} still holds stock or awaits a transfer; it cannot be deactivated`,
          });
      }
      await setRecordActive(tx, warehouses, warehouseKind, {
        id,
        active,
        actor,
        scope: scopeToStation(actor, warehouses.stationId),
        now: clock.now(),
      });
    });
    return getWarehouse(actor, id);
  }

  return { listWarehouses, getWarehouse, createWarehouse, updateWarehouse, setWarehouseActive, vanEngineers };
}
export type WarehousesService = ReturnType<typeof createWarehousesService>;
