/**
 * A fresh app on a fresh database for one test file: the database is cloned from the migrated
 * template, the demo organisation (stations, departments, one user per role) is loaded, and the
 * app listens on a free port so tests go through the real HTTP layer.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type App, buildApp } from '../app.js';
import { createDb, type Db } from '../db/database.js';
import { DEMO_PASSWORD } from '../db/demo-data.js';
import { seedOrganisation } from '../db/seed.js';
import type { Clock } from '../lib/clock.js';
import type { Senders } from '../modules/notify/senders.js';
import { ApiClient } from './api-client.js';

export type TestApp = {
  app: App;
  db: Db;
  baseUrl: string;
  stationId: Map<string, number>;
  departmentId: Map<string, number>;
  /** A new HTTP client; signed in when a login is given. */
  client(login?: string, password?: string): Promise<ApiClient>;
  /** Runs SQL on the test database (for assertions). */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

async function cloneTemplate(admin: pg.ClientConfig, template: string, name: string) {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client(admin);
    await client.connect();
    try {
      await client.query(`create database ${name} template ${template}`);
      return;
    } catch (error) {
      // Another file is cloning the same template this instant.
      if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    } finally {
      await client.end();
    }
  }
}

export async function createTestApp(options: { clock?: Clock; senders?: Senders } = {}): Promise<TestApp> {
  const { admin, template, runId } = inject('testDatabase');
  const name = `aftercare_t_${runId}_${randomBytes(4).toString('hex')}`;
  await cloneTemplate(admin, template, name);
  const db = createDb({ ...admin, database: name, max: 10 });
  const { stationId, departmentId } = await seedOrganisation(db);
  const app = await buildApp({
    db,
    clock: options.clock ?? { now: () => new Date() },
    sessionSecret: 'test-secret-test-secret-test-secret-0123456789',
    // Tests vary the client address with X-Forwarded-For to test per-address throttling.
    trustProxy: true,
    senders: options.senders,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  return {
    app,
    db,
    baseUrl,
    stationId,
    departmentId,
    async client(login, password = DEMO_PASSWORD) {
      const client = new ApiClient(baseUrl);
      if (login) await client.signIn(login, password);
      return client;
    },
    async query(text, values) {
      const result = await db.$client.query(text, values as unknown[]);
      return result.rows;
    },
    async close() {
      await app.close();
      await db.$client.end();
      const client = new pg.Client(admin);
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
