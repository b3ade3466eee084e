/**
 * npm run bench [-- --target embedded|server|both --customers N --equipment N --reuse]
 *
 * For each target: generate data with the app's seed code, start the built server as a child
 * process (cold start = spawn → first healthy GET /api/health), sign in over HTTP, time searches
 * and lookups, read the server's resident memory, stop it (checking that no embedded PostgreSQL
 * is left running) and write bench/out/results-<target>.json. See docs/benchmarks.md.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { dropServerDatabase, embeddedDataDir, prepareEmbedded, prepareServer, removeEmbedded } from './data.js';
import { signIn } from './http.js';
import { type CaseResult, measureAll } from './measure.js';
import { ensureBuilt, postgresProcessesOn, startServer } from './server.js';

const env = process.env;
const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: env.BENCH_TARGET ?? 'both' },
    customers: { type: 'string', default: env.BENCH_CUSTOMERS ?? '100000' },
    equipment: { type: 'string', default: env.BENCH_EQUIPMENT ?? '300000' },
    'batch-size': { type: 'string', default: env.BENCH_BATCH_SIZE ?? '1000' },
    samples: { type: 'string', default: env.BENCH_SAMPLES ?? '200' },
    warmup: { type: 'string', default: env.BENCH_WARMUP ?? '20' },
    reuse: { type: 'boolean', default: env.BENCH_REUSE === '1' || env.BENCH_REUSE === 'true' },
  },
});
if (!['embedded', 'server', 'both'].includes(args.target)) throw new Error('--target must be embedded, server or both');
const targets = args.target === 'both' ? (['embedded', 'server'] as const) : [args.target as 'embedded' | 'server'];
const serverUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftercare_bench';
const data = {
  customers: Number(args.customers),
  equipment: Number(args.equipment),
  batchSize: Number(args['batch-size']),
  reuse: args.reuse,
};
const timing = { warmup: Number(args.warmup), samples: Number(args.samples) };
const PASSWORD = 'Demo2026';
const COLD_START_TARGET_MS = 3000;
const RSS_TARGET_MB = 250;

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
};

async function runTarget(target: 'embedded' | 'server') {
  console.log(`\n=== ${target}: ${data.customers} customers, ${data.equipment} equipment ===`);
  console.log('generating data');
  const prepared = target === 'embedded' ? await prepareEmbedded(data) : await prepareServer(serverUrl, data);
  const { generation } = prepared;
  console.log(generation.reused ? 'data reused' : `data generated in ${(generation.totalMs / 1000).toFixed(1)} s`);

  const server = await startServer(
    target === 'embedded' ? { DATA_DIR: embeddedDataDir, DATABASE_URL: undefined } : { DATABASE_URL: serverUrl },
  );
  console.log(`cold start: ${server.coldStartMs} ms (pid ${server.pid})`);
  // Resident memory (VmRSS) of the server's node process: after start, highest seen while measuring
  // (sampled every 100 ms) and after 5 s idle. V8 collects lazily, so it moves with the garbage.
  const memory = { afterStartMb: server.rssMb(), peakMb: 0, afterIdleMb: 0, targetMb: RSS_TARGET_MB };
  const sampler = setInterval(() => {
    memory.peakMb = Math.max(memory.peakMb, server.rssMb());
  }, 100);
  // Other work on the machine skews the figures: the 1-minute load average shows how busy it was.
  const loadAverage1m = { beforeMeasuring: os.loadavg()[0], afterMeasuring: 0 };
  let latencies: CaseResult[];
  let postgres: string;
  try {
    const health = JSON.parse(await (await fetch(`${server.baseUrl}/api/health`)).text());
    postgres = health.database.version;
    const admin = await signIn(server.baseUrl, 'admin', PASSWORD);
    const agent = await signIn(server.baseUrl, 'agent.bj', PASSWORD);
    latencies = [
      ...(await measureAll(admin, 'admin', prepared.samples.all, timing)),
      ...(await measureAll(agent, 'agent.bj', prepared.samples.bj, timing)),
    ];
    loadAverage1m.afterMeasuring = os.loadavg()[0];
    console.log(
      `load average (1 min) on ${machine.cores} cores: ${loadAverage1m.beforeMeasuring.toFixed(1)} before, ${loadAverage1m.afterMeasuring.toFixed(1)} after measuring`,
    );
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    memory.afterIdleMb = server.rssMb();
    console.log(
      `resident memory: ${memory.afterStartMb} MB after start, ${memory.peakMb} MB peak, ${memory.afterIdleMb} MB after 5 s idle`,
    );
  } finally {
    clearInterval(sampler);
    const code = await server.stop();
    console.log(`server stopped (exit ${code})`);
  }
  const leftover = target === 'embedded' ? postgresProcessesOn(embeddedDataDir) : [];
  if (leftover.length) console.log(`WARNING: postgres still running on ${embeddedDataDir}: pid ${leftover.join(', ')}`);

  const result = {
    target,
    date: new Date().toISOString(),
    machine: { ...machine, postgres },
    loadAverage1m,
    data: { requested: { customers: data.customers, equipment: data.equipment }, ...prepared.counts },
    generation,
    coldStartMs: server.coldStartMs,
    coldStartTargetMs: COLD_START_TARGET_MS,
    memory,
    leftoverPostgresPids: leftover,
    latencies,
  };
  await fs.mkdir('bench/out', { recursive: true });
  await fs.writeFile(`bench/out/results-${target}.json`, `${JSON.stringify(result, null, 2)}\n`);

  if (!data.reuse) {
    if (target === 'embedded') await removeEmbedded();
    else await dropServerDatabase(serverUrl);
  }
  return result;
}

type Result = Awaited<ReturnType<typeof runTarget>>;

function printTable(results: Result[]) {
  const verdict = (value: number, target?: number) => (target === undefined ? '' : value <= target ? 'ok' : 'MISSED');
  console.log('\n| target | measure | user | p50 ms | p95 ms | max ms | target | |');
  console.log('|---|---|---|--:|--:|--:|--:|---|');
  for (const r of results) {
    const generated = r.generation.reused ? 'reused' : `${(r.generation.totalMs / 1000).toFixed(1)} s`;
    console.log(`| ${r.target} | data generation | | ${generated} | | | | |`);
    console.log(
      `| ${r.target} | cold start | | ${r.coldStartMs} | | | ≤ ${r.coldStartTargetMs} | ${verdict(r.coldStartMs, r.coldStartTargetMs)} |`,
    );
    for (const l of r.latencies) {
      const target = l.targetMs === undefined ? '' : `p95 ≤ ${l.targetMs}`;
      console.log(
        `| ${r.target} | ${l.name} | ${l.user} | ${l.p50} | ${l.p95} | ${l.max} | ${target} | ${verdict(l.p95, l.targetMs)} |`,
      );
    }
    const m = r.memory;
    const rss = `${m.afterStartMb} / ${m.peakMb} / ${m.afterIdleMb}`;
    console.log(
      `| ${r.target} | RSS MB (after start / peak / 5 s idle) | | ${rss} | | | ≤ ${m.targetMb} | ${verdict(m.afterIdleMb, m.targetMb)} |`,
    );
  }
}

ensureBuilt();
const results: Result[] = [];
for (const target of targets) results.push(await runTarget(target));
printTable(results);
console.log('\nresults written to', targets.map((t) => `bench/out/results-${t}.json`).join(', '));
