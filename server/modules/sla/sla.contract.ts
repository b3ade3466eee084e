/**
 * The SLA administration API contract (SLA-1, SLA-2): business calendars with their holidays and
 * make-up working days, and SLA policies with their target grid. Shared by the server and the web
 * app. Enumerations live here (not in the table file) so the web bundle does not pull in Drizzle.
 * Shape checks are zod's; the checks that name a weekday or a grid cell are in sla-admin.rules.ts.
 */
import { z } from 'zod';
import { idParam, isoDate, optionalText, requiredText, timestamp, versioned } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';

// ---------- enumerations ----------

export const calendarDayKinds = ['holiday', 'make_up'] as const;
export const faultLevels = [1, 2, 3, 4] as const;
/** 'any' applies to every ticket; an 'urban'/'suburban' row replaces it for tickets of that region. */
export const slaRegions = ['any', 'urban', 'suburban'] as const;
/** business: counted in the calendar's working time; calendar: elapsed time, around the clock. */
export const timeBases = ['business', 'calendar'] as const;
export const targetClocks = ['response', 'arrival', 'resolution'] as const;

/** The longest target or preview: one year. */
export const MAX_TARGET_MINUTES = 525_600;

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: i18nMessage('code') });
const activeFilter = z.enum(['true', 'false', 'all']).default('all');

export { idParam };
export const listQuery = z.object({ active: activeFilter });

// ---------- business calendars (SLA-2) ----------

/** Minutes after local midnight; ranges and overlaps are checked per weekday in sla-admin.rules.ts. */
export const workingWindow = z.object({
  start: z.number({ error: i18nMessage('required') }).int(),
  end: z.number({ error: i18nMessage('required') }).int(),
});
export type WorkingWindowInput = z.infer<typeof workingWindow>;

export const calendarInput = z.object({
  code,
  name: requiredText(100),
  timeZone: z
    .string({ error: i18nMessage('required') })
    .trim()
    .min(1, { error: i18nMessage('nonEmpty') })
    .max(64),
  /** 7×24: every instant is working time; windows, holidays and make-up days are then ignored. */
  alwaysOpen: z.boolean().default(false),
  /** Seven lists of windows, Monday first. */
  weekly: z.array(z.array(workingWindow).max(12)).length(7),
  /** Windows of a make-up working day (调休上班); null = Monday's windows. */
  makeUpWindows: z.array(workingWindow).max(12).nullish(),
});
export type CalendarInput = z.output<typeof calendarInput>;
export const calendarUpdate = calendarInput.extend(versioned);

export const calendar = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  alwaysOpen: z.boolean(),
  weekly: z.array(z.array(z.object({ start: z.number(), end: z.number() }))),
  makeUpWindows: z.array(z.object({ start: z.number(), end: z.number() })).nullable(),
  /** Working minutes of an ordinary week (no holidays); 10080 for 7×24. */
  weeklyMinutes: z.number(),
  holidayCount: z.number(),
  makeUpDayCount: z.number(),
  /** Active policies counting in this calendar. */
  policyCount: z.number(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Calendar = z.input<typeof calendar>;

// ---------- holidays and make-up working days ----------

export const calendarDayInput = z.object({
  date: isoDate,
  kind: z.enum(calendarDayKinds),
  name: requiredText(50),
});
export const calendarDayUpdate = calendarDayInput.omit({ date: true });
export const calendarDay = z.object({ date: z.string(), kind: z.enum(calendarDayKinds), name: z.string() });
export type CalendarDay = z.infer<typeof calendarDay>;
export const calendarDayParams = z.object({ id: idParam.shape.id, date: isoDate });
export const calendarDaysQuery = z.object({ year: z.coerce.number().int().min(1900).max(2199).optional() });

/**
 * What an import or an official schedule does to a calendar's days: new dates, dates whose kind or
 * name changes, and the rest unchanged. Days of the calendar not in the file are kept.
 */
export const dayChangeReport = z.object({
  committed: z.boolean(),
  add: z.array(calendarDay),
  replace: z.array(calendarDay.extend({ previousKind: z.enum(calendarDayKinds), previousName: z.string() })),
  unchanged: z.number(),
  /** Lines of the file that were not imported, with the reason. */
  skipped: z.array(z.string()),
});
export type DayChangeReport = z.infer<typeof dayChangeReport>;
export const importQuery = z.object({ dryRun: z.enum(['true', 'false']).default('true') });
export const applyOfficialParams = z.object({ id: idParam.shape.id, year: z.coerce.number().int() });
export const applyOfficialQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

export const officialSchedule = z.object({
  year: z.number(),
  notice: z.string(),
  holidays: z.array(calendarDay.pick({ date: true, name: true })),
  makeUpDays: z.array(calendarDay.pick({ date: true, name: true })),
});

// ---------- "try it": a deadline in this calendar ----------

export const previewInput = z.object({
  start: timestamp,
  minutes: z
    .number({ error: i18nMessage('required') })
    .int({ error: i18nMessage('positiveInt') })
    .min(1, { error: i18nMessage('positiveInt') })
    .max(MAX_TARGET_MINUTES),
});
export const ledgerKinds = ['running', 'paused', 'outside_hours', 'non_working_day', 'holiday'] as const;
export const previewSegment = z.object({
  start: timestamp,
  end: timestamp,
  /** Wall-clock times in the calendar's zone, 'YYYY-MM-DD HH:mm'. */
  startLocal: z.string(),
  endLocal: z.string(),
  kind: z.enum(ledgerKinds),
  minutes: z.number(),
  holidayName: z.string().optional(),
});
export const previewResult = z.object({
  timeZone: z.string(),
  start: timestamp,
  startLocal: z.string(),
  minutes: z.number(),
  /** Null when the calendar never reaches that much working time. */
  due: timestamp.nullable(),
  dueLocal: z.string().nullable(),
  /** From the start to the deadline: working time, outside hours, weekends and holidays. */
  ledger: z.array(previewSegment),
});
export type PreviewResult = z.input<typeof previewResult>;

// ---------- SLA policies (SLA-1) ----------

export const clockTarget = z
  .object({
    minutes: z
      .number({ error: i18nMessage('required') })
      .int({ error: i18nMessage('positiveInt') })
      .min(1, { error: i18nMessage('positiveInt') })
      .max(MAX_TARGET_MINUTES),
    basis: z.enum(timeBases),
  })
  .nullable();
export const slaTarget = z.object({
  level: z
    .number({ error: i18nMessage('required') })
    .int()
    .min(1)
    .max(4),
  region: z.enum(slaRegions),
  response: clockTarget,
  arrival: clockTarget,
  resolution: clockTarget,
});
export type SlaTargetInput = z.infer<typeof slaTarget>;

export const policyInput = z.object({
  code,
  name: requiredText(100),
  description: optionalText(500),
  calendarId: z
    .number({ error: i18nMessage('required') })
    .int()
    .positive(),
  /** The grid: each level 1–4 needs its 'any' row; checks in sla-admin.rules.ts. */
  targets: z.array(slaTarget).max(12),
  pauseForParts: z.boolean().default(false),
  /** Making a policy the default takes the flag from the previous default. */
  isDefault: z.boolean().default(false),
});
export type PolicyInput = z.output<typeof policyInput>;
export const policyUpdate = policyInput.extend(versioned);

const targetOut = z.object({ minutes: z.number(), basis: z.enum(timeBases) }).nullable();
export const policy = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  calendarId: z.number(),
  calendarName: z.string(),
  calendarCode: z.string(),
  targets: z.array(
    z.object({
      level: z.number(),
      region: z.enum(slaRegions),
      response: targetOut,
      arrival: targetOut,
      resolution: targetOut,
    }),
  ),
  pauseForParts: z.boolean(),
  isDefault: z.boolean(),
  /** Service contracts naming this policy. */
  contractCount: z.number(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Policy = z.input<typeof policy>;
