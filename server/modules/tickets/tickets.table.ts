import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  customerContacts,
  customers,
  equipment,
  productModels,
  serviceContracts,
} from '../customers/customers.table.js';
import { departments, stations, users } from '../org/org.table.js';
import { businessCalendars, slaPolicies, slaRegions, timeBases } from '../sla/sla.table.js';

import {
  attachmentKinds,
  clockKinds,
  clockOutcomes,
  pauseReasons,
  serviceModes,
  taskKinds,
  taskStatuses,
  ticketChannels,
  ticketClassifications,
  ticketEventKinds,
  ticketStatuses,
  ticketTypes,
  warrantySnapshots,
} from './tickets.contract.js';

// The enumerations are defined in the contract (shared with the web app) and re-exported here.
export {
  attachmentKinds,
  clockKinds,
  clockOutcomes,
  pauseReasons,
  serviceModes,
  taskKinds,
  taskStatuses,
  ticketChannels,
  ticketClassifications,
  ticketEventKinds,
  ticketStatuses,
  ticketTypes,
  warrantySnapshots,
};

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Gap-free document numbers (TKT-5): one counter row per prefix and month, incremented in the
 * transaction that inserts the document, so a rollback returns the number and concurrent
 * creations queue on the row lock.
 */
export const documentCounters = pgTable(
  'document_counters',
  {
    prefix: text('prefix').notNull(),
    /** YYMM in the organisation's time zone. */
    period: text('period').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.period] }), check('document_counters_positive', sql`${t.lastValue} > 0`)],
);

/** The service ticket (售后信息处理单). */
export const tickets = pgTable(
  'tickets',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    number: text('number').notNull(),
    type: text('type', { enum: ticketTypes }).notNull(),
    channel: text('channel', { enum: ticketChannels }).notNull(),
    classification: text('classification', { enum: ticketClassifications }).notNull().default('technical'),
    status: text('status', { enum: ticketStatuses }).notNull().default('received'),
    faultLevel: integer('fault_level').notNull().default(3),
    serviceMode: text('service_mode', { enum: serviceModes }),
    region: text('region', { enum: slaRegions }).notNull().default('any'),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    /** Department that recorded the request; its code starts the number. */
    receivingDepartmentId: integer('receiving_department_id')
      .notNull()
      .references(() => departments.id),
    /** Department the routing rules (TKT-4) hand the request to. */
    handlingDepartmentId: integer('handling_department_id').references(() => departments.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    contactId: integer('contact_id').references(() => customerContacts.id),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    equipmentId: integer('equipment_id').references(() => equipment.id),
    productModelId: integer('product_model_id').references(() => productModels.id),
    /** Product category at intake (routing input); copied so later model edits do not reroute. */
    productCategory: text('product_category'),
    contractId: integer('contract_id').references(() => serviceContracts.id),
    /** Warranty status of the equipment when the request was received. */
    warrantyStatus: text('warranty_status', { enum: warrantySnapshots }).notNull().default('unknown'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    address: text('address'),
    /** When the request reached us (may be earlier than created_at: a call recorded later). */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    receivedBy: integer('received_by')
      .notNull()
      .references(() => users.id),
    slaPolicyId: integer('sla_policy_id')
      .notNull()
      .references(() => slaPolicies.id),
    calendarId: integer('calendar_id')
      .notNull()
      .references(() => businessCalendars.id),
    repeatOfTicketId: integer('repeat_of_ticket_id').references((): any => tickets.id),
    /** A repeat of a repaired fault within warranty is repaired free (TKT-7). */
    isFreeRepeat: boolean('is_free_repeat').notNull().default(false),
    cancelReason: text('cancel_reason'),
    reopenCount: integer('reopen_count').notNull().default(0),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    /** The technical plan (TKT-9: within 4 h); the latest revision, earlier ones are on the timeline. */
    technicalPlan: text('technical_plan'),
    technicalPlanAt: timestamp('technical_plan_at', { withTimezone: true }),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Send-in (送修) receipt for an item taken back (客户商品领取收据). */
    sendInReceipt: jsonb('send_in_receipt').$type<{
      itemDescription: string;
      accessories?: string | null;
      condition?: string | null;
      receivedAt: string;
      returnedAt?: string | null;
    } | null>(),
    searchText: text('search_text').notNull().default(''),
    searchGrams: text('search_grams').array().notNull().generatedAlwaysAs(sql`aftercare_grams(search_text)`),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_number_key').on(t.number),
    check('tickets_fault_level', sql`${t.faultLevel} between 1 and 4`),
    index('tickets_station_open_idx')
      .on(t.stationId, t.receivedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} not in ('closed', 'cancelled')`),
    index('tickets_station_received_idx').on(t.stationId, t.receivedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('tickets_received_idx').on(t.receivedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('tickets_customer_idx').on(t.customerId),
    index('tickets_equipment_idx').on(t.equipmentId),
    // The station in the GIN index (btree_gin): a station's search is narrowed inside the index
    // instead of ANDing a bitmap of a third of the table (docs/benchmarks.md).
    index('tickets_station_search_grams_idx').using('gin', t.stationId, t.searchGrams),
  ],
);

/** The ticket's timeline: every transition and event, who, when, and a note. Append-only. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: integer('actor_id').references(() => users.id),
    kind: text('kind', { enum: ticketEventKinds }).notNull(),
    fromStatus: text('from_status', { enum: ticketStatuses }),
    toStatus: text('to_status', { enum: ticketStatuses }),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.id)],
);

/**
 * One deadline of a ticket (SLA-3). `due_at` is null while the clock is paused; `at_risk_at` is when
 * the at-risk share of the target is used. The clock stops at its event (first response, check-in,
 * resolution…) and keeps its outcome from then on.
 */
export const ticketClocks = pgTable(
  'ticket_clocks',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    kind: text('kind', { enum: clockKinds }).notNull(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    basis: text('basis', { enum: timeBases }).notNull(),
    targetMinutes: integer('target_minutes').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    atRiskAt: timestamp('at_risk_at', { withTimezone: true }),
    /** Whether pauses of the ticket stop this clock. */
    isPausable: boolean('is_pausable').notNull().default(true),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    outcome: text('outcome', { enum: clockOutcomes }),
    atRiskNotifiedAt: timestamp('at_risk_notified_at', { withTimezone: true }),
    breachNotifiedAt: timestamp('breach_notified_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.kind] }),
    index('ticket_clocks_running_risk_idx').on(t.stationId, t.atRiskAt).where(sql`${t.stoppedAt} is null`),
    // at_risk_at and station_id in the index: the board's at-risk section (due later, at risk
    // already) and its counts are checked on the index entries, without reading every clock.
    index('ticket_clocks_running_due_idx').on(t.dueAt, t.atRiskAt, t.stationId).where(sql`${t.stoppedAt} is null`),
  ],
);

/** Stretches in which the ticket waited (the clock ledger's paused segments). */
export const ticketPauses = pgTable(
  'ticket_pauses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    reason: text('reason', { enum: pauseReasons }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('ticket_pauses_ticket_idx').on(t.ticketId),
    uniqueIndex('ticket_pauses_one_open').on(t.ticketId).where(sql`${t.endedAt} is null`),
  ],
);

/** Due tasks raised by rules, e.g. the loaner task of SLA-4. */
export const ticketTasks = pgTable(
  'ticket_tasks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    kind: text('kind', { enum: taskKinds }).notNull(),
    status: text('status', { enum: taskStatuses }).notNull().default('open'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    assigneeId: integer('assignee_id').references(() => users.id),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: integer('done_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('ticket_tasks_one_per_kind').on(t.ticketId, t.kind),
    index('ticket_tasks_open_idx').on(t.stationId, t.dueAt).where(sql`${t.status} = 'open'`),
  ],
);

/** Photos and files of a ticket or a visit. Content lives in the database so app instances stay stateless. */
export const attachments = pgTable(
  'attachments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    visitId: integer('visit_id'),
    kind: text('kind', { enum: attachmentKinds }).notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_ticket_idx').on(t.ticketId), index('attachments_visit_idx').on(t.visitId)],
);

/** A user's saved ticket list filters (TKT-11). */
export const savedViews = pgTable(
  'saved_views',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** The list's URL query string. */
    query: text('query').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_views_user_name_key').on(t.userId, t.name)],
);
