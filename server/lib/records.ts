/**
 * Shared mechanics of master-data records: optimistic versioned updates, deactivation instead of
 * deletion, and the audit entry that commits with each change (PLT-2).
 */
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/database.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import type { Actor } from './access.js';
import { AppError, notFound, versionConflict } from './app-error.js';

type RecordTable = PgTable & {
  id: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
  isActive: PgColumn;
};

export type RecordKind = {
  entityType: string;
  label: { zh: string; en: string };
};

/** Selects one row for update within the caller's scope, or throws NOT_FOUND. */
export async function lockRecord<T extends RecordTable>(
  tx: DbOrTx,
  table: T,
  kind: RecordKind,
  id: number,
  scope?: SQL,
) {
  const rows = await tx
    .select()
    .from(table as PgTable)
    .where(and(eq(table.id, id), scope))
    .for('update');
  const row = rows[0] as Record<string, unknown> | undefined;
  if (!row) throw notFound(kind.label.zh, kind.label.en);
  return row;
}

/** Applies `patch` if the row still has `expectedVersion`; otherwise 409. Returns the new row. */
export async function updateRecord<T extends RecordTable>(
  tx: DbOrTx,
  table: T,
  kind: RecordKind,
  options: {
    id: number;
    expectedVersion: number;
    patch: Record<string, unknown>;
    actor: Actor;
    scope?: SQL;
    now: Date;
  },
) {
  const before = await lockRecord(tx, table, kind, options.id, options.scope);
  if (before.version !== options.expectedVersion) throw versionConflict(kind.label.zh, kind.label.en);
  const [after] = await tx
    .update(table as PgTable)
    .set({ ...options.patch, version: sql`${table.version} + 1`, updatedAt: options.now } as never)
    .where(eq(table.id, options.id))
    .returning();
  await recordAudit(tx, {
    entityType: kind.entityType,
    entityId: options.id,
    action: 'update',
    actor: options.actor,
    before,
    after,
  });
  return after as Record<string, unknown>;
}

/** Deactivates or reactivates; records are never deleted once anything may refer to them. */
export async function setRecordActive<T extends RecordTable>(
  tx: DbOrTx,
  table: T,
  kind: RecordKind,
  options: { id: number; active: boolean; actor: Actor; scope?: SQL; now: Date },
) {
  const before = await lockRecord(tx, table, kind, options.id, options.scope);
  if (before.isActive === options.active) {
    throw new AppError('CONFLICT', {
      zh: `${kind.label.zh}已经是${options.active ? '启用' : '停用'}状态`,
      en: `${kind.label.en} is already ${options.active ? 'active' : 'inactive'}`,
    });
  }
  const [after] = await tx
    .update(table as PgTable)
    .set({ isActive: options.active, version: sql`${table.version} + 1`, updatedAt: options.now } as never)
    .where(eq(table.id, options.id))
    .returning();
  await recordAudit(tx, {
    entityType: kind.entityType,
    entityId: options.id,
    action: options.active ? 'reactivate' : 'deactivate',
    actor: options.actor,
    before: { isActive: before.isActive },
    after: { isActive: options.active },
  });
  return after as Record<string, unknown>;
}

export async function createRecord<T extends RecordTable>(
  tx: DbOrTx,
  table: T,
  kind: RecordKind,
  options: { values: Record<string, unknown>; actor: Actor },
) {
  const [row] = await tx
    .insert(table as PgTable)
    .values(options.values as never)
    .returning();
  const created = row as Record<string, unknown>;
  await recordAudit(tx, {
    entityType: kind.entityType,
    entityId: created.id as number,
    action: 'create',
    actor: options.actor,
    after: created,
  });
  return created;
}
