/**
 * Replenishment (PRT-5, 000 七(一)): reorder suggestions per station warehouse from stock,
 * reservations, open purchase requests, reorder points and recent consumption
 * (`replenishment.rules.ts`), and purchase requests (采购计划) to one supplier: draft → submitted →
 * approved/rejected by the station manager, receipts with acceptance inspection against an approved
 * request (each accepted unit a 'receipt' ledger entry through `postMovement`), partial receipts, close.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { type Actor, canSeeStation } from '../../lib/access.js';
import { AppError, invalidField, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { likeEscape, offsetOf } from '../../lib/pagination.js';
import { seesAllStations } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import { recordAudit } from '../audit/audit.service.js';
import type { SettingsService } from '../org/settings.service.js';
import { nextDocumentNumber } from '../tickets/numbering.js';
import type {
  closeInput,
  decisionInput,
  purchaseCreateInput,
  purchaseListQuery,
  purchaseRejectInput,
  purchaseUpdateInput,
  receiptInput,
} from './purchasing.contract.js';
import { applyReceipt, type PurchaseAction, type PurchaseStatus, purchaseActionRefusal } from './purchasing.rules.js';
import { suggestReorder } from './replenishment.rules.js';
import { postMovement } from './stock-ledger.js';

const label = { zh: '采购计划', en: 'Purchase request' };
const toDate = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value : new Date(value);
/** Requests whose outstanding lines count as "on order". */
const openStatuses = ['draft', 'submitted', 'approved', 'partially_received'] as const;

type SummaryRow = {
  id: number;
  number: string;
  station_id: number;
  station_name: string;
  warehouse_id: number;
  warehouse_code: string;
  warehouse_name: string;
  supplier_id: number;
  supplier_name: string;
  status: PurchaseStatus;
  note: string | null;
  requested_by: number;
  requested_by_name: string;
  requested_at: Date | string;
  decided_by_name: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
  closed_by_name: string | null;
  closed_at: Date | string | null;
  close_note: string | null;
  line_count: number;
  total_fen: number;
  version: number;
};

const summarySelect = sql`
  select r.id, r.number, r.station_id, s.name as station_name, r.warehouse_id, w.code as warehouse_code,
         w.name as warehouse_name, r.supplier_id, sup.name as supplier_name, r.status, r.note, r.requested_by,
         ru.display_name as requested_by_name, r.requested_at, du.display_name as decided_by_name, r.decided_at,
         r.decision_note, cu.display_name as closed_by_name, r.closed_at, r.close_note,
         (select count(*)::int from purchase_request_lines l where l.purchase_request_id = r.id) as line_count,
         (select coalesce(sum(l.quantity::bigint * coalesce(l.unit_cost_fen, 0)), 0)::bigint
            from purchase_request_lines l where l.purchase_request_id = r.id) as total_fen,
         r.version
    from purchase_requests r
    join stations s on s.id = r.station_id
    join warehouses w on w.id = r.warehouse_id
    join suppliers sup on sup.id = r.supplier_id
    join users ru on ru.id = r.requested_by
    left join users du on du.id = r.decided_by
    left join users cu on cu.id = r.closed_by`;

function summaryFromRow(row: SummaryRow) {
  return {
    id: row.id,
    number: row.number,
    stationId: row.station_id,
    stationName: row.station_name,
    warehouseId: row.warehouse_id,
    warehouseCode: row.warehouse_code,
    warehouseName: row.warehouse_name,
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    status: row.status,
    note: row.note,
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    requestedAt: toDate(row.requested_at) as Date,
    decidedByName: row.decided_by_name,
    decidedAt: toDate(row.decided_at),
    decisionNote: row.decision_note,
    closedByName: row.closed_by_name,
    closedAt: toDate(row.closed_at),
    closeNote: row.close_note,
    lineCount: Number(row.line_count),
    totalFen: Number(row.total_fen),
    version: row.version,
  };
}

type LineRow = {
  id: number;
  part_id: number;
  part_code: string;
  part_name: string;
  spec: string | null;
  unit: string;
  quantity: number;
  received_quantity: number;
  rejected_quantity: number;
  unit_cost_fen: number | null;
};

export type PurchasingService = ReturnType<typeof createPurchasingService>;

export function createPurchasingService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, clock, settings } = deps;

  const stationFilter = (actor: Actor): SQL =>
    seesAllStations(actor.roles) ? sql`true` : sql`r.station_id = ${actor.stationId}`;

  async function today(tx: DbOrTx) {
    return dateInZone(clock.now(), await settings.get('org.timeZone', tx));
  }

  async function visibleWarehouse(tx: DbOrTx, actor: Actor, warehouseId: number, field = 'warehouseId') {
    const result = await tx.execute<{ id: number; station_id: number; kind: string; code: string }>(
      sql`select id, station_id, kind, code from warehouses where id = ${warehouseId}`,
    );
    const warehouse = result.rows[0];
    if (!warehouse || !canSeeStation(actor, warehouse.station_id)) {
      throw invalidField(field, { zh: '仓库不存在或无权访问', en: 'No such warehouse in your station' });
    }
    return warehouse;
  }

  async function loadDetail(tx: DbOrTx, actor: Actor, id: number) {
    const result = await tx.execute<SummaryRow>(sql`${summarySelect} where r.id = ${id} and ${stationFilter(actor)}`);
    if (!result.rows[0]) throw notFound(label.zh, label.en);
    const lines = await tx.execute<LineRow>(sql`
      select l.id, l.part_id, p.code as part_code, p.name as part_name, p.spec, p.unit, l.quantity,
             l.received_quantity, l.rejected_quantity, l.unit_cost_fen
        from purchase_request_lines l join parts p on p.id = l.part_id
       where l.purchase_request_id = ${id}
       order by l.id`);
    const receipts = await tx.execute<{ at: Date | string; by_name: string | null; after: unknown }>(sql`
      select a.at, u.display_name as by_name, a.after from audit_log a left join users u on u.id = a.actor_id
       where a.entity_type = 'purchase_request' and a.entity_id = ${String(id)} and a.after ? 'receipt'
       order by a.id`);
    return {
      ...summaryFromRow(result.rows[0]),
      lines: lines.rows.map((row) => ({
        id: row.id,
        partId: row.part_id,
        partCode: row.part_code,
        partName: row.part_name,
        spec: row.spec,
        unit: row.unit,
        quantity: row.quantity,
        receivedQuantity: row.received_quantity,
        rejectedQuantity: row.rejected_quantity,
        outstanding: row.quantity - row.received_quantity,
        unitCostFen: row.unit_cost_fen,
      })),
      receipts: receipts.rows.map((row) => {
        const receipt = (row.after as { receipt: { inspectionNote: string | null; lines: ReceiptLog[] } }).receipt;
        return {
          at: toDate(row.at) as Date,
          byName: row.by_name,
          inspectionNote: receipt.inspectionNote,
          lines: receipt.lines,
        };
      }),
    };
  }

  async function lockRequest(tx: Tx, actor: Actor, id: number, action: PurchaseAction, expectedVersion: number) {
    const result = await tx.execute<{
      id: number;
      status: PurchaseStatus;
      version: number;
      warehouse_id: number;
      station_id: number;
      supplier_id: number;
      number: string;
    }>(sql`
      select r.id, r.status, r.version, r.warehouse_id, r.station_id, r.supplier_id, r.number
        from purchase_requests r where r.id = ${id} and ${stationFilter(actor)} for update`);
    const row = result.rows[0];
    if (!row) throw notFound(label.zh, label.en);
    // What the request's status forbids is said first: a page loaded before someone closed the
    // request learns that it is closed, not only that it changed.
    const refusal = purchaseActionRefusal(row.status, action);
    if (refusal)
      throw new AppError('CONFLICT', { zh: `${row.number}：${refusal.zh}`, en: `${row.number}: ${refusal.en}` });
    if (row.version !== expectedVersion) throw versionConflict(label.zh, label.en);
    return row;
  }

  async function checkSupplier(tx: DbOrTx, supplierId: number) {
    const result = await tx.execute<{ id: number; is_active: boolean }>(
      sql`select id, is_active from suppliers where id = ${supplierId}`,
    );
    if (!result.rows[0]?.is_active) {
      throw invalidField('supplierId', { zh: '供应商不存在或已停用', en: 'No such active supplier' });
    }
  }

  /** Validates the lines (400 naming `lines.<i>.partId`) and fills in today's cost. */
  async function prepareLines(tx: DbOrTx, lines: z.output<typeof purchaseCreateInput>['lines']) {
    const ids = lines.map((line) => line.partId);
    const found = await tx.execute<{ id: number; is_active: boolean; cost_fen: number | null }>(sql`
      select p.id, p.is_active,
             (select cost_fen from part_prices pp where pp.part_id = p.id and pp.effective_from <= ${await today(tx)}
               order by pp.effective_from desc limit 1) as cost_fen
        from parts p where p.id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`);
    const parts = new Map(found.rows.map((row) => [row.id, row]));
    const seen = new Set<number>();
    return lines.map((line, index) => {
      const part = parts.get(line.partId);
      if (!part?.is_active) {
        throw invalidField(`lines.${index}.partId`, {
          zh: `第 ${index + 1} 行：配件不存在或已停用`,
          en: `Line ${index + 1}: no such active part`,
        });
      }
      if (seen.has(line.partId)) {
        throw invalidField(`lines.${index}.partId`, {
          zh: `第 ${index + 1} 行：同一配件不能重复，请合并数量`,
          en: `Line ${index + 1}: the part is already on the request; combine the quantities`,
        });
      }
      seen.add(line.partId);
      return { ...line, unitCostFen: line.unitCostFen ?? part.cost_fen ?? null };
    });
  }

  async function insertLines(tx: Tx, id: number, lines: Awaited<ReturnType<typeof prepareLines>>) {
    for (const line of lines) {
      await tx.execute(sql`
        insert into purchase_request_lines (purchase_request_id, part_id, quantity, unit_cost_fen)
        values (${id}, ${line.partId}, ${line.quantity}, ${line.unitCostFen})`);
    }
  }

  async function setStatus(tx: Tx, actor: Actor, id: number, from: PurchaseStatus, patch: SQL, after: object) {
    await tx.execute(sql`update purchase_requests set ${patch}, version = version + 1 where id = ${id}`);
    await recordAudit(tx, {
      entityType: 'purchase_request',
      entityId: id,
      action: 'update',
      actor,
      before: { status: from },
      after,
    });
  }

  return {
    /** GET /api/reorder-suggestions?warehouseId= */
    async suggestions(actor: Actor, warehouseId: number) {
      const warehouse = await visibleWarehouse(db, actor, warehouseId);
      const lookbackDays = await settings.get('parts.consumptionLookbackDays');
      const defaultLeadTime = await settings.get('parts.defaultLeadTimeDays');
      const since = new Date(clock.now().getTime() - lookbackDays * 86_400_000);
      const day = await today(db);
      const rows = await db.execute<{
        id: number;
        code: string;
        name: string;
        spec: string | null;
        unit: string;
        reorder_point: number;
        reorder_quantity: number;
        supplier_id: number | null;
        supplier_name: string | null;
        on_hand: number;
        reserved: number;
        on_order: number;
        consumed: number;
        lead_time_days: number | null;
        cost_fen: number | null;
      }>(sql`
        with st as (
          select part_id, on_hand, reserved from stock where warehouse_id = ${warehouse.id} and condition = 'good'
        ), ord as (
          select l.part_id, sum(l.quantity - l.received_quantity)::int as on_order
            from purchase_request_lines l join purchase_requests r on r.id = l.purchase_request_id
           where r.warehouse_id = ${warehouse.id} and r.status in (${sql.join(
             openStatuses.map((status) => sql`${status}`),
             sql`, `,
           )})
           group by l.part_id
        ), used as (
          select part_id, (-sum(quantity))::int as consumed from stock_ledger
           where warehouse_id = ${warehouse.id} and condition = 'good' and kind in ('issue', 'mail', 'return')
             and at >= ${since}
           group by part_id
        )
        select p.id, p.code, p.name, p.spec, p.unit, p.reorder_point, p.reorder_quantity,
               p.default_supplier_id as supplier_id, sup.name as supplier_name,
               coalesce(st.on_hand, 0) as on_hand, coalesce(st.reserved, 0) as reserved,
               coalesce(ord.on_order, 0) as on_order, greatest(coalesce(used.consumed, 0), 0) as consumed,
               ps.lead_time_days,
               (select cost_fen from part_prices pp where pp.part_id = p.id and pp.effective_from <= ${day}
                 order by pp.effective_from desc limit 1) as cost_fen
          from parts p
          left join st on st.part_id = p.id
          left join ord on ord.part_id = p.id
          left join used on used.part_id = p.id
          left join suppliers sup on sup.id = p.default_supplier_id
          left join part_suppliers ps on ps.part_id = p.id and ps.supplier_id = p.default_supplier_id
         where p.is_active
           and ((p.reorder_point > 0
                 and coalesce(st.on_hand, 0) - coalesce(st.reserved, 0) + coalesce(ord.on_order, 0) <= p.reorder_point)
                or coalesce(used.consumed, 0) > 0)
         order by p.code`);
      const items = [];
      for (const row of rows.rows) {
        const leadTimeDays = row.lead_time_days ?? defaultLeadTime;
        const input = {
          onHand: row.on_hand,
          reserved: row.reserved,
          onOrder: Number(row.on_order),
          reorderPoint: row.reorder_point,
          reorderQuantity: row.reorder_quantity,
          consumed: Number(row.consumed),
          lookbackDays,
          leadTimeDays,
        };
        const suggestion = suggestReorder(input);
        if (!suggestion) continue;
        items.push({
          partId: row.id,
          partCode: row.code,
          partName: row.name,
          spec: row.spec,
          unit: row.unit,
          onHand: input.onHand,
          reserved: input.reserved,
          onOrder: input.onOrder,
          available: suggestion.available,
          reorderPoint: input.reorderPoint,
          reorderQuantity: input.reorderQuantity,
          consumed: input.consumed,
          lookbackDays,
          dailyConsumption: Math.round(suggestion.dailyConsumption * 100) / 100,
          coverDays: suggestion.coverDays === null ? null : Math.round(suggestion.coverDays * 10) / 10,
          leadTimeDays,
          quantity: suggestion.quantity,
          supplierId: row.supplier_id,
          supplierName: row.supplier_name,
          unitCostFen: row.cost_fen,
          reasons: suggestion.reasons,
        });
      }
      return { warehouseId: warehouse.id, lookbackDays, items };
    },

    /** GET /api/purchase-requests */
    async list(actor: Actor, query: z.output<typeof purchaseListQuery>) {
      const conditions: SQL[] = [stationFilter(actor)];
      if (query.status) conditions.push(sql`r.status = ${query.status}`);
      if (query.warehouseId) conditions.push(sql`r.warehouse_id = ${query.warehouseId}`);
      if (query.supplierId) conditions.push(sql`r.supplier_id = ${query.supplierId}`);
      if (query.q) {
        const pattern = `%${likeEscape(query.q)}%`;
        conditions.push(sql`(r.number ilike ${pattern} or sup.name ilike ${pattern} or exists (
          select 1 from purchase_request_lines l join parts p on p.id = l.part_id
           where l.purchase_request_id = r.id and (p.code ilike ${pattern} or p.name ilike ${pattern})))`);
      }
      const where = sql.join(conditions, sql` and `);
      const direction = query.order === 'asc' ? sql`asc` : sql`desc`;
      const rows = await db.execute<SummaryRow>(sql`${summarySelect} where ${where}
        order by r.requested_at ${direction}, r.id ${direction} limit ${query.pageSize} offset ${offsetOf(query)}`);
      const total = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from purchase_requests r join suppliers sup on sup.id = r.supplier_id where ${where}`);
      return {
        items: rows.rows.map(summaryFromRow),
        total: Number(total.rows[0].n),
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    /** GET /api/purchase-requests/:id */
    get: (actor: Actor, id: number) => loadDetail(db, actor, id),

    /** POST /api/purchase-requests — a draft (from suggestions or by hand). */
    create: (actor: Actor, input: z.output<typeof purchaseCreateInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const warehouse = await visibleWarehouse(tx, actor, input.warehouseId);
        await checkSupplier(tx, input.supplierId);
        const lines = await prepareLines(tx, input.lines);
        const number = await nextDocumentNumber(tx, 'CG', now, await settings.get('org.timeZone', tx), 'purchase');
        const inserted = await tx.execute<{ id: number }>(sql`
          insert into purchase_requests (number, station_id, warehouse_id, supplier_id, status, note, requested_by, requested_at)
          values (${number}, ${warehouse.station_id}, ${warehouse.id}, ${input.supplierId}, 'draft', ${input.note ?? null},
                  ${actor.id}, ${now})
          returning id`);
        const id = inserted.rows[0].id;
        await insertLines(tx, id, lines);
        await recordAudit(tx, {
          entityType: 'purchase_request',
          entityId: id,
          action: 'create',
          actor,
          after: { number, warehouseId: warehouse.id, supplierId: input.supplierId, note: input.note ?? null, lines },
        });
        return loadDetail(tx, actor, id);
      }),

    /** PUT /api/purchase-requests/:id — edit a draft (lines replaced). */
    update: (actor: Actor, id: number, input: z.output<typeof purchaseUpdateInput>) =>
      db.transaction(async (tx) => {
        const before = await loadDetail(tx, actor, id);
        await lockRequest(tx, actor, id, 'edit', input.version);
        await checkSupplier(tx, input.supplierId);
        const lines = await prepareLines(tx, input.lines);
        await tx.execute(sql`delete from purchase_request_lines where purchase_request_id = ${id}`);
        await insertLines(tx, id, lines);
        await tx.execute(sql`
          update purchase_requests set supplier_id = ${input.supplierId}, note = ${input.note ?? null}, version = version + 1
           where id = ${id}`);
        await recordAudit(tx, {
          entityType: 'purchase_request',
          entityId: id,
          action: 'update',
          actor,
          before: {
            supplierId: before.supplierId,
            note: before.note,
            lines: before.lines.map(({ partId, quantity, unitCostFen }) => ({ partId, quantity, unitCostFen })),
          },
          after: {
            supplierId: input.supplierId,
            note: input.note ?? null,
            lines: lines.map(({ partId, quantity, unitCostFen }) => ({ partId, quantity, unitCostFen })),
          },
        });
        return loadDetail(tx, actor, id);
      }),

    /** POST /api/purchase-requests/:id/submit */
    submit: (actor: Actor, id: number, version: number) =>
      db.transaction(async (tx) => {
        await lockRequest(tx, actor, id, 'submit', version);
        await setStatus(tx, actor, id, 'draft', sql`status = 'submitted'`, { status: 'submitted' });
        return loadDetail(tx, actor, id);
      }),

    /** POST /api/purchase-requests/:id/approve */
    approve: (actor: Actor, id: number, input: z.output<typeof decisionInput>) =>
      db.transaction(async (tx) => {
        await lockRequest(tx, actor, id, 'approve', input.version);
        await setStatus(
          tx,
          actor,
          id,
          'submitted',
          sql`status = 'approved', decided_by = ${actor.id}, decided_at = ${clock.now()}, decision_note = ${input.note ?? null}`,
          { status: 'approved', note: input.note ?? null },
        );
        return loadDetail(tx, actor, id);
      }),

    /** POST /api/purchase-requests/:id/reject */
    reject: (actor: Actor, id: number, input: z.output<typeof purchaseRejectInput>) =>
      db.transaction(async (tx) => {
        await lockRequest(tx, actor, id, 'reject', input.version);
        await setStatus(
          tx,
          actor,
          id,
          'submitted',
          sql`status = 'rejected', decided_by = ${actor.id}, decided_at = ${clock.now()}, decision_note = ${input.note}`,
          { status: 'rejected', note: input.note },
        );
        return loadDetail(tx, actor, id);
      }),

    /**
     * POST /api/purchase-requests/:id/receipts — a delivery with acceptance inspection (验收): per line
     * received = accepted + rejected; accepted units enter good stock as 'receipt' entries.
     */
    receive: (actor: Actor, id: number, input: z.output<typeof receiptInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const request = await lockRequest(tx, actor, id, 'receive', input.version);
        const lines = await tx.execute<{
          id: number;
          part_id: number;
          code: string;
          quantity: number;
          received_quantity: number;
          rejected_quantity: number;
          unit_cost_fen: number | null;
        }>(sql`
          select l.id, l.part_id, p.code, l.quantity, l.received_quantity, l.rejected_quantity, l.unit_cost_fen
            from purchase_request_lines l join parts p on p.id = l.part_id
           where l.purchase_request_id = ${id} for update of l`);
        const byId = new Map(lines.rows.map((row) => [row.id, row]));
        const result = applyReceipt(
          lines.rows.map((row) => ({
            id: row.id,
            quantity: row.quantity,
            receivedQuantity: row.received_quantity,
            rejectedQuantity: row.rejected_quantity,
          })),
          input.lines,
        );
        if (!result.ok) {
          const field = `lines.${result.index}`;
          if (result.kind === 'unknown_line') {
            throw invalidField(`${field}.lineId`, {
              zh: `第 ${result.index + 1} 行不属于这张采购计划`,
              en: `Line ${result.index + 1} is not on this purchase request`,
            });
          }
          if (result.kind === 'duplicate_line') {
            throw invalidField(`${field}.lineId`, {
              zh: `第 ${result.index + 1} 行重复`,
              en: `Line ${result.index + 1} appears twice`,
            });
          }
          if (result.kind === 'split_mismatch') {
            throw invalidField(`${field}.receivedQuantity`, {
              zh: `第 ${result.index + 1} 行：到货数应等于合格数加不合格数`,
              en: `Line ${result.index + 1}: received must equal accepted plus rejected`,
            });
          }
          const code = byId.get(result.lineId)?.code ?? '';
          throw new AppError(
            'CONFLICT',
            {
              zh: `配件 ${code} 到货 ${result.received} 超过未到数量 ${result.outstanding}`,
              en: `Part ${code}: receiving ${result.received} is more than the ${result.outstanding} outstanding`,
            },
            { fields: [{ field: `${field}.receivedQuantity`, message: 'More than outstanding' }] },
          );
        }
        const log: ReceiptLog[] = [];
        for (const entry of input.lines) {
          const line = byId.get(entry.lineId)!;
          if (entry.acceptedQuantity > 0) {
            await postMovement(tx, {
              kind: 'receipt',
              warehouseId: request.warehouse_id,
              partId: line.part_id,
              quantity: entry.acceptedQuantity,
              at: now,
              actorId: actor.id,
              unitCostFen: line.unit_cost_fen,
              purchaseRequestId: id,
              note: input.inspectionNote ?? `${request.number} 验收入库`,
            });
          }
          await tx.execute(sql`
            update purchase_request_lines
               set received_quantity = received_quantity + ${entry.acceptedQuantity},
                   rejected_quantity = rejected_quantity + ${entry.rejectedQuantity}
             where id = ${line.id}`);
          log.push({
            partCode: line.code,
            receivedQuantity: entry.receivedQuantity,
            acceptedQuantity: entry.acceptedQuantity,
            rejectedQuantity: entry.rejectedQuantity,
          });
        }
        await setStatus(tx, actor, id, request.status, sql`status = ${result.status}`, {
          status: result.status,
          receipt: { inspectionNote: input.inspectionNote ?? null, lines: log },
        });
        return loadDetail(tx, actor, id);
      }),

    /**
     * POST /api/purchase-requests/:id/close — what is not yet received is cancelled. The closing note
     * is kept apart from the approval's decision note (both stay on the request).
     */
    close: (actor: Actor, id: number, input: z.output<typeof closeInput>) =>
      db.transaction(async (tx) => {
        const request = await lockRequest(tx, actor, id, 'close', input.version);
        await setStatus(
          tx,
          actor,
          id,
          request.status,
          sql`status = 'closed', closed_by = ${actor.id}, closed_at = ${clock.now()}, close_note = ${input.note}`,
          { status: 'closed', closeNote: input.note },
        );
        return loadDetail(tx, actor, id);
      }),
  };
}

type ReceiptLog = { partCode: string; receivedQuantity: number; acceptedQuantity: number; rejectedQuantity: number };
