/**
 * The shipped business calendars and SLA policies (SLA-1, SLA-2), editable afterwards. Why each
 * target counts in business or calendar time: docs/decisions/0004-sla-defaults.md. Idempotent:
 * rows that exist (by code) are left as the organisation edited them, and a default policy is
 * only set when there is none.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import type { WorkingWindow } from './business-time.rules.js';
import { chinaHolidaySchedules } from './holidays-cn.js';
import { businessCalendars, calendarDays, type SlaTarget, slaPolicies } from './sla.table.js';

const hm = (hours: number, minutes = 0) => hours * 60 + minutes;
const h = (hours: number) => hours * 60;

const weekdays = (windows: WorkingWindow[]): WorkingWindow[][] => [windows, windows, windows, windows, windows, [], []];

/** SLA-2 [004 第五条]: 08:30–17:30, Monday to Friday. */
const standardDay: WorkingWindow[] = [{ start: hm(8, 30), end: hm(17, 30) }];
const lunchBreakDay: WorkingWindow[] = [
  { start: hm(8, 30), end: hm(12) },
  { start: hm(13, 30), end: hm(17, 30) },
];
const allDay: WorkingWindow[] = [{ start: 0, end: 1440 }];

export const defaultCalendars = [
  { code: 'STD', name: '标准工作日历', alwaysOpen: false, weekly: weekdays(standardDay), officialDays: true },
  {
    code: 'STD2',
    name: '标准工作日历（午休）',
    alwaysOpen: false,
    weekly: weekdays(lunchBreakDay),
    officialDays: true,
  },
  {
    code: '24X7',
    name: '7×24',
    alwaysOpen: true,
    weekly: [allDay, allDay, allDay, allDay, allDay, allDay, allDay],
    officialDays: false,
  },
] as const;

const business = (minutes: number) => ({ minutes, basis: 'business' as const });
const calendar = (minutes: number) => ({ minutes, basis: 'calendar' as const });

/** TKT-6 [001 表2], SLA-1 [001 4.4.4, 003 第三条 4]. */
export const standardTargets: SlaTarget[] = [
  // Level 1, system down: around the clock; 2 h on site in the main urban area, 7 h suburban.
  { level: 1, region: 'any', response: calendar(10), arrival: calendar(h(2)), resolution: calendar(h(24)) },
  { level: 1, region: 'urban', response: calendar(10), arrival: calendar(h(2)), resolution: calendar(h(24)) },
  { level: 1, region: 'suburban', response: calendar(10), arrival: calendar(h(7)), resolution: calendar(h(24)) },
  // Level 2: respond within 1 working hour; on site within 24 h (表2: 12–48 h); complex repair 48 h.
  { level: 2, region: 'any', response: business(h(1)), arrival: calendar(h(24)), resolution: calendar(h(48)) },
  // Level 3: respond within 2 working hours; on site and resolved within 72 h.
  { level: 3, region: 'any', response: business(h(2)), arrival: calendar(h(72)), resolution: calendar(h(72)) },
  // Level 4, operator error: handled remotely, no arrival target; resolved within 24 h.
  { level: 4, region: 'any', response: business(h(2)), arrival: null, resolution: calendar(h(24)) },
];

/** The 7×24 premium: every clock counts around the clock and the targets are tighter. */
export const premiumTargets: SlaTarget[] = [
  { level: 1, region: 'any', response: business(10), arrival: business(h(2)), resolution: business(h(12)) },
  { level: 1, region: 'urban', response: business(10), arrival: business(h(2)), resolution: business(h(12)) },
  { level: 1, region: 'suburban', response: business(10), arrival: business(h(4)), resolution: business(h(12)) },
  { level: 2, region: 'any', response: business(30), arrival: business(h(12)), resolution: business(h(24)) },
  { level: 3, region: 'any', response: business(h(1)), arrival: business(h(24)), resolution: business(h(48)) },
  { level: 4, region: 'any', response: business(h(1)), arrival: null, resolution: business(h(8)) },
];

export const defaultPolicies = [
  {
    code: 'STD',
    name: '标准服务时限',
    description: '故障等级对比表（表2）与 4.4.4 的默认时限；1 级故障按自然时间全天候计时，其余响应按工作时间计时。',
    calendarCode: 'STD',
    targets: standardTargets,
    pauseForParts: false,
    isDefault: true,
  },
  {
    code: '24X7',
    name: '7×24 全保服务时限',
    description: '购买 7×24 服务的合同：全部时限按 7×24 日历全天候计时。',
    calendarCode: '24X7',
    targets: premiumTargets,
    pauseForParts: false,
    isDefault: false,
  },
] as const;

/** Loads the shipped calendars (with the official 2025 and 2026 holidays) and policies. */
export async function seedSlaDefaults(tx: DbOrTx): Promise<void> {
  await tx
    .insert(businessCalendars)
    .values(
      defaultCalendars.map((c) => ({
        code: c.code,
        name: c.name,
        timeZone: 'Asia/Shanghai',
        alwaysOpen: c.alwaysOpen,
        weekly: c.weekly.map((windows) => [...windows]),
      })),
    )
    .onConflictDoNothing();
  const calendarRows = await tx
    .select({ id: businessCalendars.id, code: businessCalendars.code })
    .from(businessCalendars);
  const calendarId = new Map(calendarRows.map((row) => [row.code, row.id]));

  const days = chinaHolidaySchedules.flatMap((schedule) => [
    ...schedule.holidays.map((day) => ({ ...day, kind: 'holiday' as const })),
    ...schedule.makeUpDays.map((day) => ({ ...day, kind: 'make_up' as const })),
  ]);
  for (const c of defaultCalendars) {
    if (!c.officialDays) continue;
    const id = calendarId.get(c.code) as number;
    // Only a calendar that has no days yet gets the official ones: an edited calendar stays as edited.
    const [existing] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(calendarDays)
      .where(eq(calendarDays.calendarId, id));
    if (existing.count > 0) continue;
    await tx
      .insert(calendarDays)
      .values(days.map((day) => ({ calendarId: id, date: day.date, kind: day.kind, name: day.name })))
      .onConflictDoNothing();
  }

  const [hasDefault] = await tx
    .select({ id: slaPolicies.id })
    .from(slaPolicies)
    .where(eq(slaPolicies.isDefault, true))
    .limit(1);
  await tx
    .insert(slaPolicies)
    .values(
      defaultPolicies.map((p) => ({
        code: p.code,
        name: p.name,
        description: p.description,
        calendarId: calendarId.get(p.calendarCode) as number,
        targets: p.targets,
        pauseForParts: p.pauseForParts,
        isDefault: p.isDefault && !hasDefault,
      })),
    )
    .onConflictDoNothing();
}
