/**
 * FBK-3: putting return visits on the schedule, inside the caller's transaction.
 * - `scheduleReturnVisit` — one visit asked for by another flow (a low survey score, a complaint).
 * - `scheduleTicketReturnVisit` — called by `transitionTicket` when a ticket resolves: the 48 h
 *   result check after remote handling, the visit after an on-site/send-in repair. Created at the
 *   resolution (not by the nightly scan) so the desk sees the check at once, exactly once per
 *   resolution day, without scanning a million tickets.
 * - `generateReturnVisits` — the periodic rules, set-based: one `insert … select … on conflict do
 *   nothing` per rule, with the periods computed by return-visits.rules.ts and passed in as arrays.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../lib/app-error.js';
import { dateInZone } from '../../lib/time-zone.js';
import { addDays } from '../customers/warranty.rules.js';
import { settings as settingsTable } from '../org/org.table.js';
import { resolveSetting, type SettingKey, type SettingValue } from '../org/settings.rules.js';
import type { ReturnVisitRuleValue } from './return-visits.contract.js';
import {
  DUE_HOUR,
  minimumMonths,
  type Period,
  periodsOverlapping,
  planningWindow,
  type ReturnVisitMethod,
  type ReturnVisitSettings,
  ruleMethod,
  ticketReturnVisit,
} from './return-visits.rules.js';
import { returnVisits } from './return-visits.table.js';

/** Reads settings inside the caller's transaction (no second pool connection, no stale cache). */
async function readSettingsIn<K extends SettingKey>(tx: DbOrTx, keys: readonly K[]) {
  const result = await tx
    .select({ key: settingsTable.key, value: settingsTable.value })
    .from(settingsTable)
    .where(sql`${settingsTable.key} = any(${sql.param(keys as unknown as string[])}::text[])`);
  const stored = new Map(result.map((row) => [row.key, row.value]));
  return Object.fromEntries(keys.map((key) => [key, resolveSetting(key, stored.get(key))])) as {
    [P in K]: SettingValue<P>;
  };
}

/** The return-visit settings and the organisation's time zone. */
export async function returnVisitSettings(tx: DbOrTx): Promise<ReturnVisitSettings & { timeZone: string }> {
  const s = await readSettingsIn(tx, [
    'org.timeZone',
    'feedback.afterRemoteCheckHours',
    'feedback.afterRepairVisitHours',
    'feedback.warrantyVisitMonths',
    'feedback.postWarrantyVisitMonths',
    'feedback.phoneVisitMonths',
    'feedback.keyCustomerMinimumMonths',
    'feedback.customerMinimumMonths',
    'feedback.keyAnnualVisit',
    'feedback.visitReportDays',
    'feedback.returnVisitHorizonMonths',
  ] as const);
  return {
    timeZone: s['org.timeZone'],
    afterRemoteCheckHours: s['feedback.afterRemoteCheckHours'],
    afterRepairVisitHours: s['feedback.afterRepairVisitHours'],
    warrantyVisitMonths: s['feedback.warrantyVisitMonths'],
    postWarrantyVisitMonths: s['feedback.postWarrantyVisitMonths'],
    phoneVisitMonths: s['feedback.phoneVisitMonths'],
    keyCustomerMinimumMonths: s['feedback.keyCustomerMinimumMonths'],
    customerMinimumMonths: s['feedback.customerMinimumMonths'],
    keyAnnualVisit: s['feedback.keyAnnualVisit'],
    visitReportDays: s['feedback.visitReportDays'],
    horizonMonths: s['feedback.returnVisitHorizonMonths'],
  };
}

export type ScheduleReturnVisitInput = {
  customerId: number;
  ticketId?: number | null;
  equipmentId?: number | null;
  /** Shown to the agent, e.g. "满意度调查低分". */
  reason: string;
  dueAt: Date;
  /** Default 'survey_follow_up'. */
  rule?: Extract<ReturnVisitRuleValue, 'survey_follow_up' | 'complaint_follow_up' | 'manual'>;
  method?: ReturnVisitMethod;
  /**
   * What makes it unique with the rule and the due day (default: the ticket, else the customer):
   * the same subject, rule and day schedule one visit, however often this is called.
   */
  subjectId?: number;
  /** Creation time (default: now). */
  at?: Date;
};

/**
 * Schedules one return visit in the caller's transaction (e.g. F1's low survey score). The
 * station is the customer's. Idempotent per (rule, subject, due day): returns the existing visit
 * with `created: false` the second time.
 *
 *   await scheduleReturnVisit(tx, { ticketId, customerId, reason: '满意度调查低分', dueAt });
 */
export async function scheduleReturnVisit(
  tx: DbOrTx,
  input: ScheduleReturnVisitInput,
): Promise<{ id: number; created: boolean }> {
  const rule = input.rule ?? 'survey_follow_up';
  const subjectId = input.subjectId ?? input.ticketId ?? input.customerId;
  const { 'org.timeZone': timeZone } = await readSettingsIn(tx, ['org.timeZone'] as const);
  const day = dateInZone(input.dueAt, timeZone);
  const at = input.at ?? new Date();
  const result = await tx.execute<{ id: number; created: boolean }>(sql`
    with added as (
      insert into return_visits (rule, method, subject_id, period_start, period_end, station_id, customer_id,
                                 equipment_id, ticket_id, due_at, reason, created_at, updated_at)
      select ${rule}, ${input.method ?? ruleMethod[rule]}, ${subjectId}, ${day}::date, ${addDays(day, 1)}::date,
             c.station_id, c.id, ${input.equipmentId ?? null}::int, ${input.ticketId ?? null}::int, ${input.dueAt},
             ${input.reason}, ${at}, ${at}
      from customers c where c.id = ${input.customerId}
      on conflict (rule, subject_id, period_start) do nothing
      returning id
    )
    select id, true as created from added
    union all
    select id, false from return_visits
    where rule = ${rule} and subject_id = ${subjectId} and period_start = ${day}::date
      and not exists (select 1 from added)`);
  const row = result.rows[0];
  if (!row) {
    throw new AppError('NOT_FOUND', { zh: '回访的客户不存在', en: 'The customer of the return visit does not exist' });
  }
  return { id: Number(row.id), created: Boolean(row.created) };
}

type ResolvedTicket = {
  id: number;
  type: string;
  serviceMode: string | null;
  stationId: number;
  customerId: number;
  equipmentId: number | null;
};

/**
 * The visit a resolution asks for (see `ticketReturnVisit`), created in the transaction that
 * resolves the ticket. One per ticket and resolution day; returns its id or null.
 */
export async function scheduleTicketReturnVisit(tx: DbOrTx, ticket: ResolvedTicket, at: Date): Promise<number | null> {
  const settings = await readSettingsIn(tx, [
    'org.timeZone',
    'feedback.afterRemoteCheckHours',
    'feedback.afterRepairVisitHours',
  ] as const);
  const planned = ticketReturnVisit(ticket, at, {
    afterRemoteCheckHours: settings['feedback.afterRemoteCheckHours'],
    afterRepairVisitHours: settings['feedback.afterRepairVisitHours'],
  });
  if (!planned) return null;
  const timeZone = settings['org.timeZone'];
  const start = dateInZone(at, timeZone);
  const end = addDays(dateInZone(planned.dueAt, timeZone), 1);
  const rows = await tx
    .insert(returnVisits)
    .values({
      rule: planned.rule,
      method: ruleMethod[planned.rule],
      subjectId: ticket.id,
      periodStart: start,
      periodEnd: end > start ? end : addDays(start, 1),
      stationId: ticket.stationId,
      customerId: ticket.customerId,
      equipmentId: ticket.equipmentId,
      ticketId: ticket.id,
      dueAt: planned.dueAt,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: returnVisits.id });
  return rows[0]?.id ?? null;
}

// ---------- the periodic rules, set-based ----------

const periodArrays = (periods: Period[]) => ({
  starts: sql.param(periods.map((p) => p.start)),
  ends: sql.param(periods.map((p) => p.end)),
});

export type GenerationOptions = {
  today: string;
  now: Date;
  timeZone: string;
  settings: ReturnVisitSettings;
  /** Only these stations (a station manager's run); all when omitted. */
  stationIds?: number[];
};

/**
 * Plans the periodic visits of the window [today, today + horizon) for every active unit and
 * customer, one statement per rule; answers how many each rule added (0 the second time).
 * The planned day is `plannedDay` of the rules: period start + subject id mod the period's
 * length in days, not before today; due at DUE_HOUR local time.
 */
export async function generateReturnVisits(
  tx: DbOrTx,
  options: GenerationOptions,
): Promise<{ created: Partial<Record<ReturnVisitRuleValue, number>>; from: string; to: string }> {
  const { today, now, timeZone, settings } = options;
  const { from, to } = planningWindow(today, settings.horizonMonths);
  const created: Partial<Record<ReturnVisitRuleValue, number>> = {};
  const stationFilter = (column: string) =>
    options.stationIds ? sql`and ${sql.raw(column)} = any(${sql.param(options.stationIds)}::int[])` : sql``;
  const dueAt = (subject: string) =>
    sql`((greatest(p.start + (${sql.raw(subject)} % (p.finish - p.start)), ${today}::date) + make_time(${DUE_HOUR}, 0, 0)) at time zone ${timeZone})`;
  const run = async (
    rule: ReturnVisitRuleValue,
    months: number,
    body: (periods: ReturnType<typeof periodArrays>) => ReturnType<typeof sql>,
  ) => {
    const periods = periodsOverlapping(from, to, months);
    if (periods.length === 0) return;
    const result = await tx.execute(body(periodArrays(periods)));
    created[rule] = (created[rule] ?? 0) + (result.rowCount ?? 0);
  };
  const columns = sql`(rule, method, subject_id, period_start, period_end, station_id, customer_id, equipment_id, due_at, created_at, updated_at)`;
  const serviceStart = sql`coalesce(e.acceptance_date, e.delivery_date, e.purchase_date)`;

  // Per unit: in warranty every N months, after warranty every M months.
  await run(
    'warranty_on_site',
    settings.warrantyVisitMonths,
    (p) => sql`
    insert into return_visits ${columns}
    select 'warranty_on_site', 'on_site', e.id, p.start, p.finish, e.station_id, e.customer_id, e.id, ${dueAt('e.id')}, ${now}, ${now}
    from equipment e
    join customers c on c.id = e.customer_id and c.is_active
    cross join unnest(${p.starts}::date[], ${p.ends}::date[]) as p(start, finish)
    where e.is_active and e.warranty_end is not null and p.start <= e.warranty_end
      and (${serviceStart} is null or p.start > ${serviceStart}) ${stationFilter('e.station_id')}
    on conflict (rule, subject_id, period_start) do nothing`,
  );
  await run(
    'post_warranty_on_site',
    settings.postWarrantyVisitMonths,
    (p) => sql`
    insert into return_visits ${columns}
    select 'post_warranty_on_site', 'on_site', e.id, p.start, p.finish, e.station_id, e.customer_id, e.id, ${dueAt('e.id')}, ${now}, ${now}
    from equipment e
    join customers c on c.id = e.customer_id and c.is_active
    cross join unnest(${p.starts}::date[], ${p.ends}::date[]) as p(start, finish)
    where e.is_active and (e.warranty_end is null or p.start > e.warranty_end)
      and (${serviceStart} is null or p.start > ${serviceStart}) ${stationFilter('e.station_id')}
    on conflict (rule, subject_id, period_start) do nothing`,
  );

  // Key customers: the monthly phone visit and the annual visit.
  await run(
    'monthly_phone',
    settings.phoneVisitMonths,
    (p) => sql`
    insert into return_visits ${columns}
    select 'monthly_phone', 'phone', c.id, p.start, p.finish, c.station_id, c.id, null, ${dueAt('c.id')}, ${now}, ${now}
    from customers c
    cross join unnest(${p.starts}::date[], ${p.ends}::date[]) as p(start, finish)
    where c.is_active and c.level = 'key' ${stationFilter('c.station_id')}
    on conflict (rule, subject_id, period_start) do nothing`,
  );
  if (settings.keyAnnualVisit) {
    await run(
      'key_annual',
      12,
      (p) => sql`
      insert into return_visits ${columns}
      select 'key_annual', 'on_site', c.id, p.start, p.finish, c.station_id, c.id, null, ${dueAt('c.id')}, ${now}, ${now}
      from customers c
      cross join unnest(${p.starts}::date[], ${p.ends}::date[]) as p(start, finish)
      where c.is_active and c.level = 'key' ${stationFilter('c.station_id')}
      on conflict (rule, subject_id, period_start) do nothing`,
    );
  }

  // Last, the floors: a customer with equipment and no other visit in the period gets one.
  for (const level of ['key', 'regular'] as const) {
    await run(
      'customer_minimum',
      minimumMonths(level, settings),
      (p) => sql`
      insert into return_visits ${columns}
      select 'customer_minimum', 'phone', c.id, p.start, p.finish, c.station_id, c.id, null, ${dueAt('c.id')}, ${now}, ${now}
      from customers c
      cross join unnest(${p.starts}::date[], ${p.ends}::date[]) as p(start, finish)
      where c.is_active and c.level = ${level} ${stationFilter('c.station_id')}
        and exists (select 1 from equipment e where e.customer_id = c.id and e.is_active)
        and not exists (
          select 1 from return_visits v
          where v.customer_id = c.id and v.status <> 'cancelled'
            and v.due_at >= (p.start::timestamp at time zone ${timeZone})
            and v.due_at < (p.finish::timestamp at time zone ${timeZone}))
      on conflict (rule, subject_id, period_start) do nothing`,
    );
  }
  return { created, from, to };
}
