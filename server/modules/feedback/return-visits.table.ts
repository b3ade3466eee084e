import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers, equipment } from '../customers/customers.table.js';
import { stations, users } from '../org/org.table.js';
import { tickets } from '../tickets/tickets.table.js';
import { complaints } from './complaints.table.js';
import {
  returnVisitMethods,
  returnVisitOutcomes,
  returnVisitRules,
  returnVisitStatuses,
} from './return-visits.contract.js';

// The enumerations are defined in the contract (shared with the web app) and re-exported here.
export { returnVisitMethods, returnVisitOutcomes, returnVisitRules, returnVisitStatuses };

/**
 * One return visit (回访): a task with a due time, an outcome and a record. `(rule, subject_id,
 * period_start)` is the generation key — the subject is the equipment (per-unit rules), the
 * customer (per-customer rules) or the ticket (ticket-driven rules) — so generating twice creates
 * nothing new. `period_end` is exclusive; the due time lies in [period_start, period_end).
 */
export const returnVisits = pgTable(
  'return_visits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    rule: text('rule', { enum: returnVisitRules }).notNull(),
    method: text('method', { enum: returnVisitMethods }).notNull(),
    subjectId: integer('subject_id').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    equipmentId: integer('equipment_id').references(() => equipment.id),
    ticketId: integer('ticket_id').references(() => tickets.id),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: returnVisitStatuses }).notNull().default('open'),
    /** Why it was scheduled outside the rules (e.g. the survey's low score). */
    reason: text('reason'),
    assigneeId: integer('assignee_id').references(() => users.id),
    attempts: integer('attempts').notNull().default(0),
    outcome: text('outcome', { enum: returnVisitOutcomes }),
    notes: text('notes'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: integer('completed_by').references(() => users.id),
    complaintId: integer('complaint_id').references(() => complaints.id),
    followUpTicketId: integer('follow_up_ticket_id').references(() => tickets.id),
    /** Key-customer annual visits: the visit report is due 10 days (a setting) after the visit. */
    reportDueAt: timestamp('report_due_at', { withTimezone: true }),
    report: text('report'),
    reportSubmittedAt: timestamp('report_submitted_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('return_visits_generation_key').on(t.rule, t.subjectId, t.periodStart),
    index('return_visits_queue_idx').on(t.stationId, t.dueAt).where(sql`${t.status} = 'open'`),
    index('return_visits_customer_due_idx').on(t.customerId, t.dueAt),
    index('return_visits_ticket_idx').on(t.ticketId).where(sql`${t.ticketId} is not null`),
    check('return_visits_period', sql`${t.periodEnd} > ${t.periodStart}`),
    check('return_visits_attempts', sql`${t.attempts} >= 0`),
  ],
);
