/**
 * Deadlines of one ticket clock (SLA-3, TKT-9, SLA-4). Invariant: every figure is derived from the
 * clock's start (the original receipt time), its target, the calendar and the ticket's pauses — so
 * a level change, a pause or a calendar edit recomputes the same way, and the ledger that explains
 * a deadline is the very computation that produced it. Pure: "now" is a parameter.
 */
import {
  addBusinessTime,
  alwaysOpenCalendar,
  businessTimeBetween,
  type CompiledCalendar,
  clockLedger,
  type LedgerSegment,
  type PauseInterval,
} from './business-time.rules.js';
import type { SlaTarget } from './sla.table.js';

export type ClockBasis = 'business' | 'calendar';
export type ClockTargetSpec = { minutes: number; basis: ClockBasis; isPausable: boolean };
export type SlaClockKind = 'response' | 'arrival' | 'resolution';

const MINUTE = 60_000;

/** The most specific row of a policy's grid: same level and region, else the level's 'any' row. */
export function pickTarget(targets: readonly SlaTarget[], level: number, region: string): SlaTarget | undefined {
  return (
    targets.find((target) => target.level === level && target.region === region) ??
    targets.find((target) => target.level === level && target.region === 'any')
  );
}

export type TicketFacts = {
  faultLevel: number;
  region: string;
  type: string;
  classification: 'technical' | 'quality';
  serviceMode: string | null;
  hasEquipment: boolean;
};

export type InternalDeadlines = {
  intakeMinutes: number;
  qualityAssignmentMinutes: number;
  technicalPlanMinutes: number;
  remoteVerificationMinutes: number;
  loanerAfterWorkingMinutes: number;
};

/** Types that need a technical plan (TKT-9 "technical plan within 4 h"). */
const plannedTypes = new Set(['repair', 'installation', 'maintenance', 'return_exchange']);
/** Faults of equipment the customer depends on: these raise a loaner task when not fixed in time (SLA-4). */
const loanerTypes = new Set(['repair']);

/**
 * Which clocks a ticket has, with their targets. SLA clocks pause while the ticket waits; internal
 * deadlines (TKT-9) are the desk's own work and count in the ticket's calendar without pauses.
 */
export function clocksFor(
  facts: TicketFacts,
  targets: readonly SlaTarget[],
  internal: InternalDeadlines,
): Map<string, ClockTargetSpec> {
  const clocks = new Map<string, ClockTargetSpec>();
  const row = pickTarget(targets, facts.faultLevel, facts.region);
  const sla = (kind: SlaClockKind) => {
    const target = row?.[kind];
    if (target) clocks.set(kind, { minutes: target.minutes, basis: target.basis, isPausable: true });
  };
  sla('response');
  if (facts.serviceMode === 'on_site') sla('arrival');
  sla('resolution');
  const own = (kind: string, minutes: number) => clocks.set(kind, { minutes, basis: 'business', isPausable: false });
  own('intake', internal.intakeMinutes);
  if (facts.classification === 'quality') own('quality_assignment', internal.qualityAssignmentMinutes);
  if (facts.classification === 'technical' && plannedTypes.has(facts.type)) {
    own('technical_plan', internal.technicalPlanMinutes);
  }
  if (facts.serviceMode === 'remote') own('remote_verification', internal.remoteVerificationMinutes);
  if (loanerTypes.has(facts.type) && facts.hasEquipment && facts.serviceMode !== 'remote') {
    own('loaner', internal.loanerAfterWorkingMinutes);
  }
  return clocks;
}

export type ClockInput = {
  basis: ClockBasis;
  targetMinutes: number;
  startedAt: number;
  stoppedAt: number | null;
  isPausable: boolean;
};

export type ClockFigures = {
  dueAt: number | null;
  atRiskAt: number | null;
  outcome: 'met' | 'breached' | null;
};

const calendarFor = (basis: ClockBasis, calendar: CompiledCalendar) =>
  basis === 'calendar' ? alwaysOpenCalendar : calendar;
const pausesFor = (clock: ClockInput, pauses: readonly PauseInterval[]) => (clock.isPausable ? pauses : []);
const finite = (ms: number) => (Number.isFinite(ms) ? ms : null);

/** Due and at-risk instants (null while an open pause holds the clock) and, once stopped, the outcome. */
export function computeClock(
  clock: ClockInput,
  calendar: CompiledCalendar,
  pauses: readonly PauseInterval[],
  atRiskPercent: number,
): ClockFigures {
  const counted = calendarFor(clock.basis, calendar);
  const ownPauses = pausesFor(clock, pauses);
  const target = clock.targetMinutes * MINUTE;
  const dueAt = finite(addBusinessTime(counted, clock.startedAt, target, ownPauses));
  const atRiskAt = finite(
    addBusinessTime(counted, clock.startedAt, Math.floor((target * atRiskPercent) / 100), ownPauses),
  );
  let outcome: ClockFigures['outcome'] = null;
  if (clock.stoppedAt !== null) {
    outcome = businessTimeBetween(counted, clock.startedAt, clock.stoppedAt, ownPauses) <= target ? 'met' : 'breached';
  }
  return { dueAt, atRiskAt, outcome };
}

export type ClockState = 'running' | 'paused' | 'at_risk' | 'breached' | 'met' | 'stopped';

export type ClockReport = {
  state: ClockState;
  usedMinutes: number;
  remainingMinutes: number;
  ledger: (LedgerSegment & { minutes: number })[];
  explanation: { zh: string; en: string };
};

const kindText: Record<LedgerSegment['kind'], { zh: string; en: string }> = {
  running: { zh: '计时', en: 'counted' },
  paused: { zh: '暂停', en: 'paused' },
  outside_hours: { zh: '非工作时段', en: 'outside working hours' },
  non_working_day: { zh: '休息日', en: 'non-working days' },
  holiday: { zh: '节假日', en: 'holidays' },
};
const pauseText: Record<string, { zh: string; en: string }> = {
  waiting_customer: { zh: '等待客户', en: 'waiting for the customer' },
  waiting_parts: { zh: '等待配件', en: 'waiting for parts' },
};

export function formatDuration(minutes: number, language: 'zh' | 'en'): string {
  const rounded = Math.round(Math.abs(minutes));
  const days = Math.floor(rounded / 1440);
  const hours = Math.floor((rounded % 1440) / 60);
  const rest = rounded % 60;
  const parts: string[] = [];
  if (language === 'zh') {
    if (days) parts.push(`${days}天`);
    if (hours) parts.push(`${hours}小时`);
    if (rest || parts.length === 0) parts.push(`${rest}分钟`);
    return parts.join('');
  }
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (rest || parts.length === 0) parts.push(`${rest} min`);
  return parts.join(' ');
}

/**
 * The ticket page's view of a clock: its state at `now`, time used and left, and the ledger from
 * the start to the deadline (or to the stop, or to now when later) with a sentence that explains it.
 */
export function reportClock(
  clock: ClockInput & ClockFigures,
  calendar: CompiledCalendar,
  pauses: readonly PauseInterval[],
  now: number,
  formatInstant: (ms: number, language: 'zh' | 'en') => string,
  calendarName: string,
): ClockReport {
  const counted = calendarFor(clock.basis, calendar);
  const ownPauses = pausesFor(clock, pauses);
  const until = clock.stoppedAt ?? now;
  const used = businessTimeBetween(counted, clock.startedAt, until, ownPauses) / MINUTE;
  const remaining = clock.targetMinutes - used;
  const isPaused = clock.stoppedAt === null && ownPauses.some((pause) => pause.start <= now && now < pause.end);
  let state: ClockState;
  if (clock.stoppedAt !== null) state = clock.outcome ?? 'stopped';
  else if (clock.dueAt !== null && now >= clock.dueAt) state = 'breached';
  else if (isPaused) state = 'paused';
  else if (clock.atRiskAt !== null && now >= clock.atRiskAt) state = 'at_risk';
  else state = 'running';

  const end = Math.max(clock.stoppedAt ?? clock.dueAt ?? now, clock.stoppedAt === null ? now : 0, clock.startedAt);
  const ledger = clockLedger(counted, clock.startedAt, end, ownPauses).map((segment) => ({
    ...segment,
    minutes: (segment.end - segment.start) / MINUTE,
  }));
  return {
    state,
    usedMinutes: Math.round(used * 10) / 10,
    remainingMinutes: Math.round(remaining * 10) / 10,
    ledger,
    explanation: explain(clock, ledger, formatInstant, calendarName),
  };
}

function explain(
  clock: ClockInput & ClockFigures,
  ledger: ClockReport['ledger'],
  formatInstant: (ms: number, language: 'zh' | 'en') => string,
  calendarName: string,
): { zh: string; en: string } {
  const totals = new Map<string, number>();
  const holidays = new Set<string>();
  for (const segment of ledger) {
    const key = segment.kind === 'paused' ? `paused:${segment.reason ?? ''}` : segment.kind;
    totals.set(key, (totals.get(key) ?? 0) + segment.minutes);
    if (segment.holidayName) holidays.add(segment.holidayName);
  }
  const sentence = (language: 'zh' | 'en') => {
    const at = (ms: number) => formatInstant(ms, language);
    const target = formatDuration(clock.targetMinutes, language);
    const basis =
      clock.basis === 'calendar'
        ? { zh: '自然时间', en: 'calendar time' }[language]
        : { zh: `工作时间（${calendarName}）`, en: `business time (${calendarName})` }[language];
    const skipped = [...totals.entries()]
      .filter(([key]) => key !== 'running')
      .map(([key, minutes]) => {
        const [kind, reason] = key.split(':') as [LedgerSegment['kind'], string | undefined];
        const label =
          kind === 'paused' && reason ? (pauseText[reason]?.[language] ?? reason) : kindText[kind][language];
        const names = kind === 'holiday' && holidays.size ? `（${[...holidays].join('、')}）` : '';
        return language === 'zh'
          ? `${label}${names} ${formatDuration(minutes, language)}`
          : `${label}${names ? ` (${[...holidays].join(', ')})` : ''} ${formatDuration(minutes, language)}`;
      });
    const start = at(clock.startedAt);
    if (language === 'zh') {
      const head = `从受理时间 ${start} 起按${basis}计 ${target}`;
      const tail = clock.dueAt === null ? '；工单暂停中，恢复后重新计算截止时间' : `，截止时间为 ${at(clock.dueAt)}`;
      return `${head}${skipped.length ? `，不计入：${skipped.join('，')}` : ''}${tail}。`;
    }
    const head = `${target} of ${basis} from receipt at ${start}`;
    const tail =
      clock.dueAt === null
        ? '; the ticket is paused, the deadline is set again when it resumes'
        : ` give a deadline of ${at(clock.dueAt)}`;
    return `${head}${skipped.length ? `, not counting ${skipped.join(', ')},` : ''}${tail}.`;
  };
  return { zh: sentence('zh'), en: sentence('en') };
}
