/**
 * Test fixtures of the parts module (used by the parts API tests of every helper): a part inserted
 * directly, stock received through the real `postMovement`, and the demo warehouses that
 * `seedOrganisation` creates (WH-BJ, WH-SH, WH-GZ and the van VAN-BJ-engineer.bj).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { type partCategories, parts, type stockConditions } from './parts.table.js';
import { postMovement } from './stock-ledger.js';

let serial = 0;

export type FixturePart = { id: number; code: string; name: string; version: number };

/** A catalogue part with a unique code (override anything). */
export async function createPart(
  db: DbOrTx,
  overrides: Partial<{
    code: string;
    name: string;
    spec: string | null;
    unit: string;
    category: (typeof partCategories)[number];
    serialised: boolean;
    reorderPoint: number;
    reorderQuantity: number;
    defaultSupplierId: number | null;
    isActive: boolean;
  }> = {},
): Promise<FixturePart> {
  serial += 1;
  const [row] = await db
    .insert(parts)
    .values({
      code: `TP-${process.pid % 10000}-${serial}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase(),
      name: `测试配件 ${serial}`,
      category: 'electrical',
      ...overrides,
    })
    .returning({ id: parts.id, code: parts.code, name: parts.name, version: parts.version });
  return row;
}

/** The id of a user by username (demo users: admin, parts.bj, engineer.bj …). */
export async function userIdOf(db: DbOrTx, username: string): Promise<number> {
  const result = await db.execute<{ id: number }>(sql`select id from users where lower(username) = lower(${username})`);
  if (!result.rows[0]) throw new Error(`no user ${username}`);
  return result.rows[0].id;
}

export type FixtureWarehouse = { id: number; code: string; stationId: number };

/** The station warehouse `WH-<station code>` (created if a test database lacks it). */
export async function warehouseOf(db: DbOrTx, stationCode: string): Promise<FixtureWarehouse> {
  const code = `WH-${stationCode}`;
  await db.execute(sql`
    insert into warehouses (code, name, station_id, kind)
    select ${code}, s.name || '备件库', s.id, 'station' from stations s where s.code = ${stationCode}
    on conflict (code) do nothing`);
  const result = await db.execute<{ id: number; code: string; station_id: number }>(
    sql`select id, code, station_id from warehouses where code = ${code}`,
  );
  if (!result.rows[0]) throw new Error(`no station ${stationCode}`);
  const row = result.rows[0];
  return { id: row.id, code: row.code, stationId: row.station_id };
}

/** The van stock `VAN-<station>-<username>` of an engineer (created if missing). */
export async function vanOf(db: DbOrTx, username: string): Promise<FixtureWarehouse> {
  const result = await db.execute<{ id: number; station_id: number; code: string }>(
    sql`select u.id, u.station_id, s.code from users u join stations s on s.id = u.station_id
         where lower(u.username) = lower(${username})`,
  );
  const user = result.rows[0];
  if (!user) throw new Error(`no user ${username}`);
  const code = `VAN-${user.code}-${username}`;
  await db.execute(sql`
    insert into warehouses (code, name, station_id, kind, engineer_id)
    values (${code}, ${`${username} 随车库`}, ${user.station_id}, 'van', ${user.id})
    on conflict (code) do nothing`);
  const row = (
    await db.execute<{ id: number; code: string; station_id: number }>(
      sql`select id, code, station_id from warehouses where code = ${code}`,
    )
  ).rows[0];
  return { id: row.id, code: row.code, stationId: row.station_id };
}

/** Receives `quantity` into a warehouse through `postMovement` (a receipt ledger entry). */
export async function receiveStock(
  db: DbOrTx,
  options: {
    warehouseId: number;
    partId: number;
    quantity: number;
    actorId: number;
    condition?: (typeof stockConditions)[number];
    unitCostFen?: number;
    at?: Date;
  },
) {
  return db.transaction((tx) =>
    postMovement(tx, {
      kind: options.condition === 'defective' ? 'defective_in' : 'receipt',
      warehouseId: options.warehouseId,
      partId: options.partId,
      condition: options.condition ?? 'good',
      quantity: options.quantity,
      unitCostFen: options.unitCostFen ?? null,
      at: options.at ?? new Date(),
      actorId: options.actorId,
      note: 'test fixture',
    }),
  );
}

/** On hand / reserved of one balance (0/0 when there is no row). */
export async function balanceOf(
  db: DbOrTx,
  warehouseId: number,
  partId: number,
  condition: (typeof stockConditions)[number] = 'good',
) {
  const result = await db.execute<{ on_hand: number; reserved: number }>(
    sql`select on_hand, reserved from stock where warehouse_id = ${warehouseId} and part_id = ${partId} and condition = ${condition}`,
  );
  return { onHand: result.rows[0]?.on_hand ?? 0, reserved: result.rows[0]?.reserved ?? 0 };
}
