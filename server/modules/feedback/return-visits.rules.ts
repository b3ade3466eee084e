/**
 * FBK-3 return-visit schedule: the one definition of which visits the rules ask for, their
 * periods and due dates. Invariant: every generated visit has a period [start, end) aligned to
 * calendar months (a period of N months starts in a month whose index since year 0 is a multiple
 * of N: quarters, halves, years), its due date lies inside the period (and not before the day it
 * was planned), and (rule, subject, period start) identifies it, so planning twice plans nothing new.
 * `generateReturnVisits` in return-visits.service.ts does the same set-based in SQL; a test checks
 * that both agree on a sample.
 *
 * Sources: 003 第三条 6 (in warranty on site every 3 months, after warranty every 6 months, a phone
 * visit and quality tracking every month), 004 四 4(6) (key customers at least every half year,
 * others at least yearly), 001 4.6 a (an annual visit to key customers, report within 10 days),
 * 001 4.5 / 003 (remote result confirmed within 48 h; follow-up after repairs).
 *
 * Decisions (documented in docs/decisions and the report):
 * - The monthly phone visit goes to key customers, one call per customer (not per unit): a monthly
 *   call per unit is 12 calls a year per device, which no desk can staff, and the 003 company (a
 *   system integrator) treats every customer as a key account. A setting turns it off.
 * - The "at least every N months" floors are a safety net: a customer gets that visit only when no
 *   other visit of theirs falls in the period (the per-unit and monthly visits usually satisfy it).
 * - Per-unit visits start in the first period that begins after the unit's service start (its
 *   acceptance, else delivery, else purchase date); a unit with no known warranty end is treated
 *   as out of warranty (lifetime maintenance [003 第三条 2]).
 * Dates are ISO `yyyy-mm-dd` strings in the organisation's time zone; "today" is a parameter.
 */
import { addDays, addMonths } from '../customers/warranty.rules.js';

export type ReturnVisitRule =
  | 'after_remote'
  | 'after_repair'
  | 'warranty_on_site'
  | 'post_warranty_on_site'
  | 'monthly_phone'
  | 'customer_minimum'
  | 'key_annual'
  | 'survey_follow_up'
  | 'complaint_follow_up'
  | 'manual';
export type ReturnVisitMethod = 'phone' | 'on_site';

export type ReturnVisitSettings = {
  afterRemoteCheckHours: number;
  afterRepairVisitHours: number;
  /** 0 turns the series off. */
  warrantyVisitMonths: number;
  postWarrantyVisitMonths: number;
  phoneVisitMonths: number;
  keyCustomerMinimumMonths: number;
  customerMinimumMonths: number;
  keyAnnualVisit: boolean;
  visitReportDays: number;
  horizonMonths: number;
};

/** The method of each rule (the call script the agent sees follows the rule). */
export const ruleMethod: Record<ReturnVisitRule, ReturnVisitMethod> = {
  after_remote: 'phone',
  after_repair: 'phone',
  warranty_on_site: 'on_site',
  post_warranty_on_site: 'on_site',
  monthly_phone: 'phone',
  customer_minimum: 'phone',
  key_annual: 'on_site',
  survey_follow_up: 'phone',
  complaint_follow_up: 'phone',
  manual: 'phone',
};

/** Rules whose visits need a visit report (due `visitReportDays` after the visit). */
export const rulesWithReport: readonly ReturnVisitRule[] = ['key_annual'];

/** Local hour at which a planned day's visit is due (end of the working day). */
export const DUE_HOUR = 18;

export type Period = { start: string; end: string };

const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const monthStart = (index: number) => `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}-01`;

/** Whole days from `from` to `to` (both yyyy-mm-dd). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The period of `months` months that contains `date`. */
export function periodContaining(date: string, months: number): Period {
  const first = Math.floor(monthIndex(date) / months) * months;
  return { start: monthStart(first), end: monthStart(first + months) };
}

/** The periods of `months` months that overlap [from, to) (to exclusive), in order. */
export function periodsOverlapping(from: string, to: string, months: number): Period[] {
  if (months <= 0 || to <= from) return [];
  const periods: Period[] = [];
  let index = Math.floor(monthIndex(from) / months) * months;
  while (monthStart(index) < to) {
    periods.push({ start: monthStart(index), end: monthStart(index + months) });
    index += months;
  }
  return periods;
}

/**
 * The planned day of a visit in its period: spread over the period by the subject's id (so a
 * quarter's visits do not all fall on one day), never before `today`. Always inside the period
 * when the period ends after today.
 */
export function plannedDay(period: Period, subjectId: number, today: string): string {
  const day = addDays(period.start, subjectId % daysBetween(period.start, period.end));
  return day < today ? today : day;
}

/** The planning window: from today for `horizonMonths` months. */
export function planningWindow(today: string, horizonMonths: number): { from: string; to: string } {
  return { from: today, to: addMonths(today, horizonMonths) };
}

export type PlannedVisit = {
  rule: ReturnVisitRule;
  subjectId: number;
  period: Period;
  day: string;
};

export type UnitFacts = {
  id: number;
  /** Acceptance, else delivery, else purchase date; null when unknown. */
  serviceStart: string | null;
  warrantyEnd: string | null;
};

/**
 * On-site visits of one unit in the window: every `warrantyVisitMonths` while the warranty covers
 * the period's first day, every `postWarrantyVisitMonths` for periods starting after the warranty
 * end; only periods starting after the service start.
 */
export function planUnitVisits(unit: UnitFacts, settings: ReturnVisitSettings, today: string): PlannedVisit[] {
  const { from, to } = planningWindow(today, settings.horizonMonths);
  const started = (period: Period) => unit.serviceStart === null || period.start > unit.serviceStart;
  const planned: PlannedVisit[] = [];
  if (unit.warrantyEnd !== null) {
    for (const period of periodsOverlapping(from, to, settings.warrantyVisitMonths)) {
      if (started(period) && period.start <= unit.warrantyEnd) {
        planned.push({ rule: 'warranty_on_site', subjectId: unit.id, period, day: plannedDay(period, unit.id, today) });
      }
    }
  }
  for (const period of periodsOverlapping(from, to, settings.postWarrantyVisitMonths)) {
    if (started(period) && (unit.warrantyEnd === null || period.start > unit.warrantyEnd)) {
      planned.push({
        rule: 'post_warranty_on_site',
        subjectId: unit.id,
        period,
        day: plannedDay(period, unit.id, today),
      });
    }
  }
  return planned;
}

export type CustomerFacts = {
  id: number;
  level: 'key' | 'regular';
  /** Has at least one active unit (the floors apply to customers we have equipment at). */
  hasEquipment: boolean;
};

/** Key customers' monthly phone visits and their annual visit (with a report). */
export function planKeyCustomerVisits(
  customer: CustomerFacts,
  settings: ReturnVisitSettings,
  today: string,
): PlannedVisit[] {
  if (customer.level !== 'key') return [];
  const { from, to } = planningWindow(today, settings.horizonMonths);
  const planned: PlannedVisit[] = [];
  for (const period of periodsOverlapping(from, to, settings.phoneVisitMonths)) {
    planned.push({
      rule: 'monthly_phone',
      subjectId: customer.id,
      period,
      day: plannedDay(period, customer.id, today),
    });
  }
  if (settings.keyAnnualVisit) {
    for (const period of periodsOverlapping(from, to, 12)) {
      planned.push({ rule: 'key_annual', subjectId: customer.id, period, day: plannedDay(period, customer.id, today) });
    }
  }
  return planned;
}

/** The floor's interval for a customer: key customers at least every 6 months, others every 12 (settings). */
export const minimumMonths = (level: CustomerFacts['level'], settings: ReturnVisitSettings) =>
  level === 'key' ? settings.keyCustomerMinimumMonths : settings.customerMinimumMonths;

/**
 * The floor visits: one per period of `minimumMonths` in which the customer (with equipment) has no
 * other visit planned. `otherDays` are the planned days of the customer's other (not cancelled) visits.
 */
export function planMinimumVisits(
  customer: CustomerFacts,
  otherDays: readonly string[],
  settings: ReturnVisitSettings,
  today: string,
): PlannedVisit[] {
  if (!customer.hasEquipment) return [];
  const { from, to } = planningWindow(today, settings.horizonMonths);
  return periodsOverlapping(from, to, minimumMonths(customer.level, settings))
    .filter((period) => !otherDays.some((day) => day >= period.start && day < period.end))
    .map((period) => ({
      rule: 'customer_minimum' as const,
      subjectId: customer.id,
      period,
      day: plannedDay(period, customer.id, today),
    }));
}

/** Ticket types that have nothing to check afterwards. */
const noFollowUpTypes = new Set(['consultation', 'information', 'complaint', 'training']);

/**
 * The visit a resolution asks for: a result check `afterRemoteCheckHours` after remote handling, a
 * visit `afterRepairVisitHours` after an on-site or send-in repair; none otherwise.
 */
export function ticketReturnVisit(
  ticket: { type: string; serviceMode: string | null },
  resolvedAt: Date,
  settings: Pick<ReturnVisitSettings, 'afterRemoteCheckHours' | 'afterRepairVisitHours'>,
): { rule: 'after_remote' | 'after_repair'; dueAt: Date } | null {
  if (noFollowUpTypes.has(ticket.type)) return null;
  if (ticket.serviceMode === 'remote') {
    return { rule: 'after_remote', dueAt: new Date(resolvedAt.getTime() + settings.afterRemoteCheckHours * 3_600_000) };
  }
  if (ticket.serviceMode === 'on_site' || ticket.serviceMode === 'send_in') {
    return { rule: 'after_repair', dueAt: new Date(resolvedAt.getTime() + settings.afterRepairVisitHours * 3_600_000) };
  }
  return null;
}

export type OutcomeDecision = {
  status: 'open' | 'done';
  /** For a retry: the next due time. */
  nextDueAt: Date | null;
  opensComplaint: boolean;
};

/**
 * What an outcome does: `no_answer` keeps the visit open and due again after `retryHours` until
 * `maxAttempts` calls went unanswered; `unhappy` opens a complaint; everything else closes it.
 */
export function decideOutcome(
  outcome: 'satisfied' | 'issue_found' | 'unhappy' | 'no_answer' | 'wrong_number',
  attemptsSoFar: number,
  now: Date,
  settings: { retryHours: number; maxAttempts: number },
): OutcomeDecision {
  if (outcome === 'no_answer' && attemptsSoFar + 1 < settings.maxAttempts) {
    return {
      status: 'open',
      nextDueAt: new Date(now.getTime() + settings.retryHours * 3_600_000),
      opensComplaint: false,
    };
  }
  return { status: 'done', nextDueAt: null, opensComplaint: outcome === 'unhappy' };
}

/** When the visit report of a visit done at `visitedAt` is due. */
export function reportDueAt(visitedAt: Date, visitReportDays: number): Date {
  return new Date(visitedAt.getTime() + visitReportDays * 86_400_000);
}
