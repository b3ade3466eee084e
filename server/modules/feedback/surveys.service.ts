/**
 * Surveys (FBK-1): the agents' call list, phone surveys, the customer's one-time link (public, by
 * token: shows only that ticket's survey), the low-score hand-off to a complaint draft and a return
 * visit, and the satisfaction rate per station, engineer and month against the target.
 */
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { type Actor, scopeToStation } from '../../lib/access.js';
import { AppError, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { offsetOf, type Page } from '../../lib/pagination.js';
import { personalDataLevel } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import { customers } from '../customers/customers.table.js';
import { maskPhone } from '../customers/masking.rules.js';
import { addDays } from '../customers/warranty.rules.js';
import { stations, users } from '../org/org.table.js';
import { tickets } from '../tickets/tickets.table.js';
import { openComplaintDraft } from './complaints.service.js';
import { complaints } from './complaints.table.js';
import { readSettings } from './survey-closure.js';
import type {
  phoneSurveyInput,
  SatisfactionReport,
  Survey,
  satisfactionQuery,
  surveyAnswersInput,
  surveyListQuery,
} from './surveys.contract.js';
import {
  hashSurveyToken,
  isSatisfied,
  levelLabels,
  linkState,
  lowScore,
  monthRanges,
  type SatisfactionLevel,
  type SurveyAnswers,
  satisfactionRate,
  type surveyQuestions,
  surveyTokenPattern,
} from './surveys.rules.js';
import { surveys } from './surveys.table.js';

export const surveyLabel = { zh: '满意度调查', en: 'Survey' } as const;

/** Up to this many months, the report by month counts each month apart (see `satisfaction`). */
const MONTHS_COUNTED_APART = 36;

type SurveyRow = typeof surveys.$inferSelect;

const linkNotFound = () =>
  new AppError('NOT_FOUND', {
    zh: '评价链接无效，请检查短信或邮件中的完整链接',
    en: 'This survey link is not valid; please check the full link in your message',
  });

const linkGone = (state: 'used' | 'expired' | 'superseded') =>
  new AppError(
    'GONE',
    {
      used: {
        zh: '本次服务已评价，感谢您的反馈',
        en: 'This survey has already been answered. Thank you for your feedback',
      },
      expired: { zh: '评价链接已过期', en: 'This survey link has expired' },
      superseded: {
        zh: '该工单已重新处理，此评价链接已失效，请使用最新收到的链接',
        en: 'The service was reopened; this link is no longer valid — please use the latest link you received',
      },
    }[state],
    { details: { reason: state } },
  );

const questionNames: Record<string, string> = {
  overall: '总体评价',
  attitude: '服务态度',
  skill: '技术水平',
  arrival: '到达及时',
  promise: '承诺办理',
};

/** Which return-visit scheduler (FBK-3, helper F2) to call on a low score, when there is one. */
export type LowScoreHook = (
  tx: DbOrTx,
  request: {
    ticketId: number;
    customerId: number;
    equipmentId: number | null;
    surveyId: number;
    complaintId: number;
    at: Date;
  },
) => Promise<unknown>;

export function createSurveysService(deps: { db: Db; clock: Clock; onLowScore?: LowScoreHook }) {
  const { db, clock } = deps;

  const columns = {
    row: surveys,
    ticketNumber: tickets.number,
    contactName: tickets.contactName,
    contactPhone: tickets.contactPhone,
    stationName: stations.name,
    customerName: customers.name,
    engineerName: users.displayName,
    complaintNumber: complaints.number,
  };

  function baseQuery(tx: DbOrTx) {
    return tx
      .select(columns)
      .from(surveys)
      .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
      .innerJoin(stations, eq(stations.id, surveys.stationId))
      .innerJoin(customers, eq(customers.id, surveys.customerId))
      .leftJoin(users, eq(users.id, surveys.engineerId))
      .leftJoin(complaints, eq(complaints.id, surveys.complaintId));
  }

  type Joined = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

  function toSurvey(actor: Actor, joined: Joined, now: Date): Survey {
    const { row, ...rest } = joined;
    const { tokenHash: _hidden, ...visible } = row;
    const full = personalDataLevel(actor.roles) === 'full';
    return {
      ...visible,
      ...rest,
      contactPhone: full ? rest.contactPhone : maskPhone(rest.contactPhone),
      overdue: row.status === 'pending' && row.dueAt.getTime() < now.getTime(),
    };
  }

  async function get(actor: Actor, id: number): Promise<Survey> {
    const [joined] = await baseQuery(db).where(and(eq(surveys.id, id), scopeToStation(actor, surveys.stationId)));
    if (!joined) throw notFound(surveyLabel.zh, surveyLabel.en);
    return toSurvey(actor, joined, clock.now());
  }

  async function list(actor: Actor, query: z.output<typeof surveyListQuery>): Promise<Page<Survey>> {
    const now = clock.now();
    const nowSql = sql`${now.toISOString()}::timestamptz`;
    const conditions: (SQL | undefined)[] = [scopeToStation(actor, surveys.stationId)];
    if (query.stationId) conditions.push(eq(surveys.stationId, query.stationId));
    switch (query.status) {
      case 'due':
        conditions.push(eq(surveys.status, 'pending'), sql`${surveys.dueAt} >= ${nowSql}`);
        break;
      case 'overdue':
        conditions.push(eq(surveys.status, 'pending'), sql`${surveys.dueAt} < ${nowSql}`);
        break;
      default:
        conditions.push(eq(surveys.status, query.status));
    }
    const where = and(...conditions);
    const answered = query.status === 'answered';
    const [rows, [{ total }]] = await Promise.all([
      baseQuery(db)
        .where(where)
        .orderBy(answered ? desc(surveys.answeredAt) : asc(surveys.dueAt), asc(surveys.id))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(surveys).where(where),
    ]);
    return { items: rows.map((row) => toSurvey(actor, row, now)), total, page: query.page, pageSize: query.pageSize };
  }

  /** Writes the answers of a pending survey and hands a low score on; inside the caller's transaction. */
  async function answer(
    tx: DbOrTx,
    row: SurveyRow,
    input: z.output<typeof surveyAnswersInput>,
    channel: 'link' | 'phone',
    actorId: number | null,
    now: Date,
  ): Promise<{ lowScore: boolean }> {
    const settings = await readSettings(tx, ['feedback.lowScoreThreshold', 'feedback.lowScoreAnyItem'] as const);
    const answers: SurveyAnswers = {
      attitude: input.attitude,
      skill: input.skill,
      arrival: input.arrival,
      promise: input.promise,
      overall: input.overall,
    };
    const low = lowScore(answers, {
      threshold: settings['feedback.lowScoreThreshold'],
      anyItem: settings['feedback.lowScoreAnyItem'],
    });
    const [updated] = await tx
      .update(surveys)
      .set({
        ...answers,
        comment: input.comment ?? null,
        status: 'answered',
        channel,
        satisfied: isSatisfied(input.overall),
        lowScore: low.low,
        answeredAt: now,
        answeredBy: actorId,
        version: sql`${surveys.version} + 1`,
      })
      .where(and(eq(surveys.id, row.id), eq(surveys.version, row.version), eq(surveys.status, 'pending')))
      .returning();
    if (!updated) throw versionConflict(surveyLabel.zh, surveyLabel.en);
    if (!low.low) return { lowScore: false };

    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, row.ticketId));
    const scores = low.reasons
      .map((reason) => {
        const level = (
          reason === 'overall' ? input.overall : answers[reason as (typeof surveyQuestions)[number]]
        ) as SatisfactionLevel;
        return `${questionNames[reason]}：${levelLabels[level].zh}`;
      })
      .join('；');
    const description = `满意度调查低分（工单 ${ticket.number}）：${scores}${input.comment ? `。客户意见：${input.comment}` : ''}`;
    const complaintId = await openComplaintDraft(tx, {
      at: now,
      stationId: row.stationId,
      customerId: row.customerId,
      ticketId: row.ticketId,
      equipmentId: ticket.equipmentId,
      engineerId: row.engineerId,
      surveyId: row.id,
      contactName: ticket.contactName,
      contactPhone: ticket.contactPhone,
      description,
      recordedBy: actorId,
    });
    await tx.update(surveys).set({ complaintId }).where(eq(surveys.id, row.id));
    if (deps.onLowScore) {
      await deps.onLowScore(tx, {
        ticketId: row.ticketId,
        customerId: row.customerId,
        equipmentId: ticket.equipmentId,
        surveyId: row.id,
        complaintId,
        at: now,
      });
    }
    return { lowScore: true };
  }

  /** An agent records the customer's answers given on the phone. */
  async function recordPhoneSurvey(actor: Actor, id: number, input: z.output<typeof phoneSurveyInput>) {
    const now = clock.now();
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(surveys)
        .where(and(eq(surveys.id, id), scopeToStation(actor, surveys.stationId)))
        .for('update');
      if (!row) throw notFound(surveyLabel.zh, surveyLabel.en);
      if (row.version !== input.version) throw versionConflict(surveyLabel.zh, surveyLabel.en);
      if (row.status !== 'pending') {
        throw new AppError('CONFLICT', {
          zh:
            row.status === 'answered' ? '该调查已有答复，不能重复录入' : '该调查已被新的调查取代（工单重开后再次关闭）',
          en:
            row.status === 'answered'
              ? 'This survey has already been answered'
              : 'This survey was replaced by a newer one (the ticket was reopened and closed again)',
        });
      }
      await answer(tx, row, input, 'phone', actor.id, now);
    });
    return get(actor, id);
  }

  async function findByToken(tx: DbOrTx, token: string, lock: boolean): Promise<SurveyRow> {
    if (!surveyTokenPattern.test(token)) throw linkNotFound();
    const query = tx
      .select()
      .from(surveys)
      .where(eq(surveys.tokenHash, hashSurveyToken(token)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw linkNotFound();
    return row;
  }

  /** What the link shows: ticket number, closure date, engineer's name. 404 forged, 410 used/expired/replaced. */
  async function publicView(token: string) {
    const row = await findByToken(db, token, false);
    const state = linkState(row, clock.now());
    if (state !== 'usable') throw linkGone(state);
    const [info] = await db
      .select({ ticketNumber: tickets.number, engineerName: users.displayName })
      .from(tickets)
      .leftJoin(users, eq(users.id, row.engineerId ?? -1))
      .where(eq(tickets.id, row.ticketId));
    const { 'org.name': companyName } = await readSettings(db, ['org.name'] as const);
    return {
      ticketNumber: info.ticketNumber,
      closedAt: row.closedAt,
      engineerName: info.engineerName ?? null,
      companyName,
    };
  }

  /** The customer answers through the link: once. */
  async function publicAnswer(token: string, input: z.output<typeof surveyAnswersInput>) {
    const now = clock.now();
    return db.transaction(async (tx) => {
      const row = await findByToken(tx, token, true);
      const state = linkState(row, now);
      if (state !== 'usable') throw linkGone(state);
      const result = await answer(tx, row, input, 'link', null, now);
      return { ok: true as const, lowScore: result.lowScore };
    });
  }

  /** Satisfaction rate (overall ≥ satisfied among answered surveys) per station, engineer or month. */
  async function satisfaction(actor: Actor, query: z.output<typeof satisfactionQuery>): Promise<SatisfactionReport> {
    const settings = await readSettings(db, ['org.timeZone', 'feedback.satisfactionTarget'] as const);
    const timeZone = settings['org.timeZone'];
    const target = settings['feedback.satisfactionTarget'];
    const today = dateInZone(clock.now(), timeZone);
    const to = query.to ?? today;
    const from = query.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
    // Answered in [from, to + 1 day) local time: an index-only range scan (surveys_answered_*_idx).
    const answeredBetween = (start: string, endExclusive: string) => [
      sql`${surveys.answeredAt} >= (${start}::date)::timestamp at time zone ${timeZone}`,
      sql`${surveys.answeredAt} < (${endExclusive}::date)::timestamp at time zone ${timeZone}`,
    ];
    const scope: (SQL | undefined)[] = [
      scopeToStation(actor, surveys.stationId),
      query.stationId ? eq(surveys.stationId, query.stationId) : undefined,
    ];
    const counts = {
      answered: sql<number>`count(*)::int`,
      satisfied: sql<number>`(count(*) filter (where ${surveys.satisfied}))::int`,
    };
    const months = query.groupBy === 'month' ? monthRanges(from, to) : [];
    let grouped: { key: string; answered: number; satisfied: number }[];
    if (query.groupBy === 'month' && months.length <= MONTHS_COUNTED_APART) {
      // One range count per month (union all): no time-zone conversion, sort or grouping per survey —
      // with a million surveys that took 200 ms for a year (docs/benchmarks.md, Feedback).
      const perMonth = months.map(
        (month) => sql`(select ${month.key}::text as key, ${counts.answered} as answered,
          ${counts.satisfied} as satisfied from ${surveys}
          where ${and(...answeredBetween(month.from, month.toExclusive), ...scope)})`,
      );
      const result = await db.execute<{ key: string; answered: number; satisfied: number }>(
        sql.join(perMonth, sql` union all `),
      );
      grouped = result.rows.filter((row) => row.answered > 0);
    } else {
      // Grouped on the integer column (cast to text per group, not per survey).
      const key =
        query.groupBy === 'station'
          ? surveys.stationId
          : query.groupBy === 'engineer'
            ? surveys.engineerId
            : sql<string>`to_char(${surveys.answeredAt} at time zone ${timeZone}, 'YYYY-MM')`;
      const rows = await db
        .select({ key, ...counts })
        .from(surveys)
        .where(and(...answeredBetween(from, addDays(to, 1)), ...scope))
        .groupBy(sql`1`)
        .orderBy(sql`1`);
      grouped = rows.map((row) => ({ ...row, key: row.key === null ? '' : String(row.key) }));
    }

    const labels = new Map<string, string>();
    if (query.groupBy === 'station') {
      for (const station of await db.select({ id: stations.id, name: stations.name }).from(stations)) {
        labels.set(String(station.id), station.name);
      }
    } else if (query.groupBy === 'engineer') {
      const ids = grouped.map((row) => Number(row.key)).filter((id) => id > 0);
      if (ids.length > 0) {
        const rows = await db
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(inArray(users.id, ids));
        for (const row of rows) labels.set(String(row.id), row.name);
      }
    }
    const rows = grouped.map((row) => ({
      key: row.key,
      label: labels.get(row.key) ?? (row.key === '' ? '—' : row.key),
      answered: row.answered,
      satisfied: row.satisfied,
      ...satisfactionRate(row, target),
    }));
    if (query.groupBy !== 'month') rows.sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.answered - a.answered);
    const totals = rows.reduce(
      (sum, row) => ({ answered: sum.answered + row.answered, satisfied: sum.satisfied + row.satisfied }),
      {
        answered: 0,
        satisfied: 0,
      },
    );
    return {
      groupBy: query.groupBy,
      from,
      to,
      target,
      total: { key: 'total', label: 'total', ...totals, ...satisfactionRate(totals, target) },
      rows,
    };
  }

  return { list, get, recordPhoneSurvey, publicView, publicAnswer, satisfaction };
}

export type SurveysService = ReturnType<typeof createSurveysService>;
