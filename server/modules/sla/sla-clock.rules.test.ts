import { describe, expect, it } from 'vitest';
import { compileCalendar, type WorkingWindow } from './business-time.rules.js';
import { chinaStatutoryDates } from './holidays-cn.js';
import type { SlaTarget } from './sla.table.js';
import { clocksFor, computeClock, pickTarget, reportClock } from './sla-clock.rules.js';

const at = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00+08:00`);
const hours = (h: number) => ({ minutes: h * 60, basis: 'business' as const });
const window = (start: number, end: number): WorkingWindow => ({ start, end });
const day = [window(8 * 60 + 30, 17 * 60 + 30)];
const calendar = compileCalendar({
  timeZone: 'Asia/Shanghai',
  alwaysOpen: false,
  weekly: [day, day, day, day, day, [], []],
  ...chinaStatutoryDates(),
});

const targets: SlaTarget[] = [
  { level: 1, region: 'any', response: { minutes: 10, basis: 'calendar' }, arrival: hours(2), resolution: hours(24) },
  {
    level: 1,
    region: 'suburban',
    response: { minutes: 10, basis: 'calendar' },
    arrival: hours(7),
    resolution: hours(24),
  },
  { level: 4, region: 'any', response: hours(2), arrival: null, resolution: hours(24) },
];
const internal = {
  intakeMinutes: 120,
  qualityAssignmentMinutes: 120,
  technicalPlanMinutes: 240,
  remoteVerificationMinutes: 2880,
  loanerAfterWorkingMinutes: 600,
};
const facts = {
  faultLevel: 1,
  region: 'any',
  type: 'repair',
  classification: 'technical' as const,
  serviceMode: 'on_site',
  hasEquipment: true,
};

describe('pickTarget', () => {
  it('prefers the region row and falls back to the level row for any region', () => {
    expect(pickTarget(targets, 1, 'suburban')?.arrival?.minutes).toBe(420);
    expect(pickTarget(targets, 1, 'urban')?.arrival?.minutes).toBe(120);
    expect(pickTarget(targets, 2, 'any')).toBeUndefined();
  });
});

describe('clocksFor', () => {
  it('gives an on-site repair its SLA clocks, the intake and plan deadlines and the loaner clock', () => {
    expect([...clocksFor(facts, targets, internal).keys()]).toEqual([
      'response',
      'arrival',
      'resolution',
      'intake',
      'technical_plan',
      'loaner',
    ]);
  });
  it('has no arrival clock without an on-site visit, and a remote verification deadline for remote handling', () => {
    const clocks = clocksFor(
      { ...facts, faultLevel: 4, serviceMode: 'remote', type: 'consultation' },
      targets,
      internal,
    );
    expect([...clocks.keys()]).toEqual(['response', 'resolution', 'intake', 'remote_verification']);
  });
  it('adds the quality analysis deadline for quality information; internal deadlines never pause', () => {
    const clocks = clocksFor({ ...facts, classification: 'quality' }, targets, internal);
    expect(clocks.get('quality_assignment')).toEqual({ minutes: 120, basis: 'business', isPausable: false });
    expect(clocks.has('technical_plan')).toBe(false);
    expect(clocks.get('response')?.isPausable).toBe(true);
  });
});

describe('computeClock', () => {
  const clock = (startedAt: number, targetMinutes: number, stoppedAt: number | null = null) => ({
    basis: 'business' as const,
    targetMinutes,
    startedAt,
    stoppedAt,
    isPausable: true,
  });

  it('counts business time from the receipt: Friday 16:30 + 2 h → Monday 09:30, at risk (80 %) Monday 09:06', () => {
    const figures = computeClock(clock(at('2026-11-20 16:30'), 120), calendar, [], 80);
    expect(figures.dueAt).toBe(at('2026-11-23 09:30'));
    expect(figures.atRiskAt).toBe(at('2026-11-23 09:06'));
    expect(figures.outcome).toBeNull();
  });

  it('moves the deadline by a closed pause and has none while a pause is open', () => {
    const start = at('2026-11-23 09:00');
    const closed = [{ start: at('2026-11-23 10:00'), end: at('2026-11-23 11:30'), reason: 'waiting_customer' }];
    expect(computeClock(clock(start, 120), calendar, closed, 80).dueAt).toBe(at('2026-11-23 12:30'));
    const open = [{ start: at('2026-11-23 10:00'), end: Number.POSITIVE_INFINITY, reason: 'waiting_customer' }];
    const paused = computeClock(clock(start, 120), calendar, open, 80);
    expect(paused.dueAt).toBeNull();
    expect(paused.atRiskAt).toBeNull();
  });

  it('ignores pauses for clocks that do not pause', () => {
    const pauses = [{ start: at('2026-11-23 10:00'), end: at('2026-11-23 11:30'), reason: 'waiting_customer' }];
    const figures = computeClock({ ...clock(at('2026-11-23 09:00'), 120), isPausable: false }, calendar, pauses, 80);
    expect(figures.dueAt).toBe(at('2026-11-23 11:00'));
  });

  it('records met when stopped at the deadline and breached one minute later', () => {
    const start = at('2026-11-23 09:00');
    expect(computeClock(clock(start, 60, at('2026-11-23 10:00')), calendar, [], 80).outcome).toBe('met');
    expect(computeClock(clock(start, 60, at('2026-11-23 10:01')), calendar, [], 80).outcome).toBe('breached');
  });

  it('counts calendar-time clocks around the clock', () => {
    const figures = computeClock({ ...clock(at('2026-11-21 23:55'), 10), basis: 'calendar' }, calendar, [], 80);
    expect(figures.dueAt).toBe(at('2026-11-22 00:05'));
  });
});

describe('reportClock', () => {
  const format = (ms: number) => new Date(ms).toISOString();
  it('explains a deadline over a weekend with a pause, and the ledger adds up to the target', () => {
    const input = {
      basis: 'business' as const,
      targetMinutes: 240,
      startedAt: at('2026-11-20 15:30'),
      stoppedAt: null,
      isPausable: true,
    };
    const pauses = [{ start: at('2026-11-20 16:00'), end: at('2026-11-20 17:00'), reason: 'waiting_customer' }];
    const figures = computeClock(input, calendar, pauses, 80);
    // Friday 15:30–16:00 (30) + 17:00–17:30 (30) + Monday 08:30–11:30 (180) = 240
    expect(figures.dueAt).toBe(at('2026-11-23 11:30'));
    const report = reportClock({ ...input, ...figures }, calendar, pauses, at('2026-11-23 09:00'), format, '标准');
    expect(report.state).toBe('running');
    expect(report.usedMinutes).toBe(90);
    expect(report.remainingMinutes).toBe(150);
    const running = report.ledger.filter((segment) => segment.kind === 'running');
    expect(running.reduce((sum, segment) => sum + segment.minutes, 0)).toBe(240);
    expect(report.ledger.map((segment) => segment.kind)).toEqual([
      'running',
      'paused',
      'running',
      'outside_hours',
      'non_working_day',
      'outside_hours',
      'running',
    ]);
    expect(report.explanation.zh).toContain('等待客户 1小时');
    expect(report.explanation.en).toContain('waiting for the customer 1 h');
  });

  it('is at risk after 80 %, breached after the deadline, met once stopped in time', () => {
    const input = {
      basis: 'business' as const,
      targetMinutes: 100,
      startedAt: at('2026-11-23 09:00'),
      stoppedAt: null,
      isPausable: true,
    };
    const figures = computeClock(input, calendar, [], 80);
    const state = (now: string, stoppedAt: number | null = null) => {
      const stopped = { ...input, stoppedAt };
      return reportClock(
        { ...stopped, ...computeClock(stopped, calendar, [], 80) },
        calendar,
        [],
        at(now),
        format,
        '标准',
      ).state;
    };
    expect(figures.atRiskAt).toBe(at('2026-11-23 10:20'));
    expect(state('2026-11-23 10:19')).toBe('running');
    expect(state('2026-11-23 10:20')).toBe('at_risk');
    expect(state('2026-11-23 10:40')).toBe('breached');
    expect(state('2026-11-23 12:00', at('2026-11-23 10:30'))).toBe('met');
  });

  it('names the holiday that a deadline skips', () => {
    const input = {
      basis: 'business' as const,
      targetMinutes: 60,
      startedAt: at('2026-09-30 17:00'),
      stoppedAt: null,
      isPausable: true,
    };
    const figures = computeClock(input, calendar, [], 80);
    expect(figures.dueAt).toBe(at('2026-10-08 09:00'));
    const report = reportClock({ ...input, ...figures }, calendar, [], at('2026-09-30 17:10'), format, '标准');
    expect(report.ledger.some((segment) => segment.kind === 'holiday')).toBe(true);
    expect(report.explanation.zh).toMatch(/节假日（.*国庆/);
  });
});
