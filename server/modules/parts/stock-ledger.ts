/**
 * The only writer of stock (PRT-3): `postMovement` locks the balance row, checks the change with
 * `stock.rules.ts`, updates `stock` and appends the ledger entry in the caller's transaction, so the
 * ledger and on-hand always agree and concurrent movements queue on the row lock — twenty clients
 * issuing the last unit: one succeeds, the others get 409.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { AppError } from '../../lib/app-error.js';
import type { chargeKinds, movementKinds, stockConditions } from './parts.table.js';
import { applyChange } from './stock.rules.js';

export type Movement = {
  kind: (typeof movementKinds)[number];
  warehouseId: number;
  partId: number;
  condition?: (typeof stockConditions)[number];
  /** Signed change of on-hand. */
  quantity: number;
  /** Signed change of reserved. */
  reservedDelta?: number;
  at: Date;
  actorId: number;
  unitCostFen?: number | null;
  chargeKind?: (typeof chargeKinds)[number] | null;
  ticketId?: number | null;
  partRequestId?: number | null;
  transferId?: number | null;
  purchaseRequestId?: number | null;
  stocktakeId?: number | null;
  faultyReturnId?: number | null;
  serialNo?: string | null;
  note?: string | null;
};

export type PostedMovement = { ledgerId: number; onHand: number; reserved: number };

export async function postMovement(tx: Tx, movement: Movement): Promise<PostedMovement> {
  const condition = movement.condition ?? 'good';
  const reservedDelta = movement.reservedDelta ?? 0;
  // The common case in one statement: the balance row exists and the change leaves it valid (the
  // rules of `applyChange`, which the table's CHECK repeats). A concurrent movement of the same row
  // makes PostgreSQL re-check the condition on the newer row, so nothing is oversold.
  const fast = await tx.execute<{ id: number; on_hand: number; reserved: number }>(sql`
    with s as (
      update stock
         set on_hand = on_hand + ${movement.quantity}, reserved = reserved + ${reservedDelta},
             last_movement_at = ${movement.at}
       where warehouse_id = ${movement.warehouseId} and part_id = ${movement.partId} and condition = ${condition}
         and reserved + ${reservedDelta} >= 0 and reserved + ${reservedDelta} <= on_hand + ${movement.quantity}
      returning on_hand, reserved),
    l as (${ledgerInsert(movement, condition, reservedDelta, sql`s.on_hand`, sql`from s`)})
    select l.id, s.on_hand, s.reserved from l, s`);
  if (fast.rows[0]) {
    const row = fast.rows[0];
    return { ledgerId: Number(row.id), onHand: row.on_hand, reserved: row.reserved };
  }
  // No row yet, or the change is refused: lock the row (or its absence) and decide with the rules.
  const current = await tx.execute<{ on_hand: number; reserved: number; code: string }>(sql`
    select s.on_hand, s.reserved, p.code
      from stock s join parts p on p.id = s.part_id
     where s.warehouse_id = ${movement.warehouseId} and s.part_id = ${movement.partId} and s.condition = ${condition}
       for update of s`);
  const row = current.rows[0];
  const result = applyChange(
    { onHand: row?.on_hand ?? 0, reserved: row?.reserved ?? 0 },
    { quantity: movement.quantity, reservedDelta },
  );
  if (!result.ok) {
    const code = row?.code ?? (await partCode(tx, movement.partId));
    throw result.reason === 'insufficient_available'
      ? new AppError(
          'CONFLICT',
          {
            zh: `配件 ${code} 可用库存不足：可用 ${result.available}，需要 ${result.requested}`,
            en: `Not enough stock of part ${code}: ${result.available} available, ${result.requested} needed`,
          },
          { details: { partId: movement.partId, available: result.available, requested: result.requested } },
        )
      : new AppError('CONFLICT', {
          zh: `配件 ${code} 预留数量不足：已预留 ${result.reserved}，要释放 ${result.requested}`,
          en: `Part ${code} has only ${result.reserved} reserved, cannot release ${result.requested}`,
        });
  }
  await tx.execute(sql`
    insert into stock (warehouse_id, part_id, condition, on_hand, reserved, last_movement_at)
    values (${movement.warehouseId}, ${movement.partId}, ${condition}, ${result.balance.onHand}, ${result.balance.reserved}, ${movement.at})
    on conflict (warehouse_id, part_id, condition) do update
       set on_hand = excluded.on_hand, reserved = excluded.reserved, last_movement_at = excluded.last_movement_at`);
  const inserted = await tx.execute<{ id: number }>(
    ledgerInsert(movement, condition, reservedDelta, sql`${result.balance.onHand}`),
  );
  return { ledgerId: Number(inserted.rows[0].id), ...result.balance };
}

/** The ledger entry of a movement, with the balance after it (a value, or a column of `from`). */
function ledgerInsert(
  movement: Movement,
  condition: string,
  reservedDelta: number,
  balanceAfter: SQL,
  from: SQL = sql``,
): SQL {
  return sql`
    insert into stock_ledger (at, kind, warehouse_id, part_id, condition, quantity, reserved_delta, balance_after,
      unit_cost_fen, charge_kind, ticket_id, part_request_id, transfer_id, purchase_request_id, stocktake_id,
      faulty_return_id, serial_no, actor_id, note)
    select ${movement.at}::timestamptz, ${movement.kind}, ${movement.warehouseId}::int, ${movement.partId}::int, ${condition},
      ${movement.quantity}::int, ${reservedDelta}::int, ${balanceAfter}, ${movement.unitCostFen ?? null}::int,
      ${movement.chargeKind ?? null}, ${movement.ticketId ?? null}::int, ${movement.partRequestId ?? null}::int,
      ${movement.transferId ?? null}::int, ${movement.purchaseRequestId ?? null}::int, ${movement.stocktakeId ?? null}::int,
      ${movement.faultyReturnId ?? null}::int, ${movement.serialNo ?? null}, ${movement.actorId}::int, ${movement.note ?? null}
    ${from}
    returning id`;
}

async function partCode(tx: Tx, partId: number): Promise<string> {
  const result = await tx.execute<{ code: string }>(sql`select code from parts where id = ${partId}`);
  if (!result.rows[0]) throw new AppError('NOT_FOUND', { zh: '配件不存在', en: 'Part not found' });
  return result.rows[0].code;
}
