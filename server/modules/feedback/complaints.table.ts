import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers, equipment } from '../customers/customers.table.js';
import { departments, stations, users } from '../org/org.table.js';
import { tickets } from '../tickets/tickets.table.js';
import {
  complaintCategories,
  complaintChannels,
  complaintEventKinds,
  complaintResponsibilities,
  complaintSeverities,
  complaintStatuses,
  handlingSatisfactions,
} from './complaints.contract.js';
import { surveys } from './surveys.table.js';

export {
  complaintCategories,
  complaintChannels,
  complaintEventKinds,
  complaintResponsibilities,
  complaintSeverities,
  complaintStatuses,
  handlingSatisfactions,
};

/**
 * A customer complaint (客户投诉/抱怨, FBK-2), numbered TS<YY><MM><seq>. `step_due_at` is the due
 * time of the current step; `escalation_level` (0 none, 1 station manager told, 2 executive told)
 * is reset by every move.
 */
export const complaints = pgTable(
  'complaints',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    number: text('number').notNull(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    channel: text('channel', { enum: complaintChannels }).notNull(),
    /** Null only while a draft opened by a survey. */
    category: text('category', { enum: complaintCategories }),
    severity: text('severity', { enum: complaintSeverities }).notNull().default('normal'),
    status: text('status', { enum: complaintStatuses }).notNull(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    ticketId: integer('ticket_id').references(() => tickets.id),
    equipmentId: integer('equipment_id').references(() => equipment.id),
    engineerId: integer('engineer_id').references(() => users.id),
    surveyId: integer('survey_id').references(() => surveys.id),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    description: text('description').notNull(),
    /** Who handles it for the station (a manager or someone they send [003 第五条 7]). */
    handlerId: integer('handler_id').references(() => users.id),
    responsibleDepartmentId: integer('responsible_department_id').references(() => departments.id),
    rootCause: text('root_cause'),
    responsibility: text('responsibility', { enum: complaintResponsibilities }),
    solution: text('solution'),
    approvedBy: integer('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    reply: text('reply'),
    handlingSatisfaction: text('handling_satisfaction', { enum: handlingSatisfactions }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    contactedAt: timestamp('contacted_at', { withTimezone: true }),
    /** The investigation report (root cause, responsibility) is due 3 days after recording [003 第六条 2(3)]. */
    reportDueAt: timestamp('report_due_at', { withTimezone: true }).notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    stepStartedAt: timestamp('step_started_at', { withTimezone: true }).notNull(),
    stepDueAt: timestamp('step_due_at', { withTimezone: true }),
    escalationLevel: integer('escalation_level').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('complaints_number_key').on(t.number),
    index('complaints_station_status_idx').on(t.stationId, t.status, t.recordedAt),
    index('complaints_open_due_idx').on(t.stepDueAt).where(sql`${t.status} not in ('closed', 'withdrawn')`),
    index('complaints_ticket_idx').on(t.ticketId),
    index('complaints_customer_idx').on(t.customerId),
  ],
);

/** The complaint's timeline: every step with who, when and a note (append-only). */
export const complaintEvents = pgTable(
  'complaint_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    complaintId: integer('complaint_id')
      .notNull()
      .references(() => complaints.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: integer('actor_id').references(() => users.id),
    kind: text('kind', { enum: complaintEventKinds }).notNull(),
    fromStatus: text('from_status', { enum: complaintStatuses }),
    toStatus: text('to_status', { enum: complaintStatuses }),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('complaint_events_complaint_idx').on(t.complaintId, t.at)],
);
