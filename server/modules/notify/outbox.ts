/**
 * The enqueue API other modules call inside THEIR transaction (PLT-3): the state change and its
 * outbox messages commit together, or neither does. Nothing leaves the building before commit —
 * the worker only sees committed rows, and the wake-up NOTIFY is delivered on commit too.
 *
 *   await db.transaction(async (tx) => {
 *     const ticket = await createTicketRow(tx, …);
 *     await enqueueNotification(tx, {
 *       template: 'ticket.received',
 *       payload: { ticketId: ticket.id, ticketNumber: ticket.number },
 *       to: { phone: customer.phone },
 *       dedupeKey: `ticket.received:${ticket.id}`,
 *     });
 *   });
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { settings as settingsTable, users } from '../org/org.table.js';
import { resolveSetting } from '../org/settings.rules.js';
import type { NotificationLocale, OutboxChannel } from './notify.contract.js';
import { type NotificationPayloadInput, type NotificationTemplate, parsePayload } from './notify.rules.js';
import { outboxMessages } from './notify.table.js';

/** A staff member (in-app, plus an email copy when enabled), or a customer's email address or phone. */
export type NotificationRecipient = { userId: number } | { email: string } | { phone: string };

type MessageOf<T extends NotificationTemplate> = {
  template: T;
  payload: NotificationPayloadInput<T>;
  to: NotificationRecipient;
  /**
   * Only this channel. For `{ userId }`: 'in_app', or 'email'/'sms' to the user's own address
   * (nothing when they have none). For `{ email }` only 'email', for `{ phone }` only 'sms'.
   * Default: in-app (+ email copy) for staff, the address's channel for customers.
   */
  channel?: OutboxChannel;
  /**
   * Names the event, e.g. `ticket.received:42`: enqueueing the same event again for the same
   * recipient and channel adds nothing. The recipient and channel are added to the key here.
   */
  dedupeKey?: string;
  /** Default: the staff member's language; zh-CN for customers. */
  locale?: NotificationLocale;
};

/** One message of any template, its payload typed by the template. */
export type NotificationMessage = { [T in NotificationTemplate]: MessageOf<T> }[NotificationTemplate];

export const OUTBOX_CHANNEL = 'outbox';

type Delivery = { channel: OutboxChannel; userId: number | null; address: string | null; recipientKey: string };

async function notifySettings(tx: DbOrTx) {
  const rows = await tx
    .select({ key: settingsTable.key, value: settingsTable.value })
    .from(settingsTable)
    .where(inArray(settingsTable.key, ['notify.staffEmail', 'notify.smtpHost']));
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  return {
    staffEmail: resolveSetting('notify.staffEmail', stored.get('notify.staffEmail')),
    smtpHost: resolveSetting('notify.smtpHost', stored.get('notify.smtpHost')),
  };
}

function wrongChannel(channel: OutboxChannel, recipient: string): Error {
  return new Error(`enqueueNotification: channel ${channel} cannot reach ${recipient}`);
}

async function deliveriesFor(
  tx: DbOrTx,
  message: NotificationMessage,
): Promise<{ deliveries: Delivery[]; locale: NotificationLocale }> {
  const { to, channel } = message;
  if ('userId' in to) {
    const [user] = await tx
      .select({ id: users.id, email: users.email, phone: users.phone, locale: users.locale, isActive: users.isActive })
      .from(users)
      .where(eq(users.id, to.userId));
    if (!user) throw new Error(`enqueueNotification: no user ${to.userId}`);
    const locale = message.locale ?? user.locale;
    // A deactivated account cannot sign in to read anything; it gets nothing.
    if (!user.isActive) return { deliveries: [], locale };
    const recipientKey = `user:${user.id}`;
    const inApp: Delivery = { channel: 'in_app', userId: user.id, address: null, recipientKey };
    const email: Delivery | null = user.email
      ? { channel: 'email', userId: user.id, address: user.email, recipientKey }
      : null;
    const sms: Delivery | null = user.phone
      ? { channel: 'sms', userId: user.id, address: user.phone, recipientKey }
      : null;
    if (channel === 'in_app') return { deliveries: [inApp], locale };
    if (channel === 'email') return { deliveries: email ? [email] : [], locale };
    if (channel === 'sms') return { deliveries: sms ? [sms] : [], locale };
    // The email copy is optional: without a mail server it is not created at all (rather than dead).
    const { staffEmail, smtpHost } = await notifySettings(tx);
    return { deliveries: email && staffEmail && smtpHost ? [inApp, email] : [inApp], locale };
  }
  const locale = message.locale ?? 'zh-CN';
  if ('email' in to) {
    const address = to.email.trim();
    if (!address.includes('@')) throw new Error('enqueueNotification: not an email address');
    if (channel && channel !== 'email') throw wrongChannel(channel, 'an email address');
    return { deliveries: [{ channel: 'email', userId: null, address, recipientKey: `email:${address}` }], locale };
  }
  const address = to.phone.trim();
  if (!address) throw new Error('enqueueNotification: empty phone number');
  if (channel && channel !== 'sms') throw wrongChannel(channel, 'a phone number');
  return { deliveries: [{ channel: 'sms', userId: null, address, recipientKey: `phone:${address}` }], locale };
}

/**
 * Writes the outbox message(s) of a notification in the caller's transaction and returns the ids
 * of the messages added (none when the dedupe key was seen before or the user is deactivated).
 * Throws on a payload that does not fit its template: a programming error, which rolls back the
 * caller's change rather than losing the message.
 */
export async function enqueueNotification(tx: DbOrTx, message: NotificationMessage): Promise<number[]> {
  const rows = await outboxRows(tx, message);
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(outboxMessages)
    .values(rows)
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .returning({ id: outboxMessages.id });
  // Delivered to the listening workers when (and only if) the transaction commits.
  if (inserted.length > 0) await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return inserted.map((row) => row.id);
}

/**
 * The outbox rows of a notification, for a caller that writes many at once (ticket intake): insert
 * them with `on conflict (dedupe_key) do nothing` and `pg_notify(OUTBOX_CHANNEL, '')` in the same
 * transaction. Queries only for a staff recipient.
 */
export async function outboxRows(tx: DbOrTx, message: NotificationMessage) {
  const payload = parsePayload(message.template, message.payload);
  const { deliveries, locale } = await deliveriesFor(tx, message);
  return deliveries.map((delivery) => ({
    channel: delivery.channel,
    userId: delivery.userId,
    address: delivery.address,
    template: message.template,
    payload,
    locale,
    dedupeKey: message.dedupeKey ? `${message.dedupeKey}|${delivery.recipientKey}|${delivery.channel}` : null,
  }));
}
