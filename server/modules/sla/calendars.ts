/**
 * Business calendars as the deadline engine reads them (SLA-2, SLA-3): one row and its days turned
 * into a `CalendarDefinition`, compiled once per calendar version. Every calendar change (windows,
 * zone, a holiday, a make-up day) rewrites the row (version + 1), so the cache key (version, the
 * writing transaction, updated at) always names one content; one small query checks it. The cache
 * is per process (per app instance); other instances see a change at their next read.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { serviceContracts } from '../customers/customers.table.js';
import { type CalendarDefinition, type CompiledCalendar, compileCalendar } from './business-time.rules.js';
import { businessCalendars, calendarDays, type SlaTarget, slaPolicies } from './sla.table.js';

type CacheEntry = { key: string; definition: CalendarDefinition; compiled?: CompiledCalendar };

const MAX_CACHED = 200;
const cache = new Map<number, CacheEntry>();

const calendarLabel = { zh: '工作日历', en: 'Business calendar' };

async function currentKey(tx: DbOrTx, calendarId: number): Promise<string> {
  // xmin (the writing transaction) tells apart contents that a rolled-back transaction had cached.
  const [row] = await tx
    .select({
      version: businessCalendars.version,
      updatedAt: businessCalendars.updatedAt,
      writer: sql<string>`${businessCalendars}.xmin::text`,
    })
    .from(businessCalendars)
    .where(eq(businessCalendars.id, calendarId));
  if (!row) throw notFound(calendarLabel.zh, calendarLabel.en);
  return `${row.version}:${row.writer}:${row.updatedAt.getTime()}`;
}

/** Reads a calendar and all its days into a definition (no cache). */
export async function readCalendarDefinition(tx: DbOrTx, calendarId: number): Promise<CalendarDefinition> {
  const [row] = await tx.select().from(businessCalendars).where(eq(businessCalendars.id, calendarId));
  if (!row) throw notFound(calendarLabel.zh, calendarLabel.en);
  const days = await tx
    .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
    .from(calendarDays)
    .where(eq(calendarDays.calendarId, calendarId))
    .orderBy(asc(calendarDays.date));
  const holidays = days.filter((day) => day.kind === 'holiday');
  const definition: CalendarDefinition = {
    timeZone: row.timeZone,
    alwaysOpen: row.alwaysOpen,
    weekly: row.weekly,
    holidays: holidays.map((day) => day.date),
    makeUpDays: days.filter((day) => day.kind === 'make_up').map((day) => day.date),
    holidayNames: Object.fromEntries(holidays.map((day) => [day.date, day.name])),
  };
  if (row.makeUpWindows) definition.makeUpWindows = row.makeUpWindows;
  return definition;
}

async function cachedEntry(tx: DbOrTx, calendarId: number): Promise<CacheEntry> {
  const key = await currentKey(tx, calendarId);
  const cached = cache.get(calendarId);
  if (cached && cached.key === key) return cached;
  const entry: CacheEntry = { key, definition: await readCalendarDefinition(tx, calendarId) };
  cache.delete(calendarId);
  cache.set(calendarId, entry);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as number);
  return entry;
}

/** The calendar as the engine takes it: time zone, weekly windows, holidays and make-up days. */
export async function loadCalendarDefinition(tx: DbOrTx, calendarId: number): Promise<CalendarDefinition> {
  return structuredClone((await cachedEntry(tx, calendarId)).definition);
}

/** The compiled calendar, shared while the calendar's version stays the same (do not mutate). */
export async function loadCompiledCalendar(tx: DbOrTx, calendarId: number): Promise<CompiledCalendar> {
  const entry = await cachedEntry(tx, calendarId);
  entry.compiled ??= compileCalendar(entry.definition);
  return entry.compiled;
}

export type ResolvedSla = {
  policyId: number;
  /** The contract's calendar when it names one, otherwise the policy's. */
  calendarId: number;
  targets: SlaTarget[];
  pauseForParts: boolean;
};

/**
 * Which policy and calendar a ticket counts in (SLA-1): the contract's policy and calendar when it
 * names them, otherwise the default policy and its calendar.
 */
export async function resolveSla(tx: DbOrTx, contractId: number | null | undefined): Promise<ResolvedSla> {
  let policyId: number | null = null;
  let calendarId: number | null = null;
  if (contractId) {
    const [contract] = await tx
      .select({ slaPolicyId: serviceContracts.slaPolicyId, calendarId: serviceContracts.calendarId })
      .from(serviceContracts)
      .where(eq(serviceContracts.id, contractId));
    policyId = contract?.slaPolicyId ?? null;
    calendarId = contract?.calendarId ?? null;
  }
  const [policy] = await tx
    .select({
      id: slaPolicies.id,
      calendarId: slaPolicies.calendarId,
      targets: slaPolicies.targets,
      pauseForParts: slaPolicies.pauseForParts,
    })
    .from(slaPolicies)
    .where(policyId ? eq(slaPolicies.id, policyId) : eq(slaPolicies.isDefault, true))
    .limit(1);
  if (!policy) {
    throw new AppError('CONFLICT', {
      zh: '没有默认的服务时限策略，请先在“服务时限”中设置',
      en: 'There is no default SLA policy; set one under Service levels first',
    });
  }
  return {
    policyId: policy.id,
    calendarId: calendarId ?? policy.calendarId,
    targets: policy.targets,
    pauseForParts: policy.pauseForParts,
  };
}

/** Forgets every cached calendar (tests). */
export function clearCalendarCache(): void {
  cache.clear();
}

/**
 * A contract may name an active policy and an active calendar (SLA-1); `before` skips the check of
 * a value that did not change, so a contract keeps a policy deactivated after it was chosen.
 */
export async function assertUsableSlaChoice(
  tx: DbOrTx,
  choice: { slaPolicyId?: number | null; calendarId?: number | null },
  before?: { slaPolicyId: unknown; calendarId: unknown },
): Promise<void> {
  if (choice.slaPolicyId && choice.slaPolicyId !== before?.slaPolicyId) {
    const [row] = await tx
      .select({ isActive: slaPolicies.isActive })
      .from(slaPolicies)
      .where(eq(slaPolicies.id, choice.slaPolicyId));
    if (!row?.isActive) {
      throw new AppError(
        'VALIDATION',
        { zh: '所选服务时限策略不存在或已停用', en: 'The chosen SLA policy does not exist or is inactive' },
        { fields: [{ field: 'slaPolicyId', message: 'inactive' }] },
      );
    }
  }
  if (choice.calendarId && choice.calendarId !== before?.calendarId) {
    const [row] = await tx
      .select({ isActive: businessCalendars.isActive })
      .from(businessCalendars)
      .where(eq(businessCalendars.id, choice.calendarId));
    if (!row?.isActive) {
      throw new AppError(
        'VALIDATION',
        { zh: '所选工作日历不存在或已停用', en: 'The chosen business calendar does not exist or is inactive' },
        { fields: [{ field: 'calendarId', message: 'inactive' }] },
      );
    }
  }
}
