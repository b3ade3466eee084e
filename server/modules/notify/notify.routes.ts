import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminOnly } from '../../lib/access.js';
import { idParam } from '../../lib/contract.js';
import { pageOf } from '../../lib/pagination.js';
import {
  notification,
  notificationListQuery,
  outboxListQuery,
  outboxMessage,
  readAllResult,
  unreadCount,
} from './notify.contract.js';
import type { NotifyService } from './notify.service.js';

const tags = { inbox: ['notifications'], outbox: ['outbox'] };

export const notifyRoutes =
  (deps: { notify: NotifyService; onClose: () => Promise<void> }): FastifyPluginAsyncZod =>
  async (app) => {
    const { notify } = deps;
    app.addHook('onClose', deps.onClose);

    // The inbox (PLT-3): every staff member sees and marks only their own notifications.
    app.get(
      '/api/notifications',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: tags.inbox,
          summary: 'My notifications, newest first',
          querystring: notificationListQuery,
          response: { 200: pageOf(notification) },
        },
      },
      async (request) => notify.listMine(request.actor!, request.query),
    );
    app.get(
      '/api/notifications/unread-count',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: tags.inbox,
          summary: 'How many of my notifications are unread',
          response: { 200: unreadCount },
        },
      },
      async (request) => ({ count: await notify.countUnread(request.actor!) }),
    );
    app.post(
      '/api/notifications/read-all',
      {
        config: { access: 'signed-in' },
        schema: { tags: tags.inbox, summary: 'Mark all my notifications read', response: { 200: readAllResult } },
      },
      async (request) => ({ updated: await notify.markAllRead(request.actor!) }),
    );
    app.post(
      '/api/notifications/:id/read',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: tags.inbox,
          summary: 'Mark one of my notifications read',
          params: idParam,
          response: { 200: notification },
        },
      },
      async (request) => notify.markRead(request.actor!, request.params.id),
    );

    // The outbox: delivery status of every message, for admins.
    app.get(
      '/api/outbox',
      {
        config: { access: adminOnly },
        schema: {
          tags: tags.outbox,
          summary: 'Outgoing messages (in-app, email, SMS) and their delivery status',
          querystring: outboxListQuery,
          response: { 200: pageOf(outboxMessage) },
        },
      },
      async (request) => notify.listOutbox(request.actor!, request.query),
    );
    app.post(
      '/api/outbox/:id/retry',
      {
        config: { access: adminOnly },
        schema: {
          tags: tags.outbox,
          summary: 'Send a failed or dead message again',
          params: idParam,
          response: { 200: outboxMessage },
        },
      },
      async (request) => notify.retryMessage(request.actor!, request.params.id),
    );
  };
