/**
 * Stocktake (盘点, PRT-4, 000 七(二) 2): one open count per warehouse; the count sheet lists the
 * warehouse's stock rows (good and defective) plus any part a counter adds, without book quantities.
 * Entering a count reads the book on-hand in the same transaction under a FOR SHARE lock on the
 * balance row, so it is exactly the on-hand between two ledger entries: a movement during the count
 * is not variance. Approval adds each line's variance to the current on-hand through `postMovement`
 * (kind 'adjustment'), once — the stocktake row is locked and must still be 'submitted'.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { type Actor, canSeeStation } from '../../lib/access.js';
import { AppError, invalidField, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { likeEscape, offsetOf } from '../../lib/pagination.js';
import { seesAllStations } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import { recordAudit } from '../audit/audit.service.js';
import type { SettingsService } from '../org/settings.service.js';
import { nextDocumentNumber } from '../tickets/numbering.js';
import { postMovement } from './stock-ledger.js';
import type {
  approveInput,
  cancelInput,
  countInput,
  reasonsInput,
  rejectInput,
  stocktakeCreateInput,
  stocktakeListQuery,
} from './stocktake.contract.js';
import {
  adjustmentFor,
  type LineState,
  lineState,
  linesMissingReason,
  openLines,
  type StocktakeAction,
  type StocktakeStatus,
  stocktakeActionRefusal,
  variance,
  varianceKind,
} from './stocktake.rules.js';

registerConstraintMessages({
  stocktakes_one_open_per_warehouse: {
    field: 'warehouseId',
    text: {
      zh: '该仓库已有一张未完成的盘点单，请先完成或取消它',
      en: 'This warehouse already has an open stocktake; finish or cancel it first',
    },
  },
});

const label = { zh: '盘点单', en: 'Stocktake' };
const toDate = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value : new Date(value);

type SummaryRow = {
  id: number;
  number: string;
  warehouse_id: number;
  warehouse_code: string;
  warehouse_name: string;
  station_id: number;
  station_name: string;
  status: StocktakeStatus;
  note: string | null;
  started_by: number;
  started_by_name: string;
  started_at: Date | string;
  submitted_at: Date | string | null;
  approved_at: Date | string | null;
  approved_by_name: string | null;
  line_count: number;
  counted_count: number;
  skipped_count: number;
  version: number;
};

type LineRow = {
  id: number;
  part_id: number;
  part_code: string;
  part_name: string;
  spec: string | null;
  unit: string;
  condition: 'good' | 'defective';
  counted_quantity: number | null;
  book_quantity: number | null;
  counted_by_name: string | null;
  counted_at: Date | string | null;
  variance_reason: string | null;
};

const summarySelect = sql`
  select st.id, st.number, st.warehouse_id, w.code as warehouse_code, w.name as warehouse_name,
         w.station_id, s.name as station_name, st.status, st.note, st.started_by,
         su.display_name as started_by_name, st.started_at, st.submitted_at, st.approved_at,
         au.display_name as approved_by_name,
         (select count(*)::int from stocktake_lines l where l.stocktake_id = st.id) as line_count,
         (select count(*)::int from stocktake_lines l where l.stocktake_id = st.id and l.counted_quantity is not null) as counted_count,
         (select count(*)::int from stocktake_lines l
           where l.stocktake_id = st.id and l.counted_quantity is null and l.counted_at is not null) as skipped_count,
         st.version
    from stocktakes st
    join warehouses w on w.id = st.warehouse_id
    join stations s on s.id = w.station_id
    join users su on su.id = st.started_by
    left join users au on au.id = st.approved_by`;

function summaryFromRow(row: SummaryRow) {
  return {
    id: row.id,
    number: row.number,
    warehouseId: row.warehouse_id,
    warehouseCode: row.warehouse_code,
    warehouseName: row.warehouse_name,
    stationId: row.station_id,
    stationName: row.station_name,
    status: row.status,
    note: row.note,
    startedBy: row.started_by,
    startedByName: row.started_by_name,
    startedAt: toDate(row.started_at) as Date,
    submittedAt: toDate(row.submitted_at),
    approvedAt: toDate(row.approved_at),
    approvedByName: row.approved_by_name,
    lineCount: Number(row.line_count),
    countedCount: Number(row.counted_count),
    skippedCount: Number(row.skipped_count),
    version: row.version,
  };
}

function stateOf(row: LineRow): LineState {
  return lineState({
    countedQuantity: row.counted_quantity,
    bookQuantity: row.book_quantity,
    countedAt: row.counted_at,
  });
}

/** What the counter sees: never the book quantity. */
function countLineFromRow(row: LineRow) {
  return {
    id: row.id,
    partId: row.part_id,
    partCode: row.part_code,
    partName: row.part_name,
    spec: row.spec,
    unit: row.unit,
    condition: row.condition,
    state: stateOf(row),
    countedQuantity: row.counted_quantity,
    countedByName: row.counted_by_name,
    countedAt: toDate(row.counted_at),
  };
}

export type StocktakeService = ReturnType<typeof createStocktakeService>;

export function createStocktakeService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, clock, settings } = deps;

  const stationFilter = (actor: Actor): SQL =>
    seesAllStations(actor.roles) ? sql`true` : sql`w.station_id = ${actor.stationId}`;

  async function loadSummary(tx: DbOrTx, actor: Actor, id: number) {
    const result = await tx.execute<SummaryRow>(sql`${summarySelect} where st.id = ${id} and ${stationFilter(actor)}`);
    if (!result.rows[0]) throw notFound(label.zh, label.en);
    return summaryFromRow(result.rows[0]);
  }

  async function loadLines(tx: DbOrTx, id: number) {
    const result = await tx.execute<LineRow>(sql`
      select l.id, l.part_id, p.code as part_code, p.name as part_name, p.spec, p.unit, l.condition,
             l.counted_quantity, l.book_quantity, cu.display_name as counted_by_name, l.counted_at, l.variance_reason
        from stocktake_lines l
        join parts p on p.id = l.part_id
        left join users cu on cu.id = l.counted_by
       where l.stocktake_id = ${id}
       order by p.code, l.condition`);
    return result.rows;
  }

  /** Locks the stocktake (404 outside the actor's stations), checks version and action. */
  async function lockStocktake(tx: Tx, actor: Actor, id: number, action: StocktakeAction, expectedVersion?: number) {
    const result = await tx.execute<{
      id: number;
      status: StocktakeStatus;
      version: number;
      warehouse_id: number;
      station_id: number;
    }>(sql`
      select st.id, st.status, st.version, st.warehouse_id, w.station_id
        from stocktakes st join warehouses w on w.id = st.warehouse_id
       where st.id = ${id} and ${stationFilter(actor)}
         for update of st`);
    const row = result.rows[0];
    if (!row) throw notFound(label.zh, label.en);
    // The status's refusal first: a second approval from a page loaded earlier is told the count is
    // already approved, not only that it changed.
    const refusal = stocktakeActionRefusal(row.status, action);
    if (refusal) throw new AppError('CONFLICT', refusal);
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw versionConflict(label.zh, label.en);
    return row;
  }

  async function bump(tx: Tx, id: number, patch?: SQL) {
    await tx.execute(
      patch
        ? sql`update stocktakes set ${patch}, version = version + 1 where id = ${id}`
        : sql`update stocktakes set version = version + 1 where id = ${id}`,
    );
  }

  /** The status change in the audit trail (PLT-2). */
  const auditStatus = (
    tx: Tx,
    actor: Actor,
    id: number,
    from: StocktakeStatus,
    to: StocktakeStatus,
    note?: string | null,
  ) =>
    recordAudit(tx, {
      entityType: 'stocktake',
      entityId: id,
      action: 'update',
      actor,
      before: { status: from },
      after: note ? { status: to, note } : { status: to },
    });

  async function detail(tx: DbOrTx, actor: Actor, id: number) {
    const summary = await loadSummary(tx, actor, id);
    const lines = await loadLines(tx, id);
    return { ...summary, lines: lines.map(countLineFromRow) };
  }

  async function resolvePart(tx: DbOrTx, input: { partId?: number; partCode?: string }) {
    const result = await tx.execute<{ id: number; code: string }>(
      input.partId !== undefined
        ? sql`select id, code from parts where id = ${input.partId}`
        : sql`select id, code from parts where upper(code) = upper(${input.partCode ?? ''})`,
    );
    const part = result.rows[0];
    if (!part) {
      const field = input.partId !== undefined ? 'partId' : 'partCode';
      throw invalidField(field, {
        zh: `配件 ${input.partCode ?? input.partId} 不存在`,
        en: `No part ${input.partCode ?? input.partId}`,
      });
    }
    return part;
  }

  async function costsToday(tx: DbOrTx, partIds: number[]) {
    if (partIds.length === 0) return new Map<number, number>();
    const day = dateInZone(clock.now(), await settings.get('org.timeZone', tx));
    const result = await tx.execute<{ part_id: number; cost_fen: number }>(sql`
      select distinct on (part_id) part_id, cost_fen from part_prices
       where part_id in (${sql.join(
         partIds.map((id) => sql`${id}`),
         sql`, `,
       )}) and effective_from <= ${day}
       order by part_id, effective_from desc`);
    return new Map(result.rows.map((row) => [row.part_id, row.cost_fen]));
  }

  async function varianceOf(tx: DbOrTx, actor: Actor, id: number) {
    const summary = await loadSummary(tx, actor, id);
    const lines = await loadLines(tx, id);
    const costs = await costsToday(tx, [...new Set(lines.map((line) => line.part_id))]);
    let surplusQuantity = 0;
    let shortageQuantity = 0;
    let surplusValueFen = 0;
    let shortageValueFen = 0;
    const items = lines.map((row) => {
      const line = {
        countedQuantity: row.counted_quantity,
        bookQuantity: row.book_quantity,
        countedAt: row.counted_at,
      };
      const v = variance(line);
      const unitCostFen = costs.get(row.part_id) ?? null;
      const valueFen = unitCostFen === null ? null : v * unitCostFen;
      if (v > 0) {
        surplusQuantity += v;
        surplusValueFen += valueFen ?? 0;
      } else if (v < 0) {
        shortageQuantity += -v;
        shortageValueFen += -(valueFen ?? 0);
      }
      return {
        ...countLineFromRow(row),
        bookQuantity: row.book_quantity,
        variance: v,
        kind: varianceKind(line),
        unitCostFen,
        valueFen,
        varianceReason: row.variance_reason,
      };
    });
    return { ...summary, lines: items, surplusQuantity, shortageQuantity, surplusValueFen, shortageValueFen };
  }

  /** Stores reasons given for lines of `stocktakeId`; an unknown line is 400 naming it. */
  async function storeReasons(tx: Tx, stocktakeId: number, reasons: { lineId: number; reason?: string | null }[]) {
    if (reasons.length === 0) return;
    const known = await tx.execute<{ id: number }>(
      sql`select id from stocktake_lines where stocktake_id = ${stocktakeId}`,
    );
    const ids = new Set(known.rows.map((row) => row.id));
    for (const [index, entry] of reasons.entries()) {
      if (!ids.has(entry.lineId)) {
        throw invalidField(`reasons.${index}.lineId`, {
          zh: `盘点明细 ${entry.lineId} 不属于这张盘点单`,
          en: `Line ${entry.lineId} is not on this stocktake`,
        });
      }
    }
    for (const entry of reasons) {
      await tx.execute(
        sql`update stocktake_lines set variance_reason = ${entry.reason ?? null} where id = ${entry.lineId}`,
      );
    }
  }

  return {
    /** GET /api/stocktakes */
    async list(actor: Actor, query: z.output<typeof stocktakeListQuery>) {
      const conditions: SQL[] = [stationFilter(actor)];
      if (query.warehouseId) conditions.push(sql`st.warehouse_id = ${query.warehouseId}`);
      if (query.status) conditions.push(sql`st.status = ${query.status}`);
      if (query.q) {
        const pattern = `%${likeEscape(query.q)}%`;
        conditions.push(sql`(st.number ilike ${pattern} or w.name ilike ${pattern} or w.code ilike ${pattern})`);
      }
      const where = sql.join(conditions, sql` and `);
      const direction = query.order === 'asc' ? sql`asc` : sql`desc`;
      const rows = await db.execute<SummaryRow>(sql`${summarySelect} where ${where}
        order by st.started_at ${direction}, st.id ${direction} limit ${query.pageSize} offset ${offsetOf(query)}`);
      const total = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from stocktakes st join warehouses w on w.id = st.warehouse_id where ${where}`);
      return {
        items: rows.rows.map(summaryFromRow),
        total: Number(total.rows[0].n),
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    /** GET /api/stocktakes/:id — the count sheet (no book quantities). */
    get: (actor: Actor, id: number) => detail(db, actor, id),

    /** GET /api/stocktakes/:id/variance — book, counted, 盘盈/盘亏 and value; approvers, after submission. */
    async variance(actor: Actor, id: number) {
      const summary = await loadSummary(db, actor, id);
      if (summary.status === 'counting' || summary.status === 'cancelled') {
        throw new AppError('CONFLICT', {
          zh: '盘点单尚未提交，差异在提交后才能查看（盘点人不看账面数）',
          en: 'The stocktake has not been submitted; the variance is shown after submission (counts are blind)',
        });
      }
      return varianceOf(db, actor, id);
    },

    /** POST /api/stocktakes — start a count of a warehouse (one open count per warehouse). */
    start: (actor: Actor, input: z.output<typeof stocktakeCreateInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const warehouse = await tx.execute<{ id: number; station_id: number; is_active: boolean }>(
          sql`select id, station_id, is_active from warehouses where id = ${input.warehouseId}`,
        );
        const found = warehouse.rows[0];
        if (!found || !canSeeStation(actor, found.station_id)) {
          throw invalidField('warehouseId', { zh: '仓库不存在或无权访问', en: 'No such warehouse in your station' });
        }
        const open = await tx.execute<{ number: string }>(sql`
          select number from stocktakes where warehouse_id = ${input.warehouseId} and status in ('counting', 'submitted')`);
        if (open.rows[0]) {
          throw new AppError('CONFLICT', {
            zh: `该仓库已有未完成的盘点单 ${open.rows[0].number}，请先完成或取消它`,
            en: `This warehouse already has an open stocktake ${open.rows[0].number}; finish or cancel it first`,
          });
        }
        const number = await nextDocumentNumber(tx, 'PD', now, await settings.get('org.timeZone', tx), 'stocktake');
        const inserted = await tx.execute<{ id: number }>(sql`
          insert into stocktakes (number, warehouse_id, status, note, started_by, started_at)
          values (${number}, ${input.warehouseId}, 'counting', ${input.note ?? null}, ${actor.id}, ${now})
          returning id`);
        const id = inserted.rows[0].id;
        await tx.execute(sql`
          insert into stocktake_lines (stocktake_id, part_id, condition)
          select ${id}, s.part_id, s.condition from stock s
           where s.warehouse_id = ${input.warehouseId}
           order by s.part_id, s.condition`);
        await recordAudit(tx, {
          entityType: 'stocktake',
          entityId: id,
          action: 'create',
          actor,
          after: { number, warehouseId: input.warehouseId, note: input.note ?? null },
        });
        return detail(tx, actor, id);
      }),

    /**
     * POST /api/stocktakes/:id/counts — enter, re-enter or skip a count. The book on-hand is read
     * here under FOR SHARE: any movement of the balance either committed before (and is in the book)
     * or waits until this count is stored (and is a later movement, not variance).
     */
    count: (actor: Actor, id: number, input: z.output<typeof countInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const stocktake = await lockStocktake(tx, actor, id, input.skip ? 'skip' : 'count');
        let line: { id: number; part_id: number; condition: 'good' | 'defective' } | undefined;
        if (input.lineId !== undefined) {
          const found = await tx.execute<{ id: number; part_id: number; condition: 'good' | 'defective' }>(sql`
            select id, part_id, condition from stocktake_lines where id = ${input.lineId} and stocktake_id = ${id}`);
          line = found.rows[0];
          if (!line) {
            throw invalidField('lineId', {
              zh: `盘点明细 ${input.lineId} 不属于这张盘点单`,
              en: `Line ${input.lineId} is not on this stocktake`,
            });
          }
        } else {
          const part = await resolvePart(tx, input);
          const upserted = await tx.execute<{ id: number; part_id: number; condition: 'good' | 'defective' }>(sql`
            insert into stocktake_lines (stocktake_id, part_id, condition) values (${id}, ${part.id}, ${input.condition})
            on conflict (stocktake_id, part_id, condition) do update set condition = excluded.condition
            returning id, part_id, condition`);
          line = upserted.rows[0];
        }
        if (input.skip) {
          await tx.execute(sql`
            update stocktake_lines set counted_quantity = null, book_quantity = null, counted_by = ${actor.id},
                   counted_at = ${now}, variance_reason = null
             where id = ${line.id}`);
        } else {
          const book = await tx.execute<{ on_hand: number }>(sql`
            select on_hand from stock
             where warehouse_id = ${stocktake.warehouse_id} and part_id = ${line.part_id} and condition = ${line.condition}
               for share`);
          await tx.execute(sql`
            update stocktake_lines set counted_quantity = ${input.countedQuantity ?? 0},
                   book_quantity = ${book.rows[0]?.on_hand ?? 0}, counted_by = ${actor.id}, counted_at = ${now}
             where id = ${line.id}`);
        }
        await bump(tx, id);
        const lines = await loadLines(tx, id);
        const row = lines.find((candidate) => candidate.id === line.id);
        if (!row) throw notFound(label.zh, label.en);
        return countLineFromRow(row);
      }),

    /** POST /api/stocktakes/:id/submit — every line counted or skipped. */
    submit: (actor: Actor, id: number, version: number) =>
      db.transaction(async (tx) => {
        await lockStocktake(tx, actor, id, 'submit', version);
        const lines = await loadLines(tx, id);
        const open = openLines(
          lines.map((row) => ({
            code: row.part_code,
            condition: row.condition,
            countedQuantity: row.counted_quantity,
            bookQuantity: row.book_quantity,
            countedAt: row.counted_at,
          })),
        );
        if (open.length > 0) {
          const names = open
            .slice(0, 10)
            .map((line) => (line.condition === 'defective' ? `${line.code}（坏件）` : line.code))
            .join('、');
          throw new AppError(
            'VALIDATION',
            {
              zh: `还有 ${open.length} 项未盘点也未跳过：${names}`,
              en: `${open.length} line(s) neither counted nor skipped: ${names.replaceAll('（坏件）', ' (defective)').replaceAll('、', ', ')}`,
            },
            { fields: [{ field: 'lines', message: `${open.length} line(s) neither counted nor skipped` }] },
          );
        }
        await bump(tx, id, sql`status = 'submitted', submitted_by = ${actor.id}, submitted_at = ${clock.now()}`);
        await auditStatus(tx, actor, id, 'counting', 'submitted');
        return detail(tx, actor, id);
      }),

    /** POST /api/stocktakes/:id/reasons — 盘盈/盘亏 reasons, after submission. */
    reasons: (actor: Actor, id: number, input: z.output<typeof reasonsInput>) =>
      db.transaction(async (tx) => {
        await lockStocktake(tx, actor, id, 'reason', input.version);
        await storeReasons(tx, id, input.reasons);
        await bump(tx, id);
        return varianceOf(tx, actor, id);
      }),

    /**
     * POST /api/stocktakes/:id/approve — every variance has a reason (400 naming the line), then one
     * adjustment per line with a variance, applied to the current on-hand (409 naming the part when
     * stock issued since makes it impossible). Once: the row is locked and must be 'submitted'.
     */
    approve: (actor: Actor, id: number, input: z.output<typeof approveInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const stocktake = await lockStocktake(tx, actor, id, 'approve', input.version);
        await storeReasons(tx, id, input.reasons);
        const lines = await loadLines(tx, id);
        const missing = linesMissingReason(
          lines.map((row) => ({
            row,
            countedQuantity: row.counted_quantity,
            bookQuantity: row.book_quantity,
            countedAt: row.counted_at,
            varianceReason: row.variance_reason,
          })),
        );
        if (missing.length > 0) {
          const names = missing.map(({ row }) => row.part_code).join('、');
          throw new AppError(
            'VALIDATION',
            {
              zh: `以下有盘盈/盘亏的配件须填写原因：${names}`,
              en: `Give a reason for each line with a variance: ${names.replaceAll('、', ', ')}`,
            },
            {
              fields: missing.map(({ row }) => ({
                field: `lines.${row.id}.varianceReason`,
                message: `Reason required for ${row.part_code}`,
              })),
            },
          );
        }
        const costs = await costsToday(tx, [...new Set(lines.map((line) => line.part_id))]);
        for (const row of lines) {
          const line = {
            countedQuantity: row.counted_quantity,
            bookQuantity: row.book_quantity,
            countedAt: row.counted_at,
          };
          if (variance(line) === 0) continue;
          const current = await tx.execute<{ on_hand: number; reserved: number }>(sql`
            select on_hand, reserved from stock
             where warehouse_id = ${stocktake.warehouse_id} and part_id = ${row.part_id} and condition = ${row.condition}
               for update`);
          const balance = { onHand: current.rows[0]?.on_hand ?? 0, reserved: current.rows[0]?.reserved ?? 0 };
          const adjustment = adjustmentFor(line, balance);
          if (!adjustment.ok) {
            throw new AppError(
              'CONFLICT',
              {
                zh: `配件 ${row.part_code} 盘亏 ${adjustment.shortage}，但盘点后已有出库：当前在库 ${balance.onHand}（已预留 ${balance.reserved}），无法调整；请退回重盘`,
                en: `Part ${row.part_code} is short by ${adjustment.shortage} but stock moved since the count: ${balance.onHand} on hand (${balance.reserved} reserved); send the count back to recount`,
              },
              { details: { partId: row.part_id, onHand: balance.onHand, reserved: balance.reserved } },
            );
          }
          await postMovement(tx, {
            kind: 'adjustment',
            warehouseId: stocktake.warehouse_id,
            partId: row.part_id,
            condition: row.condition,
            quantity: adjustment.quantity,
            at: now,
            actorId: actor.id,
            unitCostFen: costs.get(row.part_id) ?? null,
            stocktakeId: id,
            note: row.variance_reason,
          });
        }
        await bump(tx, id, sql`status = 'approved', approved_by = ${actor.id}, approved_at = ${now}`);
        await auditStatus(tx, actor, id, 'submitted', 'approved');
        return varianceOf(tx, actor, id);
      }),

    /** POST /api/stocktakes/:id/reject — back to counting (lines may be recounted). */
    reject: (actor: Actor, id: number, input: z.output<typeof rejectInput>) =>
      db.transaction(async (tx) => {
        await lockStocktake(tx, actor, id, 'reject', input.version);
        await bump(tx, id, sql`status = 'counting', submitted_by = null, submitted_at = null`);
        await auditStatus(tx, actor, id, 'submitted', 'counting', input.note);
        return detail(tx, actor, id);
      }),

    /** POST /api/stocktakes/:id/cancel — nothing is adjusted. */
    cancel: (actor: Actor, id: number, input: z.output<typeof cancelInput>) =>
      db.transaction(async (tx) => {
        const before = await lockStocktake(tx, actor, id, 'cancel', input.version);
        await bump(tx, id, sql`status = 'cancelled'`);
        await auditStatus(tx, actor, id, before.status, 'cancelled', input.note);
        return detail(tx, actor, id);
      }),
  };
}
