/**
 * Where a benchmark keeps its data: an embedded PostgreSQL cluster in bench/out/<dir>, or a database
 * on a PostgreSQL server (dropped at the end unless reused, so its name must contain "bench").
 * The ticket, parts and feedback benchmarks each have one; `fill` generates (or reuses) the data and
 * answers undefined when kept data cannot be reused, which starts over from an empty database.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../server/db/database.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';

const log = (message: string) => console.log(`  ${message}`);

/** The bench database's URL with `_<suffix>` added to its name (another benchmark's own database). */
export function suffixedUrl(benchUrl: string, suffix: string): string {
  const url = new URL(benchUrl);
  url.pathname = `/${encodeURIComponent(`${databaseName(benchUrl)}_${suffix}`)}`;
  return url.toString();
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/bench/i.test(name))
    throw new Error(`the bench database must have "bench" in its name (it is dropped): ${name}`);
  return name;
}

/** Runs statements on the server's `postgres` database, given the bench database's quoted name and name. */
async function onAdmin(url: string, work: (client: pg.Client, quoted: string, name: string) => Promise<unknown>) {
  const name = databaseName(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await work(client, client.escapeIdentifier(name), name);
  } finally {
    await client.end();
  }
}

export function benchDatabase<O extends { reuse: boolean }, P>(
  embeddedDir: string,
  fill: (db: Db, options: O) => Promise<P | undefined>,
) {
  const embeddedDataDir = path.resolve('bench/out', embeddedDir);

  async function removeEmbedded() {
    await fs.rm(embeddedDataDir, { recursive: true, force: true });
  }

  async function filled(db: Db, options: O, stop?: () => Promise<void>): Promise<P | undefined> {
    try {
      return await fill(db, options);
    } finally {
      await db.$client.end().catch(() => undefined);
      await stop?.();
    }
  }

  async function prepareEmbedded(options: O): Promise<P> {
    // A cluster left running by a killed run is stopped first.
    if (existsSync(path.join(embeddedDataDir, 'pg', 'postmaster.pid'))) {
      await (await startEmbeddedPostgres({ dataDir: embeddedDataDir, log })).stop();
    }
    if (!options.reuse) await removeEmbedded();
    const server = await startEmbeddedPostgres({ dataDir: embeddedDataDir, database: 'aftercare', log });
    const db = createDb(server.connection('aftercare') as pg.PoolConfig);
    return (await filled(db, options, () => server.stop())) ?? prepareEmbedded({ ...options, reuse: false });
  }

  async function prepareServer(url: string, options: O): Promise<P> {
    await onAdmin(url, async (client, quoted, name) => {
      if (!options.reuse) await client.query(`drop database if exists ${quoted} with (force)`);
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`create database ${quoted}`);
    });
    return (
      (await filled(createDb({ connectionString: url }), options)) ?? prepareServer(url, { ...options, reuse: false })
    );
  }

  async function dropServer(url: string) {
    await onAdmin(url, (client, quoted) => client.query(`drop database if exists ${quoted} with (force)`));
  }

  /** Where pgbench and checks reach the embedded cluster: its Unix socket, as server/db/embedded.ts places it. */
  function embeddedConnection() {
    const preferred = path.join(embeddedDataDir, 'run');
    const host =
      path.join(preferred, '.s.PGSQL.5432').length < 100
        ? preferred
        : path.join(os.tmpdir(), `aftercare-pg-${Buffer.from(embeddedDataDir).toString('base64url').slice(-16)}`);
    return { host, port: 5432, user: 'postgres', database: 'aftercare' };
  }

  return { embeddedDataDir, removeEmbedded, prepareEmbedded, prepareServer, dropServer, embeddedConnection };
}
