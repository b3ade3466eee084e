import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { recordColumns, stations } from '../org/org.table.js';
import { businessCalendars, slaPolicies } from '../sla/sla.table.js';

export const customerKinds = ['person', 'organisation'] as const;
export const customerLevels = ['key', 'regular'] as const;
export const productCategories = ['hardware', 'software', 'data', 'integration'] as const;

/**
 * Fragment search: `search_text` holds what a user may type (name, code, phones, contacts); the
 * generated `search_grams` column holds its characters and character bigrams (see the migration's
 * aftercare_grams function) so that 1- and 2-character Chinese fragments are served by a GIN index.
 */
const searchColumns = {
  searchText: text('search_text').notNull().default(''),
  searchGrams: text('search_grams').array().notNull().generatedAlwaysAs(sql`aftercare_grams(search_text)`),
};

/** Numbers customers that arrive without a code of their own: prefix (a setting) + 6 digits. */
export const customerCodeSequence = pgSequence('customer_code_seq', { startWith: 1 });

export const customers = pgTable(
  'customers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    kind: text('kind', { enum: customerKinds }).notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    province: text('province'),
    city: text('city'),
    district: text('district'),
    addressDetail: text('address_detail'),
    region: text('region'),
    level: text('level', { enum: customerLevels }).notNull().default('regular'),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    notes: text('notes'),
    ...searchColumns,
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('customers_code_key').on(t.code),
    index('customers_station_name_idx').on(t.stationId, t.name),
    index('customers_name_idx').on(t.name),
    index('customers_updated_idx').on(t.updatedAt.desc().nullsFirst()),
    index('customers_station_updated_idx').on(t.stationId, t.updatedAt.desc().nullsFirst()),
    index('customers_active_station_idx').on(t.stationId).where(sql`is_active`),
    index('customers_phone_idx').on(t.phone),
    index('customers_search_grams_idx').using('gin', t.searchGrams),
  ],
);

export const customerContacts = pgTable(
  'customer_contacts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    title: text('title'),
    phone: text('phone'),
    mobile: text('mobile'),
    email: text('email'),
    isPrimary: boolean('is_primary').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('customer_contacts_customer_idx').on(t.customerId)],
);

export const productModels = pgTable(
  'product_models',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    category: text('category', { enum: productCategories }).notNull(),
    productLine: text('product_line'),
    warrantyMonths: integer('warranty_months').notNull(),
    description: text('description'),
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('product_models_code_key').on(t.code),
    check('product_models_warranty_months', sql`${t.warrantyMonths} between 0 and 600`),
  ],
);

export const equipment = pgTable(
  'equipment',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serialNo: text('serial_no').notNull(),
    modelId: integer('model_id')
      .notNull()
      .references(() => productModels.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The customer's station, kept here so station scoping needs no join. */
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    projectNo: text('project_no'),
    purchaseDate: date('purchase_date', { mode: 'string' }),
    invoiceNo: text('invoice_no'),
    deliveryDate: date('delivery_date', { mode: 'string' }),
    acceptanceDate: date('acceptance_date', { mode: 'string' }),
    commissioningDate: date('commissioning_date', { mode: 'string' }),
    location: text('location'),
    /** Overrides the model's warranty length for this unit (e.g. a sales agreement). */
    warrantyMonthsOverride: integer('warranty_months_override'),
    /** Computed by warranty.rules.ts whenever an input changes; stored for filtering. */
    warrantyEnd: date('warranty_end', { mode: 'string' }),
    warrantyBasis: text('warranty_basis'),
    notes: text('notes'),
    ...searchColumns,
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('equipment_serial_no_key').on(t.serialNo),
    index('equipment_customer_idx').on(t.customerId),
    index('equipment_station_idx').on(t.stationId, t.serialNo),
    index('equipment_model_idx').on(t.modelId),
    index('equipment_project_no_idx').on(t.projectNo),
    index('equipment_warranty_end_idx').on(t.warrantyEnd),
    index('equipment_updated_idx').on(t.updatedAt.desc().nullsFirst()),
    index('equipment_station_updated_idx').on(t.stationId, t.updatedAt.desc().nullsFirst()),
    index('equipment_active_station_model_idx').on(t.stationId, t.modelId).where(sql`is_active`),
    index('equipment_search_grams_idx').using('gin', t.searchGrams),
  ],
);

export const contractStatuses = ['draft', 'active', 'terminated'] as const;

export const serviceContracts = pgTable(
  'service_contracts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    contractNo: text('contract_no').notNull(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    title: text('title').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: contractStatuses }).notNull().default('active'),
    scope: text('scope'),
    coversParts: boolean('covers_parts').notNull().default(true),
    coversLabour: boolean('covers_labour').notNull().default(true),
    coversTravel: boolean('covers_travel').notNull().default(true),
    /** When set, covered equipment is in warranty at least until the contract ends (ORG-6). */
    extendsWarranty: boolean('extends_warranty').notNull().default(false),
    /** SLA policy of this contract; the SLA module adds the foreign key. */
    slaPolicyId: integer('sla_policy_id').references(() => slaPolicies.id),
    /** Overrides the policy's calendar, e.g. a 7×24 contract. */
    calendarId: integer('calendar_id').references(() => businessCalendars.id),
    visitIntervalMonths: integer('visit_interval_months'),
    amountFen: integer('amount_fen'),
    notes: text('notes'),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    terminationReason: text('termination_reason'),
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('service_contracts_no_key').on(t.contractNo),
    index('service_contracts_customer_idx').on(t.customerId),
    check('service_contracts_period', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

export const contractEquipment = pgTable(
  'contract_equipment',
  {
    contractId: integer('contract_id')
      .notNull()
      .references(() => serviceContracts.id),
    equipmentId: integer('equipment_id')
      .notNull()
      .references(() => equipment.id),
  },
  (t) => [
    primaryKey({ columns: [t.contractId, t.equipmentId] }),
    index('contract_equipment_equipment_idx').on(t.equipmentId),
  ],
);
