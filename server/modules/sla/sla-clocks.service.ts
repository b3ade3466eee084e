/**
 * The deadline engine of a ticket (SLA-3, TKT-9, SLA-4): starts its clocks, pauses and resumes them
 * with the waiting states, stops each at its event, recomputes on a level/mode change or a calendar
 * edit, and explains every deadline through the clock ledger. The tickets and dispatch services
 * call it INSIDE their transactions; `sweep` runs on a timer in every app instance (conditional
 * updates make each at-risk/breach/loaner event happen once).
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { assignments } from '../dispatch/dispatch.table.js';
import { enqueueNotification } from '../notify/outbox.js';
import { users } from '../org/org.table.js';
import type { SettingsService } from '../org/settings.service.js';
import {
  type clockKinds,
  type pauseReasons,
  ticketClocks,
  ticketEvents,
  ticketPauses,
  tickets,
  ticketTasks,
} from '../tickets/tickets.table.js';
import { addBusinessTime, type CompiledCalendar, compileCalendar, type PauseInterval } from './business-time.rules.js';
import { loadCalendarDefinition } from './calendars.js';
import { businessCalendars, slaPolicies } from './sla.table.js';
import { clocksFor, computeClock, type InternalDeadlines, reportClock } from './sla-clock.rules.js';

export type ClockKind = (typeof clockKinds)[number];
export type PauseReason = (typeof pauseReasons)[number];

export type LedgerEntry = {
  start: string;
  end: string;
  kind: 'running' | 'paused' | 'outside_hours' | 'non_working_day' | 'holiday';
  reason?: string;
  holidayName?: string;
  minutes: number;
};
export type ClockView = {
  kind: ClockKind;
  basis: 'business' | 'calendar';
  targetMinutes: number;
  startedAt: string;
  dueAt: string | null;
  atRiskAt: string | null;
  stoppedAt: string | null;
  outcome: 'met' | 'breached' | null;
  state: 'running' | 'paused' | 'at_risk' | 'breached' | 'met' | 'stopped';
  /** Counted minutes used so far (or until stopped), and left (negative when late). */
  usedMinutes: number;
  remainingMinutes: number;
  /** Why the deadline is what it is: segments from start to due (or to now/stop), and a sentence in zh/en. */
  ledger: LedgerEntry[];
  explanation: { zh: string; en: string };
};

/** The SLA clocks customers are promised; the others are internal deadlines. */
const slaClockKinds = new Set<ClockKind>(['response', 'arrival', 'resolution']);

export type SlaClocksService = ReturnType<typeof createSlaClocksService>;

export function createSlaClocksService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, settings } = deps;
  const compiled = new Map<string, { calendar: CompiledCalendar; name: string }>();

  /** Compiled calendars cached per id and version (every edit of a calendar or its days bumps the version). */
  async function calendarOf(tx: DbOrTx, calendarId: number, version: number) {
    const key = `${calendarId}:${version}`;
    let entry = compiled.get(key);
    if (!entry) {
      const [row] = await tx
        .select({ name: businessCalendars.name })
        .from(businessCalendars)
        .where(eq(businessCalendars.id, calendarId));
      entry = { calendar: compileCalendar(await loadCalendarDefinition(tx, calendarId)), name: row?.name ?? '' };
      compiled.set(key, entry);
      if (compiled.size > 64) compiled.delete(compiled.keys().next().value as string);
    }
    return entry;
  }

  /** Settings are read through the caller's transaction (see SettingsService.get). */
  async function internalDeadlines(tx: DbOrTx): Promise<InternalDeadlines> {
    return {
      intakeMinutes: await settings.get('tickets.intakeMinutes', tx),
      qualityAssignmentMinutes: await settings.get('tickets.qualityAssignmentMinutes', tx),
      technicalPlanMinutes: await settings.get('tickets.technicalPlanMinutes', tx),
      remoteVerificationMinutes: await settings.get('tickets.remoteVerificationMinutes', tx),
      loanerAfterWorkingMinutes: await settings.get('sla.loanerAfterWorkingMinutes', tx),
    };
  }

  async function loadTicket(tx: DbOrTx, ticketId: number) {
    const [row] = await tx
      .select({
        id: tickets.id,
        stationId: tickets.stationId,
        receivedAt: tickets.receivedAt,
        faultLevel: tickets.faultLevel,
        region: tickets.region,
        type: tickets.type,
        classification: tickets.classification,
        serviceMode: tickets.serviceMode,
        equipmentId: tickets.equipmentId,
        calendarId: tickets.calendarId,
        calendarVersion: businessCalendars.version,
        targets: slaPolicies.targets,
        pauseForParts: slaPolicies.pauseForParts,
      })
      .from(tickets)
      .innerJoin(slaPolicies, eq(slaPolicies.id, tickets.slaPolicyId))
      .innerJoin(businessCalendars, eq(businessCalendars.id, tickets.calendarId))
      .where(eq(tickets.id, ticketId));
    if (!row) throw new Error(`ticket ${ticketId} not found`);
    return row;
  }

  async function pausesOf(tx: DbOrTx, ticketId: number): Promise<PauseInterval[]> {
    const rows = await tx.select().from(ticketPauses).where(eq(ticketPauses.ticketId, ticketId));
    return rows.map((row) => ({
      start: row.startedAt.getTime(),
      end: row.endedAt ? row.endedAt.getTime() : Number.POSITIVE_INFINITY,
      reason: row.reason,
    }));
  }

  /** What `plannedClocks` needs of a ticket (loadTicket's row, or a new ticket's values before insert). */
  type ClockFacts = Omit<Awaited<ReturnType<typeof loadTicket>>, 'id' | 'pauseForParts'>;

  /**
   * The clocks a ticket should have, computed from its facts, policy targets and calendar (each
   * running clock recomputed from the original receipt). `tx` only serves a calendar not yet cached.
   */
  async function plannedClocks(tx: DbOrTx, ticket: ClockFacts, pauses: PauseInterval[] = []) {
    const { calendar } = await calendarOf(tx, ticket.calendarId, ticket.calendarVersion);
    const atRiskPercent = await settings.get('sla.atRiskPercent', tx);
    const wanted = clocksFor(
      { ...ticket, hasEquipment: ticket.equipmentId !== null },
      ticket.targets,
      await internalDeadlines(tx),
    );
    const startedAt = ticket.receivedAt.getTime();
    return [...wanted].map(([kind, spec]) => {
      const figures = computeClock(
        { basis: spec.basis, targetMinutes: spec.minutes, startedAt, stoppedAt: null, isPausable: spec.isPausable },
        calendar,
        pauses,
        kind === 'loaner' ? 100 : atRiskPercent,
      );
      return {
        kind: kind as ClockKind,
        basis: spec.basis,
        targetMinutes: spec.minutes,
        startedAt: ticket.receivedAt,
        stationId: ticket.stationId,
        isPausable: spec.isPausable,
        dueAt: figures.dueAt === null ? null : new Date(figures.dueAt),
        // The loaner clock raises a task when it runs out; it is never "at risk".
        atRiskAt: kind === 'loaner' || figures.atRiskAt === null ? null : new Date(figures.atRiskAt),
      };
    });
  }

  /**
   * Brings the ticket's clocks in line with its facts: adds clocks that now apply, drops running
   * clocks that no longer apply, and recomputes every running clock from the original receipt.
   * Stopped clocks keep their recorded outcome.
   */
  async function sync(tx: DbOrTx, ticketId: number): Promise<void> {
    const ticket = await loadTicket(tx, ticketId);
    const existing = await tx.select().from(ticketClocks).where(eq(ticketClocks.ticketId, ticketId));
    const wanted = new Map(
      (await plannedClocks(tx, ticket, await pausesOf(tx, ticketId))).map((clock) => [clock.kind, clock]),
    );
    const dropped = existing.filter((clock) => !clock.stoppedAt && !wanted.has(clock.kind)).map((clock) => clock.kind);
    if (dropped.length > 0) {
      await tx
        .delete(ticketClocks)
        .where(and(eq(ticketClocks.ticketId, ticketId), inArray(ticketClocks.kind, dropped)));
    }
    const inserts: (typeof ticketClocks.$inferInsert)[] = [];
    for (const { kind, ...values } of wanted.values()) {
      const current = existing.find((clock) => clock.kind === kind);
      if (current?.stoppedAt) continue;
      if (!current) {
        inserts.push({ ticketId, kind, ...values });
        continue;
      }
      const dueMoved = current.dueAt?.getTime() !== values.dueAt?.getTime();
      const riskMoved = current.atRiskAt?.getTime() !== values.atRiskAt?.getTime();
      if (!dueMoved && !riskMoved && current.targetMinutes === values.targetMinutes && current.basis === values.basis)
        continue;
      await tx
        .update(ticketClocks)
        .set({
          ...values,
          // A deadline that moved may be at risk or breached again later: notify again then.
          ...(dueMoved ? { breachNotifiedAt: null } : {}),
          ...(riskMoved ? { atRiskNotifiedAt: null } : {}),
        })
        .where(and(eq(ticketClocks.ticketId, ticketId), eq(ticketClocks.kind, kind)));
    }
    if (inserts.length > 0) await tx.insert(ticketClocks).values(inserts);
  }

  async function stopClock(tx: DbOrTx, ticketId: number, kind: ClockKind, at: Date): Promise<void> {
    const [clock] = await tx
      .select()
      .from(ticketClocks)
      .where(and(eq(ticketClocks.ticketId, ticketId), eq(ticketClocks.kind, kind), isNull(ticketClocks.stoppedAt)));
    if (!clock) return;
    const ticket = await loadTicket(tx, ticketId);
    const { calendar } = await calendarOf(tx, ticket.calendarId, ticket.calendarVersion);
    const figures = computeClock(
      {
        basis: clock.basis,
        targetMinutes: clock.targetMinutes,
        startedAt: clock.startedAt.getTime(),
        stoppedAt: at.getTime(),
        isPausable: clock.isPausable,
      },
      calendar,
      await pausesOf(tx, ticketId),
      100,
    );
    await tx
      .update(ticketClocks)
      .set({ stoppedAt: at, outcome: figures.outcome })
      .where(and(eq(ticketClocks.ticketId, ticketId), eq(ticketClocks.kind, kind)));
  }

  async function pause(tx: DbOrTx, ticketId: number, reason: PauseReason, at: Date): Promise<void> {
    const ticket = await loadTicket(tx, ticketId);
    if (reason === 'waiting_parts' && !ticket.pauseForParts) return;
    await tx
      .update(ticketPauses)
      .set({ endedAt: at })
      .where(and(eq(ticketPauses.ticketId, ticketId), isNull(ticketPauses.endedAt)));
    await tx.insert(ticketPauses).values({ ticketId, reason, startedAt: at });
    await sync(tx, ticketId);
  }

  async function resume(tx: DbOrTx, ticketId: number, at: Date): Promise<void> {
    const ended = await tx
      .update(ticketPauses)
      .set({ endedAt: at })
      .where(and(eq(ticketPauses.ticketId, ticketId), isNull(ticketPauses.endedAt)))
      .returning({ id: ticketPauses.id });
    if (ended.length > 0) await sync(tx, ticketId);
  }

  async function reopen(tx: DbOrTx, ticketId: number, at: Date): Promise<void> {
    await resume(tx, ticketId, at);
    await tx
      .update(ticketClocks)
      .set({ stoppedAt: null, outcome: null, atRiskNotifiedAt: null, breachNotifiedAt: null })
      .where(and(eq(ticketClocks.ticketId, ticketId), inArray(ticketClocks.kind, ['resolution', 'loaner'])));
    await sync(tx, ticketId);
  }

  /** Ends running clocks without an outcome: all of them (a cancelled ticket) or the given kinds. */
  async function cancel(tx: DbOrTx, ticketId: number, at: Date, kinds?: ClockKind[]): Promise<void> {
    if (!kinds) {
      await tx
        .update(ticketPauses)
        .set({ endedAt: at })
        .where(and(eq(ticketPauses.ticketId, ticketId), isNull(ticketPauses.endedAt)));
    }
    await tx
      .update(ticketClocks)
      .set({ stoppedAt: at, outcome: null })
      .where(
        and(
          eq(ticketClocks.ticketId, ticketId),
          isNull(ticketClocks.stoppedAt),
          kinds ? inArray(ticketClocks.kind, kinds) : undefined,
        ),
      );
  }

  /** After a calendar edit: every running clock of the open tickets counted in it is recomputed. */
  async function recomputeCalendar(tx: DbOrTx, calendarId: number): Promise<number> {
    const rows = await tx
      .selectDistinct({ id: tickets.id })
      .from(tickets)
      .innerJoin(ticketClocks, eq(ticketClocks.ticketId, tickets.id))
      .where(and(eq(tickets.calendarId, calendarId), isNull(ticketClocks.stoppedAt)));
    for (const row of rows) await sync(tx, row.id);
    return rows.length;
  }

  async function describeClocks(ticketId: number, now: Date): Promise<ClockView[]> {
    const clocks = await db.select().from(ticketClocks).where(eq(ticketClocks.ticketId, ticketId));
    if (clocks.length === 0) return [];
    const ticket = await loadTicket(db, ticketId);
    const { calendar, name } = await calendarOf(db, ticket.calendarId, ticket.calendarVersion);
    const pauses = await pausesOf(db, ticketId);
    const timeZone = await settings.get('org.timeZone');
    const formats = {
      zh: new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'short', timeStyle: 'short', hour12: false }),
      en: new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short', hour12: false }),
    };
    const order = [
      'response',
      'arrival',
      'resolution',
      'intake',
      'quality_assignment',
      'technical_plan',
      'remote_verification',
      'loaner',
    ];
    return clocks
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
      .map((clock) => {
        const input = {
          basis: clock.basis,
          targetMinutes: clock.targetMinutes,
          startedAt: clock.startedAt.getTime(),
          stoppedAt: clock.stoppedAt?.getTime() ?? null,
          isPausable: clock.isPausable,
          dueAt: clock.dueAt?.getTime() ?? null,
          atRiskAt: clock.atRiskAt?.getTime() ?? null,
          outcome: clock.outcome,
        };
        const report = reportClock(
          input,
          calendar,
          pauses,
          now.getTime(),
          (ms, language) => formats[language].format(ms),
          name,
        );
        return {
          kind: clock.kind,
          basis: clock.basis,
          targetMinutes: clock.targetMinutes,
          startedAt: clock.startedAt.toISOString(),
          dueAt: clock.dueAt?.toISOString() ?? null,
          atRiskAt: clock.atRiskAt?.toISOString() ?? null,
          stoppedAt: clock.stoppedAt?.toISOString() ?? null,
          outcome: clock.outcome,
          state: report.state,
          usedMinutes: report.usedMinutes,
          remainingMinutes: report.remainingMinutes,
          ledger: report.ledger.map((segment) => ({
            start: new Date(segment.start).toISOString(),
            end: new Date(segment.end).toISOString(),
            kind: segment.kind,
            reason: segment.reason,
            holidayName: segment.holidayName,
            minutes: Math.round(segment.minutes * 10) / 10,
          })),
          explanation: report.explanation,
        };
      });
  }

  /** Staff to tell about a ticket's deadline: the live lead engineer, else the station managers. */
  async function assigneesOf(tx: DbOrTx, ticketId: number): Promise<number[]> {
    const rows = await tx
      .select({ engineerId: assignments.engineerId })
      .from(assignments)
      .where(and(eq(assignments.ticketId, ticketId), inArray(assignments.status, ['offered', 'accepted'])));
    return rows.map((row) => row.engineerId);
  }

  async function managersOf(tx: DbOrTx, stationId: number): Promise<number[]> {
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(eq(users.stationId, stationId), eq(users.isActive, true), sql`'station_manager' = any(${users.roles})`),
      );
    return rows.map((row) => row.id);
  }

  /**
   * One pass of the SLA watcher: clocks that reached at-risk notify the assignee, clocks past due
   * are recorded as breached on the timeline and escalated to the station manager, and a loaner
   * clock that ran out raises the loaner task (SLA-4). Each event is claimed by a conditional update,
   * so concurrent sweeps in several instances never repeat one. Returns how many events it handled.
   */
  async function sweep(now: Date, batchSize = 200): Promise<number> {
    let handled = 0;
    const loanerDueMinutes = await settings.get('sla.loanerDueMinutes');
    await db.transaction(async (tx) => {
      const atRisk = await tx
        .update(ticketClocks)
        .set({ atRiskNotifiedAt: now })
        .where(
          sql`(ticket_id, kind) in (select ticket_id, kind from ticket_clocks where stopped_at is null
            and at_risk_notified_at is null and at_risk_at <= ${now} and (due_at is null or due_at > ${now})
            limit ${batchSize} for update skip locked)`,
        )
        .returning();
      for (const clock of atRisk) {
        const [ticket] = await tx
          .select({ number: tickets.number })
          .from(tickets)
          .where(eq(tickets.id, clock.ticketId));
        await tx.insert(ticketEvents).values({
          ticketId: clock.ticketId,
          at: now,
          kind: 'clock_at_risk',
          data: { clock: clock.kind, dueAt: clock.dueAt?.toISOString() ?? null },
        });
        if (!slaClockKinds.has(clock.kind) || !clock.dueAt || !ticket) continue;
        const recipients = await assigneesOf(tx, clock.ticketId);
        for (const userId of recipients.length ? recipients : await managersOf(tx, clock.stationId)) {
          await enqueueNotification(tx, {
            template: 'sla.at_risk',
            to: { userId },
            dedupeKey: `sla.at_risk:${clock.ticketId}:${clock.kind}:${clock.dueAt.getTime()}:${userId}`,
            payload: {
              ticketId: clock.ticketId,
              ticketNumber: ticket.number,
              clock: clock.kind as 'response' | 'arrival' | 'resolution',
              dueAt: clock.dueAt,
              minutesLeft: Math.max(0, Math.floor((clock.dueAt.getTime() - now.getTime()) / 60_000)),
            },
          });
        }
      }
      handled += atRisk.length;

      const breached = await tx
        .update(ticketClocks)
        .set({ breachNotifiedAt: now })
        .where(
          sql`(ticket_id, kind) in (select ticket_id, kind from ticket_clocks where stopped_at is null
            and breach_notified_at is null and due_at <= ${now} limit ${batchSize} for update skip locked)`,
        )
        .returning();
      for (const clock of breached) {
        const [ticket] = await tx
          .select({
            number: tickets.number,
            receivedAt: tickets.receivedAt,
            calendarId: tickets.calendarId,
            calendarVersion: businessCalendars.version,
          })
          .from(tickets)
          .innerJoin(businessCalendars, eq(businessCalendars.id, tickets.calendarId))
          .where(eq(tickets.id, clock.ticketId));
        if (!ticket || !clock.dueAt) continue;
        const managers = await managersOf(tx, clock.stationId);
        if (clock.kind === 'loaner') {
          // [003 第三条 4]: not fixed within 10 (working) hours → a loaner within 12 (working) hours of the report.
          const { calendar } = await calendarOf(tx, ticket.calendarId, ticket.calendarVersion);
          const dueAt = new Date(addBusinessTime(calendar, ticket.receivedAt.getTime(), loanerDueMinutes * 60_000));
          const [task] = await tx
            .insert(ticketTasks)
            .values({ ticketId: clock.ticketId, stationId: clock.stationId, kind: 'loaner', dueAt, createdAt: now })
            .onConflictDoNothing()
            .returning();
          if (!task) continue;
          await tx.insert(ticketEvents).values({
            ticketId: clock.ticketId,
            at: now,
            kind: 'task',
            data: { task: 'loaner', taskId: task.id, dueAt: dueAt.toISOString() },
          });
          const recipients = new Set([...managers, ...(await assigneesOf(tx, clock.ticketId))]);
          for (const userId of recipients) {
            await enqueueNotification(tx, {
              template: 'ticket.loaner_due',
              to: { userId },
              dedupeKey: `ticket.loaner_due:${clock.ticketId}:${userId}`,
              payload: { ticketId: clock.ticketId, ticketNumber: ticket.number, dueAt },
            });
          }
          continue;
        }
        await tx.insert(ticketEvents).values({
          ticketId: clock.ticketId,
          at: now,
          kind: 'clock_breached',
          data: { clock: clock.kind, dueAt: clock.dueAt.toISOString() },
        });
        if (!slaClockKinds.has(clock.kind)) continue;
        for (const userId of managers) {
          await enqueueNotification(tx, {
            template: 'sla.breached',
            to: { userId },
            dedupeKey: `sla.breached:${clock.ticketId}:${clock.kind}:${clock.dueAt.getTime()}:${userId}`,
            payload: {
              ticketId: clock.ticketId,
              ticketNumber: ticket.number,
              clock: clock.kind as 'response' | 'arrival' | 'resolution',
              dueAt: clock.dueAt,
              minutesLate: Math.max(0, Math.floor((now.getTime() - clock.dueAt.getTime()) / 60_000)),
            },
          });
        }
      }
      handled += breached.length;
    });
    return handled;
  }

  return {
    /** A new ticket's clocks from policy, level, region, mode and classification, to insert with it. */
    plannedClocks,
    /** After a change of fault level, region, service mode, classification or policy: recomputes from the original receipt time. */
    recomputeClocks: (tx: DbOrTx, ticketId: number) => sync(tx, ticketId),
    /** Stops one clock at `at` (first response, check-in, resolution, …), recording met/breached. No-op if already stopped or absent. */
    stopClock,
    /** The ticket enters a waiting state; no-op for 'waiting_parts' unless the policy pauses for parts. */
    pause,
    /** The ticket leaves a waiting state. */
    resume,
    /** A reopened ticket: the resolution (and loaner) clocks run again from the original receipt, pauses kept. */
    reopen,
    /** A cancelled ticket (or clocks whose event can no longer happen): stopped without an outcome. */
    cancel,
    recomputeCalendar,
    describeClocks,
    sweep,
  };
}
