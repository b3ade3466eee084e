/**
 * Faulty-part returns (PRT-6 [001 4.5.3]): a part replaced under warranty comes back within
 * `parts.faultyReturnHours` of the engineer's return. The parts keeper books it into the
 * warehouse's defective stock (`defective_in`), quality inspects it with a nonconformance report
 * (不合格品报告处理单, numbered BHG<YYMM><nn>) and decides responsibility, and closing carries out the
 * disposition on the ledger (scrap / return to supplier: `defective_out`; repair: `defective_out`
 * then a `receipt` into good stock). Rows are created by the part requests service on consumption.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/database.js';
import { type Actor, canSeeStation } from '../../lib/access.js';
import { AppError, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { seesAllStations } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import type { SettingsService } from '../org/settings.service.js';
import { nextDocumentNumber } from '../tickets/numbering.js';
import { writeTicketEvent } from '../tickets/ticket-transitions.js';
import type {
  faultyCloseInput,
  faultyInspectInput,
  faultyReceiveInput,
  faultyReturnListQuery,
} from './part-requests.contract.js';
import {
  customerCharge,
  dispositionSteps,
  type FaultyReturnAction,
  faultyActionRefusal,
  inspectionProblems,
  isFaultyReturnOverdue,
} from './part-requests.rules.js';
import { faultyReturns } from './parts.table.js';
import { postMovement } from './stock-ledger.js';

export type FaultyReturnsService = ReturnType<typeof createFaultyReturnsService>;
type FaultyRow = typeof faultyReturns.$inferSelect;

const label = { zh: '旧件返还单', en: 'Faulty-part return' } as const;
/** Prefix of the nonconformance report numbers (不合格品报告处理单). */
export const ncrPrefix = 'BHG';

const dispositionText = { repair: '返修', scrap: '报废', return_to_supplier: '退供应商' } as const;
const responsibilityText = {
  ours: '我方责任（免费）',
  customer: '客户责任（收费）',
  supplier: '供应商责任（索赔）',
} as const;

async function loadFaultyReturns(tx: DbOrTx, where: SQL, now: Date, limit = 500) {
  const result = await tx.execute<{
    id: number;
    part_request_id: number;
    ticket_id: number;
    ticket_number: string;
    customer_name: string;
    model_name: string | null;
    equipment_serial_no: string | null;
    station_id: number;
    station_name: string;
    part_id: number;
    part_code: string;
    part_name: string;
    part_spec: string | null;
    unit: string;
    quantity: number;
    serial_no: string | null;
    engineer_id: number | null;
    engineer_name: string | null;
    status: FaultyRow['status'];
    due_at: Date | string;
    received_at: Date | string | null;
    received_by_name: string | null;
    warehouse_id: number | null;
    warehouse_name: string | null;
    ncr_number: string | null;
    defect_description: string | null;
    cause: string | null;
    disposition: FaultyRow['disposition'];
    responsibility: FaultyRow['responsibility'];
    supplier_id: number | null;
    supplier_name: string | null;
    charge_fen: number | null;
    inspected_by_name: string | null;
    inspected_at: Date | string | null;
    closed_at: Date | string | null;
    version: number;
  }>(sql`
    select f.id, f.part_request_id, f.ticket_id, t.number as ticket_number, c.name as customer_name,
           m.name as model_name, e.serial_no as equipment_serial_no, f.station_id, s.name as station_name,
           f.part_id, p.code as part_code, p.name as part_name, p.spec as part_spec, p.unit, f.quantity, f.serial_no,
           f.engineer_id, eu.display_name as engineer_name, f.status, f.due_at, f.received_at,
           ru.display_name as received_by_name, f.warehouse_id, w.name as warehouse_name, f.ncr_number,
           f.defect_description, f.cause, f.disposition, f.responsibility, f.supplier_id, su.name as supplier_name,
           f.charge_fen, iu.display_name as inspected_by_name, f.inspected_at, f.closed_at, f.version
      from faulty_returns f
      join tickets t on t.id = f.ticket_id
      join customers c on c.id = t.customer_id
      join stations s on s.id = f.station_id
      join parts p on p.id = f.part_id
      left join equipment e on e.id = t.equipment_id
      left join product_models m on m.id = coalesce(t.product_model_id, e.model_id)
      left join users eu on eu.id = f.engineer_id
      left join users ru on ru.id = f.received_by
      left join users iu on iu.id = f.inspected_by
      left join warehouses w on w.id = f.warehouse_id
      left join suppliers su on su.id = f.supplier_id
     where ${where}
     order by (f.status = 'due') desc, f.due_at, f.id
     limit ${limit}`);
  const at = (value: Date | string | null) => (value === null ? null : new Date(value));
  return result.rows.map((row) => {
    const dueAt = new Date(row.due_at);
    return {
      id: row.id,
      partRequestId: row.part_request_id,
      ticketId: row.ticket_id,
      ticketNumber: row.ticket_number,
      customerName: row.customer_name,
      modelName: row.model_name,
      equipmentSerialNo: row.equipment_serial_no,
      stationId: row.station_id,
      stationName: row.station_name,
      partId: row.part_id,
      partCode: row.part_code,
      partName: row.part_name,
      partSpec: row.part_spec,
      unit: row.unit,
      quantity: row.quantity,
      serialNo: row.serial_no,
      engineerId: row.engineer_id,
      engineerName: row.engineer_name,
      status: row.status,
      dueAt,
      overdue: isFaultyReturnOverdue({ status: row.status, dueAt }, now),
      receivedAt: at(row.received_at),
      receivedByName: row.received_by_name,
      warehouseId: row.warehouse_id,
      warehouseName: row.warehouse_name,
      ncrNumber: row.ncr_number,
      defectDescription: row.defect_description,
      cause: row.cause,
      disposition: row.disposition,
      responsibility: row.responsibility,
      supplierId: row.supplier_id,
      supplierName: row.supplier_name,
      chargeFen: row.charge_fen,
      inspectedByName: row.inspected_by_name,
      inspectedAt: at(row.inspected_at),
      closedAt: at(row.closed_at),
      version: row.version,
    };
  });
}

export function createFaultyReturnsService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, clock, settings } = deps;

  async function lock(tx: Tx, actor: Actor, id: number, version: number, action: FaultyReturnAction) {
    const [row] = await tx.select().from(faultyReturns).where(eq(faultyReturns.id, id)).for('update');
    if (!row || !canSeeStation(actor, row.stationId)) throw notFound(label.zh, label.en);
    if (row.version !== version) throw versionConflict(label.zh, label.en);
    const refusal = faultyActionRefusal(row.status, action);
    if (refusal) throw new AppError('CONFLICT', refusal);
    return row;
  }

  async function update(tx: DbOrTx, row: FaultyRow, patch: Partial<FaultyRow>) {
    const [after] = await tx
      .update(faultyReturns)
      .set({ ...patch, version: sql`${faultyReturns.version} + 1` })
      .where(sql`${faultyReturns.id} = ${row.id} and ${faultyReturns.version} = ${row.version}`)
      .returning();
    if (!after) throw versionConflict(label.zh, label.en);
    return after;
  }

  async function getIn(tx: DbOrTx, id: number) {
    const [row] = await loadFaultyReturns(tx, sql`f.id = ${id}`, clock.now(), 1);
    if (!row) throw notFound(label.zh, label.en);
    return row;
  }

  async function partCode(tx: DbOrTx, partId: number) {
    const result = await tx.execute<{ code: string; name: string }>(
      sql`select code, name from parts where id = ${partId}`,
    );
    return result.rows[0];
  }

  return {
    /** GET /api/faulty-returns — due/overdue first, per station. */
    async list(actor: Actor, query: z.output<typeof faultyReturnListQuery>) {
      const now = clock.now();
      const conditions: SQL[] = [sql`true`];
      if (!seesAllStations(actor.roles)) conditions.push(sql`f.station_id = ${actor.stationId}`);
      if (query.stationId) conditions.push(sql`f.station_id = ${query.stationId}`);
      if (query.status) conditions.push(sql`f.status = ${query.status}`);
      if (query.overdue) conditions.push(sql`f.status = 'due' and f.due_at < ${now}`);
      if (query.ticketId) conditions.push(sql`f.ticket_id = ${query.ticketId}`);
      return { items: await loadFaultyReturns(db, sql.join(conditions, sql` and `), now, query.limit) };
    },

    /** GET /api/faulty-returns/:id — also the data of the printable 不合格品报告处理单. */
    async get(actor: Actor, id: number) {
      const row = await getIn(db, id);
      if (!canSeeStation(actor, row.stationId)) throw notFound(label.zh, label.en);
      return row;
    },

    /** POST /api/faulty-returns/:id/receive — booked into the warehouse's defective stock. */
    receive: (actor: Actor, id: number, input: z.output<typeof faultyReceiveInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const row = await lock(tx, actor, id, input.version, 'receive');
        const warehouse = await tx.execute<{ id: number }>(
          sql`select id from warehouses where id = ${input.warehouseId} and station_id = ${row.stationId}`,
        );
        if (!warehouse.rows[0]) throw notFound('仓库', 'Warehouse');
        const serialNo = input.serialNo ?? row.serialNo;
        await postMovement(tx, {
          kind: 'defective_in',
          warehouseId: input.warehouseId,
          partId: row.partId,
          condition: 'defective',
          quantity: row.quantity,
          at: now,
          actorId: actor.id,
          ticketId: row.ticketId,
          partRequestId: row.partRequestId,
          faultyReturnId: row.id,
          serialNo,
          note: input.note ?? null,
        });
        await update(tx, row, {
          status: 'received',
          receivedAt: now,
          receivedBy: actor.id,
          warehouseId: input.warehouseId,
          serialNo,
        });
        const part = await partCode(tx, row.partId);
        await writeTicketEvent(tx, {
          ticketId: row.ticketId,
          at: now,
          actorId: actor.id,
          kind: 'parts',
          note: `旧件入不良品库 ${part.code} ${part.name} ×${row.quantity}${now > row.dueAt ? '（超时）' : ''}`,
          data: { action: 'faulty_received', faultyReturnId: row.id, partCode: part.code, late: now > row.dueAt },
        });
        return getIn(tx, row.id);
      }),

    /**
     * POST /api/faulty-returns/:id/inspect — the nonconformance report: defect, cause, disposition and
     * responsibility (ours → free, customer's → an amount to charge, supplier's → a claim to the named
     * supplier). The BHG number is taken on the first inspection and kept on corrections.
     */
    inspect: (actor: Actor, id: number, input: z.output<typeof faultyInspectInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const problems = inspectionProblems(input);
        if (problems.length > 0) {
          throw new AppError('VALIDATION', problems[0].text, {
            fields: problems.map((problem) => ({ field: problem.field, message: problem.text.en })),
          });
        }
        const row = await lock(tx, actor, id, input.version, 'inspect');
        if (input.supplierId) {
          const supplier = await tx.execute(sql`select 1 from suppliers where id = ${input.supplierId}`);
          if (!supplier.rows[0]) {
            throw new AppError(
              'VALIDATION',
              { zh: '供应商不存在', en: 'The supplier does not exist' },
              {
                fields: [{ field: 'supplierId', message: 'The supplier does not exist' }],
              },
            );
          }
        }
        const timeZone = await settings.get('org.timeZone', tx);
        // Taken last: the counter row stays locked until commit.
        const ncrNumber = row.ncrNumber ?? (await nextDocumentNumber(tx, ncrPrefix, now, timeZone, 'ncr'));
        await update(tx, row, {
          status: 'inspected',
          ncrNumber,
          defectDescription: input.defectDescription,
          cause: input.cause,
          disposition: input.disposition,
          responsibility: input.responsibility,
          supplierId: input.supplierId ?? null,
          chargeFen: input.responsibility === 'customer' ? customerCharge('customer', input.chargeFen) : null,
          inspectedBy: actor.id,
          inspectedAt: now,
        });
        await writeTicketEvent(tx, {
          ticketId: row.ticketId,
          at: now,
          actorId: actor.id,
          kind: 'parts',
          note: `不合格品报告 ${ncrNumber}：${responsibilityText[input.responsibility]}，${dispositionText[input.disposition]}`,
          data: {
            action: 'faulty_inspected',
            faultyReturnId: row.id,
            ncrNumber,
            responsibility: input.responsibility,
            disposition: input.disposition,
          },
        });
        return getIn(tx, row.id);
      }),

    /** POST /api/faulty-returns/:id/close — the disposition is carried out on the ledger. */
    close: (actor: Actor, id: number, input: z.output<typeof faultyCloseInput>) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const row = await lock(tx, actor, id, input.version, 'close');
        if (!row.disposition || !row.warehouseId)
          throw new AppError('CONFLICT', { zh: '尚未检验', en: 'Not inspected' });
        const timeZone = await settings.get('org.timeZone', tx);
        const cost = await tx.execute<{ cost_fen: number }>(sql`
          select cost_fen from part_prices where part_id = ${row.partId} and effective_from <= ${dateInZone(now, timeZone)}
           order by effective_from desc limit 1`);
        const note =
          `${row.ncrNumber ?? ''} ${dispositionText[row.disposition]}${input.note ? `：${input.note}` : ''}`.trim();
        for (const step of dispositionSteps(row.disposition, row.quantity)) {
          await postMovement(tx, {
            kind: step.kind,
            warehouseId: row.warehouseId,
            partId: row.partId,
            condition: step.condition,
            quantity: step.quantity,
            at: now,
            actorId: actor.id,
            unitCostFen: cost.rows[0]?.cost_fen ?? null,
            ticketId: row.ticketId,
            partRequestId: row.partRequestId,
            faultyReturnId: row.id,
            serialNo: row.serialNo,
            note,
          });
        }
        await update(tx, row, { status: 'closed', closedAt: now });
        return getIn(tx, row.id);
      }),
  };
}
