import { type Db, migrateDatabase } from '../server/db/database.js';
import { seedMasterData, seedOrganisation } from '../server/db/seed.js';
import { benchDatabase } from './bench-database.js';
import {
  generateTickets,
  readMeta,
  removeTickets,
  resetToGenerated,
  retime,
  type TicketCounts,
  ticketCounts,
  writeMeta,
} from './tickets-data.js';

export type DataOptions = { customers: number; equipment: number; tickets: number; batchSize: number; reuse: boolean };
export type Generation = {
  /** true: everything kept; 'master data': customers and equipment kept, tickets generated. */
  reused: boolean | 'master data';
  totalMs: number;
  /**
   * Each step in order: migrate, organisation, customers (with search text), equipment (with search
   * text), contracts, the ticket steps, vacuum; on reuse: reset and retime.
   */
  stepsMs: Record<string, number>;
  /** CPU time this (Node.js) process spent in each step; the rest is the database's work and waiting. */
  stepsNodeCpuMs: Record<string, number>;
};
export type Counts = { customers: number; contacts: number; equipment: number; databaseMb: number } & TicketCounts;

const log = (message: string) => console.log(`  ${message}`);

async function masterCounts(db: Db) {
  const { rows } = await db.$client.query(`select
    (select count(*) from customers)::int as customers,
    (select count(*) from customer_contacts)::int as contacts,
    (select count(*) from equipment)::int as equipment,
    round(pg_database_size(current_database()) / 1048576.0)::int as "databaseMb"`);
  return rows[0] as { customers: number; contacts: number; equipment: number; databaseMb: number };
}

async function counts(db: Db): Promise<Counts> {
  return { ...(await masterCounts(db)), ...(await ticketCounts(db.$client)) };
}

/**
 * What the database holds: nothing yet, data of the requested size, the requested customers and
 * equipment with another number of tickets, or other data.
 */
async function state(db: Db, options: DataOptions): Promise<'empty' | 'match' | 'master' | 'other'> {
  const { rows } = await db.$client.query("select to_regclass('public.equipment') is not null as migrated");
  if (!rows[0].migrated) return 'empty';
  const meta = await readMeta(db.$client);
  const found = await masterCounts(db);
  if (found.customers !== options.customers || found.equipment !== options.equipment) return 'other';
  if (meta?.customers !== options.customers || meta?.equipment !== options.equipment) return 'master';
  return meta.tickets === options.tickets ? 'match' : 'master';
}

function stepTimer(stepsMs: Record<string, number>, stepsNodeCpuMs: Record<string, number>) {
  let mark = performance.now();
  let cpuMark = process.cpuUsage();
  return (name: string) => {
    const now = performance.now();
    const cpu = process.cpuUsage(cpuMark);
    stepsMs[name] = Math.round(now - mark);
    stepsNodeCpuMs[name] = Math.round((cpu.user + cpu.system) / 1000);
    log(`${name}: ${(stepsMs[name] / 1000).toFixed(1)} s (Node.js CPU ${(stepsNodeCpuMs[name] / 1000).toFixed(1)} s)`);
    mark = now;
    cpuMark = process.cpuUsage();
  };
}

async function generate(db: Db, options: DataOptions): Promise<Generation> {
  const stepsMs: Record<string, number> = {};
  const stepsNodeCpuMs: Record<string, number> = {};
  const started = performance.now();
  const step = stepTimer(stepsMs, stepsNodeCpuMs);
  await migrateDatabase(db);
  step('migrate');
  const { stationId } = await seedOrganisation(db);
  step('organisation');
  await seedMasterData(db, stationId, {
    customers: options.customers,
    equipment: options.equipment,
    batchSize: options.batchSize,
    // Logged after each part: "N customers", "N pieces of equipment", "N service contracts".
    log: (message) => step(message.replace(/^\d+ (pieces of |service )?/, '')),
  });
  const now = new Date();
  if (options.tickets > 0) await generateTickets(db, options.tickets, now, step);
  await db.$client.query('vacuum (analyze)');
  step('vacuum analyze');
  await writeMeta(db, options, now);
  return { reused: false, totalMs: Math.round(performance.now() - started), stepsMs, stepsNodeCpuMs };
}

/** Kept customers and equipment, another ticket count: new tickets only. */
async function regenerateTickets(db: Db, options: DataOptions): Promise<Generation> {
  const stepsMs: Record<string, number> = {};
  const stepsNodeCpuMs: Record<string, number> = {};
  const started = performance.now();
  const step = stepTimer(stepsMs, stepsNodeCpuMs);
  await migrateDatabase(db);
  await removeTickets(db);
  step('migrate, remove tickets');
  const now = new Date();
  if (options.tickets > 0) await generateTickets(db, options.tickets, now, step);
  await db.$client.query('vacuum (analyze)');
  step('vacuum analyze');
  await writeMeta(db, options, now);
  return { reused: 'master data', totalMs: Math.round(performance.now() - started), stepsMs, stepsNodeCpuMs };
}

/** Kept data: migrations, then back to the generated rows, and the open tickets' times moved to now. */
async function prepareReuse(db: Db): Promise<Generation> {
  const stepsMs: Record<string, number> = {};
  const stepsNodeCpuMs: Record<string, number> = {};
  const started = performance.now();
  const step = stepTimer(stepsMs, stepsNodeCpuMs);
  await migrateDatabase(db);
  const meta = (await readMeta(db.$client))!;
  const deleted = await resetToGenerated(db, meta);
  step(`reset (${deleted} rows of earlier runs removed)`);
  const moved = await retime(db, meta, new Date());
  step(`retime (${moved} open tickets)`);
  return { reused: true, totalMs: Math.round(performance.now() - started), stepsMs, stepsNodeCpuMs };
}

export type Samples = { phones: string[]; serials: string[] };

/** A customer of the station (an organisation with a contact) and one of its units: what a creation request names. */
export type IntakeSample = { customerId: number; equipmentId: number; contactId: number };
export type TicketSamples = {
  /** Real ticket numbers. */
  numbers: string[];
  /** Contact phone numbers of tickets, to search by their last digits. */
  phones: string[];
  /** Per station code: customers with a unit, for creating tickets as that station's agent. */
  intake: Record<string, IntakeSample[]>;
};

/**
 * Real values to look up, spread over the table (ordered by a hash of the id, so every run picks
 * the same ones): for all stations and for the Beijing station (the station-scoped user's).
 */
async function pickSamples(db: Db): Promise<{ all: Samples; bj: Samples }> {
  const pick = async (station: string | null): Promise<Samples> => {
    const scope = 'where $1::text is null or station_id = (select id from stations where code = $1)';
    const phones = await db.$client.query(`select phone from customers ${scope} order by md5(id::text) limit 60`, [
      station,
    ]);
    const serials = await db.$client.query(
      `select serial_no from equipment ${scope} order by md5(id::text) limit 200`,
      [station],
    );
    return { phones: phones.rows.map((row) => row.phone), serials: serials.rows.map((row) => row.serial_no) };
  };
  return { all: await pick(null), bj: await pick('BJ') };
}

async function pickTicketSamples(db: Db): Promise<{ all: TicketSamples; bj: TicketSamples }> {
  const client = db.$client;
  const intake: Record<string, IntakeSample[]> = {};
  const stations = await client.query<{ id: number; code: string }>('select id, code from stations order by id');
  for (const station of stations.rows) {
    const { rows } = await client.query(
      `select e.customer_id as "customerId", e.id as "equipmentId",
         (select k.id from customer_contacts k where k.customer_id = e.customer_id order by k.is_primary desc, k.id limit 1)
           as "contactId"
       from equipment e join customers c on c.id = e.customer_id
       where e.station_id = $1 and e.is_active and c.is_active
         and exists (select 1 from customer_contacts k where k.customer_id = e.customer_id)
       order by md5(e.id::text) limit 300`,
      [station.id],
    );
    intake[station.code] = rows;
  }
  const pick = async (station: string | null): Promise<TicketSamples> => {
    const scope = 'where ($1::text is null or station_id = (select id from stations where code = $1))';
    const numbers = await client.query(`select number from tickets ${scope} order by md5(id::text) limit 200`, [
      station,
    ]);
    const phones = await client.query(
      `select contact_phone from tickets ${scope} and contact_phone is not null order by md5(id::text) limit 60`,
      [station],
    );
    return {
      numbers: numbers.rows.map((row) => row.number),
      phones: phones.rows.map((row) => row.contact_phone),
      intake,
    };
  };
  return { all: await pick(null), bj: await pick('BJ') };
}

/** Generates into an empty database or reuses matching data; undefined when it holds other data. */
async function fill(db: Db, options: DataOptions) {
  const found = await state(db, options);
  if (found === 'other') return undefined;
  if (found !== 'empty') {
    // Kept data made with migrations that have since been replaced cannot be migrated: start afresh.
    const migrated = await migrateDatabase(db).then(
      () => true,
      (error: Error) => {
        log(`the kept data does not migrate to the current schema (${error.message.split('\n')[0]}); generating anew`);
        return false;
      },
    );
    if (!migrated) return undefined;
  }
  let generation: Generation;
  if (found === 'match') {
    log('reusing the data generated by an earlier run');
    generation = await prepareReuse(db);
  } else if (found === 'master') {
    log('reusing the customers and equipment of an earlier run; generating tickets');
    generation = await regenerateTickets(db, options);
  } else generation = await generate(db, options);
  const meta = await readMeta(db.$client);
  return {
    generation,
    counts: await counts(db),
    samples: await pickSamples(db),
    ticketSamples: await pickTicketSamples(db),
    /** Highest ticket id of the generated data: tickets above it were created by this run. */
    generatedTicketMark: meta?.marks.tickets ?? 0,
    /** document_counters as generated: this run's numbers continue them. */
    generatedCounters: meta?.counters ?? [],
  };
}

export type Prepared = NonNullable<Awaited<ReturnType<typeof fill>>>;

const database = benchDatabase<DataOptions, Prepared>('embedded-data', fill);
export const { embeddedDataDir, removeEmbedded, prepareEmbedded, prepareServer, embeddedConnection } = database;
export const dropServerDatabase = database.dropServer;
