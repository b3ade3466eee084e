import { z } from 'zod';
import { timestamp } from '../../lib/contract.js';
import { pageQuery } from '../../lib/pagination.js';

export const outboxChannels = ['in_app', 'email', 'sms'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

/**
 * pending → sending (claimed under a lease) → sent; a failed send goes back to `failed` with a later
 * `next_attempt_at`, and to `dead` after the last attempt (an admin may retry it).
 */
export const outboxStatuses = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** The templates of notify.rules.ts (which must define each one, with its payload and texts). */
export const notificationTemplates = [
  'ticket.received',
  'ticket.assigned_customer',
  'ticket.assigned_engineer',
  'ticket.resolved',
  'sla.at_risk',
  'sla.breached',
  'ticket.loaner_due',
  'ticket.escalated',
  // Customer feedback (FBK-1, FBK-2)
  'survey.invite',
  'complaint.alert',
  // Customer portal (FBK-4)
  'portal.code',
] as const;
export type NotificationTemplate = (typeof notificationTemplates)[number];

export const notificationLocales = ['zh-CN', 'en-US'] as const;
export type NotificationLocale = (typeof notificationLocales)[number];

const booleanQuery = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');

// ---------- the in-app inbox ----------

export const notification = z.object({
  id: z.number(),
  template: z.string(),
  title: z.string(),
  body: z.string(),
  /** A path of the web app, e.g. /tickets/42. */
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.number().nullable(),
  readAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Notification = z.output<typeof notification>;

export const notificationListQuery = z.object({
  page: pageQuery.page,
  pageSize: pageQuery.pageSize,
  /** Only unread notifications. */
  unread: booleanQuery,
});

export const unreadCount = z.object({ count: z.number().int() });
export const readAllResult = z.object({ updated: z.number().int() });

// ---------- the outbox (admins) ----------

export const outboxMessage = z.object({
  id: z.number(),
  channel: z.enum(outboxChannels),
  userId: z.number().nullable(),
  /** The staff member's name when the recipient is a user. */
  userName: z.string().nullable(),
  /** Email address or phone number, masked (PPL-4). */
  address: z.string().nullable(),
  template: z.string(),
  locale: z.enum(notificationLocales),
  status: z.enum(outboxStatuses),
  attempts: z.number().int(),
  nextAttemptAt: timestamp,
  lastError: z.string().nullable(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
});
export type OutboxMessage = z.output<typeof outboxMessage>;

export const outboxListQuery = z.object({
  page: pageQuery.page,
  pageSize: pageQuery.pageSize,
  status: z.enum(outboxStatuses).optional(),
  channel: z.enum(outboxChannels).optional(),
  template: z.enum(notificationTemplates).optional(),
});
