/**
 * Demo data: loaded on the first start with an empty database (so a newcomer can sign in at once)
 * and, with larger counts, by the benchmark's generator. Bulk inserts in batches; search text and
 * warranty ends are derived by the same code the application uses.
 */
import { sql } from 'drizzle-orm';
import { hashPassword } from '../modules/auth/password.js';
import { recomputeWarranty } from '../modules/customers/customers.service.js';
import {
  contractEquipment,
  customerContacts,
  customers,
  equipment,
  productModels,
  serviceContracts,
} from '../modules/customers/customers.table.js';
import { refreshCustomerSearch, refreshEquipmentSearch } from '../modules/customers/search.js';
import { computeWarrantyEnd } from '../modules/customers/warranty.rules.js';
import { seedEngineerQualifications } from '../modules/dispatch/dispatch.seed.js';
import { departments, stations, users } from '../modules/org/org.table.js';
import { seedDemoLoaners } from '../modules/parts/loaners.seed.js';
import { seedDemoParts, seedWarehouses } from '../modules/parts/parts.seed.js';
import { seedSlaDefaults } from '../modules/sla/sla.seed.js';
import { seedDemoTickets } from '../modules/tickets/tickets.seed.js';
import type { Db } from './database.js';
import {
  createRandom,
  DEMO_PASSWORD,
  demoCustomer,
  demoDepartments,
  demoEquipment,
  demoProductModels,
  demoStations,
  demoUsers,
} from './demo-data.js';

const SEED_LOCK = 7_246_002;

export type SeedOptions = {
  customers: number;
  equipment: number;
  seed?: number;
  today?: Date;
  log?: (message: string) => void;
  batchSize?: number;
};

async function inBatches<T>(items: T[], size: number, write: (batch: T[]) => Promise<void>) {
  for (let start = 0; start < items.length; start += size) await write(items.slice(start, start + size));
}

/** Stations, departments and one user per role. Returns ids by code. */
export async function seedOrganisation(db: Db) {
  const stationRows = await db
    .insert(stations)
    .values(demoStations.map((s) => ({ ...s })))
    .returning();
  const departmentRows = await db
    .insert(departments)
    .values(demoDepartments.map((d) => ({ ...d })))
    .returning();
  const stationId = new Map(stationRows.map((s) => [s.code, s.id]));
  const departmentId = new Map(departmentRows.map((d) => [d.code, d.id]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.insert(users).values(
    demoUsers.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      phone: u.phone,
      roles: [...u.roles],
      stationId: stationId.get(u.station)!,
      departmentId: departmentId.get(u.department) ?? null,
      skills: 'skills' in u ? [...u.skills] : [],
      specialty: 'specialty' in u ? u.specialty : null,
      passwordHash,
    })),
  );
  // DSP-1: only trained engineers are dispatched; the demo engineers passed the training of their skills.
  await seedEngineerQualifications(db);
  // Business calendars and SLA policies (SLA-1, SLA-2): tickets need a default policy.
  await seedSlaDefaults(db);
  // PRT-2: a warehouse per station and engineer.bj's van stock (tests and the demo rely on them).
  await seedWarehouses(db);
  return { stationId, departmentId };
}

/** Product models, customers with contacts, equipment and a few contracts. */
export async function seedMasterData(db: Db, stationId: Map<string, number>, options: SeedOptions) {
  const log = options.log ?? (() => undefined);
  const random = createRandom(options.seed ?? 2026);
  const today = options.today ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const modelRows = await db
    .insert(productModels)
    .values(demoProductModels.map((m) => ({ ...m })))
    .onConflictDoNothing()
    .returning();
  const models = modelRows.length ? modelRows : await db.select().from(productModels);
  const modelByCode = new Map(models.map((m) => [m.code, m]));

  const generated = Array.from({ length: options.customers }, (_, index) => demoCustomer(random, index));
  const customerIds: { id: number; stationId: number; level: string }[] = [];
  await inBatches(
    generated.map((c, index) => ({ c, index })),
    batchSize,
    async (batch) => {
      const rows = await db
        .insert(customers)
        .values(
          batch.map(({ c }) => ({
            code: sql`'KH' || lpad(nextval('customer_code_seq')::text, 6, '0')`,
            kind: c.kind,
            name: c.name,
            phone: c.phone,
            email: c.email,
            province: c.province,
            city: c.city,
            district: c.district,
            addressDetail: c.addressDetail,
            region: c.region,
            level: c.level,
            stationId: stationId.get(c.stationCode)!,
          })) as never,
        )
        .returning({ id: customers.id, stationId: customers.stationId, level: customers.level });
      const contacts = batch.flatMap(({ c }, i) =>
        c.contacts.map((contact, order) => ({
          customerId: rows[i].id,
          name: contact.name,
          title: contact.title,
          mobile: contact.mobile,
          isPrimary: contact.isPrimary,
          sortOrder: order,
        })),
      );
      if (contacts.length) await db.insert(customerContacts).values(contacts);
      customerIds.push(...rows);
    },
  );
  await refreshCustomerSearch(db, sql`true`);
  log(`${customerIds.length} customers`);

  const units = Array.from({ length: options.equipment }, (_, index) => {
    const unit = demoEquipment(random, index, today);
    const owner = customerIds[index < customerIds.length ? index : random.int(0, customerIds.length - 1)];
    const model = modelByCode.get(demoProductModels[unit.modelIndex].code)!;
    const warranty = computeWarrantyEnd({ ...unit, modelWarrantyMonths: model.warrantyMonths });
    const { modelIndex: _modelIndex, ...fields } = unit;
    return {
      ...fields,
      modelId: model.id,
      customerId: owner.id,
      stationId: owner.stationId,
      warrantyEnd: warranty.end,
      warrantyBasis: warranty.basis,
    };
  });
  await inBatches(units, batchSize, async (batch) => {
    await db.insert(equipment).values(batch);
  });
  await refreshEquipmentSearch(db, sql`true`);
  log(`${units.length} pieces of equipment`);

  // Maintenance contracts for some key customers; half of them extend the warranty.
  const keyCustomers = customerIds.filter((c) => c.level === 'key').slice(0, 12);
  for (const [index, owner] of keyCustomers.entries()) {
    const starts = new Date(today.getTime() - random.int(30, 500) * 86_400_000);
    const ends = new Date(starts.getTime() + (random.chance(0.5) ? 365 : 730) * 86_400_000);
    const [created] = await db
      .insert(serviceContracts)
      .values({
        contractNo: `WB${starts.getUTCFullYear()}${String(index + 1).padStart(3, '0')}`,
        customerId: owner.id,
        stationId: owner.stationId,
        title: index % 2 === 0 ? '年度维保服务合同' : '7×24 全保服务合同',
        startsOn: starts.toISOString().slice(0, 10),
        endsOn: ends.toISOString().slice(0, 10),
        scope: '定期巡检、故障维修、备件更换',
        extendsWarranty: index % 2 === 1,
        visitIntervalMonths: index % 2 === 0 ? 3 : 1,
        amountFen: random.int(20, 300) * 100_000,
      })
      .returning({ id: serviceContracts.id });
    const covered = await db.execute<{ id: number }>(sql`select id from equipment where customer_id = ${owner.id}`);
    if (covered.rows.length) {
      await db
        .insert(contractEquipment)
        .values(covered.rows.map((row) => ({ contractId: created.id, equipmentId: row.id })));
      await recomputeWarranty(db, sql`e.customer_id = ${owner.id}`);
    }
  }
  log(`${keyCustomers.length} service contracts`);
}

/** Loads the demo data when the database has no users yet; safe when several instances start at once. */
export async function seedDemoDataIfEmpty(db: Db, log: (message: string) => void): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SEED_LOCK]);
    const { rows } = await client.query('select exists(select 1 from users) as has_users');
    if (rows[0].has_users) return;
    const started = Date.now();
    log('empty database: loading demo data');
    const { stationId } = await seedOrganisation(db);
    await seedMasterData(db, stationId, { customers: 200, equipment: 500, log });
    // Service tickets in everyday states (after the SLA defaults of seedOrganisation).
    await seedDemoTickets(db, { count: 40, log });
    // PRT-1…3: suppliers, parts with prices and fits, initial stock through the ledger.
    log(`${await seedDemoParts(db)} parts`);
    // DSP-7: loaner pools of the demo stations.
    log(`${await seedDemoLoaners(db)} loaner units`);
    log(
      `demo data loaded in ${Date.now() - started} ms; sign in as admin / ${DEMO_PASSWORD} (see README for every role)`,
    );
  } finally {
    await client.query('select pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => undefined);
    client.release();
  }
}
