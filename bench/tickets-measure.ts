/**
 * The ticket cases of the benchmark: reads over HTTP (a station's open list and its keyset pages,
 * search, the at-risk/breached board), creation under load over HTTP (concurrent signed-in agents)
 * with a check that the numbers are consecutive, the same creation as a pgbench script against the
 * same database, and the business-time engine's deadline computations per second.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { IntakeSample, TicketSamples } from './data.js';
import { type Client, signIn } from './http.js';
import { type Case, type CaseResult, runCases, type Stats, stats, type Timing } from './measure.js';

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

// Fragments of customer names as agents type them: people and companies, 2 and 3 characters.
const twoChars = ['张伟', '李娜', '王芳', '陈静', '华能', '机械', '恒泰', '深圳', '国信', '志强'];
const threeChars = ['王建国', '李晓东', '张志强', '刘海燕', '苏州恒', '广州远', '精密仪', '电气自'];

const OPEN_LIST = '/api/tickets?open=true&pageSize=20';
const KEYSET_PAGES = 20;

/** The first page's URL and, following `nextCursor`, the URLs of the next KEYSET_PAGES pages. */
async function keysetPaths(client: Client): Promise<string[]> {
  const paths: string[] = [];
  let url = OPEN_LIST;
  for (let page = 0; page < KEYSET_PAGES; page++) {
    const response = await client.get(url);
    if (response.status !== 200)
      throw new Error(`GET ${url} answered ${response.status}: ${response.body.slice(0, 300)}`);
    const { nextCursor } = JSON.parse(response.body) as { nextCursor: string | null };
    if (!nextCursor) break;
    url = `${OPEN_LIST}&cursor=${encodeURIComponent(nextCursor)}`;
    paths.push(url);
  }
  return paths;
}

/**
 * Read cases as one user. `stationList`: the open list of the user's station (a station agent sees
 * only their station) with its keyset pages; the searches and the board for every user.
 */
export async function measureTicketReads(
  client: Client,
  user: string,
  samples: TicketSamples,
  options: Timing & { stationList: boolean },
): Promise<CaseResult[]> {
  const search = (q: string) => `/api/tickets?q=${encodeURIComponent(q)}&pageSize=20`;
  // The last 4, 5 and 6 digits of real contact phone numbers, in turn.
  const digits = samples.phones.map((phone, i) => phone.replace(/\D/g, '').slice(-(4 + (i % 3))));
  const cases: Case[] = [];
  if (options.stationList) {
    cases.push({ name: 'tickets: open list of the station, first page', paths: [OPEN_LIST], targetMs: 20 });
    const next = await keysetPaths(client);
    if (next.length > 0) {
      cases.push({
        name: `tickets: open list, next pages (keyset, pages 2–${next.length + 1})`,
        paths: next,
        targetMs: 20,
      });
    }
  }
  cases.push(
    { name: 'tickets: search by number', paths: samples.numbers.map(search), targetMs: 100, search: true },
    { name: 'tickets: search by phone, last 4–6 digits', paths: digits.map(search), targetMs: 100, search: true },
    {
      name: 'tickets: search by customer name, 2 characters',
      paths: twoChars.map(search),
      targetMs: 100,
      search: true,
    },
    {
      name: 'tickets: search by customer name, 3 characters',
      paths: threeChars.map(search),
      targetMs: 100,
      search: true,
    },
    { name: 'tickets: at-risk/breached board', paths: ['/api/tickets/board'], targetMs: 50 },
  );
  return runCases(client, user, cases, options);
}

// ---------- creation under load ----------

export type NumberingCheck = {
  ok: boolean;
  /** Per prefix and month: the numbers this run took, first to last. */
  groups: { prefix: string; period: string; first: number; last: number; count: number; counter: number }[];
  problems: string[];
};

export type CreationResult = {
  clients: number;
  sessions: number;
  users: string[];
  seconds: number;
  created: number;
  failed: number;
  statuses: Record<string, number>;
  firstErrors: string[];
  perSecond: number;
  targetPerSecond: number;
  latencyMs: Stats;
};

/** The request body: a phone repair request on the unit, on site, level 3 (like bench/ticket-create.pgbench.sql). */
function creationBody(sample: IntakeSample) {
  return {
    channel: 'phone',
    type: 'repair',
    classification: 'technical',
    customerId: sample.customerId,
    equipmentId: sample.equipmentId,
    contactId: sample.contactId,
    title: '设备无法启动',
    description: '上电后面板无显示，电源指示灯不亮',
    faultLevel: 3,
    serviceMode: 'on_site',
    region: 'any',
  };
}

/**
 * `clients` concurrent loops, each on its own session and keep-alive connection, creating tickets
 * for `seconds` as the station agents in turn (agent.bj, agent.sh, agent.gz, agent.bj, …), each on
 * customers of its own station. A short untimed warm-up runs first.
 */
export async function measureCreation(
  baseUrl: string,
  agents: { login: string; station: string }[],
  password: string,
  intake: Record<string, IntakeSample[]>,
  options: { clients: number; seconds: number; warmupSeconds: number },
): Promise<CreationResult> {
  const sessions: { client: Client; station: string; login: string }[] = [];
  for (let index = 0; index < options.clients; index++) {
    const agent = agents[index % agents.length];
    sessions.push({ client: await signIn(baseUrl, agent.login, password), station: agent.station, login: agent.login });
  }
  const statuses: Record<string, number> = {};
  const firstErrors: string[] = [];
  const run = async (seconds: number, times: number[] | null) => {
    const deadline = performance.now() + seconds * 1000;
    let created = 0;
    let failed = 0;
    await Promise.all(
      sessions.map(async ({ client, station }, index) => {
        const list = intake[station];
        let next = index * 7;
        while (performance.now() < deadline) {
          const sample = list[next++ % list.length];
          const started = performance.now();
          const response = await client.post('/api/tickets', creationBody(sample));
          const elapsed = performance.now() - started;
          if (times) statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.status === 200 || response.status === 201) {
            created++;
            times?.push(elapsed);
          } else {
            failed++;
            if (firstErrors.length < 5) firstErrors.push(`${response.status} ${response.body.slice(0, 300)}`);
          }
        }
      }),
    );
    return { created, failed };
  };
  await run(options.warmupSeconds, null);
  const times: number[] = [];
  const started = performance.now();
  const { created, failed } = await run(options.seconds, times);
  const seconds = (performance.now() - started) / 1000;
  return {
    clients: options.clients,
    sessions: sessions.length,
    users: [...new Set(sessions.map((session) => session.login))],
    seconds: round(seconds, 2),
    created,
    failed,
    statuses,
    firstErrors,
    perSecond: round(created / seconds),
    targetPerSecond: 800,
    latencyMs: stats(times.length ? times : [0]),
  };
}

/**
 * TKT-5 on the tickets created after generation (over HTTP and by pgbench): per department and
 * month, the sequences continue the generated counter without a gap or a duplicate, end at the
 * counter's value, and no ticket kept a placeholder number.
 */
export async function checkNumbering(
  connection: pg.ClientConfig,
  generatedMark: number,
  generatedCounters: { prefix: string; period: string; last_value: number }[],
): Promise<NumberingCheck> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const { rows } = await client.query<{ number: string }>('select number from tickets where id > $1', [
      generatedMark,
    ]);
    const counters = await client.query<{ prefix: string; period: string; last_value: number }>(
      'select prefix, period, last_value from document_counters',
    );
    const problems: string[] = [];
    const bySeries = new Map<string, number[]>();
    for (const { number } of rows) {
      const match = /^([A-Z]{1,6})(\d{4})(\d{2,})$/.exec(number);
      if (!match || (match[3].length > 2 && match[3].startsWith('0'))) {
        problems.push(`not a TKT-5 number: ${number}`);
        continue;
      }
      const key = `${match[1]}|${match[2]}`;
      bySeries.set(key, [...(bySeries.get(key) ?? []), Number(match[3])]);
    }
    const groups: NumberingCheck['groups'] = [];
    for (const [key, sequences] of bySeries) {
      const [prefix, period] = key.split('|');
      const before = generatedCounters.find((c) => c.prefix === prefix && c.period === period)?.last_value ?? 0;
      const counter = counters.rows.find((c) => c.prefix === prefix && c.period === period)?.last_value ?? 0;
      sequences.sort((a, b) => a - b);
      for (let index = 0; index < sequences.length; index++) {
        const expected = before + 1 + index;
        if (sequences[index] !== expected) {
          problems.push(
            `${prefix}${period}: expected sequence ${expected}, found ${sequences[index]} (${sequences[index] < expected ? 'duplicate' : 'gap'})`,
          );
          break;
        }
      }
      if (counter !== before + sequences.length) {
        problems.push(`${prefix}${period}: counter is ${counter}, the tickets end at ${before + sequences.length}`);
      }
      groups.push({ prefix, period, first: sequences[0], last: sequences.at(-1)!, count: sequences.length, counter });
    }
    return { ok: problems.length === 0, groups, problems };
  } finally {
    await client.end();
  }
}

// ---------- pgbench ----------

export type PgbenchResult = {
  script: string;
  clients: number;
  threads: number;
  seconds: number;
  /** Creations per pgbench transaction: the average batch of the HTTP run, rounded. */
  batch: number;
  transactions: number;
  failed: number;
  transactionsPerSecond: number;
  /** Tickets per second (transactions × batch). */
  perSecond: number;
  latencyAverageMs: number;
  /** HTTP creations per second divided by pgbench's tickets per second (target ≥ 0.5). */
  ratioHttpToPgbench?: number;
  output: string;
};

export const pgbenchScript = path.resolve('bench/ticket-create.pgbench.sql');

/**
 * The script's stand-in for the request body: the same customers, units and contacts the HTTP
 * clients use, with what the service derives from them in Node.js (contact name and phone, address,
 * warranty status at today's date, the routing department by product category, TKT-4 defaults).
 */
async function prepareIntakeTable(connection: pg.ClientConfig, intake: Record<string, IntakeSample[]>) {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const samples = Object.values(intake).flat();
    await client.query('drop table if exists bench_intake');
    await client.query(
      `create table bench_intake as
       select row_number() over ()::int as n, c.id as customer_id, e.id as equipment_id, k.id as contact_id,
         c.station_id, a.id as received_by, a.department_id as receiving_department_id, d.code as department_code,
         h.id as handling_department_id, e.model_id, m.category as product_category,
         case when e.warranty_end is null then 'unknown' when e.warranty_end < current_date then 'expired'
              when e.warranty_end <= current_date + 30 then 'expiring' else 'in_warranty' end as warranty_status,
         k.name as contact_name, coalesce(k.mobile, k.phone) as contact_phone,
         concat(c.province, case when c.city is distinct from c.province then c.city end, c.district, c.address_detail)
           as address
       from unnest($1::int[], $2::int[], $3::int[]) as s(customer_id, equipment_id, contact_id)
       join customers c on c.id = s.customer_id
       join equipment e on e.id = s.equipment_id
       join product_models m on m.id = e.model_id
       join customer_contacts k on k.id = s.contact_id
       join lateral (select u.id, u.department_id from users u
                     where u.station_id = c.station_id and 'agent' = any(u.roles) order by u.id limit 1) a on true
       join departments d on d.id = a.department_id
       join departments h on h.code = case m.category when 'hardware' then 'SC' when 'software' then 'YF'
                                      when 'data' then 'SJ' when 'integration' then 'HY' else 'ZL' end`,
      [samples.map((s) => s.customerId), samples.map((s) => s.equipmentId), samples.map((s) => s.contactId)],
    );
    const { rows } = await client.query('select count(*)::int as count from bench_intake');
    return rows[0].count as number;
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, output }));
  });
}

/**
 * The average batch the app formed for the tickets after `mark`: tickets per writing transaction
 * (the rows one transaction inserted share its xmin).
 */
export async function averageIntakeBatch(connection: pg.ClientConfig, mark: number): Promise<number> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const { rows } = await client.query<{ average: number | null }>(
      'select count(*)::float / nullif(count(distinct xmin::text), 0) as average from tickets where id > $1',
      [mark],
    );
    return Math.round((rows[0].average ?? 1) * 10) / 10;
  } finally {
    await client.end();
  }
}

/** bench/ticket-create.pgbench.sql for batches of `batch`: its per-request part repeated, then the batch. */
async function pgbenchScriptFor(batch: number): Promise<string> {
  const template = await fs.readFile(pgbenchScript, 'utf8');
  const [header, rest] = template.split('-- @per-request\n');
  const [perRequest, batchPart] = rest.split('-- @batch\n');
  const requests = Array.from({ length: batch }, (_, index) => perRequest.replaceAll('{i}', String(index + 1)));
  const ks = Array.from({ length: batch }, (_, index) => `:k${index + 1}`).join(', ');
  const file = path.resolve(`bench/out/ticket-create-batch-${batch}.pgbench.sql`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, [header, ...requests, batchPart.replaceAll('{ks}', ks)].join(''));
  return file;
}

/**
 * pgbench with bench/ticket-create.pgbench.sql in batches of `batch` creations: `clients` clients on
 * 2 threads for `seconds`. `perSecond` counts tickets (transactions × batch).
 */
export async function measurePgbench(
  connection: { host: string; port: number; user: string; database: string },
  intake: Record<string, IntakeSample[]>,
  options: { clients: number; seconds: number; batch: number },
): Promise<PgbenchResult> {
  const count = await prepareIntakeTable(connection, intake);
  const threads = 2;
  const script = await pgbenchScriptFor(options.batch);
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(options.clients),
    '-j',
    String(threads),
    '-T',
    String(options.seconds),
    '-f',
    script,
    '-D',
    `intake_count=${count}`,
    '-h',
    connection.host,
    '-p',
    String(connection.port),
    '-U',
    connection.user,
    connection.database,
  ];
  const { code, output } = await run(process.env.PGBENCH ?? '/usr/bin/pgbench', args);
  const figure = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? Number.NaN);
  if (code !== 0) throw new Error(`pgbench failed (exit ${code}):\n${output}`);
  const transactionsPerSecond = figure(/tps = ([\d.]+) \(without initial connection time\)/);
  return {
    script: path.relative(process.cwd(), script),
    clients: options.clients,
    threads,
    seconds: options.seconds,
    batch: options.batch,
    transactions: figure(/number of transactions actually processed: (\d+)/),
    failed: figure(/number of failed transactions: (\d+)/) || 0,
    transactionsPerSecond: round(transactionsPerSecond),
    perSecond: round(transactionsPerSecond * options.batch),
    latencyAverageMs: figure(/latency average = ([\d.]+) ms/),
    output: output.trim(),
  };
}

// ---------- business time ----------

export type BusinessTimeResult = {
  targetPerSecond: number;
  /** The headline: adding 2/24/72 h in the 08:30–12:00 + 13:30–17:30 calendar with holidays and 0–2 pauses. */
  perSecond: number;
  /** The slowest scenario of `add…` (median of its passes). */
  slowestAddPerSecond: number;
  scenarios: { name: string; medianPerSecond: number; coldPerSecond: number; bestPerSecond: number }[];
};

/** Runs bench/business-time.ts (it also writes bench/out/business-time.json) and reads its figures. */
export async function measureBusinessTime(): Promise<BusinessTimeResult> {
  const { code, stdout, output } = await run(process.execPath, [
    '--import',
    'tsx',
    'bench/business-time.ts',
    '--count',
    '200000',
    '--rounds',
    '5',
  ]);
  if (code !== 0) throw new Error(`bench/business-time.ts failed (exit ${code}):\n${output}`);
  const json = JSON.parse(stdout) as { scenarios: BusinessTimeResult['scenarios'] };
  const adds = json.scenarios.filter((scenario) => scenario.name.startsWith('add'));
  return {
    targetPerSecond: 200_000,
    perSecond: json.scenarios[0].medianPerSecond,
    slowestAddPerSecond: Math.min(...adds.map((scenario) => scenario.medianPerSecond)),
    scenarios: json.scenarios,
  };
}
