import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../org/org.table.js';

export const auditActions = ['create', 'update', 'deactivate', 'reactivate', 'import'] as const;

/** PLT-2: every change to a business record — who, when, before, after. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action', { enum: auditActions }).notNull(),
    actorId: integer('actor_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId, t.at)],
);

export const accessActions = ['reveal', 'export'] as const;

/** PPL-4: every view of unmasked personal data and every export. Append-only. */
export const accessLog = pgTable(
  'access_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    action: text('action', { enum: accessActions }).notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    fields: text('fields').array(),
    detail: jsonb('detail'),
    ip: text('ip'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('access_log_user_idx').on(t.userId, t.at), index('access_log_at_idx').on(t.at)],
);
