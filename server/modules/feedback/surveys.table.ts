import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.table.js';
import { stations, users } from '../org/org.table.js';
import { tickets } from '../tickets/tickets.table.js';
import { satisfactionLevels, surveyChannels, surveyStatuses } from './surveys.contract.js';

export { satisfactionLevels, surveyChannels, surveyStatuses };

/**
 * One satisfaction survey per ticket closure (FBK-1, no sampling [003 第五条 3]), due 16 h after the
 * closure [001 4.5.1]. `closure_no` is the ticket's reopen count at that closure: a reopened and
 * re-closed ticket gets a new survey and its earlier unanswered one is superseded. The customer's
 * one-time link is kept only as the SHA-256 hash of its token. Station and engineer are copied from
 * the ticket so the satisfaction rate (per station, engineer, month) is one index-only scan.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    closureNo: integer('closure_no').notNull().default(0),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The lead engineer of the ticket, when one was assigned. */
    engineerId: integer('engineer_id').references(() => users.id),
    status: text('status', { enum: surveyStatuses }).notNull().default('pending'),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** SHA-256 (hex) of the link token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }).notNull(),
    channel: text('channel', { enum: surveyChannels }),
    attitude: text('attitude', { enum: satisfactionLevels }),
    skill: text('skill', { enum: satisfactionLevels }),
    arrival: text('arrival', { enum: satisfactionLevels }),
    promise: text('promise', { enum: satisfactionLevels }),
    overall: text('overall', { enum: satisfactionLevels }),
    /** overall ≥ satisfied (the satisfaction rate counts these). */
    satisfied: boolean('satisfied'),
    lowScore: boolean('low_score'),
    comment: text('comment'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** The agent who recorded a phone survey; null for the customer's own link. */
    answeredBy: integer('answered_by').references(() => users.id),
    /** The complaint a low score opened. */
    complaintId: integer('complaint_id'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('surveys_ticket_closure_key').on(t.ticketId, t.closureNo),
    uniqueIndex('surveys_token_hash_key').on(t.tokenHash),
    // The call list: unanswered surveys by due time.
    index('surveys_pending_due_idx').on(t.dueAt).where(sql`${t.status} = 'pending'`),
    // Satisfaction rate (index-only scans over answered surveys).
    index('surveys_answered_station_idx')
      .on(t.stationId, t.answeredAt, t.satisfied)
      .where(sql`${t.answeredAt} is not null`),
    index('surveys_answered_at_idx')
      .on(t.answeredAt, t.stationId, t.engineerId, t.satisfied)
      .where(sql`${t.answeredAt} is not null`),
    index('surveys_answered_engineer_idx')
      .on(t.engineerId, t.answeredAt, t.satisfied)
      .where(sql`${t.answeredAt} is not null`),
    check(
      'surveys_answer_complete',
      sql`${t.status} <> 'answered' or (${t.overall} is not null and ${t.answeredAt} is not null and ${t.channel} is not null)`,
    ),
  ],
);
