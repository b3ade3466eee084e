/**
 * Notifications survive a crash of the app (PLT-3): an in-app message committed with its event is
 * delivered after a kill -9 and a restart — exactly once, also when the crash hit in the middle of
 * its delivery.
 *
 * The outbox worker is woken by NOTIFY at commit and delivers within milliseconds, so a kill can
 * not be raced reliably against it. Instead the test holds a SHARE lock on `notifications` (what an
 * in-app delivery writes, and nothing else here does): the worker claims the first message (or
 * another in-app message that came up meanwhile) and blocks inside its delivery transaction, and
 * because its loop waits for that batch, the second message stays pending. Then the app is killed
 * — messages in flight under the dead instance's lease, others never touched — and started again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type ApiResponse } from '../server/test/api-client.js';
import { type AppProcess, createDataDir, databasePid, startApp } from './app-process.js';

let dataDir: string;
const running: AppProcess[] = [];
const clients: pg.Client[] = [];

/** A direct connection to the app's embedded PostgreSQL (Unix socket in the data folder, as the app uses). */
async function connectDatabase(dir: string): Promise<pg.Client> {
  const socketDir = path.join(dir, 'run');
  expect(path.join(socketDir, '.s.PGSQL.5432').length).toBeLessThan(100);
  const client = new pg.Client({ host: socketDir, port: 5432, user: 'postgres', database: 'aftercare' });
  // The connection ends when the app stops its database server; that is expected, not an error.
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

type OutboxRow = { id: string; status: string; attempts: number; locked_by: string | null; lease_left: boolean };

afterAll(async () => {
  for (const client of clients) await client.end().catch(() => undefined);
  for (const app of running) if (app.child.exitCode === null && app.child.signalCode === null) await app.stop();
  // A failure between the kill and the restart leaves the database server of the killed app running.
  const orphan = dataDir ? databasePid(dataDir) : undefined;
  if (orphan) {
    process.kill(orphan, 'SIGINT');
    for (let waited = 0; databasePid(dataDir) && waited < 100; waited++) await new Promise((r) => setTimeout(r, 100));
  }
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ok = (response: ApiResponse) => {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

let first: AppProcess;
beforeAll(async () => {
  dataDir = await createDataDir();
  first = await startApp({ dataDir });
  running.push(first);
});

describe('notification outbox across a crash of the app', () => {
  it('delivers the in-app notification of an assignment exactly once after kill -9 and a restart', {
    timeout: 60_000,
  }, async () => {
    // Two repair tickets of a hardware unit, classified for an on-site visit (through the API).
    const agent = new ApiClient(first.baseUrl);
    await agent.signIn('agent.bj', 'Demo2026');
    const me = ok(await agent.get('/api/auth/me'));
    const model = ok(await agent.get('/api/product-models?category=hardware&pageSize=1')).items[0];
    const customer = ok(
      await agent.post('/api/customers', {
        kind: 'organisation',
        name: '发件箱重启测试有限公司',
        phone: '13966602211',
        stationId: me.user.stationId,
        contacts: [{ name: '冯工', mobile: '13966602212', isPrimary: true }],
      }),
    );
    const unit = ok(
      await agent.post('/api/equipment', {
        serialNo: 'E2E-OUTBOX-0001',
        modelId: model.id,
        customerId: customer.id,
        acceptanceDate: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
      }),
    );
    const ticketIds: number[] = [];
    for (const title of ['主轴异响', '冷却泵不启动']) {
      const ticket = ok(
        await agent.post('/api/tickets', {
          channel: 'phone',
          type: 'repair',
          customerId: customer.id,
          contactId: customer.contacts[0].id,
          equipmentId: unit.id,
          title,
          faultLevel: 3,
        }),
      );
      ok(
        await agent.post(`/api/tickets/${ticket.id}/classify`, {
          classification: 'technical',
          type: 'repair',
          faultLevel: 3,
          serviceMode: 'on_site',
          region: 'urban',
          expectedVersion: ticket.version,
        }),
      );
      ticketIds.push(ticket.id);
    }

    const manager = new ApiClient(first.baseUrl);
    await manager.signIn('manager.bj', 'Demo2026');
    const suggestions = ok(await manager.get(`/api/tickets/${ticketIds[0]}/assignment-suggestions`));
    const engineerId: number = suggestions.items.find(
      (item: { displayName: string; isEligible: boolean }) => item.displayName === '李工' && item.isEligible,
    ).engineerId;

    const db = await connectDatabase(dataDir);
    const outboxOf = async (ticketId: number) =>
      (
        await db.query<OutboxRow>(
          `select id, status, attempts, locked_by, coalesce(locked_until > now(), false) as lease_left
             from outbox_messages
            where template = 'ticket.assigned_engineer' and user_id = $1 and payload->>'ticketId' = $2`,
          [engineerId, String(ticketId)],
        )
      ).rows;
    const deliveredCount = async (outboxId: string) =>
      Number(
        (await db.query(`select count(*) as n from notifications where outbox_message_id = $1`, [outboxId])).rows[0].n,
      );
    // Whatever the start-up queued (demo data, the intake's messages) is out before the experiment.
    await until(
      async () =>
        Number(
          (
            await db.query(
              `select count(*) as n from outbox_messages
                where status in ('pending', 'sending') or (status = 'failed' and next_attempt_at <= now())`,
            )
          ).rows[0].n,
        ),
      (n) => n === 0,
      'the outbox to drain after start-up',
    );

    // In-app deliveries block from here on (the lock is held by another connection).
    const blocker = await connectDatabase(dataDir);
    await blocker.query('begin');
    await blocker.query('lock table notifications in share mode');

    const assign = async (ticketId: number) => {
      const ticket = ok(await manager.get(`/api/tickets/${ticketId}`));
      ok(
        await manager.post(`/api/tickets/${ticketId}/assignments`, {
          engineerIds: [engineerId],
          expectedArrivalAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
          expectedVersion: ticket.version,
        }),
      );
    };
    // The in-app messages a worker has claimed and not finished.
    const claimed = async () =>
      (
        await db.query<OutboxRow>(
          `select id, status, attempts, locked_by, coalesce(locked_until > now(), false) as lease_left
             from outbox_messages where status = 'sending' and channel = 'in_app' order by id`,
        )
      ).rows;
    // First event: the worker takes the message at once and gets stuck delivering it (or it is
    // already stuck on another in-app message that came up meanwhile, e.g. from the SLA watcher,
    // and this one waits).
    await assign(ticketIds[0]);
    const inFlight = await until(claimed, (rows) => rows.length > 0, 'the worker to get stuck in a delivery');
    const [firstMessage] = await outboxOf(ticketIds[0]);
    expect(['sending', 'pending']).toContain(firstMessage.status);
    // Second event: committed while the worker is busy, so its message is still pending at the crash.
    await assign(ticketIds[1]);
    const [waiting] = await outboxOf(ticketIds[1]);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });

    // The crash: kill -9 of the app, its database server stays up (as after a real crash of the app).
    await first.kill();
    await blocker.query('commit');
    // The stuck delivery transaction is rolled back once PostgreSQL sees its client is gone.
    const blockerPid = (await blocker.query('select pg_backend_pid() as pid')).rows[0].pid;
    await until(
      async () =>
        Number(
          (
            await db.query(
              `select count(*) as n from pg_stat_activity
                where datname = 'aftercare' and backend_type = 'client backend' and pid <> pg_backend_pid()
                  and pid <> $1`,
              [blockerPid],
            )
          ).rows[0].n,
        ),
      (n) => n === 0,
      'the killed app’s connections to end',
    );
    // Nothing was delivered; what was in flight is still held by the dead instance's lease.
    const inFlightIds = inFlight.map((row) => row.id);
    expect(await claimed()).toEqual(
      inFlight.map((row) => expect.objectContaining({ id: row.id, attempts: 1, lease_left: true })),
    );
    const [atCrash1] = await outboxOf(ticketIds[0]);
    const [atCrash2] = await outboxOf(ticketIds[1]);
    expect(atCrash1.status).toBe(inFlightIds.includes(atCrash1.id) ? 'sending' : 'pending');
    expect(atCrash2.status).toBe('pending');
    for (const id of [...inFlightIds, atCrash1.id, atCrash2.id]) expect(await deliveredCount(id)).toBe(0);

    // The restart: the messages nobody touched go out at once.
    const second = await startApp({ dataDir });
    running.push(second);
    expect(second.output()).toMatch(/reusing it/);
    const pendingAtCrash = [atCrash1, atCrash2].filter((row) => row.status === 'pending');
    for (const row of pendingAtCrash) {
      await until(
        async () => (await db.query('select status from outbox_messages where id = $1', [row.id])).rows[0].status,
        (status) => status === 'sent',
        `message ${row.id}, pending at the crash, to be delivered after the restart`,
      );
    }
    // What was in flight is left alone while the dead instance's lease lasts (it might still be sending)…
    expect(await claimed()).toEqual(inFlight.map((row) => expect.objectContaining({ id: row.id, lease_left: true })));
    for (const id of inFlightIds) expect(await deliveredCount(id)).toBe(0);
    // …and taken again when the lease runs out (60 s; moved forward here instead of waiting).
    await db.query(`update outbox_messages set locked_until = now() - interval '1 second' where id = any($1)`, [
      inFlightIds,
    ]);
    await until(
      async () =>
        (await db.query(`select status from outbox_messages where id = any($1)`, [inFlightIds])).rows.map(
          (row) => row.status,
        ),
      (statuses) => statuses.every((status) => status === 'sent'),
      'the messages in flight at the crash to be delivered after their lease',
    );
    // One more attempt for those in flight, one for the pending ones; each delivered once.
    for (const [ticketId, atCrash] of [
      [ticketIds[0], atCrash1],
      [ticketIds[1], atCrash2],
    ] as const) {
      expect(await outboxOf(ticketId)).toEqual([
        expect.objectContaining({ status: 'sent', attempts: atCrash.status === 'sending' ? 2 : 1, locked_by: null }),
      ]);
    }

    // The engineer's inbox: one notification per assignment, and no second one later.
    const engineer = new ApiClient(second.baseUrl);
    await engineer.signIn('engineer.bj', 'Demo2026');
    const inbox = async () => {
      const { items } = ok(await engineer.get('/api/notifications?pageSize=100'));
      return ticketIds.map(
        (ticketId) =>
          items.filter(
            (item: { template: string; entityId: number | null }) =>
              item.template === 'ticket.assigned_engineer' && item.entityId === ticketId,
          ).length,
      );
    };
    expect(await inbox()).toEqual([1, 1]);
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // two more polls of the worker
    expect(await inbox()).toEqual([1, 1]);
    for (const id of [...new Set([...inFlightIds, atCrash1.id, atCrash2.id])]) expect(await deliveredCount(id)).toBe(1);
    const unread = ok(await engineer.get('/api/notifications/unread-count'));
    expect(unread.count).toBeGreaterThanOrEqual(2);

    for (const client of clients.splice(0)) await client.end();
    expect(await second.stop()).toBe(0);
  });
});
