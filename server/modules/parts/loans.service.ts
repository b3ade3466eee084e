/**
 * Loaner units and loans (DSP-7, SLA-4). A station keeps a pool of loaner units; lending one to the
 * customer of a ticket locks the unit row (two lends of one unit queue: the second sees it lent and
 * gets 409; the unique partial index `loans_one_open_per_unit` backs this up), marks it lent,
 * completes the ticket's open loaner task raised by the SLA watcher and writes the timeline event —
 * all in one transaction. Returning checks the condition: damaged units go to repair.
 */
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { type Actor, canSeeStation, scopeToStation } from '../../lib/access.js';
import { AppError, invalidField, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { likeEscape, offsetOf } from '../../lib/pagination.js';
import { createRecord, lockRecord, type RecordKind, setRecordActive, updateRecord } from '../../lib/records.js';
import { recordAudit } from '../audit/audit.service.js';
import { customers, productModels } from '../customers/customers.table.js';
import { stations, users } from '../org/org.table.js';
import { lockTicket, writeTicketEvent } from '../tickets/ticket-transitions.js';
import { tickets, ticketTasks } from '../tickets/tickets.table.js';
import type {
  lendInput,
  loanerUnitInput,
  loanerUnitListQuery,
  loanerUnitUpdate,
  loanListQuery,
  returnInput,
} from './loans.contract.js';
import { canSetStatus, isLoanOverdue, type LendRefusal, lendRefusal, statusAfterReturn } from './loans.rules.js';
import { loanerUnits, loans } from './parts.table.js';

export const loanerUnitKind: RecordKind = { entityType: 'loaner_unit', label: { zh: '备用机', en: 'Loaner unit' } };
const loanLabel = { zh: '借用记录', en: 'Loan' };

registerConstraintMessages({
  loaner_units_asset_no_key: {
    field: 'assetNo',
    text: { zh: '资产编号已存在', en: 'A loaner unit with this asset number already exists' },
  },
  loans_one_open_per_unit: {
    field: 'loanerUnitId',
    text: { zh: '该备用机已借出', en: 'This loaner unit is already lent' },
  },
});

const conditionText = {
  good: { zh: '完好', en: 'good' },
  worn: { zh: '有磨损', en: 'worn' },
  damaged: { zh: '损坏', en: 'damaged' },
} as const;

function refusalError(reason: LendRefusal, assetNo: string): AppError {
  switch (reason) {
    case 'due_in_past':
      return invalidField('dueBackAt', { zh: '归还期限应晚于当前时间', en: 'The due-back time must be in the future' });
    case 'ticket_finished':
      return new AppError('CONFLICT', {
        zh: '工单已关闭或已取消，不能再借出备用机',
        en: 'The ticket is closed or cancelled; no loaner can be lent on it',
      });
    case 'unit_inactive':
      return new AppError('CONFLICT', {
        zh: `备用机 ${assetNo} 已停用`,
        en: `Loaner unit ${assetNo} is deactivated`,
      });
    case 'unit_other_station':
      return new AppError('CONFLICT', {
        zh: `备用机 ${assetNo} 不属于工单所在站点`,
        en: `Loaner unit ${assetNo} belongs to another station than the ticket`,
      });
    case 'unit_not_available':
      return new AppError('CONFLICT', {
        zh: `备用机 ${assetNo} 当前不可借出（已借出、维修中或已报废）`,
        en: `Loaner unit ${assetNo} is not available (lent, in repair or retired)`,
      });
  }
}

const lentByUser = alias(users, 'lent_by_user');
const receivedByUser = alias(users, 'received_by_user');

export function createLoansService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const unitScope = (actor: Actor) => scopeToStation(actor, loanerUnits.stationId);
  const loanScope = (actor: Actor) => scopeToStation(actor, loans.stationId);

  // ---------- loaner units ----------

  const unitColumns = {
    id: loanerUnits.id,
    assetNo: loanerUnits.assetNo,
    stationId: loanerUnits.stationId,
    stationName: stations.name,
    modelId: loanerUnits.modelId,
    modelCode: productModels.code,
    modelName: productModels.name,
    serialNo: loanerUnits.serialNo,
    description: loanerUnits.description,
    status: loanerUnits.status,
    condition: loanerUnits.condition,
    isActive: loanerUnits.isActive,
    version: loanerUnits.version,
    createdAt: loanerUnits.createdAt,
    updatedAt: loanerUnits.updatedAt,
  };

  async function unitRows(where: SQL | undefined, query?: { page: number; pageSize: number }) {
    const rows = await db
      .select(unitColumns)
      .from(loanerUnits)
      .innerJoin(stations, eq(stations.id, loanerUnits.stationId))
      .leftJoin(productModels, eq(productModels.id, loanerUnits.modelId))
      .where(where)
      .orderBy(asc(loanerUnits.assetNo))
      .limit(query?.pageSize ?? 1)
      .offset(query ? offsetOf(query) : 0);
    const open = rows.length
      ? await db
          .select({
            id: loans.id,
            loanerUnitId: loans.loanerUnitId,
            ticketId: loans.ticketId,
            ticketNumber: tickets.number,
            customerName: customers.name,
            lentAt: loans.lentAt,
            dueBackAt: loans.dueBackAt,
            status: loans.status,
          })
          .from(loans)
          .innerJoin(tickets, eq(tickets.id, loans.ticketId))
          .innerJoin(customers, eq(customers.id, loans.customerId))
          .where(
            and(
              inArray(
                loans.loanerUnitId,
                rows.map((row) => row.id),
              ),
              eq(loans.status, 'lent'),
            ),
          )
      : [];
    const now = clock.now();
    const byUnit = new Map(open.map((row) => [row.loanerUnitId, row]));
    return rows.map((row) => {
      const current = byUnit.get(row.id);
      return {
        ...row,
        currentLoan: current
          ? {
              id: current.id,
              ticketId: current.ticketId,
              ticketNumber: current.ticketNumber,
              customerName: current.customerName,
              lentAt: current.lentAt,
              dueBackAt: current.dueBackAt,
              isOverdue: isLoanOverdue(current, now),
            }
          : null,
      };
    });
  }

  async function listUnits(actor: Actor, query: z.output<typeof loanerUnitListQuery>) {
    const conditions: (SQL | undefined)[] = [unitScope(actor)];
    if (query.stationId) conditions.push(eq(loanerUnits.stationId, query.stationId));
    if (query.status) conditions.push(eq(loanerUnits.status, query.status));
    if (query.modelId) conditions.push(eq(loanerUnits.modelId, query.modelId));
    if (query.active !== false) conditions.push(eq(loanerUnits.isActive, true));
    if (query.q) {
      const pattern = `%${likeEscape(query.q)}%`;
      conditions.push(
        sql`(${loanerUnits.assetNo} ilike ${pattern} or ${loanerUnits.serialNo} ilike ${pattern} or ${productModels.name} ilike ${pattern})`,
      );
    }
    const where = and(...conditions);
    const [{ total }] = await db
      .select({ total: sql<number>`count(*)::int` })
      .from(loanerUnits)
      .leftJoin(productModels, eq(productModels.id, loanerUnits.modelId))
      .where(where);
    return { items: await unitRows(where, query), total, page: query.page, pageSize: query.pageSize };
  }

  async function getUnit(actor: Actor, id: number) {
    const [row] = await unitRows(and(eq(loanerUnits.id, id), unitScope(actor)));
    if (!row) throw notFound(loanerUnitKind.label.zh, loanerUnitKind.label.en);
    return row;
  }

  async function assertModel(tx: DbOrTx, modelId: number | null | undefined) {
    if (!modelId) return;
    const [model] = await tx.select({ id: productModels.id }).from(productModels).where(eq(productModels.id, modelId));
    if (!model) throw invalidField('modelId', { zh: '产品型号不存在', en: 'Product model not found' });
  }

  async function createUnit(actor: Actor, input: z.output<typeof loanerUnitInput>) {
    const stationId = input.stationId ?? actor.stationId;
    if (!canSeeStation(actor, stationId)) {
      throw invalidField('stationId', {
        zh: '只能为本站点登记备用机',
        en: 'You can add loaner units to your own station only',
      });
    }
    const id = await db.transaction(async (tx) => {
      const [station] = await tx.select({ id: stations.id }).from(stations).where(eq(stations.id, stationId));
      if (!station) throw invalidField('stationId', { zh: '站点不存在', en: 'Station not found' });
      await assertModel(tx, input.modelId);
      const created = await createRecord(tx, loanerUnits, loanerUnitKind, {
        values: {
          assetNo: input.assetNo,
          stationId,
          modelId: input.modelId ?? null,
          serialNo: input.serialNo ?? null,
          description: input.description ?? null,
          condition: input.condition,
        },
        actor,
      });
      return created.id as number;
    });
    return getUnit(actor, id);
  }

  async function updateUnit(actor: Actor, id: number, input: z.output<typeof loanerUnitUpdate>) {
    await db.transaction(async (tx) => {
      const current = await lockRecord(tx, loanerUnits, loanerUnitKind, id, unitScope(actor));
      if (current.version !== input.version) throw versionConflict(loanerUnitKind.label.zh, loanerUnitKind.label.en);
      const from = current.status as (typeof loanerUnits.$inferSelect)['status'];
      if (input.status && !canSetStatus(from, input.status)) {
        throw new AppError('CONFLICT', {
          zh: `备用机 ${current.assetNo} 已借出，归还后才能修改状态`,
          en: `Loaner unit ${current.assetNo} is lent; its status changes when it is returned`,
        });
      }
      await assertModel(tx, input.modelId);
      const patch: Record<string, unknown> = {};
      for (const key of ['assetNo', 'modelId', 'serialNo', 'description', 'condition', 'status'] as const) {
        if (input[key] !== undefined) patch[key] = input[key];
      }
      await updateRecord(tx, loanerUnits, loanerUnitKind, {
        id,
        expectedVersion: input.version,
        patch,
        actor,
        scope: unitScope(actor),
        now: clock.now(),
      });
    });
    return getUnit(actor, id);
  }

  async function setUnitActive(actor: Actor, id: number, active: boolean) {
    await db.transaction(async (tx) => {
      const current = await lockRecord(tx, loanerUnits, loanerUnitKind, id, unitScope(actor));
      if (!active && current.status === 'lent') {
        throw new AppError('CONFLICT', {
          zh: `备用机 ${current.assetNo} 已借出，归还后才能停用`,
          en: `Loaner unit ${current.assetNo} is lent; deactivate it once it is back`,
        });
      }
      await setRecordActive(tx, loanerUnits, loanerUnitKind, {
        id,
        active,
        actor,
        scope: unitScope(actor),
        now: clock.now(),
      });
    });
    return getUnit(actor, id);
  }

  // ---------- loans ----------

  const loanColumns = {
    id: loans.id,
    loanerUnitId: loans.loanerUnitId,
    assetNo: loanerUnits.assetNo,
    modelName: productModels.name,
    serialNo: loanerUnits.serialNo,
    ticketId: loans.ticketId,
    ticketNumber: tickets.number,
    customerId: loans.customerId,
    customerName: customers.name,
    stationId: loans.stationId,
    stationName: stations.name,
    taskId: loans.taskId,
    status: loans.status,
    lentAt: loans.lentAt,
    lentBy: loans.lentBy,
    lentByName: lentByUser.displayName,
    dueBackAt: loans.dueBackAt,
    conditionOut: loans.conditionOut,
    returnedAt: loans.returnedAt,
    receivedBy: loans.receivedBy,
    receivedByName: receivedByUser.displayName,
    conditionBack: loans.conditionBack,
    returnNote: loans.returnNote,
    version: loans.version,
  };

  function loanSelect() {
    return db
      .select(loanColumns)
      .from(loans)
      .innerJoin(loanerUnits, eq(loanerUnits.id, loans.loanerUnitId))
      .leftJoin(productModels, eq(productModels.id, loanerUnits.modelId))
      .innerJoin(tickets, eq(tickets.id, loans.ticketId))
      .innerJoin(customers, eq(customers.id, loans.customerId))
      .innerJoin(stations, eq(stations.id, loans.stationId))
      .innerJoin(lentByUser, eq(lentByUser.id, loans.lentBy))
      .leftJoin(receivedByUser, eq(receivedByUser.id, loans.receivedBy));
  }

  const withOverdue = <T extends { status: string; dueBackAt: Date | null }>(row: T, now: Date) => ({
    ...row,
    isOverdue: isLoanOverdue(row, now),
  });

  async function listLoans(actor: Actor, query: z.output<typeof loanListQuery>) {
    const now = clock.now();
    const conditions: (SQL | undefined)[] = [loanScope(actor)];
    if (query.stationId) conditions.push(eq(loans.stationId, query.stationId));
    if (query.ticketId) conditions.push(eq(loans.ticketId, query.ticketId));
    if (query.loanerUnitId) conditions.push(eq(loans.loanerUnitId, query.loanerUnitId));
    if (query.status) conditions.push(eq(loans.status, query.status));
    if (query.overdue) conditions.push(sql`${loans.status} = 'lent' and ${loans.dueBackAt} < ${now}`);
    const where = and(...conditions);
    const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(loans).where(where);
    const order = query.overdue
      ? [asc(loans.dueBackAt), asc(loans.id)]
      : [sql`case when ${loans.status} = 'lent' then 0 else 1 end`, desc(loans.lentAt), desc(loans.id)];
    const rows = await loanSelect()
      .where(where)
      .orderBy(...order)
      .limit(query.pageSize)
      .offset(offsetOf(query));
    return { items: rows.map((row) => withOverdue(row, now)), total, page: query.page, pageSize: query.pageSize };
  }

  async function getLoan(actor: Actor, id: number) {
    const [row] = await loanSelect().where(and(eq(loans.id, id), loanScope(actor)));
    if (!row) throw notFound(loanLabel.zh, loanLabel.en);
    return withOverdue(row, clock.now());
  }

  /** Lends an available unit of the ticket's station to its customer; completes the open loaner task. */
  async function lend(actor: Actor, input: z.output<typeof lendInput>) {
    const now = clock.now();
    const dueBackAt = input.dueBackAt ?? null;
    const id = await db.transaction(async (tx) => {
      const ticket = await lockTicket(tx, input.ticketId, scopeToStation(actor, tickets.stationId));
      const [unit] = await tx
        .select()
        .from(loanerUnits)
        .where(and(eq(loanerUnits.id, input.loanerUnitId), unitScope(actor)))
        .for('update');
      if (!unit) throw notFound(loanerUnitKind.label.zh, loanerUnitKind.label.en);
      const refusal = lendRefusal({ unit, ticket, dueBackAt, now });
      if (refusal) throw refusalError(refusal, unit.assetNo);
      const [task] = await tx
        .update(ticketTasks)
        .set({ status: 'done', doneAt: now, doneBy: actor.id, note: `备用机 ${unit.assetNo}` })
        .where(and(eq(ticketTasks.ticketId, ticket.id), eq(ticketTasks.kind, 'loaner'), eq(ticketTasks.status, 'open')))
        .returning({ id: ticketTasks.id });
      const [created] = await tx
        .insert(loans)
        .values({
          loanerUnitId: unit.id,
          ticketId: ticket.id,
          customerId: ticket.customerId,
          stationId: ticket.stationId,
          taskId: task?.id ?? null,
          status: 'lent',
          lentAt: now,
          lentBy: actor.id,
          dueBackAt,
          conditionOut: input.conditionOut ?? unit.condition,
        })
        .returning({ id: loans.id });
      await tx
        .update(loanerUnits)
        .set({ status: 'lent', version: sql`${loanerUnits.version} + 1`, updatedAt: now })
        .where(eq(loanerUnits.id, unit.id));
      await recordAudit(tx, {
        entityType: loanerUnitKind.entityType,
        entityId: unit.id,
        action: 'update',
        actor,
        before: { status: unit.status },
        after: { status: 'lent', loanId: created.id, ticketId: ticket.id },
      });
      await writeTicketEvent(tx, {
        ticketId: ticket.id,
        at: now,
        actorId: actor.id,
        kind: 'task',
        note: `借出备用机 ${unit.assetNo}${unit.serialNo ? `（序列号 ${unit.serialNo}）` : ''}`,
        data: {
          task: 'loaner',
          ...(task ? { taskId: task.id, status: 'done' } : {}),
          loan: 'lent',
          loanId: created.id,
          loanerUnitId: unit.id,
          assetNo: unit.assetNo,
          dueBackAt: dueBackAt?.toISOString() ?? null,
        },
      });
      return created.id;
    });
    return getLoan(actor, id);
  }

  /** Takes a unit back with its condition checked; damaged units go to repair. */
  async function returnLoan(actor: Actor, id: number, input: z.output<typeof returnInput>) {
    const now = clock.now();
    await db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(loans)
        .where(and(eq(loans.id, id), loanScope(actor)))
        .for('update');
      if (!current) throw notFound(loanLabel.zh, loanLabel.en);
      if (input.version !== undefined && input.version !== current.version) {
        throw versionConflict(loanLabel.zh, loanLabel.en);
      }
      if (current.status !== 'lent') {
        throw new AppError('CONFLICT', { zh: '该备用机已归还', en: 'This loan was already returned' });
      }
      await tx
        .update(loans)
        .set({
          status: 'returned',
          returnedAt: now,
          receivedBy: actor.id,
          conditionBack: input.conditionBack,
          returnNote: input.note ?? null,
          version: sql`${loans.version} + 1`,
        })
        .where(eq(loans.id, id));
      const [unit] = await tx.select().from(loanerUnits).where(eq(loanerUnits.id, current.loanerUnitId)).for('update');
      const status = statusAfterReturn(input.conditionBack);
      await tx
        .update(loanerUnits)
        .set({ status, condition: input.conditionBack, version: sql`${loanerUnits.version} + 1`, updatedAt: now })
        .where(eq(loanerUnits.id, unit.id));
      await recordAudit(tx, {
        entityType: loanerUnitKind.entityType,
        entityId: unit.id,
        action: 'update',
        actor,
        before: { status: unit.status, condition: unit.condition },
        after: { status, condition: input.conditionBack, loanId: id },
      });
      const text = conditionText[input.conditionBack];
      await writeTicketEvent(tx, {
        ticketId: current.ticketId,
        at: now,
        actorId: actor.id,
        kind: 'task',
        note: `备用机 ${unit.assetNo} 已归还，状况：${text.zh}${input.note ? `；${input.note}` : ''}`,
        data: {
          task: 'loaner',
          loan: 'returned',
          loanId: id,
          loanerUnitId: unit.id,
          assetNo: unit.assetNo,
          conditionBack: input.conditionBack,
          unitStatus: status,
        },
      });
    });
    return getLoan(actor, id);
  }

  return {
    listUnits,
    getUnit,
    createUnit,
    updateUnit,
    setUnitActive,
    listLoans,
    getLoan,
    lend,
    returnLoan,
  };
}

export type LoansService = ReturnType<typeof createLoansService>;
