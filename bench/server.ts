/** The real server as a child process: build check, start (cold start), resident memory, stop. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const entry = path.resolve('dist/server/main.js');

/** Newest modification time of the server's compiled sources (tests are not built). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(item.parentPath, item.name);
    if (
      !item.isFile() ||
      !file.endsWith('.ts') ||
      file.endsWith('.test.ts') ||
      file.includes(`${path.sep}test${path.sep}`)
    )
      continue;
    newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/server when it is missing or older than a file it is compiled from. BENCH_BUILD=0
 * uses dist/server as it is (e.g. while other sources are being edited).
 */
export function ensureBuilt() {
  if (process.env.BENCH_BUILD === '0' && existsSync(entry)) {
    console.log('BENCH_BUILD=0: using dist/server as it is');
    return;
  }
  const configs = ['tsconfig.json', 'tsconfig.server.json'].map((file) => statSync(file).mtimeMs);
  if (existsSync(entry) && statSync(entry).mtimeMs >= Math.max(newestSource('server'), ...configs)) return;
  console.log('dist/server is missing or stale: npm run build:server');
  execFileSync('npm', ['run', 'build:server'], { stdio: 'inherit' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type RunningServer = {
  baseUrl: string;
  pid: number;
  coldStartMs: number;
  rssMb(): number;
  stop(): Promise<number | null>;
};

/**
 * Spawns `node dist/server/main.js` and waits for the first successful GET /api/health.
 * `env` adds to this process's environment; an undefined value removes the variable.
 */
export async function startServer(env: Record<string, string | undefined>): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'never',
    LOG_LEVEL: 'warn',
  };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const spawnedAt = performance.now();
  // BENCH_SERVER_NODE_ARGS: extra node options for the server only, e.g. "--cpu-prof --cpu-prof-dir=bench/out/prof".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, entry], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
    process.stderr.write(`  [server] ${chunk}`);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | undefined | null;
  void exited.then((code) => {
    exitCode = code;
  });

  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) before it was healthy:\n${output}`);
    if (performance.now() - spawnedAt > 60_000) {
      child.kill('SIGTERM');
      throw new Error(`the server was not healthy within 60 s:\n${output}`);
    }
    const healthy = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const coldStartMs = Math.round(performance.now() - spawnedAt);
  const pid = child.pid!;

  return {
    baseUrl,
    pid,
    coldStartMs,
    rssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
      return Math.round(kb / 102.4) / 10;
    },
    async stop() {
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timeout);
      return code;
    },
  };
}

/** PIDs of postgres processes whose command line names the data directory. */
export function postgresProcessesOn(dataDir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes('postgres') && cmdline.includes(dataDir)) found.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
