import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../org/org.table.js';
import { notificationLocales, outboxChannels, outboxStatuses } from './notify.contract.js';

/**
 * PLT-3: the durable outbox. A message is written in the transaction of the change it reports and
 * leaves only after that commits; the worker delivers it at least once (exactly once for in-app).
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    channel: text('channel', { enum: outboxChannels }).notNull(),
    /** A staff member (in-app always; email/SMS to their address copied into `address`). */
    userId: integer('user_id').references(() => users.id),
    /** Email address or phone number the message goes to (customers, or a staff member's copy). */
    address: text('address'),
    template: text('template').notNull(),
    payload: jsonb('payload').notNull(),
    locale: text('locale', { enum: notificationLocales }).notNull().default('zh-CN'),
    /** The event × recipient × channel; an event enqueued twice yields one message. */
    dedupeKey: text('dedupe_key'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_messages_dedupe_key').on(t.dedupeKey),
    // The worker's claim walks the unfinished messages in id order; sent and dead ones (nearly all
    // rows, over time) are not in this index.
    index('outbox_messages_unfinished_idx').on(t.id).where(sql`${t.status} in ('pending', 'sending', 'failed')`),
    index('outbox_messages_status_idx').on(t.status, t.id),
    check(
      'outbox_messages_recipient',
      sql`(${t.channel} = 'in_app' and ${t.userId} is not null) or (${t.channel} <> 'in_app' and ${t.address} is not null)`,
    ),
  ],
);

/** The in-app inbox of a staff member. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** The outbox message delivered as this row: unique, so a message lands in the inbox once. */
    outboxMessageId: bigint('outbox_message_id', { mode: 'number' }).references(() => outboxMessages.id),
    template: text('template').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** A path of the web app, e.g. /tickets/42. */
    link: text('link'),
    entityType: text('entity_type'),
    entityId: integer('entity_id'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notifications_outbox_message_key').on(t.outboxMessageId),
    // Newest first, the id breaking ties (events of one transaction share their time) for stable pages.
    index('notifications_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc()),
    index('notifications_user_unread_idx')
      .on(t.userId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.readAt} is null`),
  ],
);
