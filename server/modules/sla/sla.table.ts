import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { recordColumns } from '../org/org.table.js';
import type { WorkingWindow } from './business-time.rules.js';
import { calendarDayKinds, faultLevels, slaRegions, timeBases } from './sla.contract.js';

export { calendarDayKinds, faultLevels, slaRegions, timeBases };

/** Business calendars (SLA-2): working windows per weekday, time zone, holidays and 调休 days. */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
    /** 7×24: every instant is working time and holidays do not apply. */
    alwaysOpen: boolean('always_open').notNull().default(false),
    /** Seven lists of windows, Monday first (minutes after local midnight). */
    weekly: jsonb('weekly').notNull().$type<WorkingWindow[][]>(),
    /** Windows of a make-up working day; null = Monday's windows. */
    makeUpWindows: jsonb('make_up_windows').$type<WorkingWindow[] | null>(),
    ...recordColumns,
  },
  (t) => [uniqueIndex('business_calendars_code_key').on(t.code)],
);

/** A public holiday (no working time) or a make-up working day (调休上班) of one calendar. */
export const calendarDays = pgTable(
  'calendar_days',
  {
    calendarId: integer('calendar_id')
      .notNull()
      .references(() => businessCalendars.id),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: calendarDayKinds }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.date] })],
);

export type ClockTarget = { minutes: number; basis: (typeof timeBases)[number] } | null;
/** One row of a policy's target grid; the most specific region wins, then 'any'. */
export type SlaTarget = {
  level: (typeof faultLevels)[number];
  region: (typeof slaRegions)[number];
  response: ClockTarget;
  arrival: ClockTarget;
  resolution: ClockTarget;
};

/** SLA policies (SLA-1): targets per fault level (and region) counted in a calendar. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    calendarId: integer('calendar_id')
      .notNull()
      .references(() => businessCalendars.id),
    targets: jsonb('targets').notNull().$type<SlaTarget[]>(),
    /** Pause the clocks while the ticket waits for parts (waiting for the customer always pauses). */
    pauseForParts: boolean('pause_for_parts').notNull().default(false),
    /** The policy of tickets without a contract naming one. Exactly one active default. */
    isDefault: boolean('is_default').notNull().default(false),
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('sla_policies_code_key').on(t.code),
    uniqueIndex('sla_policies_one_default').on(t.isDefault).where(sql`${t.isDefault}`),
    check('sla_policies_targets_array', sql`jsonb_typeof(${t.targets}) = 'array'`),
  ],
);
