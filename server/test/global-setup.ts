/**
 * One PostgreSQL per test run — the embedded server in a temporary folder, or the server named by
 * TEST_DATABASE_URL — and one template database migrated once; every test file clones its own
 * database from the template (see test-app.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, migrateDatabase } from '../db/database.js';
import { startEmbeddedPostgres } from '../db/embedded.js';

export type TestDatabase = { admin: pg.ClientConfig; template: string; runId: string; kind: 'embedded' | 'server' };

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabase;
  }
}

export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  const url = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let admin: pg.ClientConfig;
  if (url) {
    // Components, not a connection string: node-postgres lets a connection string override `database`.
    const parsed = new URL(url);
    admin = {
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
      user: decodeURIComponent(parsed.username || 'postgres'),
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      database: parsed.pathname.slice(1) || 'postgres',
    };
  } else {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'aftercare-test-'));
    const server = await startEmbeddedPostgres({ dataDir, fsync: false, log: () => undefined });
    admin = server.connection('postgres');
    stopEmbedded = async () => {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    };
  }
  const template = `aftercare_tpl_${runId}`;
  const client = new pg.Client(admin);
  await client.connect();
  await client.query(`create database ${template}`);
  await client.end();
  const db = createDb({ ...admin, database: template, max: 1 });
  await migrateDatabase(db);
  await db.$client.end();
  const testDatabase: TestDatabase = { admin, template, runId, kind: url ? 'server' : 'embedded' };
  project.provide('testDatabase', testDatabase);
  console.log(
    `[test] database: ${testDatabase.kind}${url ? ` (${url.replace(/:[^:@/]*@/, ':***@')})` : ''}, template ${template}`,
  );

  return async () => {
    if (stopEmbedded) return stopEmbedded();
    // On a shared server, remove everything this run created.
    const cleanup = new pg.Client(admin);
    await cleanup.connect();
    const { rows } = await cleanup.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `aftercare_%${runId}%`,
    ]);
    for (const row of rows) await cleanup.query(`drop database if exists ${row.datname} with (force)`);
    await cleanup.end();
  };
}
