/**
 * The parts benchmark (issue 4): on its own database (bench/parts-data.ts) and its own server
 * process, over HTTP — stock on hand of one part across warehouses and a warehouse's stock list
 * page (p95 ≤ 20 ms), the stock report of one station (stock value, consumption; p95 ≤ 200 ms),
 * then direct issues against tickets by 16 concurrent parts-keeper sessions on different parts
 * (≥ 800 issues/s on PostgreSQL), after which every touched balance must still equal its ledger
 * sums and none may be negative. Writes bench/out/results-parts-<target>.json.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import { type Client, signIn } from './http.js';
import { type Case, type CaseResult, runCases, type Stats, stats, type Timing } from './measure.js';
import {
  checkConsistency,
  dropPartsServerDatabase,
  type PartsPrepared,
  partsEmbeddedDataDir,
  partsServerUrl,
  preparePartsEmbedded,
  preparePartsServer,
  removePartsEmbedded,
} from './parts-data.js';
import { postgresProcessesOn, startServer } from './server.js';

const PASSWORD = 'Demo2026';
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export type PartsBenchOptions = Timing & {
  parts: number;
  ledger: number;
  tickets: number;
  reuse: boolean;
  clients: number;
  seconds: number;
  serverUrl: string;
};

export type IssueResult = {
  clients: number;
  seconds: number;
  issued: number;
  failed: number;
  statuses: Record<string, number>;
  firstErrors: string[];
  perSecond: number;
  targetPerSecond: number;
  latencyMs: Stats;
  /** After the run: balances touched by it that differ from their ledger sums / are negative. */
  consistency?: { mismatchedBalances: number; negativeBalances: number };
  /** The route was missing (404 on the first call). */
  skipped?: string;
};

function day(offsetDays: number) {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function readCases(prepared: PartsPrepared): Promise<(Case & { heavy?: boolean })[]> {
  const { samples } = prepared;
  const stationWarehouses = samples.warehouses.filter((w) => w.code.startsWith('WH-'));
  const pages: string[] = [];
  for (const [index, cursor] of samples.pageCursors.entries()) {
    const warehouse = stationWarehouses[index % stationWarehouses.length];
    pages.push(`/api/warehouses/${warehouse.id}/stock?limit=50${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);
  }
  const bj = samples.stations.BJ;
  return [
    {
      name: 'parts: stock of one part across warehouses (/api/parts/:id/stock)',
      paths: samples.partIds.map((id) => `/api/parts/${id}/stock`),
      targetMs: 20,
    },
    { name: 'parts: a warehouse stock list page (50 rows, keyset)', paths: pages, targetMs: 20 },
    {
      name: 'parts: stock report of one station (stock value per warehouse)',
      paths: [`/api/parts-stats/stock-value?stationId=${bj}`],
      targetMs: 200,
    },
    {
      name: 'parts: consumption of one station by part, last 30 days',
      paths: [`/api/parts-stats/consumption?stationId=${bj}&groupBy=part&from=${day(-30)}&limit=100`],
      targetMs: 200,
    },
    // Reference figures (no target): they read a year of the station's ledger / every balance.
    {
      name: 'parts: consumption of one station by month, 12 months (reference)',
      paths: [`/api/parts-stats/consumption?stationId=${bj}&groupBy=month`],
      heavy: true,
    },
    {
      name: 'parts: slow movers of one station, first page (reference)',
      paths: [`/api/parts-stats/slow-movers?stationId=${bj}&pageSize=20`],
      heavy: true,
    },
  ];
}

/** Each case on its own: a missing route (helpers still at work) is reported, not fatal. */
async function measureReads(client: Client, user: string, prepared: PartsPrepared, timing: Timing) {
  const results: CaseResult[] = [];
  const missing: string[] = [];
  for (const item of await readCases(prepared)) {
    const probe = await client.get(item.paths[0]);
    if (probe.status !== 200) {
      missing.push(`${item.name}: ${probe.status} ${probe.body.slice(0, 200)}`);
      console.log(`  ${user.padEnd(8)} ${item.name}: SKIPPED (${probe.status})`);
      continue;
    }
    // Heavy reference cases: fewer samples (a p95 of 40 is still a p95).
    const caseTiming = item.heavy ? { warmup: 3, samples: Math.min(timing.samples, 40) } : timing;
    results.push(...(await runCases(client, user, [item], caseTiming)));
  }
  return { results, missing };
}

/**
 * `clients` loops, each on its own parts-keeper session, issuing one unit at a time of its own
 * parts (client i: parts i, i + clients, …) against its own tickets, for `seconds` after a warm-up.
 */
async function measureIssues(
  baseUrl: string,
  prepared: PartsPrepared,
  options: { clients: number; seconds: number; warmupSeconds: number },
): Promise<IssueResult> {
  const { issue } = prepared.samples;
  const base = {
    clients: options.clients,
    seconds: 0,
    issued: 0,
    failed: 0,
    statuses: {},
    firstErrors: [],
    perSecond: 0,
    targetPerSecond: 800,
    latencyMs: stats([0]),
  };
  const sessions: Client[] = [];
  for (let i = 0; i < options.clients; i++) sessions.push(await signIn(baseUrl, 'parts.bj', PASSWORD));
  const body = (client: number, n: number) => ({
    partId:
      issue.partIds[
        (client + options.clients * (n % Math.floor(issue.partIds.length / options.clients))) % issue.partIds.length
      ],
    warehouseId: issue.warehouseId,
    quantity: 1,
    chargeKind: n % 3 === 0 ? 'warranty' : 'customer_bought',
  });
  const ticketOf = (client: number, n: number) =>
    issue.ticketIds[
      (client + options.clients * (n % Math.floor(issue.ticketIds.length / options.clients))) % issue.ticketIds.length
    ];
  const probe = await sessions[0].post(`/api/tickets/${ticketOf(0, 0)}/parts/issue`, body(0, 0));
  if (probe.status === 404 && probe.body.includes('Route')) {
    return { ...base, skipped: `POST /api/tickets/:id/parts/issue is not there yet (${probe.body.slice(0, 120)})` };
  }
  if (probe.status !== 200 && probe.status !== 201) {
    return { ...base, skipped: `the first issue answered ${probe.status}: ${probe.body.slice(0, 300)}` };
  }
  const statuses: Record<string, number> = {};
  const firstErrors: string[] = [];
  const run = async (seconds: number, times: number[] | null) => {
    const deadline = performance.now() + seconds * 1000;
    let issued = 0;
    let failed = 0;
    await Promise.all(
      sessions.map(async (client, index) => {
        let n = 1;
        while (performance.now() < deadline) {
          const started = performance.now();
          const response = await client.post(`/api/tickets/${ticketOf(index, n)}/parts/issue`, body(index, n));
          n++;
          const elapsed = performance.now() - started;
          if (times) statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.status === 200 || response.status === 201) {
            issued++;
            times?.push(elapsed);
          } else {
            failed++;
            if (firstErrors.length < 5) firstErrors.push(`${response.status} ${response.body.slice(0, 300)}`);
          }
        }
      }),
    );
    return { issued, failed };
  };
  await run(options.warmupSeconds, null);
  const times: number[] = [];
  const started = performance.now();
  const { issued, failed } = await run(options.seconds, times);
  const seconds = (performance.now() - started) / 1000;
  return {
    ...base,
    seconds: round(seconds, 2),
    issued,
    failed,
    statuses,
    firstErrors,
    perSecond: round(issued / seconds),
    latencyMs: stats(times.length ? times : [0]),
  };
}

/** Where the bench connects to check the ledger after the run (the embedded server is stopped by then). */
async function consistencyAfter(target: 'embedded' | 'server', options: PartsBenchOptions, mark: number) {
  if (target === 'server') {
    const client = new pg.Client({ connectionString: partsServerUrl(options.serverUrl) });
    await client.connect();
    try {
      return await checkConsistency(client, mark);
    } finally {
      await client.end();
    }
  }
  const { startEmbeddedPostgres } = await import('../server/db/embedded.js');
  const server = await startEmbeddedPostgres({
    dataDir: partsEmbeddedDataDir,
    database: 'aftercare',
    log: () => undefined,
  });
  const client = new pg.Client(server.connection('aftercare') as pg.ClientConfig);
  await client.connect();
  try {
    return await checkConsistency(client, mark);
  } finally {
    await client.end();
    await server.stop();
  }
}

export async function runPartsTarget(target: 'embedded' | 'server', options: PartsBenchOptions) {
  const sizes = { parts: options.parts, ledger: options.ledger, tickets: options.tickets, reuse: options.reuse };
  console.log(
    `\n=== ${target} (parts): ${options.parts} parts, 10 warehouses, ${options.ledger.toLocaleString('en')} ledger entries ===`,
  );
  const url = partsServerUrl(options.serverUrl);
  const prepared = target === 'embedded' ? await preparePartsEmbedded(sizes) : await preparePartsServer(url, sizes);
  console.log(
    prepared.generation.reused
      ? 'parts data reused'
      : `parts data generated in ${(prepared.generation.totalMs / 1000).toFixed(1)} s`,
  );
  const server = await startServer(
    target === 'embedded' ? { DATA_DIR: partsEmbeddedDataDir, DATABASE_URL: undefined } : { DATABASE_URL: url },
  );
  console.log(`cold start: ${server.coldStartMs} ms (pid ${server.pid})`);
  const loadAverage1m = { beforeMeasuring: os.loadavg()[0], afterMeasuring: 0 };
  let reads: Awaited<ReturnType<typeof measureReads>>;
  let issues: IssueResult;
  let postgres = '';
  try {
    postgres = JSON.parse(await (await fetch(`${server.baseUrl}/api/health`)).text()).database.version;
    const admin = await signIn(server.baseUrl, 'admin', PASSWORD);
    reads = await measureReads(admin, 'admin', prepared, options);
    console.log(`  issuing over HTTP: ${options.clients} clients, ${options.seconds} s`);
    issues = await measureIssues(server.baseUrl, prepared, {
      clients: options.clients,
      seconds: options.seconds,
      warmupSeconds: 2,
    });
    if (issues.skipped) console.log(`  issues SKIPPED: ${issues.skipped}`);
    else {
      console.log(
        `  issued ${issues.issued} in ${issues.seconds} s: ${issues.perSecond}/s (target ≥ ${issues.targetPerSecond} on PostgreSQL), ${issues.failed} failed; latency p50 ${issues.latencyMs.p50} p95 ${issues.latencyMs.p95} ms`,
      );
      if (issues.failed > 0) console.log(`  first errors: ${issues.firstErrors.join(' | ')}`);
    }
    loadAverage1m.afterMeasuring = os.loadavg()[0];
  } finally {
    const code = await server.stop();
    console.log(`server stopped (exit ${code})`);
  }
  if (!issues.skipped) {
    issues.consistency = await consistencyAfter(target, options, prepared.ledgerMark);
    const ok = issues.consistency.mismatchedBalances === 0 && issues.consistency.negativeBalances === 0;
    console.log(
      `  after the issues: ${issues.consistency.mismatchedBalances} balances differ from the ledger, ${issues.consistency.negativeBalances} negative ${ok ? '(ok)' : '(FAILED)'}`,
    );
    if (!ok) process.exitCode = 1;
  }
  const leftover = target === 'embedded' ? postgresProcessesOn(partsEmbeddedDataDir) : [];
  if (leftover.length)
    console.log(`WARNING: postgres still running on ${partsEmbeddedDataDir}: pid ${leftover.join(', ')}`);
  const result = {
    target,
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.availableParallelism(),
      node: process.version,
      postgres,
    },
    database: target === 'server' ? new URL(url).pathname.slice(1) : partsEmbeddedDataDir,
    loadAverage1m,
    data: prepared.counts,
    generation: prepared.generation,
    consistencyAfterGeneration: prepared.consistency,
    coldStartMs: server.coldStartMs,
    latencies: reads.results,
    missingRoutes: reads.missing,
    issues,
  };
  await fs.mkdir('bench/out', { recursive: true });
  await fs.writeFile(`bench/out/results-parts-${target}.json`, `${JSON.stringify(result, null, 2)}\n`);
  if (!options.reuse) {
    if (target === 'embedded') await removePartsEmbedded();
    else await dropPartsServerDatabase(url);
  }
  return result;
}

export type PartsResult = Awaited<ReturnType<typeof runPartsTarget>>;

export function printPartsTable(results: PartsResult[]) {
  const verdict = (value: number, target?: number) => (target === undefined ? '' : value <= target ? 'ok' : 'MISSED');
  console.log('\n| target | measure (parts) | p50 ms | p95 ms | max ms | target | |');
  console.log('|---|---|--:|--:|--:|--:|---|');
  for (const r of results) {
    const generated = r.generation.reused ? 'reused' : `${(r.generation.totalMs / 1000).toFixed(1)} s`;
    console.log(`| ${r.target} | data generation | ${generated} | | | | |`);
    for (const l of r.latencies) {
      const target = l.targetMs === undefined ? '' : `p95 ≤ ${l.targetMs}`;
      console.log(
        `| ${r.target} | ${l.name} | ${l.p50} | ${l.p95} | ${l.max} | ${target} | ${verdict(l.p95, l.targetMs)} |`,
      );
    }
    for (const missing of r.missingRoutes) console.log(`| ${r.target} | ${missing} | | | | | SKIPPED |`);
    const i = r.issues;
    if (i.skipped) console.log(`| ${r.target} | issues against tickets | ${i.skipped} | | | ≥ 800/s | SKIPPED |`);
    else {
      console.log(
        `| ${r.target} | issues against tickets, ${i.clients} clients (issues/s) | ${i.perSecond} | | | ≥ ${i.targetPerSecond} | ${i.perSecond >= i.targetPerSecond ? 'ok' : 'MISSED'} |`,
      );
      console.log(`| ${r.target} | issue latency | ${i.latencyMs.p50} | ${i.latencyMs.p95} | ${i.latencyMs.max} | | |`);
      const c = i.consistency;
      const ok = c && c.mismatchedBalances === 0 && c.negativeBalances === 0;
      console.log(
        `| ${r.target} | stock = ledger sums, nothing negative, after the issues | ${ok ? 'yes' : 'NO'} | | | | ${ok ? 'ok' : 'FAILED'} |`,
      );
    }
  }
}
