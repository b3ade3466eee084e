/**
 * The outbox end to end on a real database (PLT-3): enqueue in the caller's transaction, claim
 * with leases, retries with back-off, dead letters, crash recovery, exactly-once in-app delivery.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createFakeSenders, type FakeSenders } from '../../test/fake-senders.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { enqueueNotification, type NotificationMessage } from './outbox.js';
import { createOutboxWorker, type OutboxWorkerOptions } from './outbox-worker.js';
import { createSmtpEmailSender } from './senders.js';

let t: TestApp;
let senders: FakeSenders;
let admin: ApiClient;
let engineerId: number;
let managerId: number;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const worker = (options: Partial<OutboxWorkerOptions> = {}) =>
  createOutboxWorker({ db: t.db, senders, settings: t.app.services.settings, logger: silent, ...options });

const enqueue = (message: NotificationMessage) => t.db.transaction((tx) => enqueueNotification(tx, message));

type Row = {
  id: number;
  channel: string;
  status: string;
  attempts: number;
  last_error: string | null;
  locked_by: string | null;
  due_in: number;
};
const messages = () =>
  t.query<Row>(
    `select id, channel, status, attempts, last_error, locked_by,
            extract(epoch from next_attempt_at - now())::float as due_in
       from outbox_messages order by id`,
  );
const count = async (table: string) => (await t.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
/** Time passes: every waiting retry is due now. */
const makeDue = () => t.query(`update outbox_messages set next_attempt_at = now() where status = 'failed'`);

async function setSetting(key: string, value: unknown) {
  const current = (await admin.get('/api/settings')).body.items.find((item: { key: string }) => item.key === key);
  const response = await admin.put(`/api/settings/${key}`, { value, version: current.version });
  expect(response.status).toBe(200);
}

const received = (ticketId: number): NotificationMessage => ({
  template: 'ticket.received',
  payload: { ticketId, ticketNumber: `YX2503${String(ticketId).padStart(2, '0')}` },
  to: { email: 'kehu@example.com' },
});

beforeAll(async () => {
  senders = createFakeSenders();
  t = await createTestApp({ senders });
  admin = await t.client('admin');
  [{ id: engineerId }] = await t.query<{ id: number }>(`select id from users where username = 'engineer.bj'`);
  [{ id: managerId }] = await t.query<{ id: number }>(`select id from users where username = 'manager.bj'`);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.query('delete from notifications');
  await t.query('delete from outbox_messages');
  const fresh = createFakeSenders();
  Object.assign(senders.email, fresh.email);
  Object.assign(senders.sms, fresh.sms);
});

describe('enqueue in the caller’s transaction', () => {
  it('sends nothing when the transaction rolls back', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueNotification(tx, received(1));
        await enqueueNotification(tx, { ...received(1), to: { userId: engineerId } });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await count('outbox_messages')).toBe(0);
    expect(await worker().runOnce()).toBe(0);
    expect(senders.email.attempts).toEqual([]);
    expect(await count('notifications')).toBe(0);
  });

  it('refuses a payload that does not fit the template, failing the caller’s transaction', async () => {
    await expect(
      // @ts-expect-error the compiler refuses it too: ticketNumber is missing
      enqueue({ template: 'ticket.received', payload: { ticketId: 1 }, to: { email: 'a@example.com' } }),
    ).rejects.toThrow(/ticketNumber/);
    expect(await count('outbox_messages')).toBe(0);
  });

  it('adds one message per event and recipient with a dedupe key', async () => {
    const message = { ...received(7), dedupeKey: 'ticket.received:7' };
    expect(await enqueue(message)).toHaveLength(1);
    expect(await enqueue(message)).toEqual([]);
    // Another recipient of the same event is another message.
    expect(await enqueue({ ...message, to: { phone: '13900001111' } })).toHaveLength(1);
    expect((await messages()).map((row) => row.channel)).toEqual(['email', 'sms']);
  });

  it('copies staff notifications by email only when enabled and a mail server is set', async () => {
    await t.query(`update users set email = 'engineer.bj@example.com' where id = $1`, [engineerId]);
    const toEngineer: NotificationMessage = {
      template: 'ticket.assigned_engineer',
      payload: { ticketId: 3, ticketNumber: 'YX250303', customerName: '华北电力', faultLevel: 1 },
      to: { userId: engineerId },
    };
    await enqueue(toEngineer);
    expect((await messages()).map((row) => row.channel)).toEqual(['in_app']);
    await setSetting('notify.staffEmail', true);
    await enqueue(toEngineer);
    expect((await messages()).map((row) => row.channel)).toEqual(['in_app', 'in_app']);
    await setSetting('notify.smtpHost', 'smtp.example.com');
    const ids = await enqueue({ ...toEngineer, dedupeKey: 'assigned:3' });
    expect(ids).toHaveLength(2);
    expect(await enqueue({ ...toEngineer, dedupeKey: 'assigned:3' })).toEqual([]);
    expect((await messages()).map((row) => row.channel)).toEqual(['in_app', 'in_app', 'in_app', 'email']);
    await worker().runOnce();
    expect(senders.email.sent).toEqual([
      {
        to: 'engineer.bj@example.com',
        subject: '新任务：YX250303',
        text: expect.stringContaining('华北电力'),
        idempotencyKey: String(ids[1]),
      },
    ]);
    await setSetting('notify.smtpHost', '');
    await setSetting('notify.staffEmail', false);
  });
});

describe('the worker', () => {
  it('delivers in-app messages exactly once with two workers claiming the same rows at once', async () => {
    for (let i = 1; i <= 45; i++) {
      await enqueue({
        template: 'sla.at_risk',
        payload: { ticketId: i, ticketNumber: `T${i}`, clock: 'arrival', dueAt: new Date(), minutesLeft: 30 },
        to: { userId: i % 2 ? engineerId : managerId },
      });
    }
    const a = worker({ instanceId: 'a', batchSize: 10 });
    const b = worker({ instanceId: 'b', batchSize: 10 });
    const handled = { a: 0, b: 0 };
    for (;;) {
      const [fromA, fromB] = await Promise.all([a.runOnce(), b.runOnce()]);
      handled.a += fromA;
      handled.b += fromB;
      if (fromA + fromB === 0) break;
    }
    // Both took part, and no message was handled twice.
    expect(handled.a).toBeGreaterThan(0);
    expect(handled.b).toBeGreaterThan(0);
    expect(handled.a + handled.b).toBe(45);
    expect(await count('notifications')).toBe(45);
    const [delivered] = await t.query<{ n: number; distinct_messages: number }>(
      `select count(*)::int as n, count(distinct outbox_message_id)::int as distinct_messages from notifications`,
    );
    expect(delivered).toEqual({ n: 45, distinct_messages: 45 });
    expect((await messages()).every((row) => row.status === 'sent' && row.attempts === 1 && !row.locked_by)).toBe(true);
    const [notification] = await t.query<{ title: string; link: string; entity_id: number }>(
      `select title, link, entity_id from notifications where user_id = $1 order by outbox_message_id limit 1`,
      [engineerId],
    );
    expect(notification).toEqual({ title: '即将超时：T1', link: '/tickets/1', entity_id: 1 });
  });

  it('retries a failing sender with growing pauses, then succeeds', async () => {
    senders.email.failNext(2, new Error('421 try again later'));
    const [id] = await enqueue(received(11));
    const w = worker();
    expect(await w.runOnce()).toBe(1);
    let [row] = await messages();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error: '421 try again later', locked_by: null });
    expect(row.due_in).toBeGreaterThan(25);
    expect(row.due_in).toBeLessThanOrEqual(30);
    expect(await w.runOnce()).toBe(0); // not due yet
    await makeDue();
    await w.runOnce();
    [row] = await messages();
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row.due_in).toBeGreaterThan(55);
    expect(row.due_in).toBeLessThanOrEqual(60);
    await makeDue();
    await w.runOnce();
    [row] = await messages();
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(senders.email.attempts.map((message) => message.idempotencyKey)).toEqual([
      String(id),
      String(id),
      String(id),
    ]);
    expect(senders.email.sent).toHaveLength(1);
    expect(senders.email.sent[0]).toMatchObject({ to: 'kehu@example.com', subject: '服务请求已受理' });
  });

  it('gives up after the last attempt; an admin retry sends it again', async () => {
    await setSetting('notify.maxAttempts', 3);
    senders.sms.failNext(100);
    const [id] = await enqueue({ ...received(12), to: { phone: '13900002222' } });
    const w = worker();
    for (let i = 0; i < 5; i++) {
      await w.runOnce();
      await makeDue();
    }
    let [row] = await messages();
    expect(row).toMatchObject({ status: 'dead', attempts: 3, last_error: 'connection refused' });
    expect(senders.sms.attempts).toHaveLength(3);

    senders.sms.failNext(0);
    const retried = await admin.post(`/api/outbox/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0, address: '139****2222' });
    await w.runOnce();
    [row] = await messages();
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(senders.sms.sent[0].text).toBe('【售后通示范公司】您的服务请求已受理，单号 YX250312。我们会尽快与您联系。');
    await setSetting('notify.maxAttempts', 8);
  });

  it('marks email dead with a clear reason when no mail server is configured', async () => {
    const real = createOutboxWorker({
      db: t.db,
      senders: { ...senders, email: createSmtpEmailSender({ settings: t.app.services.settings }) },
      settings: t.app.services.settings,
      logger: silent,
    });
    await enqueue(received(13));
    await real.runOnce();
    const [row] = await messages();
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.last_error).toContain('notify.smtpHost is empty');
  });

  it('takes over a message whose worker crashed once its lease has expired', async () => {
    senders.email.hangNext();
    await enqueue(received(14));
    const crashed = worker({ instanceId: 'crashed', leaseSeconds: 1, sendTimeoutMs: 60_000 });
    const hung = crashed.runOnce();
    await expect.poll(() => senders.email.attempts.length).toBe(1);
    const survivor = worker({ instanceId: 'survivor' });
    expect(await survivor.runOnce()).toBe(0); // the lease still holds
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await survivor.runOnce()).toBe(1);
    let [row] = await messages();
    expect(row).toMatchObject({ status: 'sent', attempts: 2, locked_by: null });
    // The crashed instance comes back: it no longer holds the message and changes nothing.
    senders.email.release();
    await hung;
    [row] = await messages();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(senders.email.sent.map((message) => message.idempotencyKey)).toEqual([String(row.id), String(row.id)]);
  });

  it('delivers an in-app message left "sending" by a crashed instance exactly once', async () => {
    await enqueue({ template: 'ticket.escalated', payload: { text: '请跟进' }, to: { userId: managerId } });
    await t.query(
      `update outbox_messages set status = 'sending', locked_by = 'gone', attempts = 1,
              locked_until = now() - interval '1 second'`,
    );
    expect(await worker().runOnce()).toBe(1);
    expect(await worker().runOnce()).toBe(0);
    expect(await count('notifications')).toBe(1);
    expect((await messages())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('wakes up on NOTIFY when a transaction commits, without waiting for the next poll', async () => {
    const listening = worker({ pollIntervalMs: 60_000 });
    listening.start();
    try {
      await expect
        .poll(
          async () =>
            (
              await t.query<{ n: number }>(
                `select count(*)::int as n from pg_stat_activity
                  where datname = current_database() and query ilike 'listen outbox%'`,
              )
            )[0].n,
        )
        .toBe(1);
      await enqueue(received(15));
      await expect.poll(() => senders.email.sent.length, { timeout: 3_000 }).toBe(1);
    } finally {
      await listening.stop();
    }
  });

  it('survives losing its listening connection, keeps delivering by polling, and leaves the pool healthy', async () => {
    const listenerPids = () =>
      t.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database() and query ilike 'listen outbox%'`,
      );
    const polling = worker({ pollIntervalMs: 50 });
    polling.start();
    try {
      await expect.poll(async () => (await listenerPids()).length).toBe(1);
      await t.query('select pg_terminate_backend(pid) from pg_stat_activity where pid = $1', [
        (await listenerPids())[0].pid,
      ]);
      await enqueue(received(16));
      await expect.poll(() => senders.email.sent.length, { timeout: 3_000 }).toBe(1);
    } finally {
      await polling.stop();
    }
    // Idle pooled connections that once listened die later (a restart, a dropped database):
    // the pool handles that on its own; the worker must not release them a second time.
    await t.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state = 'idle'`,
    );
    expect(await count('outbox_messages')).toBe(1);
  });
});
