import type pg from 'pg';
import { type Db, migrateDatabase } from '../server/db/database.js';
import { seedMasterData, seedOrganisation } from '../server/db/seed.js';
import { benchDatabase, suffixedUrl } from './bench-database.js';

export type PartsDataOptions = { parts: number; ledger: number; tickets: number; reuse: boolean };
export type PartsCounts = {
  parts: number;
  warehouses: number;
  ledgerEntries: number;
  stockRows: number;
  tickets: number;
  databaseMb: number;
};
export type PartsGeneration = { reused: boolean; totalMs: number; stepsMs: Record<string, number> };
/** What the measurements use: real ids, spread over the data (ordered by a hash, the same every run). */
export type PartsSamples = {
  partIds: number[];
  warehouses: { id: number; code: string; stationCode: string }[];
  /** Part codes to start warehouse stock pages after (keyset cursor). */
  pageCursors: string[];
  stations: Record<string, number>;
  /** The issue benchmark: parts with ample stock in WH-BJ and open BJ tickets. */
  issue: { warehouseId: number; partIds: number[]; ticketIds: number[] };
};
export type PartsPrepared = {
  generation: PartsGeneration;
  counts: PartsCounts;
  samples: PartsSamples;
  consistency: { mismatchedBalances: number; negativeBalances: number };
  /** The ledger's highest id before measuring: the run's issues are above it. */
  ledgerMark: number;
};

const META = 'bench_parts_generation';
/** Parts of WH-BJ with a large first receipt, for the issue benchmark. */
const HOT_PARTS = 400;
const log = (message: string) => console.log(`  ${message}`);

async function withClient<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.$client.connect();
  try {
    await client.query("set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '512MB'");
    return await work(client);
  } finally {
    await client.query('reset all').catch(() => undefined);
    client.release();
  }
}

function timer(stepsMs: Record<string, number>) {
  let mark = performance.now();
  return (name: string) => {
    const now = performance.now();
    stepsMs[name] = Math.round(now - mark);
    log(`${name}: ${(stepsMs[name] / 1000).toFixed(1)} s`);
    mark = now;
  };
}

type Meta = { parts: number; ledger: number; tickets: number; marks: Record<string, number> };

async function readMeta(client: pg.Pool): Promise<Meta | undefined> {
  const { rows } = await client.query(`select to_regclass('public.${META}') is not null as present`);
  if (!rows[0].present) return undefined;
  return (await client.query(`select parts, ledger, tickets, marks from ${META}`)).rows[0];
}

/** Highest id of every table with an identity `id`: what a later run's additions are above. */
async function identityMarks(client: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await client.query<{ table_name: string }>(
    `select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'id' and is_identity = 'YES' order by table_name`,
  );
  const marks: Record<string, number> = {};
  for (const { table_name } of rows) {
    marks[table_name] = Number(
      (await client.query(`select coalesce(max(id), 0)::bigint as max from ${table_name}`)).rows[0].max,
    );
  }
  return marks;
}

/** Secondary indexes and foreign keys of `table`, dropped for the bulk load (re-created after). */
async function dropForLoad(client: pg.PoolClient, table: string) {
  const indexes = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = $1::regclass and not i.indisunique
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [`public.${table}`],
  );
  const foreignKeys = await client.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
      where conrelid = $1::regclass and contype = 'f'`,
    [`public.${table}`],
  );
  for (const index of indexes.rows) await client.query(`drop index ${index.name}`);
  for (const key of foreignKeys.rows) await client.query(`alter table ${table} drop constraint ${key.name}`);
  return async () => {
    for (const index of indexes.rows) await client.query(index.definition);
    for (const key of foreignKeys.rows)
      await client.query(`alter table ${table} add constraint ${key.name} ${key.definition}`);
  };
}

async function generate(db: Db, options: PartsDataOptions): Promise<PartsGeneration> {
  const stepsMs: Record<string, number> = {};
  const started = performance.now();
  const step = timer(stepsMs);
  await migrateDatabase(db);
  const { stationId } = await seedOrganisation(db);
  await seedMasterData(db, stationId, { customers: 300, equipment: 900 });
  step('migrate, organisation, 300 customers, 900 equipment');

  await withClient(db, async (client) => {
    // Ten warehouses: the seeded three station warehouses and engineer.bj's van, two more per station.
    await client.query(`
      insert into warehouses (code, name, station_id, kind)
      select 'WH-' || s.code || '-' || x, s.name || '备件库 ' || x, s.id, 'station'
        from stations s cross join (values ('B'), ('C')) v(x)
       where s.code in ('BJ', 'SH', 'GZ')
      on conflict (code) do nothing`);
    const { rows } = await client.query('select count(*)::int as n from warehouses');
    if (rows[0].n !== 10) throw new Error(`expected 10 warehouses, found ${rows[0].n}`);

    await client.query(
      `insert into parts (code, name, spec, unit, category, reorder_point, reorder_quantity)
       select 'BP' || lpad(i::text, 6, '0'), '测试配件 ' || i, 'SPEC-' || (i % 97), '个',
              (array['mechanical','electrical','electronic','consumable','software','other'])[1 + i % 6],
              i % 10, 10 + i % 40
         from generate_series(1, $1::int) i`,
      [options.parts],
    );
    // Price list: every part from 2020; every fourth part repriced half a year ago.
    await client.query(`
      insert into part_prices (part_id, effective_from, price_fen, cost_fen)
      select id, date '2020-01-01', 200 + (id * 7919) % 50000, 100 + (id * 7919) % 30000 from parts
      union all
      select id, (now() - interval '180 days')::date, 250 + (id * 7919) % 50000, 120 + (id * 7919) % 30000
        from parts where id % 4 = 0`);
    step(`${options.parts} parts, prices, 10 warehouses`);

    // Open tickets of each station (on its customers' equipment) to issue against.
    const refs = (
      await client.query(`select
        (select id from departments where code = 'SH') as dept,
        (select id from users where username = 'admin') as admin,
        (select id from sla_policies where is_default limit 1) as policy,
        (select calendar_id from sla_policies where is_default limit 1) as calendar`)
    ).rows[0];
    await client.query(
      `insert into tickets (number, type, channel, classification, status, fault_level, service_mode, station_id,
         receiving_department_id, customer_id, contact_name, contact_phone, equipment_id, title, description,
         received_at, received_by, sla_policy_id, calendar_id)
       select 'BPT' || lpad(i::text, 7, '0'), 'repair', 'phone', 'technical', 'in_progress', 3, 'on_site', e.station_id,
              $2, e.customer_id, '测试联系人', '13800000000', e.id, '配件压测工单', '', now() - interval '1 day',
              $3, $4, $5
         from generate_series(1, $1::int) i
         join lateral (select * from equipment e order by e.id offset (i - 1) % (select count(*) from equipment) limit 1) e
           on true`,
      [options.tickets, refs.dept, refs.admin, refs.policy, refs.calendar],
    );
    await client.query(`create unlogged table if not exists bench_parts_tickets as
      select station_id, row_number() over (partition by station_id order by id)::int as rn, id from tickets
       where number like 'BPT%'`);
    step(`${options.tickets} tickets`);

    const restore = await dropForLoad(client, 'stock_ledger');
    try {
      const items = 10 * options.parts;
      const per = Math.max(2, Math.round(options.ledger / items));
      await client.query(
        `insert into stock_ledger (at, kind, warehouse_id, part_id, condition, quantity, reserved_delta, balance_after,
           unit_cost_fen, charge_kind, ticket_id, actor_id, note)
         -- Both CTEs materialized: inlined, the ticket array's subquery would run for every row.
         with w as materialized (
           select w.id, w.station_id, w.code,
             (select array_agg(t.id order by t.rn) from bench_parts_tickets t where t.station_id = w.station_id) as tickets
             from warehouses w),
         e as materialized (
           select w.id as warehouse_id, w.station_id, p.id as part_id, k,
             case when k = 0 then 'receipt' when k % 10 = 4 then 'return' when k % 10 = 8 then 'mail' else 'issue' end as kind,
             case when k = 0 then (case when w.code = 'WH-BJ' and p.id <= ${HOT_PARTS} then 1000000 else 6 * $1::int + (p.id * 7 + w.id * 13) % 100 end)
                  when k % 10 = 4 then 1 when k % 10 = 8 then -1
                  else -(1 + (p.id + k + w.id) % 5) end as quantity,
             now() - interval '720 days'
               + ((k + ((p.id * 37 + w.id * 101) % 1000) / 1000.0) / $1::int)::float8 * interval '720 days' as at,
             case when k > 0 then w.tickets[1 + (p.id * 31 + k * 17) % cardinality(w.tickets)] end as ticket_id
           from w cross join parts p cross join generate_series(0, $1::int - 1) k)
         select e.at, e.kind, e.warehouse_id, e.part_id, 'good', e.quantity, 0,
           sum(e.quantity) over (partition by e.warehouse_id, e.part_id order by e.k),
           c.cost_fen,
           case when e.kind = 'receipt' then null when (e.part_id + e.k) % 3 = 0 then 'warranty' else 'customer_bought' end,
           e.ticket_id,
           $2::int, null
         from e
         join part_prices c on c.part_id = e.part_id and c.effective_from = date '2020-01-01'
         order by e.at`,
        [per, refs.admin],
      );
      step(`ledger: ${(items * per).toLocaleString('en')} entries`);
    } finally {
      await restore();
      step('ledger: indexes and foreign keys');
    }
    await client.query(`
      insert into stock (warehouse_id, part_id, condition, on_hand, reserved, last_movement_at)
      select warehouse_id, part_id, condition, sum(quantity), sum(reserved_delta), max(at)
        from stock_ledger group by warehouse_id, part_id, condition`);
    step('stock = ledger sums');
  });
  await db.$client.query('vacuum (analyze)');
  step('vacuum analyze');
  await db.$client.query(`create table if not exists ${META} (
    id int primary key default 1 check (id = 1), parts int not null, ledger int not null, tickets int not null,
    marks jsonb not null)`);
  await db.$client.query(
    `insert into ${META} (parts, ledger, tickets, marks) values ($1, $2, $3, $4)
     on conflict (id) do update set parts = $1, ledger = $2, tickets = $3, marks = $4`,
    [options.parts, options.ledger, options.tickets, JSON.stringify(await identityMarks(db.$client))],
  );
  return { reused: false, totalMs: Math.round(performance.now() - started), stepsMs };
}

/** Back to the generated rows: what earlier runs added is deleted and the balances they moved recomputed. */
async function reset(db: Db, meta: Meta): Promise<PartsGeneration> {
  const stepsMs: Record<string, number> = {};
  const started = performance.now();
  const step = timer(stepsMs);
  await migrateDatabase(db);
  let deleted = 0;
  await withClient(db, async (client) => {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    const mark = Number(meta.marks.stock_ledger ?? 0);
    const added = await client.query('select count(*)::int as n from stock_ledger where id > $1', [mark]);
    deleted = added.rows[0].n;
    await client.query(
      `create temp table bench_touched on commit drop as
       select distinct warehouse_id, part_id, condition from stock_ledger where id > ${mark}`,
    );
    for (const [table, tableMark] of Object.entries(meta.marks)) {
      await client.query(`delete from ${table} where id > $1`, [Number(tableMark)]);
    }
    await client.query(`
      update stock s set on_hand = x.on_hand, reserved = x.reserved, last_movement_at = x.at
        from (select l.warehouse_id, l.part_id, l.condition, sum(l.quantity) as on_hand, sum(l.reserved_delta) as reserved,
                     max(l.at) as at
                from stock_ledger l join bench_touched b using (warehouse_id, part_id, condition)
               group by 1, 2, 3) x
       where s.warehouse_id = x.warehouse_id and s.part_id = x.part_id and s.condition = x.condition`);
    await client.query(`delete from stock s where not exists (select 1 from stock_ledger l
      where l.warehouse_id = s.warehouse_id and l.part_id = s.part_id and l.condition = s.condition)`);
    await client.query('commit');
  });
  step(`reset (${deleted} ledger entries of earlier runs and what came with them removed, balances recomputed)`);
  return { reused: true, totalMs: Math.round(performance.now() - started), stepsMs };
}

/** Every balance equals its ledger sums, and none is negative. */
export async function checkConsistency(client: pg.Pool | pg.Client, onlyAfterLedgerId = 0) {
  const { rows } = await client.query(
    `with items as (select distinct warehouse_id, part_id, condition from stock_ledger where id > $1),
     sums as (select l.warehouse_id, l.part_id, l.condition, sum(l.quantity) as q, sum(l.reserved_delta) as r
                from stock_ledger l join items using (warehouse_id, part_id, condition) group by 1, 2, 3)
     select count(*) filter (where s.on_hand is distinct from sums.q or s.reserved is distinct from sums.r)::int as mismatched,
            count(*) filter (where s.on_hand < 0 or s.reserved < 0 or s.reserved > s.on_hand)::int as negative
       from sums left join stock s using (warehouse_id, part_id, condition)`,
    [onlyAfterLedgerId],
  );
  return { mismatchedBalances: rows[0].mismatched, negativeBalances: rows[0].negative };
}

async function pickSamples(client: pg.Pool): Promise<PartsSamples> {
  const parts = await client.query('select id from parts order by md5(id::text) limit 200');
  const warehouses = await client.query(
    `select w.id, w.code, s.code as "stationCode" from warehouses w join stations s on s.id = w.station_id order by w.id`,
  );
  const cursors = await client.query('select code from parts order by md5(code) limit 50');
  const stations = await client.query('select id, code from stations');
  const hot = await client.query(
    `select s.part_id from stock s join warehouses w on w.id = s.warehouse_id
      where w.code = 'WH-BJ' and s.on_hand >= 100000 order by s.part_id limit 160`,
  );
  const bj = await client.query(
    `select t.id from tickets t join stations s on s.id = t.station_id
      where s.code = 'BJ' and t.number like 'BPT%' and t.status = 'in_progress' order by t.id limit 160`,
  );
  const whBj = warehouses.rows.find((row) => row.code === 'WH-BJ');
  return {
    partIds: parts.rows.map((row) => row.id),
    warehouses: warehouses.rows,
    pageCursors: ['', ...cursors.rows.map((row) => row.code)],
    stations: Object.fromEntries(stations.rows.map((row) => [row.code, row.id])),
    issue: {
      warehouseId: whBj.id,
      partIds: hot.rows.map((row) => row.part_id),
      ticketIds: bj.rows.map((row) => row.id),
    },
  };
}

async function counts(client: pg.Pool): Promise<PartsCounts> {
  const { rows } = await client.query(`select
    (select count(*) from parts)::int as parts,
    (select count(*) from warehouses)::int as warehouses,
    (select count(*) from stock_ledger)::int as "ledgerEntries",
    (select count(*) from stock)::int as "stockRows",
    (select count(*) from tickets)::int as tickets,
    round(pg_database_size(current_database()) / 1048576.0)::int as "databaseMb"`);
  return rows[0];
}

async function fill(db: Db, options: PartsDataOptions): Promise<PartsPrepared | undefined> {
  const { rows } = await db.$client.query("select to_regclass('public.stock_ledger') is not null as migrated");
  let generation: PartsGeneration;
  if (!rows[0].migrated) generation = await generate(db, options);
  else {
    const meta = await readMeta(db.$client);
    const same =
      meta && meta.parts === options.parts && meta.ledger === options.ledger && meta.tickets === options.tickets;
    if (!same) return undefined;
    const migrated = await migrateDatabase(db).then(
      () => true,
      (error: Error) => {
        log(`the kept parts data does not migrate (${error.message.split('\n')[0]}); generating anew`);
        return false;
      },
    );
    if (!migrated) return undefined;
    log('reusing the parts data of an earlier run');
    generation = await reset(db, meta);
  }
  const started = performance.now();
  const consistency = await checkConsistency(db.$client);
  log(
    `stock = ledger sums: ${consistency.mismatchedBalances} mismatched, ${consistency.negativeBalances} negative (${Math.round(performance.now() - started)} ms to check)`,
  );
  const mark = await db.$client.query('select coalesce(max(id), 0)::bigint as max from stock_ledger');
  return {
    generation,
    counts: await counts(db.$client),
    samples: await pickSamples(db.$client),
    consistency,
    ledgerMark: Number(mark.rows[0].max),
  };
}

const database = benchDatabase<PartsDataOptions, PartsPrepared>('embedded-parts', fill);
export const {
  embeddedDataDir: partsEmbeddedDataDir,
  removeEmbedded: removePartsEmbedded,
  prepareEmbedded: preparePartsEmbedded,
  prepareServer: preparePartsServer,
  dropServer: dropPartsServerDatabase,
} = database;

/** The parts benchmark's database on the server: the bench database's name + `_parts`. */
export const partsServerUrl = (benchUrl: string) => suffixedUrl(benchUrl, 'parts');
