import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { users } from '../org/org.table.js';
import { accessLog, type auditActions, auditLog } from './audit.table.js';

export type AuditEntry = {
  entityType: string;
  entityId: number | string;
  action: (typeof auditActions)[number];
  actor: Pick<Actor, 'id'> | null;
  before?: unknown;
  after?: unknown;
};

/** Fields that never go into the audit trail. */
const secretFields = new Set(['passwordHash', 'searchText', 'searchGrams']);

function clean(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value ?? null;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !secretFields.has(key)));
}

const isEmptyObject = (value: unknown) => !!value && typeof value === 'object' && Object.keys(value).length === 0;

/** Only the fields that changed, so the history shows what an edit did. */
function changedOnly(before: unknown, after: unknown): { before: unknown; after: unknown } {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return { before, after };
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const previous = (before as Record<string, unknown>)[key];
    if (key === 'version' || key === 'updatedAt') continue;
    if (JSON.stringify(previous) !== JSON.stringify(value)) {
      from[key] = previous ?? null;
      to[key] = value ?? null;
    }
  }
  return { before: from, after: to };
}

/** Writes an audit entry in the caller's transaction (PLT-2: the change and its record commit together). */
export async function recordAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  const diff =
    entry.action === 'update'
      ? changedOnly(clean(entry.before), clean(entry.after))
      : { before: clean(entry.before), after: clean(entry.after) };
  // An edit that changed nothing (e.g. only related rows, recorded separately) leaves no entry.
  if (entry.action === 'update' && isEmptyObject(diff.before) && isEmptyObject(diff.after)) return;
  await tx.insert(auditLog).values({
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    action: entry.action,
    actorId: entry.actor?.id ?? null,
    before: diff.before ?? null,
    after: diff.after ?? null,
  });
}

export async function listHistory(db: DbOrTx, entityType: string, entityId: number | string) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      at: auditLog.at,
      before: auditLog.before,
      after: auditLog.after,
      actorId: auditLog.actorId,
      actorName: users.displayName,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(500);
}

export async function recordAccess(
  tx: DbOrTx,
  entry: {
    actor: Actor;
    action: 'reveal' | 'export';
    entityType: string;
    entityId?: number;
    fields?: string[];
    detail?: unknown;
    ip?: string;
  },
): Promise<void> {
  await tx.insert(accessLog).values({
    userId: entry.actor.id,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    fields: entry.fields ?? null,
    detail: entry.detail ?? null,
    ip: entry.ip ?? null,
  });
}
