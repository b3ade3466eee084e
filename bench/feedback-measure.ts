/**
 * The feedback benchmark (issue 5): on its own database (bench/feedback-data.ts) and its own server
 * process, over HTTP — first the return-visit plan for the coming year over every unit
 * (`POST /api/return-visits/generate` as admin: the service function the nightly job calls, target
 * ≤ 60 s), then the same again (idempotent: creates nothing), each counted in the database; then the
 * satisfaction rate (`GET /api/surveys/satisfaction`) by station, engineer and month, for the
 * default period and a calendar year, as admin and as a station manager (p95 ≤ 100 ms). While the
 * reports are timed the bench holds the planning's advisory lock, so the server's own planning run
 * (a minute after start) is skipped instead of loading the machine. Writes
 * bench/out/results-feedback-<target>.json.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import {
  dropFeedbackServerDatabase,
  type FeedbackPrepared,
  feedbackEmbeddedConnection,
  feedbackEmbeddedDataDir,
  feedbackServerUrl,
  prepareFeedbackEmbedded,
  prepareFeedbackServer,
  removeFeedbackEmbedded,
} from './feedback-data.js';
import { type Client, signIn } from './http.js';
import { type Case, type CaseResult, runCases, type Timing } from './measure.js';
import { postgresProcessesOn, startServer } from './server.js';

const PASSWORD = 'Demo2026';
/** return-visits.service.ts GENERATION_LOCK: one planning run at a time. */
const GENERATION_LOCK = 7_246_305;
const GENERATION_TARGET_MS = 60_000;
const SATISFACTION_TARGET_MS = 100;

export type FeedbackBenchOptions = Timing & {
  customers: number;
  equipment: number;
  tickets: number;
  reuse: boolean;
  serverUrl: string;
};

export type GenerationRun = {
  /** Request sent → answer received. */
  ms: number;
  /** The service's own figure (its transaction). */
  tookMs: number;
  status: number;
  total: number;
  created: Record<string, number>;
  from: string;
  to: string;
  error?: string;
};

export type GenerationResult = {
  runs: GenerationRun[];
  targetMs: number;
  /** Counted in the database after both runs: rows above the mark, by rule. */
  inDatabase: Record<string, number>;
  unitsPlanned: number;
  customersPlanned: number;
};

type ReportCase = Case & { answered?: number; rows?: number };

/** Where the bench connects. */
function connection(target: 'embedded' | 'server', url: string): pg.ClientConfig {
  return target === 'server' ? { connectionString: url } : feedbackEmbeddedConnection();
}

async function generateOnce(client: Client): Promise<GenerationRun> {
  const started = performance.now();
  const response = await client.post('/api/return-visits/generate', {});
  const ms = Math.round(performance.now() - started);
  if (response.status !== 200) {
    return {
      ms,
      tookMs: 0,
      status: response.status,
      total: 0,
      created: {},
      from: '',
      to: '',
      error: response.body.slice(0, 300),
    };
  }
  const body = JSON.parse(response.body) as Omit<GenerationRun, 'ms' | 'status'>;
  return { ms, status: response.status, ...body };
}

async function measureGeneration(admin: Client, db: pg.Client, mark: number): Promise<GenerationResult> {
  const runs: GenerationRun[] = [];
  for (const label of ['first run', 'second run (idempotent)']) {
    const run = await generateOnce(admin);
    runs.push(run);
    if (run.error) console.log(`  return-visit generation, ${label}: FAILED ${run.status} ${run.error}`);
    else {
      const verdict = run.ms <= GENERATION_TARGET_MS ? 'ok' : 'MISSED';
      const rules = Object.entries(run.created)
        .map(([rule, n]) => `${rule} ${n.toLocaleString('en')}`)
        .join(', ');
      console.log(
        `  return-visit generation, ${label}: ${(run.ms / 1000).toFixed(1)} s (service ${(run.tookMs / 1000).toFixed(1)} s) ${verdict}; ${run.total.toLocaleString('en')} created (${rules}), window ${run.from} … ${run.to}`,
      );
    }
  }
  const byRule = await db.query<{ rule: string; n: number }>(
    'select rule, count(*)::int as n from return_visits where id > $1 group by rule order by rule',
    [mark],
  );
  const planned = await db.query<{ units: number; customers: number }>(
    `select count(distinct equipment_id)::int as units, count(distinct customer_id)::int as customers
       from return_visits where id > $1`,
    [mark],
  );
  const inDatabase = Object.fromEntries(byRule.rows.map((row) => [row.rule, row.n]));
  const counted = byRule.rows.reduce((sum, row) => sum + row.n, 0);
  const answered = runs.reduce((sum, run) => sum + run.total, 0);
  console.log(
    `  in the database: ${counted.toLocaleString('en')} new visits (${answered === counted ? 'as answered' : `ANSWERED ${answered}`}) for ${planned.rows[0].units.toLocaleString('en')} units and ${planned.rows[0].customers.toLocaleString('en')} customers`,
  );
  if (answered !== counted || runs.some((run) => run.error) || (runs[1] && runs[1].total !== 0)) process.exitCode = 1;
  return {
    runs,
    targetMs: GENERATION_TARGET_MS,
    inDatabase,
    unitsPlanned: planned.rows[0].units,
    customersPlanned: planned.rows[0].customers,
  };
}

function reportCases(prepared: FeedbackPrepared, stationScoped: boolean): ReportCase[] {
  const year = new Date().getFullYear() - 1;
  const cases: ReportCase[] = [];
  for (const groupBy of ['station', 'engineer', 'month'] as const) {
    cases.push({
      name: `satisfaction by ${groupBy}, default period (12 months to today)`,
      paths: [`/api/surveys/satisfaction?groupBy=${groupBy}`],
      targetMs: SATISFACTION_TARGET_MS,
    });
  }
  if (!stationScoped) {
    for (const groupBy of ['station', 'engineer', 'month'] as const) {
      cases.push({
        name: `satisfaction by ${groupBy}, calendar year ${year}`,
        paths: [`/api/surveys/satisfaction?groupBy=${groupBy}&from=${year}-01-01&to=${year}-12-31`],
        targetMs: SATISFACTION_TARGET_MS,
      });
    }
    cases.push({
      name: `satisfaction by engineer, one station (BJ), default period`,
      paths: [`/api/surveys/satisfaction?groupBy=engineer&stationId=${prepared.stations.BJ}`],
      targetMs: SATISFACTION_TARGET_MS,
    });
  }
  return cases;
}

/** Each report once untimed (its size goes into the results), then timed. */
async function measureReports(client: Client, user: string, cases: ReportCase[], timing: Timing) {
  const results: (CaseResult & { answered?: number; rows?: number })[] = [];
  for (const item of cases) {
    const probe = await client.get(item.paths[0]);
    if (probe.status !== 200) throw new Error(`GET ${item.paths[0]} as ${user}: ${probe.status} ${probe.body}`);
    const report = JSON.parse(probe.body) as { total: { answered: number }; rows: unknown[] };
    const [result] = await runCases(client, user, [item], timing);
    results.push({ ...result, answered: report.total.answered, rows: report.rows.length });
  }
  return results;
}

export async function runFeedbackTarget(target: 'embedded' | 'server', options: FeedbackBenchOptions) {
  const sizes = {
    customers: options.customers,
    equipment: options.equipment,
    tickets: options.tickets,
    reuse: options.reuse,
  };
  console.log(
    `\n=== ${target} (feedback): ${options.customers.toLocaleString('en')} customers, ${options.equipment.toLocaleString('en')} equipment, ${options.tickets.toLocaleString('en')} tickets with their surveys ===`,
  );
  const url = feedbackServerUrl(options.serverUrl);
  const prepared =
    target === 'embedded' ? await prepareFeedbackEmbedded(sizes) : await prepareFeedbackServer(url, sizes);
  console.log(
    prepared.generation.reused
      ? 'feedback data reused'
      : `feedback data generated in ${(prepared.generation.totalMs / 1000).toFixed(1)} s`,
  );
  const c = prepared.counts;
  console.log(
    `  ${c.customers} customers (${c.keyCustomers} key), ${c.equipment} units (${c.activeEquipment} active, ${c.inWarranty} in warranty), ${c.engineers} engineers, ${c.tickets} tickets (${c.closedTickets} closed), ${c.assignments} assignments, ${c.surveys} surveys (${c.answeredSurveys} answered, ${c.pendingSurveys} pending of which ${c.expiredPending} expired, ${c.supersededSurveys} superseded, ${c.lowScoreSurveys} low scores), ${c.complaints} complaints, ${c.returnVisits} return visits; ${c.databaseMb} MB`,
  );
  const server = await startServer(
    target === 'embedded' ? { DATA_DIR: feedbackEmbeddedDataDir, DATABASE_URL: undefined } : { DATABASE_URL: url },
  );
  console.log(`cold start: ${server.coldStartMs} ms (pid ${server.pid})`);
  const loadAverage1m = { beforeMeasuring: os.loadavg()[0], afterGeneration: 0, afterMeasuring: 0 };
  let generation: GenerationResult;
  const reports: CaseResult[] = [];
  let postgres = '';
  const db = new pg.Client(connection(target, url));
  await db.connect();
  try {
    postgres = JSON.parse(await (await fetch(`${server.baseUrl}/api/health`)).text()).database.version;
    const admin = await signIn(server.baseUrl, 'admin', PASSWORD);
    const manager = await signIn(server.baseUrl, 'manager.bj', PASSWORD);
    generation = await measureGeneration(admin, db, prepared.returnVisitMark);
    loadAverage1m.afterGeneration = os.loadavg()[0];
    // The server plans by itself a minute after start: holding its lock makes that run give way.
    await db.query('select pg_advisory_lock($1)', [GENERATION_LOCK]);
    console.log('  (holding the planning lock: the server’s own run a minute after start is skipped)');
    reports.push(...(await measureReports(admin, 'admin', reportCases(prepared, false), options)));
    reports.push(...(await measureReports(manager, 'manager.bj', reportCases(prepared, true), options)));
    loadAverage1m.afterMeasuring = os.loadavg()[0];
    console.log(
      `load average (1 min) on ${os.availableParallelism()} cores: ${loadAverage1m.beforeMeasuring.toFixed(1)} before, ${loadAverage1m.afterGeneration.toFixed(1)} after the generation, ${loadAverage1m.afterMeasuring.toFixed(1)} after the reports`,
    );
  } finally {
    await db.end().catch(() => undefined);
    const code = await server.stop();
    console.log(`server stopped (exit ${code})`);
  }
  const leftover = target === 'embedded' ? postgresProcessesOn(feedbackEmbeddedDataDir) : [];
  if (leftover.length)
    console.log(`WARNING: postgres still running on ${feedbackEmbeddedDataDir}: pid ${leftover.join(', ')}`);
  const result = {
    target,
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.availableParallelism(),
      node: process.version,
      postgres,
    },
    database: target === 'server' ? new URL(url).pathname.slice(1) : feedbackEmbeddedDataDir,
    loadAverage1m,
    data: prepared.counts,
    generation: prepared.generation,
    coldStartMs: server.coldStartMs,
    returnVisitGeneration: generation,
    latencies: reports,
  };
  await fs.mkdir('bench/out', { recursive: true });
  await fs.writeFile(`bench/out/results-feedback-${target}.json`, `${JSON.stringify(result, null, 2)}\n`);
  if (!options.reuse) {
    if (target === 'embedded') await removeFeedbackEmbedded();
    else await dropFeedbackServerDatabase(url);
  }
  return result;
}

export type FeedbackResult = Awaited<ReturnType<typeof runFeedbackTarget>>;

export function printFeedbackTable(results: FeedbackResult[]) {
  const verdict = (value: number, target?: number) => (target === undefined ? '' : value <= target ? 'ok' : 'MISSED');
  console.log('\n| target | measure (feedback) | user | p50 ms | p95 ms | max ms | target | |');
  console.log('|---|---|---|--:|--:|--:|--:|---|');
  for (const r of results) {
    const generated = r.generation.reused ? 'reused' : `${(r.generation.totalMs / 1000).toFixed(1)} s`;
    console.log(`| ${r.target} | data generation | | ${generated} | | | | |`);
    for (const [index, run] of r.returnVisitGeneration.runs.entries()) {
      const label = index === 0 ? 'return visits for a year, generated (s)' : 'the same again (idempotent) (s)';
      const shown = run.error ? `FAILED ${run.status}` : `${(run.ms / 1000).toFixed(1)} (${run.total} created)`;
      console.log(
        `| ${r.target} | ${label} | admin | ${shown} | | | ≤ ${r.returnVisitGeneration.targetMs / 1000} s | ${run.error ? 'FAILED' : verdict(run.ms, r.returnVisitGeneration.targetMs)} |`,
      );
    }
    for (const l of r.latencies) {
      const target = l.targetMs === undefined ? '' : `p95 ≤ ${l.targetMs}`;
      console.log(
        `| ${r.target} | ${l.name} | ${l.user} | ${l.p50} | ${l.p95} | ${l.max} | ${target} | ${verdict(l.p95, l.targetMs)} |`,
      );
    }
  }
}
