/** The inbox and outbox endpoints (PLT-3): own notifications only, admins see and retry deliveries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createFakeSenders, type FakeSenders } from '../../test/fake-senders.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { enqueueNotification, type NotificationMessage } from './outbox.js';
import { PermanentDeliveryError } from './senders.js';

let t: TestApp;
let senders: FakeSenders;
let engineer: ApiClient;
let manager: ApiClient;
let admin: ApiClient;
let engineerId: number;

const enqueue = (message: NotificationMessage) => t.db.transaction((tx) => enqueueNotification(tx, message));
const deliver = () => t.app.services.notify.worker.runOnce();

beforeAll(async () => {
  senders = createFakeSenders();
  t = await createTestApp({ senders });
  [engineer, manager, admin] = await Promise.all([t.client('engineer.bj'), t.client('manager.bj'), t.client('admin')]);
  [{ id: engineerId }] = await t.query<{ id: number }>(`select id from users where username = 'engineer.bj'`);
  for (let i = 1; i <= 3; i++) {
    await enqueue({
      template: 'ticket.assigned_engineer',
      payload: { ticketId: i, ticketNumber: `YX25030${i}`, customerName: `客户${i}`, faultLevel: 2 },
      to: { userId: engineerId },
    });
  }
  await enqueue({
    template: 'ticket.assigned_customer',
    payload: { ticketId: 1, ticketNumber: 'YX250301', engineerName: '王工', engineerPhone: '13800001111' },
    to: { email: 'zhang.san@example.com' },
  });
  senders.email.failNext(1, new PermanentDeliveryError('550 mailbox unavailable'));
  expect(await deliver()).toBe(4);
});
afterAll(() => t.close());

describe('my notifications', () => {
  it('lists my notifications newest first, with an unread filter and count', async () => {
    const list = await engineer.get('/api/notifications');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((item: { title: string }) => item.title)).toEqual([
      '新任务：YX250303',
      '新任务：YX250302',
      '新任务：YX250301',
    ]);
    expect(list.body.items[0]).toMatchObject({ link: '/tickets/3', entityType: 'ticket', entityId: 3, readAt: null });
    expect((await engineer.get('/api/notifications/unread-count')).body).toEqual({ count: 3 });
    // Someone else's inbox is empty.
    expect((await manager.get('/api/notifications')).body.total).toBe(0);
    expect((await manager.get('/api/notifications/unread-count')).body).toEqual({ count: 0 });
  });

  it('renders in the recipient’s language', async () => {
    await t.query(`update users set locale = 'en-US' where id = $1`, [engineerId]);
    await enqueue({
      template: 'ticket.escalated',
      payload: { ticketId: 9, ticketNumber: 'YX250309', text: 'Call the customer' },
      to: { userId: engineerId },
    });
    await deliver();
    await t.query(`update users set locale = 'zh-CN' where id = $1`, [engineerId]);
    const list = await engineer.get('/api/notifications?pageSize=1');
    expect(list.body.items[0]).toMatchObject({ title: 'Escalated: YX250309', body: 'Call the customer' });
    expect(list.body.total).toBe(4);
  });

  it('marks one read, refuses another user’s notification with 404, then marks all read', async () => {
    const [first] = (await engineer.get('/api/notifications')).body.items;
    const notMine = await manager.post(`/api/notifications/${first.id}/read`);
    expect(notMine.status).toBe(404);
    expect(notMine.body.error.code).toBe('NOT_FOUND');
    expect((await engineer.get('/api/notifications/unread-count')).body.count).toBe(4);

    const read = await engineer.post(`/api/notifications/${first.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    // Reading again keeps the first time.
    expect((await engineer.post(`/api/notifications/${first.id}/read`)).body.readAt).toBe(read.body.readAt);
    expect((await engineer.get('/api/notifications/unread-count')).body.count).toBe(3);
    const unread = await engineer.get('/api/notifications?unread=true');
    expect(unread.body.total).toBe(3);
    expect(unread.body.items.some((item: { id: number }) => item.id === first.id)).toBe(false);

    expect((await engineer.post('/api/notifications/read-all')).body).toEqual({ updated: 3 });
    expect((await engineer.get('/api/notifications/unread-count')).body.count).toBe(0);
    expect((await engineer.get('/api/notifications?unread=true')).body.total).toBe(0);
  });

  it('answers bad input with 400 naming the field, and a missing id with 404', async () => {
    const bad = await engineer.get('/api/notifications?unread=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('unread');
    expect((await engineer.post('/api/notifications/999999/read')).status).toBe(404);
  });
});

describe('the outbox (admins)', () => {
  it('lists deliveries with their status and masked addresses; other roles are refused', async () => {
    const all = await admin.get('/api/outbox');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(5);
    const dead = await admin.get('/api/outbox?status=dead');
    expect(dead.body.items).toHaveLength(1);
    expect(dead.body.items[0]).toMatchObject({
      channel: 'email',
      template: 'ticket.assigned_customer',
      address: 'z***@example.com',
      userId: null,
      attempts: 1,
      lastError: '550 mailbox unavailable',
    });
    const inApp = await admin.get('/api/outbox?channel=in_app&pageSize=1');
    expect(inApp.body.total).toBe(4);
    expect(inApp.body.items[0]).toMatchObject({ status: 'sent', userName: expect.any(String), address: null });
    expect((await admin.get('/api/outbox?status=lost')).status).toBe(400);
    expect((await manager.get('/api/outbox')).status).toBe(403);
    expect((await engineer.post(`/api/outbox/${dead.body.items[0].id}/retry`)).status).toBe(403);
  });

  it('retries a dead message (audited); a sent one cannot be retried', async () => {
    const [dead] = (await admin.get('/api/outbox?status=dead')).body.items;
    const retried = await admin.post(`/api/outbox/${dead.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    const [audit] = await t.query<{ before: unknown; after: unknown }>(
      `select before, after from audit_log where entity_type = 'outbox_message' and entity_id = $1`,
      [String(dead.id)],
    );
    expect(audit).toEqual({ before: { status: 'dead', attempts: 1 }, after: { status: 'pending', attempts: 0 } });
    expect(await deliver()).toBe(1);
    expect(senders.email.sent.map((message) => message.to)).toEqual(['zhang.san@example.com']);
    const again = await admin.post(`/api/outbox/${dead.id}/retry`);
    expect(again.status).toBe(409);
    expect((await admin.post('/api/outbox/999999/retry')).status).toBe(404);
  });
});

describe('the app’s own worker (as main.ts runs it)', () => {
  it('delivers in the background once started, and stops when the app closes', async () => {
    const worker = t.app.services.notify.worker;
    worker.start();
    await enqueue({ template: 'ticket.escalated', payload: { text: '后台投递' }, to: { userId: engineerId } });
    await expect
      .poll(async () => (await engineer.get('/api/notifications?unread=true')).body.items[0]?.body, { timeout: 5_000 })
      .toBe('后台投递');
    // Left running: afterAll's t.close() must stop it (onClose), or closing the pool would hang.
  });
});
