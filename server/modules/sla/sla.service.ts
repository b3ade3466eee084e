/**
 * SLA administration (SLA-1, SLA-2): business calendars, their holidays and make-up working days,
 * and SLA policies. Calendars and policies are organisation-wide: every signed-in user reads them,
 * administrators change them. Every change is audited in its transaction; a change of what counts
 * as working time bumps the calendar's version and recomputes the open tickets' deadlines there.
 */
import { and, asc, eq, gte, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { AppError, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { createRecord, lockRecord, type RecordKind, setRecordActive, updateRecord } from '../../lib/records.js';
import { recordAudit } from '../audit/audit.service.js';
import { serviceContracts } from '../customers/customers.table.js';
import { addBusinessTime, clockLedger } from './business-time.rules.js';
import { loadCompiledCalendar } from './calendars.js';
import { chinaHolidaySchedules } from './holidays-cn.js';
import { HolidayIcsError, parseHolidayIcs } from './ics.js';
import type {
  CalendarDay,
  CalendarInput,
  calendarDayInput,
  calendarDayUpdate,
  DayChangeReport,
  PolicyInput,
} from './sla.contract.js';
import { businessCalendars, calendarDays, type SlaTarget, slaPolicies } from './sla.table.js';
import {
  calendarProblems,
  type FieldProblem,
  planDayChanges,
  targetProblems,
  weeklyWorkingMinutes,
} from './sla-admin.rules.js';

export const calendarKind: RecordKind = {
  entityType: 'sla_calendar',
  label: { zh: '工作日历', en: 'Business calendar' },
};
export const policyKind: RecordKind = { entityType: 'sla_policy', label: { zh: '服务时限策略', en: 'SLA policy' } };

registerConstraintMessages({
  business_calendars_code_key: {
    field: 'code',
    text: { zh: '日历编号已存在', en: 'A calendar with this code already exists' },
  },
  sla_policies_code_key: {
    field: 'code',
    text: { zh: '策略编号已存在', en: 'A policy with this code already exists' },
  },
  sla_policies_one_default: {
    field: 'isDefault',
    text: {
      zh: '另一个策略刚刚被设为默认，请刷新后重试',
      en: 'Another policy was just made the default; reload and try again',
    },
  },
  calendar_days_calendar_id_date_pk: {
    field: 'date',
    text: { zh: '该日期已有节假日或调休安排', en: 'This date already has a holiday or make-up day' },
  },
});

const MINUTE = 60_000;

type DayInput = typeof calendarDayInput._zod.output;
type DayUpdate = typeof calendarDayUpdate._zod.output;
type Upload = { buffer: Buffer; filename: string };
/** The deadline engine's recomputation of open tickets counted in a calendar (sla-clocks.service.ts). */
export type RecomputeCalendar = (tx: DbOrTx, calendarId: number) => Promise<unknown>;

/** One AppError carrying every problem, each on its field. */
function invalid(problems: FieldProblem[]): AppError {
  return new AppError(
    'VALIDATION',
    { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') },
    { fields: problems.map((p) => ({ field: p.field, message: p.en })) },
  );
}
const fieldError = (field: string, zh: string, en: string) => invalid([{ field, zh, en }]);

const dayLabel = (day: { kind: string; name: string }) => `${day.kind === 'holiday' ? '休' : '班'} ${day.name}`;

type Windows = readonly { start: number; end: number }[];
/** What decides working time, independent of jsonb's key order. */
const workingTimeKey = (calendar: {
  timeZone: string;
  alwaysOpen: boolean;
  weekly: readonly Windows[];
  makeUpWindows: Windows | null;
}) => {
  const flat = (windows: Windows | null) => windows?.map((w) => [w.start, w.end]) ?? null;
  return JSON.stringify([
    calendar.timeZone,
    calendar.alwaysOpen,
    calendar.weekly.map(flat),
    flat(calendar.makeUpWindows),
  ]);
};

/** 'YYYY-MM-DD HH:mm' of an instant in a zone. */
export function localDateTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(ms));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

export function createSlaService(deps: { db: Db; clock: Clock; recomputeCalendar?: RecomputeCalendar }) {
  const { db, clock } = deps;
  /** SLA-3: a calendar edit recomputes the open tickets' deadlines, in the edit's transaction. */
  const recomputeOpenTickets = async (tx: DbOrTx, calendarId: number) => {
    if (deps.recomputeCalendar) await deps.recomputeCalendar(tx, calendarId);
  };

  // ---------- calendars ----------

  const dayCount = (kind: 'holiday' | 'make_up') =>
    sql<number>`(select count(*)::int from calendar_days d where d.calendar_id = ${businessCalendars.id} and d.kind = ${kind})`;
  const calendarColumns = {
    id: businessCalendars.id,
    code: businessCalendars.code,
    name: businessCalendars.name,
    timeZone: businessCalendars.timeZone,
    alwaysOpen: businessCalendars.alwaysOpen,
    weekly: businessCalendars.weekly,
    makeUpWindows: businessCalendars.makeUpWindows,
    holidayCount: dayCount('holiday'),
    makeUpDayCount: dayCount('make_up'),
    policyCount: sql<number>`(select count(*)::int from sla_policies p where p.calendar_id = ${businessCalendars.id} and p.is_active)`,
    isActive: businessCalendars.isActive,
    version: businessCalendars.version,
    createdAt: businessCalendars.createdAt,
    updatedAt: businessCalendars.updatedAt,
  };
  const withTotals = <T extends { alwaysOpen: boolean; weekly: { start: number; end: number }[][] }>(row: T) => ({
    ...row,
    weeklyMinutes: weeklyWorkingMinutes(row),
  });

  const activeCondition = (column: typeof businessCalendars.isActive, active: 'true' | 'false' | 'all') =>
    active === 'all' ? undefined : eq(column, active === 'true');

  async function listCalendars(active: 'true' | 'false' | 'all') {
    const rows = await db
      .select(calendarColumns)
      .from(businessCalendars)
      .where(activeCondition(businessCalendars.isActive, active))
      .orderBy(asc(businessCalendars.code));
    return rows.map(withTotals);
  }

  async function getCalendar(id: number, tx: DbOrTx = db) {
    const [row] = await tx.select(calendarColumns).from(businessCalendars).where(eq(businessCalendars.id, id));
    if (!row) throw notFound(calendarKind.label.zh, calendarKind.label.en);
    return withTotals(row);
  }

  function checkCalendar(input: CalendarInput) {
    const problems = calendarProblems(input);
    if (problems.length) throw invalid(problems);
  }

  const calendarValues = (input: CalendarInput) => ({
    code: input.code,
    name: input.name,
    timeZone: input.timeZone,
    alwaysOpen: input.alwaysOpen,
    weekly: input.weekly.map((windows) =>
      [...windows].sort((a, b) => a.start - b.start).map(({ start, end }) => ({ start, end })),
    ),
    makeUpWindows: input.makeUpWindows
      ? [...input.makeUpWindows].sort((a, b) => a.start - b.start).map(({ start, end }) => ({ start, end }))
      : null,
  });

  async function createCalendar(actor: Actor, input: CalendarInput) {
    checkCalendar(input);
    const id = await db.transaction(async (tx) => {
      const created = await createRecord(tx, businessCalendars, calendarKind, { values: calendarValues(input), actor });
      return created.id as number;
    });
    return getCalendar(id);
  }

  async function updateCalendar(actor: Actor, id: number, input: CalendarInput & { version: number }) {
    checkCalendar(input);
    await db.transaction(async (tx) => {
      const before = await lockRecord(tx, businessCalendars, calendarKind, id);
      const values = calendarValues(input);
      await updateRecord(tx, businessCalendars, calendarKind, {
        id,
        expectedVersion: input.version,
        patch: values,
        actor,
        now: clock.now(),
      });
      const workingTimeChanged = workingTimeKey(before as never) !== workingTimeKey(values);
      if (workingTimeChanged) await recomputeOpenTickets(tx, id);
    });
    return getCalendar(id);
  }

  async function setCalendarActive(actor: Actor, id: number, active: boolean) {
    await db.transaction(async (tx) => {
      if (!active) {
        const [usage] = await tx
          .select({
            policies: sql<number>`(select count(*)::int from sla_policies where calendar_id = ${id} and is_active)`,
            contracts: sql<number>`(select count(*)::int from service_contracts where calendar_id = ${id} and status <> 'terminated')`,
          })
          .from(sql`(select 1) as one`);
        if (usage.policies > 0 || usage.contracts > 0) {
          throw new AppError('CONFLICT', {
            zh: `该日历仍被 ${usage.policies} 个启用的策略和 ${usage.contracts} 份未终止的合同使用，不能停用`,
            en: `The calendar is still used by ${usage.policies} active policies and ${usage.contracts} contracts that are not terminated`,
          });
        }
      }
      await setRecordActive(tx, businessCalendars, calendarKind, { id, active, actor, now: clock.now() });
    });
    return getCalendar(id);
  }

  // ---------- holidays and make-up days ----------

  async function listCalendarDays(id: number, year?: number): Promise<{ items: CalendarDay[] }> {
    await getCalendar(id);
    const conditions: (SQL | undefined)[] = [eq(calendarDays.calendarId, id)];
    if (year) conditions.push(gte(calendarDays.date, `${year}-01-01`), lt(calendarDays.date, `${year + 1}-01-01`));
    const items = await db
      .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
      .from(calendarDays)
      .where(and(...conditions))
      .orderBy(asc(calendarDays.date));
    return { items };
  }

  /** Bumps the calendar's version (its cache key) and records what the day change did. */
  async function touchCalendar(
    tx: DbOrTx,
    actor: Actor,
    id: number,
    action: 'update' | 'import',
    before: Record<string, string | null>,
    after: Record<string, string | null>,
  ) {
    await tx
      .update(businessCalendars)
      .set({ version: sql`${businessCalendars.version} + 1`, updatedAt: clock.now() })
      .where(eq(businessCalendars.id, id));
    await recordAudit(tx, { entityType: calendarKind.entityType, entityId: id, action, actor, before, after });
    await recomputeOpenTickets(tx, id);
  }

  async function findDay(tx: DbOrTx, id: number, date: string) {
    const [day] = await tx
      .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
      .from(calendarDays)
      .where(and(eq(calendarDays.calendarId, id), eq(calendarDays.date, date)));
    return day;
  }

  const dayNotFound = (date: string) =>
    new AppError('NOT_FOUND', {
      zh: `${date} 没有节假日或调休安排`,
      en: `${date} has no holiday or make-up day`,
    });

  async function addCalendarDay(actor: Actor, id: number, input: DayInput): Promise<CalendarDay> {
    return db.transaction(async (tx) => {
      await lockRecord(tx, businessCalendars, calendarKind, id);
      const existing = await findDay(tx, id, input.date);
      if (existing) {
        throw new AppError(
          'CONFLICT',
          {
            zh: `${input.date} 已是“${existing.name}”，请修改该日期而不是重复添加`,
            en: `${input.date} is already "${existing.name}"; edit that date instead`,
          },
          { fields: [{ field: 'date', message: 'exists' }] },
        );
      }
      await tx.insert(calendarDays).values({ calendarId: id, ...input });
      await touchCalendar(tx, actor, id, 'update', {}, { [input.date]: dayLabel(input) });
      return input;
    });
  }

  async function updateCalendarDay(actor: Actor, id: number, date: string, input: DayUpdate): Promise<CalendarDay> {
    return db.transaction(async (tx) => {
      await lockRecord(tx, businessCalendars, calendarKind, id);
      const existing = await findDay(tx, id, date);
      if (!existing) throw dayNotFound(date);
      await tx
        .update(calendarDays)
        .set(input)
        .where(and(eq(calendarDays.calendarId, id), eq(calendarDays.date, date)));
      if (existing.kind !== input.kind || existing.name !== input.name) {
        await touchCalendar(tx, actor, id, 'update', { [date]: dayLabel(existing) }, { [date]: dayLabel(input) });
      }
      return { date, ...input };
    });
  }

  async function removeCalendarDay(actor: Actor, id: number, date: string) {
    await db.transaction(async (tx) => {
      await lockRecord(tx, businessCalendars, calendarKind, id);
      const existing = await findDay(tx, id, date);
      if (!existing) throw dayNotFound(date);
      await tx.delete(calendarDays).where(and(eq(calendarDays.calendarId, id), eq(calendarDays.date, date)));
      await touchCalendar(tx, actor, id, 'update', { [date]: dayLabel(existing) }, { [date]: null });
    });
    return { ok: true as const };
  }

  /** Plans (and unless dryRun, writes) incoming days: added and replaced, the calendar's other days kept. */
  async function applyDays(
    actor: Actor,
    id: number,
    incoming: CalendarDay[],
    skipped: string[],
    dryRun: boolean,
  ): Promise<DayChangeReport> {
    const plan = async (tx: DbOrTx) => {
      const existing = await tx
        .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
        .from(calendarDays)
        .where(eq(calendarDays.calendarId, id));
      return planDayChanges(existing, incoming);
    };
    if (dryRun) {
      await getCalendar(id);
      return { committed: false, ...(await plan(db)), skipped };
    }
    return db.transaction(async (tx) => {
      await lockRecord(tx, businessCalendars, calendarKind, id);
      const change = await plan(tx);
      const written = [...change.add, ...change.replace];
      if (written.length > 0) {
        await tx
          .insert(calendarDays)
          .values(written.map((day) => ({ calendarId: id, date: day.date, kind: day.kind, name: day.name })))
          .onConflictDoUpdate({
            target: [calendarDays.calendarId, calendarDays.date],
            set: { kind: sql`excluded.kind`, name: sql`excluded.name` },
          });
        const before = Object.fromEntries([
          ...change.add.map((day) => [day.date, null]),
          ...change.replace.map((day) => [day.date, dayLabel({ kind: day.previousKind, name: day.previousName })]),
        ]);
        const after = Object.fromEntries(written.map((day) => [day.date, dayLabel(day)]));
        await touchCalendar(tx, actor, id, 'import', before, after);
      }
      return { committed: true, ...change, skipped };
    });
  }

  async function importIcs(actor: Actor, id: number, file: Upload, dryRun: boolean): Promise<DayChangeReport> {
    const name = file.filename.toLowerCase();
    if (!name.endsWith('.ics') && !name.endsWith('.ical') && !name.endsWith('.ifb')) {
      throw fieldError('file', '只支持 iCalendar（.ics）文件', 'Only iCalendar (.ics) files can be imported');
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer).replace(/^\uFEFF/, '');
    } catch {
      throw fieldError('file', '文件不是 UTF-8 编码的文本', 'The file is not UTF-8 text');
    }
    let parsed: ReturnType<typeof parseHolidayIcs>;
    try {
      parsed = parseHolidayIcs(text);
    } catch (error) {
      if (error instanceof HolidayIcsError) throw fieldError('file', error.text.zh, error.text.en);
      throw fieldError(
        'file',
        '无法读取日历文件，请确认是有效的 .ics 文件',
        'The calendar file could not be read; check that it is a valid .ics file',
      );
    }
    const incoming: CalendarDay[] = [
      ...parsed.holidays.map((day) => ({ ...day, kind: 'holiday' as const })),
      ...parsed.makeUpDays.map((day) => ({ ...day, kind: 'make_up' as const })),
    ];
    if (incoming.length === 0) {
      throw new AppError(
        'VALIDATION',
        {
          zh: '文件中没有可导入的全天节假日或调休上班日',
          en: 'The file has no all-day holidays or make-up working days to import',
        },
        { fields: [{ field: 'file', message: 'empty' }], details: { skipped: parsed.skipped.slice(0, 100) } },
      );
    }
    return applyDays(actor, id, incoming, parsed.skipped, dryRun);
  }

  function officialSchedule(year: number) {
    const schedule = chinaHolidaySchedules.find((s) => s.year === year);
    if (!schedule) {
      const years = chinaHolidaySchedules.map((s) => s.year).join('、');
      throw fieldError(
        'year',
        `没有 ${year} 年的国务院节假日安排（已有：${years}）`,
        `There is no State Council schedule for ${year} (available: ${years.replaceAll('、', ', ')})`,
      );
    }
    return schedule;
  }

  async function applyOfficial(actor: Actor, id: number, year: number, dryRun: boolean) {
    const schedule = officialSchedule(year);
    const incoming: CalendarDay[] = [
      ...schedule.holidays.map((day) => ({ ...day, kind: 'holiday' as const })),
      ...schedule.makeUpDays.map((day) => ({ ...day, kind: 'make_up' as const })),
    ];
    return applyDays(actor, id, incoming, [], dryRun);
  }

  // ---------- "try it" ----------

  async function previewDeadline(id: number, start: Date, minutes: number) {
    const row = await getCalendar(id);
    const calendar = await loadCompiledCalendar(db, id);
    const from = start.getTime();
    const due = addBusinessTime(calendar, from, minutes * MINUTE);
    const finite = Number.isFinite(due);
    const segments = finite ? clockLedger(calendar, from, due) : [];
    const zone = row.timeZone;
    return {
      timeZone: zone,
      start,
      startLocal: localDateTime(from, zone),
      minutes,
      due: finite ? new Date(due) : null,
      dueLocal: finite ? localDateTime(due, zone) : null,
      ledger: segments.map((segment) => ({
        start: new Date(segment.start),
        end: new Date(segment.end),
        startLocal: localDateTime(segment.start, zone),
        endLocal: localDateTime(segment.end, zone),
        kind: segment.kind,
        minutes: Math.round((segment.end - segment.start) / 600) / 100,
        ...(segment.holidayName ? { holidayName: segment.holidayName } : {}),
      })),
    };
  }

  // ---------- policies ----------

  const policyColumns = {
    id: slaPolicies.id,
    code: slaPolicies.code,
    name: slaPolicies.name,
    description: slaPolicies.description,
    calendarId: slaPolicies.calendarId,
    calendarName: businessCalendars.name,
    calendarCode: businessCalendars.code,
    targets: slaPolicies.targets,
    pauseForParts: slaPolicies.pauseForParts,
    isDefault: slaPolicies.isDefault,
    contractCount: sql<number>`(select count(*)::int from service_contracts c where c.sla_policy_id = ${slaPolicies.id})`,
    isActive: slaPolicies.isActive,
    version: slaPolicies.version,
    createdAt: slaPolicies.createdAt,
    updatedAt: slaPolicies.updatedAt,
  };

  const levelOrder = { any: 0, urban: 1, suburban: 2 } as const;
  const sortTargets = (targets: readonly SlaTarget[]) =>
    [...targets].sort((a, b) => a.level - b.level || levelOrder[a.region] - levelOrder[b.region]);

  async function listPolicies(active: 'true' | 'false' | 'all') {
    return db
      .select(policyColumns)
      .from(slaPolicies)
      .innerJoin(businessCalendars, eq(businessCalendars.id, slaPolicies.calendarId))
      .where(active === 'all' ? undefined : eq(slaPolicies.isActive, active === 'true'))
      .orderBy(sql`${slaPolicies.isDefault} desc`, asc(slaPolicies.code));
  }

  async function getPolicy(id: number, tx: DbOrTx = db) {
    const [row] = await tx
      .select(policyColumns)
      .from(slaPolicies)
      .innerJoin(businessCalendars, eq(businessCalendars.id, slaPolicies.calendarId))
      .where(eq(slaPolicies.id, id));
    if (!row) throw notFound(policyKind.label.zh, policyKind.label.en);
    return row;
  }

  async function assertUsableCalendar(tx: DbOrTx, calendarId: number) {
    const [row] = await tx
      .select({ isActive: businessCalendars.isActive })
      .from(businessCalendars)
      .where(eq(businessCalendars.id, calendarId));
    if (!row?.isActive) {
      throw fieldError(
        'calendarId',
        '所选工作日历不存在或已停用',
        'The chosen business calendar does not exist or is inactive',
      );
    }
  }

  function checkTargets(input: PolicyInput) {
    const problems = targetProblems(input.targets);
    if (problems.length) throw invalid(problems);
  }

  /** Takes the default flag from whichever policy has it (other than `keep`), audited. */
  async function clearDefault(tx: DbOrTx, actor: Actor, keep: number | null) {
    const previous = await tx
      .select({ id: slaPolicies.id })
      .from(slaPolicies)
      .where(and(eq(slaPolicies.isDefault, true), keep === null ? undefined : ne(slaPolicies.id, keep)))
      .for('update');
    for (const { id } of previous) {
      await tx
        .update(slaPolicies)
        .set({ isDefault: false, version: sql`${slaPolicies.version} + 1`, updatedAt: clock.now() })
        .where(eq(slaPolicies.id, id));
      await recordAudit(tx, {
        entityType: policyKind.entityType,
        entityId: id,
        action: 'update',
        actor,
        before: { isDefault: true },
        after: { isDefault: false },
      });
    }
  }

  const policyValues = (input: PolicyInput) => ({
    code: input.code,
    name: input.name,
    description: input.description ?? null,
    calendarId: input.calendarId,
    targets: sortTargets(input.targets as SlaTarget[]).map((row) => ({
      level: row.level,
      region: row.region,
      response: row.response,
      arrival: row.arrival,
      resolution: row.resolution,
    })),
    pauseForParts: input.pauseForParts,
    isDefault: input.isDefault,
  });

  async function createPolicy(actor: Actor, input: PolicyInput) {
    checkTargets(input);
    const id = await db.transaction(async (tx) => {
      await assertUsableCalendar(tx, input.calendarId);
      if (input.isDefault) await clearDefault(tx, actor, null);
      const created = await createRecord(tx, slaPolicies, policyKind, { values: policyValues(input), actor });
      return created.id as number;
    });
    return getPolicy(id);
  }

  async function updatePolicy(actor: Actor, id: number, input: PolicyInput & { version: number }) {
    checkTargets(input);
    await db.transaction(async (tx) => {
      const before = await lockRecord(tx, slaPolicies, policyKind, id);
      if (before.version !== input.version) throw versionConflict(policyKind.label.zh, policyKind.label.en);
      if (before.isDefault && !input.isDefault) {
        throw fieldError(
          'isDefault',
          '必须有一个默认策略：请把另一个策略设为默认，而不是取消这个',
          'There must be a default policy: make another policy the default instead',
        );
      }
      if (input.isDefault && !before.isDefault && !before.isActive) {
        throw fieldError('isDefault', '已停用的策略不能设为默认', 'An inactive policy cannot be the default');
      }
      if (input.calendarId !== before.calendarId) await assertUsableCalendar(tx, input.calendarId);
      if (input.isDefault && !before.isDefault) await clearDefault(tx, actor, id);
      await updateRecord(tx, slaPolicies, policyKind, {
        id,
        expectedVersion: input.version,
        patch: policyValues(input),
        actor,
        now: clock.now(),
      });
    });
    return getPolicy(id);
  }

  async function setPolicyActive(actor: Actor, id: number, active: boolean) {
    await db.transaction(async (tx) => {
      const before = await lockRecord(tx, slaPolicies, policyKind, id);
      if (!active && before.isDefault) {
        throw new AppError('CONFLICT', {
          zh: '默认策略不能停用：请先把另一个策略设为默认',
          en: 'The default policy cannot be deactivated; make another policy the default first',
        });
      }
      if (!active) {
        const [usage] = await tx
          .select({ count: sql<number>`count(*)::int` })
          .from(serviceContracts)
          .where(and(eq(serviceContracts.slaPolicyId, id), ne(serviceContracts.status, 'terminated')));
        if (usage.count > 0) {
          throw new AppError('CONFLICT', {
            zh: `仍有 ${usage.count} 份未终止的合同使用该策略，不能停用`,
            en: `${usage.count} contracts that are not terminated still use this policy`,
          });
        }
      }
      await setRecordActive(tx, slaPolicies, policyKind, { id, active, actor, now: clock.now() });
    });
    return getPolicy(id);
  }

  return {
    listCalendars,
    getCalendar: (id: number) => getCalendar(id),
    createCalendar,
    updateCalendar,
    setCalendarActive,
    listCalendarDays,
    addCalendarDay,
    updateCalendarDay,
    removeCalendarDay,
    importIcs,
    applyOfficial,
    officialSchedules: () => chinaHolidaySchedules,
    previewDeadline,
    listPolicies,
    getPolicy: (id: number) => getPolicy(id),
    createPolicy,
    updatePolicy,
    setPolicyActive,
  };
}
export type SlaService = ReturnType<typeof createSlaService>;
