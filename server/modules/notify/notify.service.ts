import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { offsetOf, type Page } from '../../lib/pagination.js';
import { personalDataLevel } from '../../lib/roles.js';
import { recordAudit } from '../audit/audit.service.js';
import { maskEmail, maskPhone } from '../customers/masking.rules.js';
import { users } from '../org/org.table.js';
import type { Notification, notificationListQuery, OutboxMessage, outboxListQuery } from './notify.contract.js';
import { notifications, outboxMessages } from './notify.table.js';
import { OUTBOX_CHANNEL } from './outbox.js';

const notificationColumns = {
  id: notifications.id,
  template: notifications.template,
  title: notifications.title,
  body: notifications.body,
  link: notifications.link,
  entityType: notifications.entityType,
  entityId: notifications.entityId,
  readAt: notifications.readAt,
  createdAt: notifications.createdAt,
};

const outboxColumns = {
  id: outboxMessages.id,
  channel: outboxMessages.channel,
  userId: outboxMessages.userId,
  userName: users.displayName,
  address: outboxMessages.address,
  template: outboxMessages.template,
  locale: outboxMessages.locale,
  status: outboxMessages.status,
  attempts: outboxMessages.attempts,
  nextAttemptAt: outboxMessages.nextAttemptAt,
  lastError: outboxMessages.lastError,
  createdAt: outboxMessages.createdAt,
  sentAt: outboxMessages.sentAt,
};

const notificationNotFound = () => notFound('通知', 'Notification');
const messageNotFound = () => notFound('消息', 'Message');

/** PLT-3: a staff member's inbox, and the admins' view of the outbox. */
export function createNotifyService(deps: { db: Db }) {
  const { db } = deps;

  // ---------- the inbox: only ever the caller's own notifications ----------

  async function listMine(actor: Actor, query: z.output<typeof notificationListQuery>): Promise<Page<Notification>> {
    const where = and(eq(notifications.userId, actor.id), query.unread ? isNull(notifications.readAt) : undefined);
    const [items, [{ total }]] = await Promise.all([
      db
        .select(notificationColumns)
        .from(notifications)
        .where(where)
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(notifications).where(where),
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function countUnread(actor: Actor): Promise<number> {
    const [{ n }] = await db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
    return n;
  }

  /** Marks one of the caller's notifications read (again: keeps the first time). */
  async function markRead(actor: Actor, id: number): Promise<Notification> {
    const mine = and(eq(notifications.id, id), eq(notifications.userId, actor.id));
    const [updated] = await db
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
      .where(mine)
      .returning(notificationColumns);
    if (!updated) throw notificationNotFound();
    return updated;
  }

  async function markAllRead(actor: Actor): Promise<number> {
    const updated = await db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return updated.length;
  }

  // ---------- the outbox (admins) ----------

  /** Addresses are personal data (PPL-4): shown masked unless the role sees them in full. */
  function present(actor: Actor, row: OutboxMessage): OutboxMessage {
    if (personalDataLevel(actor.roles) === 'full' || !row.address) return row;
    return { ...row, address: row.channel === 'email' ? maskEmail(row.address) : maskPhone(row.address) };
  }

  async function listOutbox(actor: Actor, query: z.output<typeof outboxListQuery>): Promise<Page<OutboxMessage>> {
    const conditions: SQL[] = [];
    if (query.status) conditions.push(eq(outboxMessages.status, query.status));
    if (query.channel) conditions.push(eq(outboxMessages.channel, query.channel));
    if (query.template) conditions.push(eq(outboxMessages.template, query.template));
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const [items, [{ total }]] = await Promise.all([
      db
        .select(outboxColumns)
        .from(outboxMessages)
        .leftJoin(users, eq(users.id, outboxMessages.userId))
        .where(where)
        .orderBy(desc(outboxMessages.id))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(outboxMessages).where(where),
    ]);
    return { items: items.map((row) => present(actor, row)), total, page: query.page, pageSize: query.pageSize };
  }

  /** A failed or dead message goes back to the queue with a fresh set of attempts. */
  async function retryMessage(actor: Actor, id: number): Promise<OutboxMessage> {
    return db.transaction(async (tx) => {
      const [current] = await tx
        .select({ status: outboxMessages.status, attempts: outboxMessages.attempts })
        .from(outboxMessages)
        .where(eq(outboxMessages.id, id))
        .for('update');
      if (!current) throw messageNotFound();
      if (current.status !== 'failed' && current.status !== 'dead') {
        throw new AppError('CONFLICT', {
          zh: '只有发送失败或已终止的消息可以重试',
          en: 'Only failed or dead messages can be retried',
        });
      }
      await tx
        .update(outboxMessages)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lockedBy: null, lockedUntil: null })
        .where(and(eq(outboxMessages.id, id), inArray(outboxMessages.status, ['failed', 'dead'])));
      await recordAudit(tx, {
        entityType: 'outbox_message',
        entityId: id,
        action: 'update',
        actor,
        before: { status: current.status, attempts: current.attempts },
        after: { status: 'pending', attempts: 0 },
      });
      await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
      const [row] = await tx
        .select(outboxColumns)
        .from(outboxMessages)
        .leftJoin(users, eq(users.id, outboxMessages.userId))
        .where(eq(outboxMessages.id, id));
      return present(actor, row);
    });
  }

  return { listMine, countUnread, markRead, markAllRead, listOutbox, retryMessage };
}
export type NotifyService = ReturnType<typeof createNotifyService>;
