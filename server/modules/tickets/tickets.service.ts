/**
 * Service tickets (TKT-1…5, 7…9, 11): intake with numbering, routing, warranty snapshot and SLA
 * policy; the commands of the lifecycle; lists, search, the board and saved views. Every change
 * commits with its timeline entry (and audit entry, clocks and outbox message) in one transaction.
 */
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { runPrepared } from '../../db/prepared.js';
import { type Actor, canSeeStation, scopeToStation } from '../../lib/access.js';
import { AppError, invalidField, notFound, versionConflict } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { FEW_MATCHES, likeEscape, sortKey } from '../../lib/pagination.js';
import { personalDataLevel, type Role } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  customerContacts,
  customers,
  equipment,
  productModels,
  serviceContracts,
} from '../customers/customers.table.js';
import { maskPhone } from '../customers/masking.rules.js';
import { fragmentMatch } from '../customers/search.js';
import { type WarrantyStatus, warrantyStatus } from '../customers/warranty.rules.js';
import { assignments, visits } from '../dispatch/dispatch.table.js';
import type { NotificationRecipient } from '../notify/outbox.js';
import { departments, stations, users } from '../org/org.table.js';
import type { SettingsService } from '../org/settings.service.js';
import { businessCalendars, type SlaTarget, slaPolicies } from '../sla/sla.table.js';
import type { SlaClocksService } from '../sla/sla-clocks.service.js';
import { prepareAttachment, storeAttachment } from './attachments.js';
import { assertReceivedAt, assertRepeatOf, formatAddress, futureToleranceMs, isFreeRepeat } from './intake.rules.js';
import { createIntakeQueue, searchTextOf } from './intake-batch.js';
import { numberingPeriod, parseDocumentNumber } from './numbering.rules.js';
import { routeTicket, routingCategoryOf } from './routing.rules.js';
import { allowedNextStatuses, assertManualTransition, type TicketStatus } from './ticket-lifecycle.rules.js';
import { deadlineState, decodeCursor, encodeCursor, rangeEnd, rangeStart } from './ticket-list.rules.js';
import {
  assertOpen,
  assertVersion,
  lockTicket,
  type TicketRow,
  ticketLabel,
  transitionTicket,
  writeTicketEvent,
} from './ticket-transitions.js';
import type {
  boardQuery,
  classifyInput,
  commentInput,
  intakeContextQuery,
  planInput,
  reasonInput,
  respondInput,
  routingPreviewQuery,
  savedViewInput,
  ticketCreateInput,
  ticketListQuery,
  ticketUpdateInput,
  transitionInput,
} from './tickets.contract.js';
import { attachments, savedViews, type ticketClocks, ticketEvents, tickets, ticketTasks } from './tickets.table.js';

registerConstraintMessages({
  saved_views_user_name_key: {
    field: 'name',
    text: { zh: '已有同名的视图', en: 'You already have a view with this name' },
  },
  tickets_number_key: {
    field: 'number',
    text: { zh: '工单编号重复', en: 'A ticket with this number already exists' },
  },
});

/** Roles that record and move tickets. */
export const ticketWriters: readonly Role[] = ['admin', 'station_manager', 'agent'];

const fieldError = (field: string, zh: string, en: string) => invalidField(field, { zh, en });

type PolicyRow = {
  contract_id: number | null;
  policy_id: number;
  calendar_id: number;
  calendar_version: number;
  targets: SlaTarget[];
};

/** The SLA policy and calendar of a unit on `date`: its active contract's, else the default policy. */
const policyQuery = (equipmentId: number | null, date: string) => sql`
  with contract as (
    select sc.id, sc.sla_policy_id, sc.calendar_id
    from contract_equipment ce join service_contracts sc on sc.id = ce.contract_id
    where ce.equipment_id = ${equipmentId ?? 0} and sc.status = 'active' and sc.is_active
      and sc.starts_on <= ${date} and sc.ends_on >= ${date}
    order by (sc.sla_policy_id is null), sc.ends_on desc
    limit 1
  )
  select (select id from contract) as contract_id, p.id as policy_id, p.targets, cal.id as calendar_id,
         cal.version as calendar_version
  from sla_policies p
  join business_calendars cal on cal.id = coalesce((select calendar_id from contract), p.calendar_id)
  where p.id = coalesce((select sla_policy_id from contract),
                        (select d.id from sla_policies d where d.is_default and d.is_active limit 1))`;

function policyOf(row: PolicyRow | null | undefined) {
  if (!row) {
    throw new AppError('CONFLICT', {
      zh: '尚未设置默认服务级别（SLA）策略，无法受理工单；请管理员在“服务级别”中设置',
      en: 'No default SLA policy is set up, so tickets cannot be recorded; an administrator must set one',
    });
  }
  return {
    contractId: row.contract_id,
    slaPolicyId: row.policy_id,
    calendarId: row.calendar_id,
    calendarVersion: row.calendar_version,
    targets: row.targets,
  };
}

/** `json_build_object('key', column, …)` of a selection (the keys are our property names). */
const jsonObject = (columns: Record<string, PgColumn>) =>
  sql`json_build_object(${sql.join(
    Object.entries(columns).map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
    sql`, `,
  )})`;

/** What intake reads of a unit (with its model's category). */
const equipmentColumns = {
  id: equipment.id,
  customerId: equipment.customerId,
  modelId: equipment.modelId,
  serialNo: equipment.serialNo,
  warrantyEnd: equipment.warrantyEnd,
  isActive: equipment.isActive,
  category: productModels.category,
};

/** What intake reads of the customer (not its search text and grams: ~100 array elements to parse). */
const intakeCustomerColumns = {
  id: customers.id,
  stationId: customers.stationId,
  isActive: customers.isActive,
  phone: customers.phone,
  email: customers.email,
  province: customers.province,
  city: customers.city,
  district: customers.district,
  addressDetail: customers.addressDetail,
};

const intakeContactColumns = {
  id: customerContacts.id,
  customerId: customerContacts.customerId,
  name: customerContacts.name,
  phone: customerContacts.phone,
  mobile: customerContacts.mobile,
};

/**
 * Everything intake reads before it plans a ticket, in one round trip (one prepared statement): the
 * customer, the contact, the unit with its model's category and the SLA policy that applies.
 */
const intakeFactsQuery = (
  input: { customerId: number; contactId?: number | null; equipmentId?: number | null },
  date: string,
) => sql`
  select
    (select ${jsonObject(intakeCustomerColumns)} from customers where customers.id = ${input.customerId}::int) as customer,
    (select ${jsonObject(intakeContactColumns)} from customer_contacts
      where customer_contacts.id = ${input.contactId ?? null}::int) as contact,
    (select ${jsonObject(equipmentColumns)} from equipment join product_models on product_models.id = equipment.model_id
      where equipment.id = ${input.equipmentId ?? null}::int) as unit,
    (select row_to_json(p) from (${policyQuery(input.equipmentId ?? null, date)}) p) as policy`;

type IntakeFacts = {
  customer: { [K in keyof typeof intakeCustomerColumns]: (typeof customers.$inferSelect)[K] } | null;
  contact: { [K in keyof typeof intakeContactColumns]: (typeof customerContacts.$inferSelect)[K] } | null;
  unit:
    | {
        [K in keyof typeof equipmentColumns]: K extends 'category'
          ? string
          : (typeof equipment.$inferSelect)[Exclude<K, 'category'>];
      }
    | null;
  policy: PolicyRow | null;
};

async function refreshTicketSearch(tx: DbOrTx, ticketId: number) {
  await tx.execute(sql`update tickets t set search_text = ${searchTextOf(sql`t.number`)} where t.id = ${ticketId}`);
}

type CreateInput = z.output<typeof ticketCreateInput>;
type ListQuery = z.output<typeof ticketListQuery>;
type UpdateInput = z.output<typeof ticketUpdateInput>;

const CACHE_MS = 5_000;
/** Lists count at most this many matches (then say “10 000+”). */
export const COUNT_CAP = 10_000;
/** Rows per section of the board (most urgent first), and how far its sections are counted. */
export const BOARD_SECTION_ROWS = 100;
export const BOARD_COUNT_CAP = 1_000;
/** A search with many matches first looks for its page among this many newest tickets of the scope. */
const SEARCH_WINDOW = 3_000;

export function createTicketsService(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  slaClocks: SlaClocksService;
}) {
  const { db, clock, settings, slaClocks } = deps;
  const scope = (actor: Actor) => scopeToStation(actor, tickets.stationId);
  const intake = createIntakeQueue(db);

  // ---------- small cached lookups ----------

  type Department = { id: number; code: string; name: string; isActive: boolean };
  let departmentCache: { until: number; byId: Map<number, Department>; byCode: Map<string, Department> } | null = null;
  async function departmentIndex() {
    if (departmentCache && departmentCache.until > Date.now()) return departmentCache;
    const rows = await db
      .select({ id: departments.id, code: departments.code, name: departments.name, isActive: departments.isActive })
      .from(departments);
    departmentCache = {
      until: Date.now() + CACHE_MS,
      byId: new Map(rows.map((row) => [row.id, row])),
      byCode: new Map(rows.filter((row) => row.isActive).map((row) => [row.code, row])),
    };
    return departmentCache;
  }

  /**
   * The routing rules as a synchronous function, read before a transaction opens: nothing inside a
   * transaction may wait for a second pool connection (under load that deadlocks the pool).
   */
  async function loadRouting() {
    const [rules, qualityCode, index] = await Promise.all([
      settings.get('tickets.routing'),
      settings.get('tickets.qualityDepartmentCode'),
      departmentIndex(),
    ]);
    return (input: {
      classification: 'technical' | 'quality';
      productCategory: string | null;
      ticketType: CreateInput['type'];
    }): { code: string; departmentId: number | null } => {
      const code = routeTicket({
        classification: input.classification,
        productCategory: input.productCategory,
        ticketType: input.ticketType,
        rules,
        qualityDepartmentCode: qualityCode,
      });
      return { code, departmentId: index.byCode.get(code)?.id ?? null };
    };
  }

  function maskFor(actor: Actor) {
    const full = personalDataLevel(actor.roles) === 'full';
    return { masked: !full, phone: (value: string | null) => (full ? value : maskPhone(value)) };
  }

  /** The unit's active contract on `date` and the SLA policy/calendar that apply (contract's, else the default). */
  async function resolvePolicy(tx: DbOrTx, equipmentId: number | null, date: string) {
    return policyOf((await tx.execute<PolicyRow>(policyQuery(equipmentId, date))).rows[0]);
  }

  async function loadEquipment(tx: DbOrTx, equipmentId: number) {
    const [row] = await tx
      .select(equipmentColumns)
      .from(equipment)
      .innerJoin(productModels, eq(productModels.id, equipment.modelId))
      .where(eq(equipment.id, equipmentId));
    return row ?? null;
  }

  async function loadModel(tx: DbOrTx, modelId: number) {
    const [row] = await tx
      .select({ id: productModels.id, category: productModels.category, isActive: productModels.isActive })
      .from(productModels)
      .where(eq(productModels.id, modelId));
    return row ?? null;
  }

  async function loadContact(tx: DbOrTx, contactId: number) {
    const [row] = await tx.select().from(customerContacts).where(eq(customerContacts.id, contactId));
    return row ?? null;
  }

  // ---------- intake (TKT-1…5) ----------

  async function createTicket(actor: Actor, input: CreateInput) {
    const now = clock.now();
    const receivedAt = input.receivedAt ?? now;
    assertReceivedAt(receivedAt, now);
    const [timeZone, expiringDays, index] = await Promise.all([
      settings.get('org.timeZone'),
      settings.get('warranty.expiringSoonDays'),
      departmentIndex(),
    ]);
    const receivingDepartment = actor.departmentId ? index.byId.get(actor.departmentId) : undefined;
    if (!receivingDepartment?.isActive) {
      // TKT-5: the number starts with the receiving department's code; without one there is no number.
      throw new AppError('CONFLICT', {
        zh: '您的账号未设置所属部门（或部门已停用），无法生成工单编号；请管理员为您设置部门',
        en: 'Your account has no (active) department, which the ticket number needs; ask an administrator to set one',
      });
    }
    const receivedDate = dateInZone(receivedAt, timeZone);

    const [facts, model, original] = await Promise.all([
      runPrepared<IntakeFacts>(db.$client, intakeFactsQuery(input, receivedDate)).then((result) => result.rows[0]),
      input.productModelId ? loadModel(db, input.productModelId) : null,
      input.repeatOfTicketId
        ? db
            .select({ id: tickets.id, equipmentId: tickets.equipmentId, customerId: tickets.customerId })
            .from(tickets)
            .where(and(eq(tickets.id, input.repeatOfTicketId), scope(actor)))
            .then((rows) => rows[0] ?? null)
        : null,
    ]);
    const customer = facts.customer && canSeeStation(actor, facts.customer.stationId) ? facts.customer : null;
    const { contact, unit } = facts;
    if (!customer) throw fieldError('customerId', '所选客户不存在', 'The chosen customer does not exist');
    if (!customer.isActive) throw fieldError('customerId', '所选客户已停用', 'The chosen customer is inactive');
    if (input.contactId && contact?.customerId !== customer.id) {
      throw fieldError('contactId', '联系人不属于该客户', 'The contact does not belong to this customer');
    }
    if (input.equipmentId) {
      if (!unit || unit.customerId !== customer.id) {
        throw fieldError('equipmentId', '设备不存在或不属于该客户', 'The equipment does not belong to this customer');
      }
      if (!unit.isActive) throw fieldError('equipmentId', '该设备已停用', 'The equipment is inactive');
    }
    if (input.productModelId && !model) {
      throw fieldError('productModelId', '所选型号不存在', 'The chosen product model does not exist');
    }
    let warrantyAtReceipt: WarrantyStatus = 'unknown';
    if (unit) warrantyAtReceipt = warrantyStatus(unit.warrantyEnd, receivedDate, expiringDays);
    if (input.repeatOfTicketId) {
      assertRepeatOf({ equipmentId: input.equipmentId, original, customerId: customer.id });
    }
    const policy = policyOf(facts.policy);

    const productCategory = unit?.category ?? model?.category ?? null;
    const route = await loadRouting();
    const handlingDepartmentId = route({
      classification: input.classification,
      productCategory,
      ticketType: input.type,
    }).departmentId;
    const contactName = input.contactName ?? contact?.name ?? null;
    const contactPhone = input.contactPhone ?? contact?.mobile ?? contact?.phone ?? null;
    const recipient = receivedRecipient([contactPhone, customer.phone], customer.email);

    const ticket = {
      type: input.type,
      channel: input.channel,
      classification: input.classification,
      status: 'received' as const,
      faultLevel: input.faultLevel,
      serviceMode: input.serviceMode ?? null,
      region: input.region,
      stationId: customer.stationId,
      receivingDepartmentId: receivingDepartment.id,
      handlingDepartmentId,
      customerId: customer.id,
      contactId: input.contactId ?? null,
      contactName,
      contactPhone,
      equipmentId: unit?.id ?? null,
      productModelId: unit?.modelId ?? model?.id ?? null,
      productCategory,
      contractId: policy.contractId,
      warrantyStatus: warrantyAtReceipt,
      title: input.title,
      description: input.description ?? '',
      address: input.address ?? formatAddress(customer),
      receivedAt,
      receivedBy: actor.id,
      slaPolicyId: policy.slaPolicyId,
      calendarId: policy.calendarId,
      repeatOfTicketId: input.repeatOfTicketId ?? null,
      isFreeRepeat: input.repeatOfTicketId ? isFreeRepeat(warrantyAtReceipt) : false,
      sendInReceipt: input.sendInReceipt ?? null,
      createdAt: now,
      updatedAt: now,
    };
    const clocks = await slaClocks.plannedClocks(db, {
      ...ticket,
      calendarVersion: policy.calendarVersion,
      targets: policy.targets,
    });
    const { id, number } = await intake.submit({
      prefix: receivingDepartment.code,
      period: numberingPeriod(now, timeZone),
      ticket,
      event: {
        at: now,
        actorId: actor.id,
        kind: 'created',
        toStatus: 'received',
        data: {
          channel: input.channel,
          receivedAt: receivedAt.toISOString(),
          ...(input.repeatOfTicketId ? { repeatOfTicketId: input.repeatOfTicketId } : {}),
        },
      },
      clocks,
      recipient,
    });
    return { id, number, status: 'received' as const, version: 1, receivedAt };
  }

  // ---------- commands on a ticket ----------

  async function transition(actor: Actor, ticketId: number, input: z.output<typeof transitionInput>) {
    assertManualTransition(input.to);
    await db.transaction((tx) =>
      transitionTicket(
        tx,
        {
          ticketId,
          to: input.to,
          actor,
          at: clock.now(),
          note: input.note,
          reason: input.reason,
          expectedVersion: input.expectedVersion,
          scope: scope(actor),
        },
        { slaClocks },
      ),
    );
    return getTicket(actor, ticketId);
  }

  async function cancel(actor: Actor, ticketId: number, input: z.output<typeof reasonInput>) {
    return transition(actor, ticketId, {
      to: 'cancelled',
      reason: input.reason,
      expectedVersion: input.expectedVersion,
    });
  }

  async function reopen(actor: Actor, ticketId: number, input: z.output<typeof reasonInput>) {
    return transition(actor, ticketId, {
      to: 'reopened',
      reason: input.reason,
      expectedVersion: input.expectedVersion,
    });
  }

  const classifiableStatuses: readonly TicketStatus[] = ['received', 'reopened', 'classified'];

  async function classify(actor: Actor, ticketId: number, input: z.output<typeof classifyInput>) {
    const isQualityOnly = !actor.roles.some((role) => ticketWriters.includes(role));
    if (isQualityOnly && input.classification !== 'quality') {
      throw new AppError('FORBIDDEN', {
        zh: '质量部只能将工单分类为质量信息',
        en: 'The quality department may only classify tickets as quality information',
      });
    }
    if (input.handlingDepartmentId) {
      const department = (await departmentIndex()).byId.get(input.handlingDepartmentId);
      if (!department?.isActive) {
        throw fieldError('handlingDepartmentId', '所选部门不存在或已停用', 'The chosen department does not exist');
      }
    }
    const route = await loadRouting();
    const now = clock.now();
    await db.transaction(async (tx) => {
      const before = await lockTicket(tx, ticketId, scope(actor));
      assertVersion(before, input.expectedVersion);
      if (!classifiableStatuses.includes(before.status)) {
        throw new AppError('CONFLICT', {
          zh: '只有已受理、已分类或重开的工单可以分类',
          en: 'Only received, classified or reopened tickets can be classified',
        });
      }
      const productCategory =
        input.productCategory && input.productCategory !== 'undetermined'
          ? input.productCategory
          : input.productCategory === 'undetermined'
            ? null
            : before.productCategory;
      const handlingDepartmentId =
        input.handlingDepartmentId ??
        route({ classification: input.classification, productCategory, ticketType: input.type }).departmentId;
      const patch = {
        classification: input.classification,
        type: input.type,
        faultLevel: input.faultLevel,
        serviceMode: input.serviceMode,
        region: input.region,
        productCategory,
        handlingDepartmentId,
      };
      const data = { ...patch, routingCategory: routingCategoryOf(productCategory) };
      let after: TicketRow;
      if (before.status === 'classified') {
        [after] = await tx
          .update(tickets)
          .set({ ...patch, version: sql`${tickets.version} + 1`, updatedAt: now })
          .where(and(eq(tickets.id, ticketId), eq(tickets.version, before.version)))
          .returning();
        if (!after) throw versionConflict(ticketLabel.zh, ticketLabel.en);
        await writeTicketEvent(tx, {
          ticketId,
          at: now,
          actorId: actor.id,
          kind: 'classified',
          note: input.note,
          data,
        });
      } else {
        after = await transitionTicket(
          tx,
          { ticketId, to: 'classified', actor, at: now, note: input.note, patch, data, eventKind: 'classified' },
          { slaClocks },
        );
      }
      await recordAudit(tx, { entityType: 'ticket', entityId: ticketId, action: 'update', actor, before, after });
      const recompute = (['classification', 'faultLevel', 'serviceMode', 'region'] as const).some(
        (key) => before[key] !== after[key],
      );
      if (recompute) await slaClocks.recomputeClocks(tx, ticketId);
      await slaClocks.stopClock(tx, ticketId, 'intake', now);
    });
    return getTicket(actor, ticketId);
  }

  async function respond(actor: Actor, ticketId: number, input: z.output<typeof respondInput>) {
    const now = clock.now();
    const at = input.at ?? now;
    if (at.getTime() > now.getTime() + futureToleranceMs) {
      throw fieldError('at', '响应时间不能晚于当前时间', 'The response time cannot be in the future');
    }
    await db.transaction(async (tx) => {
      const row = await lockTicket(tx, ticketId, scope(actor));
      assertVersion(row, input.expectedVersion);
      assertOpen(row);
      if (row.firstResponseAt) {
        throw new AppError('CONFLICT', {
          zh: '该工单已记录首次响应',
          en: 'The first response to this ticket is already recorded',
        });
      }
      if (at.getTime() < row.receivedAt.getTime()) {
        throw fieldError('at', '响应时间不能早于受理时间', 'The response time cannot be before the time received');
      }
      await tx
        .update(tickets)
        .set({ firstResponseAt: at, version: sql`${tickets.version} + 1`, updatedAt: now })
        .where(eq(tickets.id, ticketId));
      await writeTicketEvent(tx, {
        ticketId,
        at: now,
        actorId: actor.id,
        kind: 'responded',
        note: input.note,
        data: { method: input.method, at: at.toISOString() },
      });
      await slaClocks.stopClock(tx, ticketId, 'response', at);
    });
    return getTicket(actor, ticketId);
  }

  async function plan(actor: Actor, ticketId: number, input: z.output<typeof planInput>) {
    const now = clock.now();
    await db.transaction(async (tx) => {
      const row = await lockTicket(tx, ticketId, scope(actor));
      assertVersion(row, input.expectedVersion);
      assertOpen(row);
      await tx
        .update(tickets)
        .set({ technicalPlan: input.plan, technicalPlanAt: now, version: sql`${tickets.version} + 1`, updatedAt: now })
        .where(eq(tickets.id, ticketId));
      await writeTicketEvent(tx, {
        ticketId,
        at: now,
        actorId: actor.id,
        kind: 'planned',
        note: input.plan,
        data: { revision: row.technicalPlan ? 'revised' : 'first' },
      });
      await slaClocks.stopClock(tx, ticketId, 'technical_plan', now);
    });
    return getTicket(actor, ticketId);
  }

  /** Fields of PATCH that are copied as given. */
  const plainFields = [
    'type',
    'channel',
    'title',
    'description',
    'faultLevel',
    'serviceMode',
    'region',
    'address',
  ] as const;

  async function updateTicket(actor: Actor, ticketId: number, input: UpdateInput) {
    const now = clock.now();
    const [timeZone, expiringDays] = await Promise.all([
      settings.get('org.timeZone'),
      settings.get('warranty.expiringSoonDays'),
    ]);
    await db.transaction(async (tx) => {
      const before = await lockTicket(tx, ticketId, scope(actor));
      assertVersion(before, input.expectedVersion);
      assertOpen(before);
      const patch: Partial<TicketRow> = {};
      for (const key of plainFields) {
        if (input[key] === undefined) continue;
        const value = key === 'description' ? (input.description ?? '') : input[key];
        if (key === 'title' && value === null) continue;
        (patch as Record<string, unknown>)[key] = value;
      }
      if (input.sendInReceipt !== undefined) patch.sendInReceipt = input.sendInReceipt ?? null;
      if (input.contactId !== undefined) {
        if (input.contactId === null) patch.contactId = null;
        else {
          const contact = await loadContact(tx, input.contactId);
          if (contact?.customerId !== before.customerId) {
            throw fieldError('contactId', '联系人不属于该客户', 'The contact does not belong to this customer');
          }
          patch.contactId = contact.id;
          patch.contactName = contact.name;
          patch.contactPhone = contact.mobile ?? contact.phone;
        }
      }
      if (input.contactName !== undefined) patch.contactName = input.contactName ?? null;
      if (input.contactPhone !== undefined) patch.contactPhone = input.contactPhone ?? null;
      if (input.equipmentId !== undefined && input.equipmentId !== before.equipmentId) {
        if (input.equipmentId === null) {
          patch.equipmentId = null;
          patch.warrantyStatus = 'unknown';
        } else {
          const unit = await loadEquipment(tx, input.equipmentId);
          if (!unit || unit.customerId !== before.customerId) {
            throw fieldError(
              'equipmentId',
              '设备不存在或不属于该客户',
              'The equipment does not belong to this customer',
            );
          }
          patch.equipmentId = unit.id;
          patch.productModelId = unit.modelId;
          patch.productCategory = unit.category;
          patch.warrantyStatus = warrantyStatus(
            unit.warrantyEnd,
            dateInZone(before.receivedAt, timeZone),
            expiringDays,
          );
        }
        const policy = await resolvePolicy(tx, patch.equipmentId ?? null, dateInZone(before.receivedAt, timeZone));
        patch.contractId = policy.contractId;
        patch.slaPolicyId = policy.slaPolicyId;
        patch.calendarId = policy.calendarId;
      }
      if (input.productModelId !== undefined && patch.equipmentId === undefined && !before.equipmentId) {
        if (input.productModelId === null) patch.productModelId = null;
        else {
          const model = await loadModel(tx, input.productModelId);
          if (!model) throw fieldError('productModelId', '所选型号不存在', 'The chosen product model does not exist');
          patch.productModelId = model.id;
          patch.productCategory = model.category;
        }
      }
      const changed = Object.entries(patch).filter(
        ([key, value]) => JSON.stringify(before[key as keyof TicketRow]) !== JSON.stringify(value),
      );
      if (changed.length === 0) return;
      const levelChanged = patch.faultLevel !== undefined && patch.faultLevel !== before.faultLevel;
      if (levelChanged && !input.note) {
        throw fieldError('note', '变更故障等级须填写说明', 'Give a note explaining the change of fault level');
      }
      const [after] = await tx
        .update(tickets)
        .set({ ...patch, version: sql`${tickets.version} + 1`, updatedAt: now })
        .where(and(eq(tickets.id, ticketId), eq(tickets.version, before.version)))
        .returning();
      if (!after) throw versionConflict(ticketLabel.zh, ticketLabel.en);
      const changes = Object.fromEntries(
        changed.map(([key, value]) => [key, { from: before[key as keyof TicketRow] ?? null, to: value ?? null }]),
      );
      await writeTicketEvent(tx, {
        ticketId,
        at: now,
        actorId: actor.id,
        kind: 'updated',
        note: input.note,
        data: { changes },
      });
      if (levelChanged) {
        await writeTicketEvent(tx, {
          ticketId,
          at: now,
          actorId: actor.id,
          kind: 'level_changed',
          note: input.note,
          data: { from: before.faultLevel, to: after.faultLevel },
        });
      }
      await recordAudit(tx, { entityType: 'ticket', entityId: ticketId, action: 'update', actor, before, after });
      if (['title', 'contactName', 'contactPhone', 'equipmentId'].some((key) => key in patch)) {
        await refreshTicketSearch(tx, ticketId);
      }
      const recompute = ['faultLevel', 'region', 'serviceMode', 'slaPolicyId', 'calendarId'].some((key) =>
        changed.some(([changedKey]) => changedKey === key),
      );
      if (recompute) await slaClocks.recomputeClocks(tx, ticketId);
    });
    return getTicket(actor, ticketId);
  }

  async function assertVisible(actor: Actor, ticketId: number) {
    const [row] = await db
      .select({ id: tickets.id, stationId: tickets.stationId })
      .from(tickets)
      .where(and(eq(tickets.id, ticketId), scope(actor)));
    if (!row) throw notFound(ticketLabel.zh, ticketLabel.en);
    return row;
  }

  async function comment(actor: Actor, ticketId: number, input: z.output<typeof commentInput>) {
    await assertVisible(actor, ticketId);
    const at = clock.now();
    const id = await writeTicketEvent(db, { ticketId, at, actorId: actor.id, kind: 'comment', note: input.note });
    return {
      id,
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      kind: 'comment' as const,
      fromStatus: null,
      toStatus: null,
      note: input.note,
      data: null,
    };
  }

  /** Marks an open task done (SLA-4: the loaner is in place) with a note on the timeline. */
  async function completeTask(actor: Actor, ticketId: number, taskId: number, input: z.output<typeof commentInput>) {
    await assertVisible(actor, ticketId);
    const at = clock.now();
    await db.transaction(async (tx) => {
      const [task] = await tx
        .select()
        .from(ticketTasks)
        .where(and(eq(ticketTasks.id, taskId), eq(ticketTasks.ticketId, ticketId)));
      if (!task) throw notFound('任务', 'Task');
      const [done] = await tx
        .update(ticketTasks)
        .set({ status: 'done', doneAt: at, doneBy: actor.id, note: input.note })
        .where(and(eq(ticketTasks.id, taskId), eq(ticketTasks.status, 'open')))
        .returning({ id: ticketTasks.id });
      if (!done) {
        throw new AppError('CONFLICT', { zh: '该任务已完成或已取消', en: 'This task is already done or cancelled' });
      }
      await writeTicketEvent(tx, {
        ticketId,
        at,
        actorId: actor.id,
        kind: 'task',
        note: input.note,
        data: { task: task.kind, taskId, status: 'done' },
      });
    });
    return getTicket(actor, ticketId);
  }

  // ---------- attachments ----------

  async function uploadAttachment(
    actor: Actor,
    ticketId: number,
    file: { fileName: string | undefined; content: Buffer; kind: 'photo' | 'file' | 'signature' },
  ) {
    await assertVisible(actor, ticketId);
    const prepared = await prepareAttachment({
      content: file.content,
      fileName: file.fileName,
      maxBytes: (await settings.get('attachments.maxMegabytes')) * 1024 * 1024,
    });
    const kind = file.kind === 'file' && prepared.isPhoto ? 'photo' : file.kind;
    const stored = await db.transaction((tx) =>
      storeAttachment(tx, { ticketId, kind, prepared, uploadedBy: actor.id, at: clock.now() }),
    );
    return { ...stored, uploadedByName: actor.displayName, url: `/api/attachments/${stored.id}` };
  }

  const attachmentMetaColumns = {
    id: attachments.id,
    ticketId: attachments.ticketId,
    visitId: attachments.visitId,
    kind: attachments.kind,
    fileName: attachments.fileName,
    contentType: attachments.contentType,
    byteSize: attachments.byteSize,
    uploadedBy: attachments.uploadedBy,
    uploadedByName: users.displayName,
    createdAt: attachments.createdAt,
  };

  async function attachmentsOf(ticketId: number) {
    const rows = await db
      .select(attachmentMetaColumns)
      .from(attachments)
      .leftJoin(users, eq(users.id, attachments.uploadedBy))
      .where(eq(attachments.ticketId, ticketId))
      .orderBy(asc(attachments.id));
    return rows.map((row) => ({ ...row, url: `/api/attachments/${row.id}` }));
  }

  async function listAttachments(actor: Actor, ticketId: number) {
    await assertVisible(actor, ticketId);
    return { items: await attachmentsOf(ticketId) };
  }

  /** The file, if the actor may see its ticket. */
  async function getAttachment(actor: Actor, attachmentId: number) {
    const [row] = await db
      .select({
        fileName: attachments.fileName,
        contentType: attachments.contentType,
        content: attachments.content,
        sha256: attachments.sha256,
      })
      .from(attachments)
      .innerJoin(tickets, eq(tickets.id, attachments.ticketId))
      .where(and(eq(attachments.id, attachmentId), scope(actor)));
    if (!row) throw notFound('附件', 'Attachment');
    return row;
  }

  // ---------- reading ----------

  const summaryColumns = {
    id: tickets.id,
    number: tickets.number,
    type: tickets.type,
    channel: tickets.channel,
    classification: tickets.classification,
    status: tickets.status,
    faultLevel: tickets.faultLevel,
    serviceMode: tickets.serviceMode,
    region: tickets.region,
    stationId: tickets.stationId,
    stationName: stations.name,
    customerId: tickets.customerId,
    customerName: customers.name,
    contactName: tickets.contactName,
    equipmentId: tickets.equipmentId,
    serialNo: equipment.serialNo,
    modelName: productModels.name,
    title: tickets.title,
    warrantyStatus: tickets.warrantyStatus,
    isFreeRepeat: tickets.isFreeRepeat,
    receivedAt: tickets.receivedAt,
    resolvedAt: tickets.resolvedAt,
    version: tickets.version,
    updatedAt: tickets.updatedAt,
  };

  /** Next running deadline and live engineers of the given tickets: two indexed queries on the page's ids. */
  async function decorate<T extends { id: number }>(rows: T[], now: Date) {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [deadlines, engineers] = await Promise.all([
      db.execute<{ ticket_id: number; kind: string; due_at: Date; at_risk_at: Date | null }>(sql`
        select distinct on (ticket_id) ticket_id, kind, due_at, at_risk_at
        from ticket_clocks
        where ticket_id = any(${sql.param(ids)}::int[]) and stopped_at is null and due_at is not null and kind <> 'loaner'
        order by ticket_id, due_at`),
      db
        .select({ ticketId: assignments.ticketId, name: users.displayName })
        .from(assignments)
        .innerJoin(users, eq(users.id, assignments.engineerId))
        .where(and(inArray(assignments.ticketId, ids), inArray(assignments.status, ['offered', 'accepted'])))
        .orderBy(asc(assignments.id)),
    ]);
    const deadlineOf = new Map(deadlines.rows.map((row) => [row.ticket_id, row]));
    const engineersOf = new Map<number, string[]>();
    for (const row of engineers) engineersOf.set(row.ticketId, [...(engineersOf.get(row.ticketId) ?? []), row.name]);
    return rows.map((row) => {
      const deadline = deadlineOf.get(row.id);
      const dueAt = deadline ? new Date(deadline.due_at) : null;
      return {
        ...row,
        engineerNames: engineersOf.get(row.id) ?? [],
        nextDeadline:
          deadline && dueAt
            ? {
                kind: deadline.kind as (typeof ticketClocks.$inferSelect)['kind'],
                dueAt,
                state: deadlineState(dueAt, deadline.at_risk_at ? new Date(deadline.at_risk_at) : null, now),
              }
            : null,
      };
    });
  }

  /** Summary rows of the given ids, in that order. */
  async function summariesOf(ids: number[], now: Date) {
    if (ids.length === 0) return [];
    const rows = await db
      .select(summaryColumns)
      .from(tickets)
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(stations, eq(stations.id, tickets.stationId))
      .leftJoin(equipment, eq(equipment.id, tickets.equipmentId))
      .leftJoin(productModels, eq(productModels.id, tickets.productModelId))
      .where(inArray(tickets.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return decorate(
      ids.map((id) => byId.get(id)).filter((row): row is (typeof rows)[number] => row !== undefined),
      now,
    );
  }

  const openCondition = sql`${tickets.status} not in ('closed', 'cancelled')`;

  async function listConditions(actor: Actor, query: ListQuery, now: Date) {
    const timeZone = await settings.get('org.timeZone');
    const conditions: (SQL | undefined)[] = [scope(actor)];
    if (query.open) conditions.push(openCondition);
    if (query.status?.length) conditions.push(inArray(tickets.status, query.status));
    if (query.faultLevel?.length) conditions.push(inArray(tickets.faultLevel, query.faultLevel.map(Number)));
    if (query.type?.length) conditions.push(inArray(tickets.type, query.type));
    if (query.channel?.length) conditions.push(inArray(tickets.channel, query.channel));
    if (query.classification) conditions.push(eq(tickets.classification, query.classification));
    if (query.serviceMode) conditions.push(eq(tickets.serviceMode, query.serviceMode));
    if (query.stationId) conditions.push(eq(tickets.stationId, query.stationId));
    if (query.customerId) conditions.push(eq(tickets.customerId, query.customerId));
    if (query.equipmentId) conditions.push(eq(tickets.equipmentId, query.equipmentId));
    const engineerId = query.mine ? actor.id : query.engineerId;
    if (engineerId) {
      conditions.push(
        sql`exists (select 1 from assignments a where a.ticket_id = ${tickets.id} and a.engineer_id = ${engineerId} and a.status in ('offered', 'accepted'))`,
      );
    }
    if (query.receivedFrom) conditions.push(sql`${tickets.receivedAt} >= ${rangeStart(query.receivedFrom, timeZone)}`);
    if (query.receivedTo) conditions.push(sql`${tickets.receivedAt} < ${rangeEnd(query.receivedTo, timeZone)}`);
    if (query.overdue) {
      conditions.push(
        sql`exists (select 1 from ticket_clocks c where c.ticket_id = ${tickets.id} and c.stopped_at is null and c.due_at < ${now} and c.kind <> 'loaner')`,
      );
    }
    if (query.atRisk) {
      conditions.push(
        sql`exists (select 1 from ticket_clocks c where c.ticket_id = ${tickets.id} and c.stopped_at is null and c.at_risk_at <= ${now})`,
      );
    }
    if (query.q) conditions.push(await searchCondition(query.q));
    return and(...conditions);
  }

  /**
   * A document number (exact), or a fragment of number, customer, contact, phone, serial no. or title.
   * An existing number is found by the unique index alone: as a fragment, its digit bigrams match a
   * large part of the table (160–700 ms at 1 M tickets, docs/benchmarks.md); only a number no ticket
   * has is searched as a fragment.
   */
  async function searchCondition(q: string): Promise<SQL> {
    const fragment = fragmentMatch(tickets.searchGrams, tickets.searchText, q);
    const asNumber = q.toUpperCase();
    if (parseDocumentNumber(asNumber)) {
      const [exact] = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, asNumber)).limit(1);
      return exact ? eq(tickets.number, asNumber) : fragment;
    }
    if (/^[A-Za-z]{1,6}\d{0,8}$/.test(q)) {
      return sql`(${tickets.number} like ${`${likeEscape(asNumber)}%`} or ${fragment})`;
    }
    return fragment;
  }

  async function listTickets(actor: Actor, query: ListQuery) {
    const now = clock.now();
    const where = await listConditions(actor, query, now);
    const keyset = query.sort === 'receivedAt' && query.order === 'desc';
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    if (cursor && !keyset) {
      throw fieldError('cursor', '只有按受理时间倒序的列表可以使用游标', 'A cursor only pages the default order');
    }
    const limit = query.pageSize;
    // The total is counted on the first request only; keyset pages do not recount a large list.
    // Counting stops at COUNT_CAP: a station's whole history need not be walked for the first page.
    // A search stops at FEW_MATCHES (“500+”): every counted match is rechecked from the table, and
    // a company-name fragment can match tens of thousands of tickets (docs/benchmarks.md).
    const cap = query.q ? FEW_MATCHES : COUNT_CAP;
    const totalPromise = cursor
      ? Promise.resolve(null)
      : db
          .execute<{ total: number }>(
            sql`select count(*)::int as total from (select 1 from ${tickets} where ${where ?? sql`true`} limit ${cap + 1}) matches`,
          )
          .then((result) => Number(result.rows[0].total));
    let total: number | null = null;
    let fewMatches = false;
    if (query.q) {
      // A search counts first: few matches are sorted in memory rather than by walking an index (see FEW_MATCHES).
      total = await totalPromise;
      fewMatches = total !== null && total <= FEW_MATCHES;
      // Nothing in scope: no page query (it would build the same bitmap again).
      if (total === 0) {
        return { items: [], total: 0, totalIsLowerBound: false, page: query.page, pageSize: limit, nextCursor: null };
      }
    }
    const order = orderOf(query, fewMatches);
    const pageWhere = cursor
      ? and(where, sql`(${tickets.receivedAt}, ${tickets.id}) < (${cursor.receivedAt}, ${cursor.id})`)
      : where;
    const offset = cursor ? 0 : (query.page - 1) * limit;
    // A fragment with many matches (company names: 15 000 of 机械 in one station) is usually among the
    // newest tickets: look for the page in the newest SEARCH_WINDOW tickets of the scope first (the
    // receipt-time index, 1–2 ms), and collect and sort all matches only if the page is not there
    // (the GIN bitmap and a sort of every match: ~180 ms for 机械).
    if (query.q && !cursor && keyset && total !== null && total > FEW_MATCHES && offset + limit < SEARCH_WINDOW) {
      const scopeOnly = await listConditions(actor, { ...query, q: undefined }, now);
      const windowed = await db.execute<{ id: number; received_at: Date }>(sql`
        select w.id, w.received_at
        from (select ${tickets.id}, ${tickets.receivedAt}, ${tickets.searchText}, ${tickets.searchGrams} from ${tickets}
              where ${scopeOnly ?? sql`true`} order by ${tickets.receivedAt} desc, ${tickets.id} desc
              limit ${SEARCH_WINDOW}) w
        where w.search_grams @> aftercare_query_grams(${query.q}) and w.search_text ilike ${`%${likeEscape(query.q)}%`}
        order by w.received_at desc, w.id desc
        limit ${limit + 1} offset ${offset}`);
      if (windowed.rows.length > limit) {
        const pageRows = windowed.rows.slice(0, limit);
        const last = pageRows.at(-1)!;
        return {
          items: await summariesOf(
            pageRows.map((row) => Number(row.id)),
            now,
          ),
          total: Math.min(total, FEW_MATCHES),
          totalIsLowerBound: true,
          page: query.page,
          pageSize: limit,
          nextCursor: encodeCursor({ receivedAt: new Date(last.received_at), id: Number(last.id) }),
        };
      }
    }
    const idsPromise = db
      .select({ id: tickets.id, receivedAt: tickets.receivedAt })
      .from(tickets)
      .where(pageWhere)
      .orderBy(...order)
      .limit(limit + 1)
      .offset(offset);
    const [idRows, counted] = await Promise.all([idsPromise, query.q ? Promise.resolve(total) : totalPromise]);
    const hasMore = idRows.length > limit;
    const pageRows = idRows.slice(0, limit);
    const items = await summariesOf(
      pageRows.map((row) => row.id),
      now,
    );
    const last = pageRows.at(-1);
    return {
      items,
      total: counted === null ? null : Math.min(counted, cap),
      totalIsLowerBound: counted !== null && counted > cap,
      page: cursor ? 0 : query.page,
      pageSize: limit,
      nextCursor: keyset && hasMore && last ? encodeCursor({ receivedAt: last.receivedAt, id: last.id }) : null,
    };
  }

  function orderOf(query: ListQuery, fewMatches: boolean) {
    const direction = query.order === 'desc' ? desc : asc;
    switch (query.sort) {
      case 'number':
        return [direction(sortKey(tickets.number, fewMatches)), desc(tickets.id)];
      case 'faultLevel':
        return [direction(sortKey(tickets.faultLevel, fewMatches)), desc(tickets.receivedAt), desc(tickets.id)];
      case 'updatedAt':
        return [direction(sortKey(tickets.updatedAt, fewMatches)), desc(tickets.id)];
      default:
        return [direction(sortKey(tickets.receivedAt, fewMatches)), direction(tickets.id)];
    }
  }

  async function getTicket(actor: Actor, ticketId: number) {
    const now = clock.now();
    const [row] = await db
      .select({
        ...summaryColumns,
        receivingDepartmentId: tickets.receivingDepartmentId,
        handlingDepartmentId: tickets.handlingDepartmentId,
        contactId: tickets.contactId,
        contactPhone: tickets.contactPhone,
        customerPhone: customers.phone,
        modelCode: productModels.code,
        productModelId: tickets.productModelId,
        productCategory: tickets.productCategory,
        warrantyEnd: equipment.warrantyEnd,
        contractId: tickets.contractId,
        contractNo: serviceContracts.contractNo,
        description: tickets.description,
        address: tickets.address,
        receivedById: tickets.receivedBy,
        receivedByName: users.displayName,
        slaPolicyId: tickets.slaPolicyId,
        slaPolicyName: slaPolicies.name,
        calendarId: tickets.calendarId,
        calendarName: businessCalendars.name,
        repeatOfTicketId: tickets.repeatOfTicketId,
        repeatOfNumber: sql<string | null>`(select r.number from tickets r where r.id = ${tickets.repeatOfTicketId})`,
        cancelReason: tickets.cancelReason,
        reopenCount: tickets.reopenCount,
        firstResponseAt: tickets.firstResponseAt,
        technicalPlan: tickets.technicalPlan,
        technicalPlanAt: tickets.technicalPlanAt,
        arrivedAt: tickets.arrivedAt,
        closedAt: tickets.closedAt,
        sendInReceipt: tickets.sendInReceipt,
        createdAt: tickets.createdAt,
      })
      .from(tickets)
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(stations, eq(stations.id, tickets.stationId))
      .leftJoin(equipment, eq(equipment.id, tickets.equipmentId))
      .leftJoin(productModels, eq(productModels.id, tickets.productModelId))
      .leftJoin(serviceContracts, eq(serviceContracts.id, tickets.contractId))
      .leftJoin(users, eq(users.id, tickets.receivedBy))
      .leftJoin(slaPolicies, eq(slaPolicies.id, tickets.slaPolicyId))
      .leftJoin(businessCalendars, eq(businessCalendars.id, tickets.calendarId))
      .where(and(eq(tickets.id, ticketId), scope(actor)));
    if (!row) throw notFound(ticketLabel.zh, ticketLabel.en);
    const [[decorated], index, repeats, clocks, assignmentRows, visitRows, attachmentRows, tasks] = await Promise.all([
      decorate([row], now),
      departmentIndex(),
      db
        .select({ id: tickets.id, number: tickets.number })
        .from(tickets)
        .where(eq(tickets.repeatOfTicketId, ticketId))
        .orderBy(asc(tickets.id)),
      slaClocks.describeClocks(ticketId, now),
      db
        .select({
          id: assignments.id,
          engineerId: assignments.engineerId,
          engineerName: users.displayName,
          role: assignments.role,
          status: assignments.status,
          assignedAt: assignments.assignedAt,
          expectedArrivalAt: assignments.expectedArrivalAt,
          respondedAt: assignments.respondedAt,
          declineReason: assignments.declineReason,
        })
        .from(assignments)
        .innerJoin(users, eq(users.id, assignments.engineerId))
        .where(eq(assignments.ticketId, ticketId))
        .orderBy(asc(assignments.id)),
      db
        .select({
          id: visits.id,
          number: visits.number,
          engineerId: visits.engineerId,
          engineerName: users.displayName,
          status: visits.status,
          plannedAt: visits.plannedAt,
          checkedInAt: visits.checkedInAt,
          checkedOutAt: visits.checkedOutAt,
          result: visits.result,
        })
        .from(visits)
        .innerJoin(users, eq(users.id, visits.engineerId))
        .where(eq(visits.ticketId, ticketId))
        .orderBy(asc(visits.id)),
      attachmentsOf(ticketId),
      db
        .select({
          id: ticketTasks.id,
          kind: ticketTasks.kind,
          status: ticketTasks.status,
          dueAt: ticketTasks.dueAt,
          note: ticketTasks.note,
        })
        .from(ticketTasks)
        .where(eq(ticketTasks.ticketId, ticketId))
        .orderBy(asc(ticketTasks.id)),
    ]);
    const mask = maskFor(actor);
    const department = (id: number | null) => {
      const found = id ? index.byId.get(id) : undefined;
      return found ? { id: found.id, code: found.code, name: found.name } : null;
    };
    return {
      ...decorated,
      receivingDepartment: department(row.receivingDepartmentId) ?? {
        id: row.receivingDepartmentId,
        code: '',
        name: '',
      },
      handlingDepartment: department(row.handlingDepartmentId),
      contactId: row.contactId,
      contactPhone: mask.phone(row.contactPhone),
      customerPhone: mask.phone(row.customerPhone),
      masked: mask.masked,
      modelCode: row.modelCode,
      productModelId: row.productModelId,
      productCategory: row.productCategory,
      warrantyEnd: row.warrantyEnd,
      contractId: row.contractId,
      contractNo: row.contractNo,
      description: row.description,
      address: row.address,
      receivedBy: { id: row.receivedById, name: row.receivedByName ?? '' },
      slaPolicy: { id: row.slaPolicyId, name: row.slaPolicyName ?? '' },
      calendar: { id: row.calendarId, name: row.calendarName ?? '' },
      repeatOf:
        row.repeatOfTicketId && row.repeatOfNumber ? { id: row.repeatOfTicketId, number: row.repeatOfNumber } : null,
      repeats,
      cancelReason: row.cancelReason,
      reopenCount: row.reopenCount,
      firstResponseAt: row.firstResponseAt,
      technicalPlan: row.technicalPlan,
      technicalPlanAt: row.technicalPlanAt,
      arrivedAt: row.arrivedAt,
      resolvedAt: row.resolvedAt,
      closedAt: row.closedAt,
      sendInReceipt: row.sendInReceipt ?? null,
      allowedNextStatuses: allowedNextStatuses(row.status),
      clocks,
      assignments: assignmentRows,
      visits: visitRows,
      attachments: attachmentRows,
      tasks,
      createdAt: row.createdAt,
    };
  }

  async function timeline(actor: Actor, ticketId: number) {
    await assertVisible(actor, ticketId);
    const items = await db
      .select({
        id: ticketEvents.id,
        at: ticketEvents.at,
        actorId: ticketEvents.actorId,
        actorName: users.displayName,
        kind: ticketEvents.kind,
        fromStatus: ticketEvents.fromStatus,
        toStatus: ticketEvents.toStatus,
        note: ticketEvents.note,
        data: ticketEvents.data,
      })
      .from(ticketEvents)
      .leftJoin(users, eq(users.id, ticketEvents.actorId))
      .where(eq(ticketEvents.ticketId, ticketId))
      .orderBy(asc(ticketEvents.id));
    return { items };
  }

  // ---------- board (TKT-11, SLA-3, SLA-4) ----------

  async function board(actor: Actor, query: z.output<typeof boardQuery>) {
    const now = clock.now();
    const stationIds = await stationsFor(actor, query.stationId);
    if (stationIds.length === 0) {
      return {
        breached: [],
        atRisk: [],
        breachedTotal: 0,
        atRiskTotal: 0,
        totalsAreLowerBounds: false,
        loanerTasks: [],
        generatedAt: now,
      };
    }
    // Each section shows its most urgent BOARD_SECTION_ROWS and counts up to BOARD_COUNT_CAP: with
    // tens of thousands of breached clocks, one list of 500 by due time was all breached (the at-risk
    // ones never showed) and took a parallel plan of 20–30 ms (docs/benchmarks.md).
    const running = sql`c.stopped_at is null and c.station_id = any(${sql.param(stationIds)}::int[])
      and c.at_risk_at <= ${now} and c.due_at is not null`;
    const breachedWhere = sql`${running} and c.due_at < ${now}`;
    const atRiskWhere = sql`${running} and c.due_at >= ${now}`;
    const section = (where: SQL) =>
      db.execute<{
        ticket_id: number;
        kind: string;
        due_at: Date;
        at_risk_at: Date | null;
        number: string;
        title: string;
        status: TicketStatus;
        fault_level: number;
        station_id: number;
        station_name: string | null;
        customer_name: string;
      }>(sql`
        select c.ticket_id, c.kind, c.due_at, c.at_risk_at, t.number, t.title, t.status, t.fault_level,
               c.station_id, s.name as station_name, cu.name as customer_name
        from (select * from ticket_clocks c where ${where} order by c.due_at, c.ticket_id, c.kind
              limit ${BOARD_SECTION_ROWS}) c
        join tickets t on t.id = c.ticket_id
        join customers cu on cu.id = t.customer_id
        left join stations s on s.id = c.station_id
        order by c.due_at, c.ticket_id, c.kind`);
    const [breachedRows, atRiskRows, taskRows] = await Promise.all([
      section(breachedWhere),
      section(atRiskWhere),
      // The first tasks by due time, then their numbers (joining all ~5 000 open tasks to tickets
      // before the sort took ~180 ms at 1 M tickets).
      db.execute<{
        id: number;
        ticket_id: number;
        number: string;
        kind: (typeof ticketTasks.$inferSelect)['kind'];
        due_at: Date;
        station_id: number;
        note: string | null;
      }>(sql`
        select tt.id, tt.ticket_id, t.number, tt.kind, tt.due_at, tt.station_id, tt.note
        from (select * from ticket_tasks where status = 'open' and kind = 'loaner'
                and station_id = any(${sql.param(stationIds)}::int[])
              order by due_at, id limit ${BOARD_SECTION_ROWS}) tt
        join tickets t on t.id = tt.ticket_id
        order by tt.due_at, tt.id`),
    ]);
    const toItem = (row: (typeof breachedRows.rows)[number]) => {
      const dueAt = new Date(row.due_at);
      return {
        ticketId: row.ticket_id,
        number: row.number,
        title: row.title,
        status: row.status,
        faultLevel: row.fault_level,
        customerName: row.customer_name,
        stationId: row.station_id,
        stationName: row.station_name,
        kind: row.kind as (typeof ticketClocks.$inferSelect)['kind'],
        dueAt,
        atRiskAt: row.at_risk_at ? new Date(row.at_risk_at) : null,
        state: dueAt.getTime() < now.getTime() ? ('breached' as const) : ('at_risk' as const),
      };
    };
    // A section that is not full is its own count; a full one is counted (on the index entries).
    const count = async (rows: unknown[], where: SQL) => {
      if (rows.length < BOARD_SECTION_ROWS) return rows.length;
      const result = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from (select 1 from ticket_clocks c where ${where} limit ${BOARD_COUNT_CAP + 1}) x`,
      );
      return Number(result.rows[0].n);
    };
    const [breachedCount, atRiskCount] = await Promise.all([
      count(breachedRows.rows, breachedWhere),
      count(atRiskRows.rows, atRiskWhere),
    ]);
    return {
      breached: breachedRows.rows.map(toItem),
      atRisk: atRiskRows.rows.map(toItem),
      breachedTotal: Math.min(breachedCount, BOARD_COUNT_CAP),
      atRiskTotal: Math.min(atRiskCount, BOARD_COUNT_CAP),
      totalsAreLowerBounds: breachedCount > BOARD_COUNT_CAP || atRiskCount > BOARD_COUNT_CAP,
      loanerTasks: taskRows.rows.map((task) => {
        const dueAt = new Date(task.due_at);
        return {
          id: Number(task.id),
          ticketId: task.ticket_id,
          number: task.number,
          kind: task.kind,
          dueAt,
          stationId: task.station_id,
          note: task.note,
          isOverdue: dueAt.getTime() < now.getTime(),
        };
      }),
      generatedAt: now,
    };
  }

  /** The stations a board or list covers: one (if visible), the actor's own, or every station. */
  async function stationsFor(actor: Actor, stationId: number | undefined): Promise<number[]> {
    const all = !scope(actor);
    if (stationId) return all || stationId === actor.stationId ? [stationId] : [];
    if (!all) return [actor.stationId];
    const rows = await db.select({ id: stations.id }).from(stations);
    return rows.map((row) => row.id);
  }

  // ---------- saved views ----------

  async function listViews(actor: Actor) {
    const items = await db
      .select({ id: savedViews.id, name: savedViews.name, query: savedViews.query, createdAt: savedViews.createdAt })
      .from(savedViews)
      .where(eq(savedViews.userId, actor.id))
      .orderBy(asc(savedViews.name));
    return { items };
  }

  async function createView(actor: Actor, input: z.output<typeof savedViewInput>) {
    const [row] = await db
      .insert(savedViews)
      .values({ userId: actor.id, name: input.name, query: input.query.replace(/^\?/, ''), createdAt: clock.now() })
      .returning({
        id: savedViews.id,
        name: savedViews.name,
        query: savedViews.query,
        createdAt: savedViews.createdAt,
      });
    return row;
  }

  async function deleteView(actor: Actor, viewId: number) {
    const deleted = await db
      .delete(savedViews)
      .where(and(eq(savedViews.id, viewId), eq(savedViews.userId, actor.id)))
      .returning({ id: savedViews.id });
    if (deleted.length === 0) throw notFound('视图', 'Saved view');
    return { ok: true as const };
  }

  // ---------- intake helpers ----------

  async function intakeContext(actor: Actor, query: z.output<typeof intakeContextQuery>) {
    const now = clock.now();
    const [timeZone, expiringDays] = await Promise.all([
      settings.get('org.timeZone'),
      settings.get('warranty.expiringSoonDays'),
    ]);
    const today = dateInZone(now, timeZone);
    const [customer] = await db
      .select({
        id: customers.id,
        code: customers.code,
        name: customers.name,
        phone: customers.phone,
        level: customers.level,
        stationId: customers.stationId,
        stationName: stations.name,
        province: customers.province,
        city: customers.city,
        district: customers.district,
        addressDetail: customers.addressDetail,
      })
      .from(customers)
      .leftJoin(stations, eq(stations.id, customers.stationId))
      .where(and(eq(customers.id, query.customerId), scopeToStation(actor, customers.stationId)));
    if (!customer) throw notFound('客户', 'Customer');
    const mask = maskFor(actor);
    const [contacts, units, openIds, repeatIds] = await Promise.all([
      db
        .select({
          id: customerContacts.id,
          name: customerContacts.name,
          phone: customerContacts.phone,
          mobile: customerContacts.mobile,
          isPrimary: customerContacts.isPrimary,
        })
        .from(customerContacts)
        .where(eq(customerContacts.customerId, customer.id))
        .orderBy(asc(customerContacts.sortOrder), asc(customerContacts.id)),
      db.execute<{
        id: number;
        serial_no: string;
        model_id: number;
        model_code: string;
        model_name: string;
        category: string;
        location: string | null;
        warranty_end: string | null;
        contract_id: number | null;
        contract_no: string | null;
      }>(sql`
        select e.id, e.serial_no, e.model_id, m.code as model_code, m.name as model_name, m.category, e.location,
               e.warranty_end, sc.id as contract_id, sc.contract_no
        from equipment e
        join product_models m on m.id = e.model_id
        left join lateral (
          select sc.id, sc.contract_no from contract_equipment ce join service_contracts sc on sc.id = ce.contract_id
          where ce.equipment_id = e.id and sc.status = 'active' and sc.is_active
            and sc.starts_on <= ${today} and sc.ends_on >= ${today}
          order by sc.ends_on desc limit 1
        ) sc on true
        where e.customer_id = ${customer.id} and e.is_active
        order by (e.id = ${query.equipmentId ?? 0}) desc, e.serial_no
        limit 200`),
      db
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.customerId, customer.id), openCondition))
        .orderBy(
          sql`(${tickets.equipmentId} is not distinct from ${query.equipmentId ?? null}::int) desc`,
          desc(tickets.receivedAt),
        )
        .limit(20),
      query.equipmentId
        ? db
            .select({ id: tickets.id })
            .from(tickets)
            .where(
              and(
                eq(tickets.equipmentId, query.equipmentId),
                eq(tickets.customerId, customer.id),
                sql`${tickets.status} <> 'cancelled'`,
              ),
            )
            .orderBy(desc(tickets.receivedAt))
            .limit(10)
        : Promise.resolve([] as { id: number }[]),
    ]);
    const [openTickets, repeatCandidates] = await Promise.all([
      summariesOf(
        openIds.map((row) => row.id),
        now,
      ),
      summariesOf(
        repeatIds.map((row) => row.id),
        now,
      ),
    ]);
    return {
      customer: {
        id: customer.id,
        code: customer.code,
        name: customer.name,
        phone: mask.phone(customer.phone),
        level: customer.level,
        stationId: customer.stationId,
        stationName: customer.stationName,
        address: mask.masked
          ? formatAddress({ ...customer, addressDetail: customer.addressDetail ? '****' : null })
          : formatAddress(customer),
      },
      contacts: contacts.map((contact) => ({
        ...contact,
        phone: mask.phone(contact.phone),
        mobile: mask.phone(contact.mobile),
      })),
      equipment: units.rows.map((unit) => ({
        id: unit.id,
        serialNo: unit.serial_no,
        modelId: unit.model_id,
        modelCode: unit.model_code,
        modelName: unit.model_name,
        category: unit.category,
        location: unit.location,
        warrantyEnd: unit.warranty_end,
        warrantyStatus: warrantyStatus(unit.warranty_end, today, expiringDays),
        contractId: unit.contract_id,
        contractNo: unit.contract_no,
      })),
      openTickets,
      repeatCandidates: repeatCandidates.map((ticket) => ({ ...ticket, resolvedAt: ticket.resolvedAt ?? null })),
      masked: mask.masked,
    };
  }

  async function intakeLookup(actor: Actor, q: string) {
    const [timeZone, expiringDays] = await Promise.all([
      settings.get('org.timeZone'),
      settings.get('warranty.expiringSoonDays'),
    ]);
    const today = dateInZone(clock.now(), timeZone);
    const mask = maskFor(actor);
    const [customerRows, unitRows] = await Promise.all([
      db
        .select({
          id: customers.id,
          code: customers.code,
          name: customers.name,
          phone: customers.phone,
          stationId: customers.stationId,
          stationName: stations.name,
        })
        .from(customers)
        .leftJoin(stations, eq(stations.id, customers.stationId))
        .where(
          and(
            eq(customers.isActive, true),
            scopeToStation(actor, customers.stationId),
            fragmentMatch(customers.searchGrams, customers.searchText, q),
          ),
        )
        .orderBy(sql`coalesce(${customers.name}, ${customers.name})`)
        .limit(10),
      db
        .select({
          id: equipment.id,
          serialNo: equipment.serialNo,
          modelName: productModels.name,
          customerId: equipment.customerId,
          customerName: customers.name,
          warrantyEnd: equipment.warrantyEnd,
        })
        .from(equipment)
        .innerJoin(productModels, eq(productModels.id, equipment.modelId))
        .innerJoin(customers, eq(customers.id, equipment.customerId))
        .where(
          and(
            eq(equipment.isActive, true),
            scopeToStation(actor, equipment.stationId),
            sql`(${equipment.serialNo} = ${q} or ${fragmentMatch(equipment.searchGrams, equipment.searchText, q)})`,
          ),
        )
        .orderBy(sql`(${equipment.serialNo} = ${q}) desc`, asc(equipment.serialNo))
        .limit(10),
    ]);
    return {
      customers: customerRows.map((row) => ({ ...row, phone: mask.phone(row.phone) })),
      equipment: unitRows.map(({ warrantyEnd, ...row }) => ({
        ...row,
        warrantyStatus: warrantyStatus(warrantyEnd, today, expiringDays),
      })),
    };
  }

  async function routingPreview(query: z.output<typeof routingPreviewQuery>) {
    const [route, index] = await Promise.all([loadRouting(), departmentIndex()]);
    const routed = route({
      classification: query.classification,
      productCategory: query.productCategory,
      ticketType: query.type,
    });
    const department = routed.departmentId ? index.byId.get(routed.departmentId) : undefined;
    return {
      departmentCode: routed.code,
      department: department ? { id: department.id, code: department.code, name: department.name } : null,
    };
  }

  return {
    createTicket,
    transition,
    classify,
    respond,
    plan,
    updateTicket,
    cancel,
    reopen,
    comment,
    completeTask,
    uploadAttachment,
    /** The upload limit in bytes (setting attachments.maxMegabytes). */
    attachmentLimit: () => settings.get('attachments.maxMegabytes').then((megabytes) => megabytes * 1024 * 1024),
    listAttachments,
    getAttachment,
    listTickets,
    getTicket,
    timeline,
    board,
    listViews,
    createView,
    deleteView,
    intakeContext,
    intakeLookup,
    routingPreview,
    /** For the dispatch module: the transition function bound to this app's SLA engine. */
    transitionTicket: (tx: DbOrTx, request: Parameters<typeof transitionTicket>[1]) =>
      transitionTicket(tx, request, { slaClocks }),
  };
}

export type TicketsService = ReturnType<typeof createTicketsService>;

/** A customer message goes to a mobile (SMS) first, then to the customer's email. */
function receivedRecipient(phones: (string | null)[], email: string | null): NotificationRecipient | null {
  const mobile = phones.find((phone) => phone && /^1[3-9]\d{9}$/.test(phone));
  if (mobile) return { phone: mobile };
  return email ? { email } : null;
}
