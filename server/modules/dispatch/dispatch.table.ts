import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments, users } from '../org/org.table.js';
import { tickets } from '../tickets/tickets.table.js';

export const assignmentStatuses = ['offered', 'accepted', 'declined', 'withdrawn', 'completed'] as const;
export const assignmentRoles = ['lead', 'assistant'] as const;

/** An engineer assigned to a ticket (DSP-1): offered → accepted | declined; withdrawn on reassignment. */
export const assignments = pgTable(
  'assignments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    engineerId: integer('engineer_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: assignmentRoles }).notNull().default('lead'),
    status: text('status', { enum: assignmentStatuses }).notNull().default('offered'),
    assignedBy: integer('assigned_by')
      .notNull()
      .references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    /** Expected arrival told to the customer (DSP-2). */
    expectedArrivalAt: timestamp('expected_arrival_at', { withTimezone: true }),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    note: text('note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('assignments_ticket_idx').on(t.ticketId),
    index('assignments_engineer_open_idx').on(t.engineerId).where(sql`${t.status} in ('offered', 'accepted')`),
    uniqueIndex('assignments_one_live_per_engineer')
      .on(t.ticketId, t.engineerId)
      .where(sql`${t.status} in ('offered', 'accepted')`),
    uniqueIndex('assignments_one_live_lead')
      .on(t.ticketId)
      .where(sql`${t.role} = 'lead' and ${t.status} in ('offered', 'accepted')`),
  ],
);

export const visitStatuses = ['planned', 'travelling', 'on_site', 'checked_out', 'cancelled'] as const;
export const visitResults = ['done', 'not_done'] as const;
export type PartUsed = { name: string; quantity: number; kind: 'warranty' | 'customer_bought'; unitPriceFen?: number };

/**
 * A field service visit and its record (外出服务记录表, DSP-4/5), numbered like tickets with the
 * serving department's code (TKT-5). On-site rating fields follow the paper form [001 6.3].
 */
export const visits = pgTable(
  'visits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    number: text('number').notNull(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    engineerId: integer('engineer_id')
      .notNull()
      .references(() => users.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    status: text('status', { enum: visitStatuses }).notNull().default('planned'),
    plannedAt: timestamp('planned_at', { withTimezone: true }),
    travelStartedAt: timestamp('travel_started_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkInLocation: jsonb('check_in_location').$type<{
      latitude: number;
      longitude: number;
      accuracy?: number;
    } | null>(),
    diagnosis: text('diagnosis'),
    workDone: text('work_done'),
    partsUsed: jsonb('parts_used').notNull().default([]).$type<PartUsed[]>(),
    labourMinutes: integer('labour_minutes'),
    result: text('result', { enum: visitResults }),
    resultNote: text('result_note'),
    /** 工作态度 1–5 (差…很好), 产品损坏 none/some/severe, 卫生状况, 顾客满意 [001 6.3]. */
    ratingAttitude: integer('rating_attitude'),
    productDamage: text('product_damage', { enum: ['none', 'some', 'severe'] }),
    siteTidy: text('site_tidy', { enum: ['good', 'poor'] }),
    customerSatisfaction: text('customer_satisfaction', {
      enum: ['satisfied', 'dissatisfied', 'very_dissatisfied'],
    }),
    customerSuggestion: text('customer_suggestion'),
    signatureAttachmentId: integer('signature_attachment_id'),
    signedByName: text('signed_by_name'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('visits_number_key').on(t.number),
    index('visits_ticket_idx').on(t.ticketId),
    index('visits_engineer_idx').on(t.engineerId, t.status),
    check('visits_rating_attitude', sql`${t.ratingAttitude} between 1 and 5`),
    check('visits_labour_minutes', sql`${t.labourMinutes} >= 0`),
  ],
);

/** Training/certification per product line (DSP-1: only engineers who passed training are dispatched). */
export const engineerQualifications = pgTable(
  'engineer_qualifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    productCategory: text('product_category').notNull(),
    certificateNo: text('certificate_no'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('engineer_qualifications_user_idx').on(t.userId)],
);

/** Leave and other unavailability (DSP-1). */
export const engineerLeaves = pgTable(
  'engineer_leaves',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('engineer_leaves_user_idx').on(t.userId, t.startsAt),
    check('engineer_leaves_order', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);
