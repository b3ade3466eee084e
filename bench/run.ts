/**
 * npm run bench [-- --target embedded|server|both --customers N --equipment N --tickets N --reuse]
 *                 [--only tickets|parts|feedback --parts N --ledger N --issue-clients N --issue-seconds N]
 *
 * First the business-time engine's deadline computations per second (pure CPU). Then for each
 * target: generate data (the app's seed code, then the generated tickets), start the built server
 * as a child process (cold start = spawn → first healthy GET /api/health), sign in over HTTP, time
 * searches, lookups, ticket lists and the board, create tickets under load over HTTP and with
 * pgbench (checking the numbers), read the server's resident memory, stop it (checking that no
 * embedded PostgreSQL is left running) and write bench/out/results-<target>.json. See
 * docs/benchmarks.md.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import {
  dropServerDatabase,
  embeddedConnection,
  embeddedDataDir,
  prepareEmbedded,
  prepareServer,
  removeEmbedded,
} from './data.js';
import { type FeedbackResult, printFeedbackTable, runFeedbackTarget } from './feedback-measure.js';
import { signIn } from './http.js';
import { type CaseResult, measureAll } from './measure.js';
import { type PartsResult, printPartsTable, runPartsTarget } from './parts-measure.js';
import { ensureBuilt, postgresProcessesOn, startServer } from './server.js';
import {
  averageIntakeBatch,
  type BusinessTimeResult,
  type CreationResult,
  checkNumbering,
  measureBusinessTime,
  measureCreation,
  measurePgbench,
  measureTicketReads,
  type NumberingCheck,
  type PgbenchResult,
} from './tickets-measure.js';

const env = process.env;
const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: env.BENCH_TARGET ?? 'both' },
    customers: { type: 'string', default: env.BENCH_CUSTOMERS ?? '100000' },
    equipment: { type: 'string', default: env.BENCH_EQUIPMENT ?? '300000' },
    tickets: { type: 'string', default: env.BENCH_TICKETS ?? '1000000' },
    'create-clients': { type: 'string', default: env.BENCH_CREATE_CLIENTS ?? '16' },
    'create-seconds': { type: 'string', default: env.BENCH_CREATE_SECONDS ?? '10' },
    'batch-size': { type: 'string', default: env.BENCH_BATCH_SIZE ?? '1000' },
    samples: { type: 'string', default: env.BENCH_SAMPLES ?? '200' },
    warmup: { type: 'string', default: env.BENCH_WARMUP ?? '20' },
    reuse: { type: 'boolean', default: env.BENCH_REUSE === '1' || env.BENCH_REUSE === 'true' },
    // The parts and feedback benchmarks (bench/parts-measure.ts, bench/feedback-measure.ts, each on its own
    // database): --only tickets|parts|feedback runs one part.
    only: { type: 'string', default: env.BENCH_ONLY ?? 'all' },
    parts: { type: 'string', default: env.BENCH_PARTS ?? '20000' },
    ledger: { type: 'string', default: env.BENCH_LEDGER ?? '2000000' },
    'issue-clients': { type: 'string', default: env.BENCH_ISSUE_CLIENTS ?? '16' },
    'issue-seconds': { type: 'string', default: env.BENCH_ISSUE_SECONDS ?? '10' },
  },
});
if (!['embedded', 'server', 'both'].includes(args.target)) throw new Error('--target must be embedded, server or both');
if (!['all', 'tickets', 'parts', 'feedback'].includes(args.only))
  throw new Error('--only must be all, tickets, parts or feedback');
const runs = (part: 'tickets' | 'parts' | 'feedback') => args.only === 'all' || args.only === part;
const targets = args.target === 'both' ? (['embedded', 'server'] as const) : [args.target as 'embedded' | 'server'];
const serverUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftercare_bench';
const data = {
  customers: Number(args.customers),
  equipment: Number(args.equipment),
  tickets: Number(args.tickets),
  batchSize: Number(args['batch-size']),
  reuse: args.reuse,
};
const timing = { warmup: Number(args.warmup), samples: Number(args.samples) };
const creation = { clients: Number(args['create-clients']), seconds: Number(args['create-seconds']), warmupSeconds: 2 };
const agents = [
  { login: 'agent.bj', station: 'BJ' },
  { login: 'agent.sh', station: 'SH' },
  { login: 'agent.gz', station: 'GZ' },
];
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

/** Where pgbench and the numbering check connect: the server's database or the embedded one's Unix socket. */
function databaseConnection(target: 'embedded' | 'server') {
  if (target === 'server') {
    const url = new URL(serverUrl);
    return {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || 'postgres'),
      database: decodeURIComponent(url.pathname.slice(1)),
    };
  }
  return embeddedConnection();
}

type TicketWrites = {
  creation: CreationResult;
  numberingAfterHttp: NumberingCheck;
  pgbench?: PgbenchResult;
  pgbenchError?: string;
  numberingAfterPgbench?: NumberingCheck;
};

function reportNumbering(label: string, check: NumberingCheck) {
  const groups = check.groups.map((g) => `${g.prefix}${g.period} ${g.first}…${g.last} (${g.count})`).join(', ');
  if (check.ok) console.log(`  numbering after ${label}: consecutive, no gap, no duplicate: ${groups}`);
  else {
    console.log(`\n  !!!!! NUMBERING FAILED after ${label}: ${check.problems.slice(0, 10).join('; ')}\n`);
    process.exitCode = 1;
  }
}

async function runTarget(target: 'embedded' | 'server') {
  console.log(`\n=== ${target}: ${data.customers} customers, ${data.equipment} equipment, ${data.tickets} tickets ===`);
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
  let writes: TicketWrites | undefined;
  try {
    const health = JSON.parse(await (await fetch(`${server.baseUrl}/api/health`)).text());
    postgres = health.database.version;
    const admin = await signIn(server.baseUrl, 'admin', PASSWORD);
    const agent = await signIn(server.baseUrl, 'agent.bj', PASSWORD);
    latencies = [
      ...(await measureAll(admin, 'admin', prepared.samples.all, timing)),
      ...(await measureAll(agent, 'agent.bj', prepared.samples.bj, timing)),
    ];
    if (data.tickets > 0) {
      latencies.push(
        ...(await measureTicketReads(agent, 'agent.bj', prepared.ticketSamples.bj, { ...timing, stationList: true })),
        ...(await measureTicketReads(admin, 'admin', prepared.ticketSamples.all, { ...timing, stationList: false })),
      );
      writes = await measureWrites(target, server.baseUrl, prepared);
    }
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
    ticketWrites: writes,
    /** Measured once before the targets (pure CPU); the same figure in both files. */
    businessTime,
  };
  await fs.mkdir('bench/out', { recursive: true });
  await fs.writeFile(`bench/out/results-${target}.json`, `${JSON.stringify(result, null, 2)}\n`);

  if (!data.reuse) {
    if (target === 'embedded') await removeEmbedded();
    else await dropServerDatabase(serverUrl);
  }
  return result;
}

/** Creation over HTTP, its numbers, the same creation with pgbench, the numbers again. */
async function measureWrites(
  target: 'embedded' | 'server',
  baseUrl: string,
  prepared: Awaited<ReturnType<typeof prepareServer>>,
): Promise<TicketWrites> {
  const connection = databaseConnection(target);
  console.log(`  creating tickets over HTTP: ${creation.clients} clients, ${creation.seconds} s`);
  const created = await measureCreation(baseUrl, agents, PASSWORD, prepared.ticketSamples.all.intake, creation);
  console.log(
    `  created ${created.created} tickets in ${created.seconds} s: ${created.perSecond}/s (target ≥ ${created.targetPerSecond} on PostgreSQL), ${created.failed} failed; latency p50 ${created.latencyMs.p50} p95 ${created.latencyMs.p95} ms`,
  );
  if (created.failed > 0) console.log(`  first errors: ${created.firstErrors.join(' | ')}`);
  const check = (label: string) =>
    checkNumbering(connection as pg.ClientConfig, prepared.generatedTicketMark, prepared.generatedCounters).then(
      (result) => {
        reportNumbering(label, result);
        return result;
      },
    );
  const writes: TicketWrites = { creation: created, numberingAfterHttp: await check('the HTTP creations') };
  try {
    const averageBatch = await averageIntakeBatch(connection as pg.ClientConfig, prepared.generatedTicketMark);
    const pgbench = await measurePgbench(connection, prepared.ticketSamples.all.intake, {
      clients: creation.clients,
      seconds: creation.seconds,
      batch: Math.max(1, Math.round(averageBatch)),
    });
    pgbench.ratioHttpToPgbench = Math.round((created.perSecond / pgbench.perSecond) * 100) / 100;
    console.log(
      `  pgbench, the same transaction in batches of ${pgbench.batch} (the HTTP run's average: ${averageBatch}): ${pgbench.perSecond} tickets/s (${pgbench.transactionsPerSecond} tx/s, ${pgbench.transactions} in ${pgbench.seconds} s, ${pgbench.failed} failed, latency ${pgbench.latencyAverageMs} ms); HTTP/pgbench = ${pgbench.ratioHttpToPgbench} (target ≥ 0.5)`,
    );
    writes.pgbench = pgbench;
    writes.numberingAfterPgbench = await check('pgbench');
  } catch (error) {
    writes.pgbenchError = String(error);
    console.log(`  pgbench failed: ${error}`);
    process.exitCode = 1;
  }
  return writes;
}

type Result = Awaited<ReturnType<typeof runTarget>>;

function printTable(results: Result[], businessTime: BusinessTimeResult | undefined) {
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
    const w = r.ticketWrites;
    if (w) {
      const c = w.creation;
      console.log(
        `| ${r.target} | ticket creation over HTTP, ${c.clients} clients (tickets/s) | | ${c.perSecond} | | | ≥ ${c.targetPerSecond} | ${c.perSecond >= c.targetPerSecond ? 'ok' : 'MISSED'} |`,
      );
      console.log(
        `| ${r.target} | ticket creation latency | | ${c.latencyMs.p50} | ${c.latencyMs.p95} | ${c.latencyMs.max} | | |`,
      );
      const numbersOk = w.numberingAfterHttp.ok && (w.numberingAfterPgbench?.ok ?? true);
      console.log(
        `| ${r.target} | numbers consecutive | | ${numbersOk ? 'yes' : 'NO'} | | | | ${numbersOk ? 'ok' : 'FAILED'} |`,
      );
      if (w.pgbench) {
        const ratio = w.pgbench.ratioHttpToPgbench ?? 0;
        console.log(
          `| ${r.target} | pgbench, same transaction in batches of ${w.pgbench.batch} (tickets/s) | | ${w.pgbench.perSecond} | | | | |`,
        );
        console.log(`| ${r.target} | HTTP / pgbench | | ${ratio} | | | ≥ 0.5 | ${ratio >= 0.5 ? 'ok' : 'MISSED'} |`);
      }
    }
    const m = r.memory;
    const rss = `${m.afterStartMb} / ${m.peakMb} / ${m.afterIdleMb}`;
    console.log(
      `| ${r.target} | RSS MB (after start / peak / 5 s idle) | | ${rss} | | | ≤ ${m.targetMb} | ${verdict(m.afterIdleMb, m.targetMb)} |`,
    );
  }
  if (businessTime) {
    const ok = businessTime.perSecond >= businessTime.targetPerSecond;
    console.log(
      `| – | business-time deadlines per second (slowest add scenario ${businessTime.slowestAddPerSecond}) | | ${businessTime.perSecond} | | | ≥ ${businessTime.targetPerSecond} | ${ok ? 'ok' : 'MISSED'} |`,
    );
  }
}

ensureBuilt();
let businessTime: BusinessTimeResult | undefined;
if (runs('tickets') && data.tickets > 0) {
  console.log('business-time deadline computations (bench/business-time.ts)');
  businessTime = await measureBusinessTime();
  console.log(`  ${businessTime.perSecond.toLocaleString('en')}/s (target ≥ 200,000/s)`);
}
if (runs('tickets')) {
  const results: Result[] = [];
  for (const target of targets) results.push(await runTarget(target));
  printTable(results, businessTime);
  console.log('\nresults written to', targets.map((t) => `bench/out/results-${t}.json`).join(', '));
}
if (runs('parts')) {
  const partsOptions = {
    ...timing,
    parts: Number(args.parts),
    ledger: Number(args.ledger),
    tickets: 3000,
    reuse: data.reuse,
    clients: Number(args['issue-clients']),
    seconds: Number(args['issue-seconds']),
    serverUrl,
  };
  const partsResults: PartsResult[] = [];
  for (const target of targets) partsResults.push(await runPartsTarget(target, partsOptions));
  printPartsTable(partsResults);
  console.log('\nresults written to', targets.map((t) => `bench/out/results-parts-${t}.json`).join(', '));
}
if (runs('feedback')) {
  const feedbackOptions = {
    ...timing,
    customers: data.customers,
    equipment: data.equipment,
    tickets: data.tickets,
    reuse: data.reuse,
    serverUrl,
  };
  const feedbackResults: FeedbackResult[] = [];
  for (const target of targets) feedbackResults.push(await runFeedbackTarget(target, feedbackOptions));
  printFeedbackTable(feedbackResults);
  console.log('\nresults written to', targets.map((t) => `bench/out/results-feedback-${t}.json`).join(', '));
}
