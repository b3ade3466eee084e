/**
 * FBK-3 return visits: the agents' queue, outcomes (an unhappy customer opens a complaint; no
 * answer retries), the visit report of key-customer annual visits, and generation on demand or
 * nightly (return-visits.schedule.ts does the set-based work).
 */
import { aliasedTable, and, asc, count, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { type Actor, scopeToStation } from '../../lib/access.js';
import { AppError, invalidField, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { offsetOf, type Page } from '../../lib/pagination.js';
import { personalDataLevel, seesAllStations } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import { recordAudit } from '../audit/audit.service.js';
import { customers, equipment, productModels } from '../customers/customers.table.js';
import { maskPhone } from '../customers/masking.rules.js';
import { addDays } from '../customers/warranty.rules.js';
import { stations, users } from '../org/org.table.js';
import type { SettingsService } from '../org/settings.service.js';
import { tickets } from '../tickets/tickets.table.js';
import type {
  GenerationResult,
  ReturnVisit,
  returnVisitListQuery,
  returnVisitOutcomeInput,
  returnVisitReportInput,
} from './return-visits.contract.js';
import { decideOutcome, reportDueAt, rulesWithReport } from './return-visits.rules.js';
import { generateReturnVisits, returnVisitSettings } from './return-visits.schedule.js';
import { returnVisits } from './return-visits.table.js';

export const returnVisitLabel = { zh: '回访', en: 'Return visit' } as const;

/** Any fixed number: one generation at a time across instances. */
const GENERATION_LOCK = 7_246_305;

/**
 * Opens a complaint for an unhappy return visit (F1's complaints module). Injected so this file
 * does not depend on how complaints number and notify; returns the complaint id.
 */
export type OpenComplaintForVisit = (
  tx: DbOrTx,
  visit: {
    at: Date;
    returnVisitId: number;
    stationId: number;
    customerId: number;
    ticketId: number | null;
    equipmentId: number | null;
    contactName: string | null;
    contactPhone: string | null;
    description: string;
    recordedBy: number | null;
  },
) => Promise<number>;

export function createReturnVisitsService(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  openComplaint?: OpenComplaintForVisit;
}) {
  const { db, clock, settings } = deps;
  const completedBy = aliasedTable(users, 'completed_by_user');

  const columns = {
    row: returnVisits,
    stationName: stations.name,
    customerName: customers.name,
    customerLevel: customers.level,
    customerPhone: customers.phone,
    serialNo: equipment.serialNo,
    modelName: productModels.name,
    ticketNumber: tickets.number,
    ticketContactName: tickets.contactName,
    ticketContactPhone: tickets.contactPhone,
    completedByName: completedBy.displayName,
  };

  function baseQuery(tx: DbOrTx) {
    return tx
      .select(columns)
      .from(returnVisits)
      .innerJoin(customers, eq(customers.id, returnVisits.customerId))
      .leftJoin(stations, eq(stations.id, returnVisits.stationId))
      .leftJoin(equipment, eq(equipment.id, returnVisits.equipmentId))
      .leftJoin(productModels, eq(productModels.id, equipment.modelId))
      .leftJoin(tickets, eq(tickets.id, returnVisits.ticketId))
      .leftJoin(completedBy, eq(completedBy.id, returnVisits.completedBy));
  }
  type Joined = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

  function toView(joined: Joined, actor: Actor, now: Date): ReturnVisit {
    const { row } = joined;
    const full = personalDataLevel(actor.roles) === 'full';
    const phone = joined.ticketContactPhone ?? joined.customerPhone;
    return {
      id: row.id,
      rule: row.rule,
      method: row.method,
      status: row.status,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      dueAt: row.dueAt,
      isOverdue: row.status === 'open' && row.dueAt.getTime() < now.getTime(),
      stationId: row.stationId,
      stationName: joined.stationName,
      customerId: row.customerId,
      customerName: joined.customerName,
      customerLevel: joined.customerLevel,
      contactName: joined.ticketContactName,
      contactPhone: full ? phone : maskPhone(phone),
      equipmentId: row.equipmentId,
      serialNo: joined.serialNo,
      modelName: joined.modelName,
      ticketId: row.ticketId,
      ticketNumber: joined.ticketNumber,
      reason: row.reason,
      attempts: row.attempts,
      outcome: row.outcome,
      notes: row.notes,
      completedAt: row.completedAt,
      completedByName: joined.completedByName,
      complaintId: row.complaintId,
      followUpTicketId: row.followUpTicketId,
      needsReport: rulesWithReport.includes(row.rule),
      reportDueAt: row.reportDueAt,
      report: row.report,
      reportSubmittedAt: row.reportSubmittedAt,
      version: row.version,
    };
  }

  async function load(tx: DbOrTx, actor: Actor, id: number) {
    const [joined] = await baseQuery(tx).where(
      and(eq(returnVisits.id, id), scopeToStation(actor, returnVisits.stationId)),
    );
    if (!joined) throw notFound(returnVisitLabel.zh, returnVisitLabel.en);
    return joined;
  }

  async function get(actor: Actor, id: number): Promise<ReturnVisit> {
    return toView(await load(db, actor, id), actor, clock.now());
  }

  /** The queue: open visits by due time (earliest first), filtered by due window, rule, method. */
  async function list(actor: Actor, query: z.output<typeof returnVisitListQuery>): Promise<Page<ReturnVisit>> {
    const now = clock.now();
    const conditions: (SQL | undefined)[] = [
      scopeToStation(actor, returnVisits.stationId),
      eq(returnVisits.status, query.status),
    ];
    if (query.due !== 'all') {
      let until = now;
      if (query.due === 'today') {
        const timeZone = await settings.get('org.timeZone');
        const tomorrow = addDays(dateInZone(now, timeZone), 1);
        conditions.push(sql`${returnVisits.dueAt} < (${tomorrow}::timestamp at time zone ${timeZone})`);
      } else {
        if (query.due === 'week') until = new Date(now.getTime() + 7 * 86_400_000);
        conditions.push(sql`${returnVisits.dueAt} < ${until.toISOString()}::timestamptz`);
      }
    }
    if (query.rule) conditions.push(eq(returnVisits.rule, query.rule));
    if (query.method) conditions.push(eq(returnVisits.method, query.method));
    if (query.customerId) conditions.push(eq(returnVisits.customerId, query.customerId));
    const where = and(...conditions);
    const [rows, [{ total }]] = await Promise.all([
      baseQuery(db)
        .where(where)
        .orderBy(
          query.status === 'open' ? asc(returnVisits.dueAt) : sql`${returnVisits.completedAt} desc nulls last`,
          asc(returnVisits.id),
        )
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(returnVisits).where(where),
    ]);
    return { items: rows.map((row) => toView(row, actor, now)), total, page: query.page, pageSize: query.pageSize };
  }

  async function lockVisit(tx: DbOrTx, actor: Actor, id: number, version: number) {
    const [row] = await tx
      .select()
      .from(returnVisits)
      .where(and(eq(returnVisits.id, id), scopeToStation(actor, returnVisits.stationId)))
      .for('update');
    if (!row) throw notFound(returnVisitLabel.zh, returnVisitLabel.en);
    if (row.version !== version) throw versionConflict(returnVisitLabel.zh, returnVisitLabel.en);
    return row;
  }

  /**
   * Records the outcome of a call or visit. `no_answer` keeps it open (due again after the retry
   * interval) until the attempts run out; `unhappy` opens a complaint in the same transaction;
   * `issue_found` may link the ticket opened for it (same customer).
   */
  async function recordOutcome(actor: Actor, id: number, input: z.output<typeof returnVisitOutcomeInput>) {
    const now = clock.now();
    const [retryHours, maxAttempts, visitReportDays] = await Promise.all([
      settings.get('feedback.returnVisitRetryHours'),
      settings.get('feedback.returnVisitMaxAttempts'),
      settings.get('feedback.visitReportDays'),
    ]);
    await db.transaction(async (tx) => {
      const row = await lockVisit(tx, actor, id, input.version);
      if (row.status !== 'open') {
        throw new AppError('CONFLICT', {
          zh: '该回访已完成或已取消，不能再记录结果',
          en: 'This return visit is already done or cancelled',
        });
      }
      if (input.followUpTicketId) {
        const [ticket] = await tx
          .select({ customerId: tickets.customerId })
          .from(tickets)
          .where(and(eq(tickets.id, input.followUpTicketId), scopeToStation(actor, tickets.stationId)));
        if (!ticket || ticket.customerId !== row.customerId) {
          throw invalidField('followUpTicketId', {
            zh: '关联的工单不存在或不属于该客户',
            en: 'The linked ticket does not exist or belongs to another customer',
          });
        }
      }
      const decision = decideOutcome(input.outcome, row.attempts, now, { retryHours, maxAttempts });
      let complaintId: number | null = row.complaintId;
      if (decision.opensComplaint && !complaintId) {
        if (!deps.openComplaint) {
          throw new AppError('UNAVAILABLE', {
            zh: '投诉模块尚不可用，无法由回访生成投诉',
            en: 'Complaints are not available, so the visit cannot open one',
          });
        }
        const [contact] = await tx
          .select({ name: tickets.contactName, phone: tickets.contactPhone })
          .from(tickets)
          .where(eq(tickets.id, row.ticketId ?? 0));
        const [customer] = await tx
          .select({ phone: customers.phone })
          .from(customers)
          .where(eq(customers.id, row.customerId));
        complaintId = await deps.openComplaint(tx, {
          at: now,
          returnVisitId: row.id,
          stationId: row.stationId,
          customerId: row.customerId,
          ticketId: row.ticketId,
          equipmentId: row.equipmentId,
          contactName: contact?.name ?? null,
          contactPhone: contact?.phone ?? customer?.phone ?? null,
          description: input.notes?.trim() || '回访中客户表示不满意 / The customer was unhappy on the return visit',
          recordedBy: actor.id,
        });
      }
      const done = decision.status === 'done';
      const visited = done && input.outcome !== 'no_answer' && input.outcome !== 'wrong_number';
      const patch = {
        status: decision.status,
        outcome: input.outcome,
        notes: input.notes ?? row.notes,
        attempts: row.attempts + 1,
        dueAt: decision.nextDueAt ?? row.dueAt,
        completedAt: done ? now : null,
        completedBy: done ? actor.id : null,
        complaintId,
        followUpTicketId: input.followUpTicketId ?? row.followUpTicketId,
        reportDueAt:
          visited && rulesWithReport.includes(row.rule) ? reportDueAt(now, visitReportDays) : row.reportDueAt,
        updatedAt: now,
      };
      await tx
        .update(returnVisits)
        .set({ ...patch, version: sql`${returnVisits.version} + 1` })
        .where(eq(returnVisits.id, row.id));
      await recordAudit(tx, {
        entityType: 'return_visit',
        entityId: row.id,
        action: 'update',
        actor,
        before: { status: row.status, outcome: row.outcome, attempts: row.attempts, notes: row.notes },
        after: {
          status: patch.status,
          outcome: patch.outcome,
          attempts: patch.attempts,
          notes: patch.notes,
          complaintId,
        },
      });
    });
    return get(actor, id);
  }

  /** The visit report of a key-customer annual visit, after the visit (due `visitReportDays` later). */
  async function submitReport(actor: Actor, id: number, input: z.output<typeof returnVisitReportInput>) {
    const now = clock.now();
    await db.transaction(async (tx) => {
      const row = await lockVisit(tx, actor, id, input.version);
      if (!rulesWithReport.includes(row.rule)) {
        throw invalidField('report', {
          zh: '只有重点客户年度走访需要提交走访报告',
          en: 'Only annual visits to key customers take a visit report',
        });
      }
      if (row.status !== 'done' || row.reportDueAt === null) {
        throw new AppError('CONFLICT', {
          zh: '请先记录走访结果，再提交走访报告',
          en: 'Record the visit outcome before its report',
        });
      }
      await tx
        .update(returnVisits)
        .set({
          report: input.report,
          reportSubmittedAt: now,
          updatedAt: now,
          version: sql`${returnVisits.version} + 1`,
        })
        .where(eq(returnVisits.id, row.id));
      await recordAudit(tx, {
        entityType: 'return_visit',
        entityId: row.id,
        action: 'update',
        actor,
        before: { report: row.report },
        after: { report: input.report },
      });
    });
    return get(actor, id);
  }

  /**
   * Plans the periodic visits of the coming horizon (idempotent). A station manager plans their
   * station; admins and the nightly run plan all. Only one run at a time (409 while another runs).
   */
  async function generate(actor: Actor | null): Promise<GenerationResult> {
    const started = performance.now();
    const now = clock.now();
    return db.transaction(async (tx) => {
      const locked = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${GENERATION_LOCK}) as ok`);
      if (!locked.rows[0]?.ok) {
        throw new AppError('CONFLICT', {
          zh: '回访计划正在生成中，请稍后再试',
          en: 'Return visits are being planned right now; try again shortly',
        });
      }
      const config = await returnVisitSettings(tx);
      const result = await generateReturnVisits(tx, {
        today: dateInZone(now, config.timeZone),
        now,
        timeZone: config.timeZone,
        settings: config,
        stationIds: actor && !seesAllStations(actor.roles) ? [actor.stationId] : undefined,
      });
      const total = Object.values(result.created).reduce((sum, n) => sum + (n ?? 0), 0);
      return {
        created: result.created as Record<string, number>,
        total,
        from: result.from,
        to: result.to,
        tookMs: Math.round(performance.now() - started),
      };
    });
  }

  return { list, get, recordOutcome, submitReport, generate };
}
export type ReturnVisitsService = ReturnType<typeof createReturnVisitsService>;
