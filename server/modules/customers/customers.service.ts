import { and, asc, count, desc, eq, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import { type Actor, canSeeStation, scopeToStation } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { FEW_MATCHES, likeEscape, offsetOf, sortKey } from '../../lib/pagination.js';
import { createRecord, lockRecord, type RecordKind, setRecordActive, updateRecord } from '../../lib/records.js';
import { personalDataLevel } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import { recordAccess, recordAudit } from '../audit/audit.service.js';
import { stations } from '../org/org.table.js';
import type { SettingsService } from '../org/settings.service.js';
import { assertUsableSlaChoice } from '../sla/calendars.js';
import type {
  contractInput,
  contractListQuery,
  contractStates,
  customerInput,
  customerListQuery,
  customerUpdate,
  equipmentInput,
  equipmentListQuery,
  productModelInput,
  productModelListQuery,
  productModelUpdate,
} from './customers.contract.js';
import {
  contractEquipment,
  customerCodeSequence,
  customerContacts,
  customers,
  equipment,
  productModels,
  serviceContracts,
} from './customers.table.js';
import { maskAddressDetail, maskEmail, maskPhone } from './masking.rules.js';
import { fragmentMatch, refreshCustomerSearch, refreshEquipmentSearch } from './search.js';
import { addDays, computeWarrantyEnd, warrantyStatus } from './warranty.rules.js';

export const customerKind: RecordKind = { entityType: 'customer', label: { zh: '客户', en: 'Customer' } };
export const productModelKind: RecordKind = {
  entityType: 'product_model',
  label: { zh: '产品型号', en: 'Product model' },
};
export const equipmentKind: RecordKind = { entityType: 'equipment', label: { zh: '设备', en: 'Equipment' } };
export const contractKind: RecordKind = { entityType: 'contract', label: { zh: '维保合同', en: 'Service contract' } };

registerConstraintMessages({
  customers_code_key: { field: 'code', text: { zh: '客户编号已存在', en: 'A customer with this code already exists' } },
  product_models_code_key: {
    field: 'code',
    text: { zh: '型号编码已存在', en: 'A product model with this code already exists' },
  },
  equipment_serial_no_key: {
    field: 'serialNo',
    text: { zh: '机号已存在，不能重复登记', en: 'Equipment with this serial number already exists' },
  },
  service_contracts_no_key: {
    field: 'contractNo',
    text: { zh: '合同编号已存在', en: 'A contract with this number already exists' },
  },
  service_contracts_period: {
    field: 'endsOn',
    text: { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' },
  },
});

type CustomerInput = z.output<typeof customerInput>;
type ContractInput = z.output<typeof contractInput>;
type ContractState = (typeof contractStates)[number];

const fieldError = (field: string, zh: string, en: string) =>
  new AppError('VALIDATION', { zh, en }, { fields: [{ field, message: en }] });

/** Recomputes the stored warranty end of the equipment matched by `where` (alias e). */
export async function recomputeWarranty(tx: DbOrTx, where: SQL) {
  const rows = await tx.execute<{
    id: number;
    acceptance_date: string | null;
    delivery_date: string | null;
    purchase_date: string | null;
    warranty_months_override: number | null;
    warranty_end: string | null;
    warranty_basis: string | null;
    model_months: number;
    contracts: { endsOn: string; extendsWarranty: boolean; status: 'draft' | 'active' | 'terminated' }[] | null;
  }>(sql`
    select e.id, e.acceptance_date, e.delivery_date, e.purchase_date, e.warranty_months_override, e.warranty_end, e.warranty_basis,
           m.warranty_months as model_months,
           (select json_agg(json_build_object('endsOn', sc.ends_on, 'extendsWarranty', sc.extends_warranty, 'status', sc.status))
              from contract_equipment ce join service_contracts sc on sc.id = ce.contract_id
             where ce.equipment_id = e.id) as contracts
    from equipment e join product_models m on m.id = e.model_id
    where ${where}`);
  for (const row of rows.rows) {
    const result = computeWarrantyEnd({
      acceptanceDate: row.acceptance_date,
      deliveryDate: row.delivery_date,
      purchaseDate: row.purchase_date,
      modelWarrantyMonths: row.model_months,
      warrantyMonthsOverride: row.warranty_months_override,
      contracts: row.contracts ?? [],
    });
    if (result.end !== row.warranty_end || result.basis !== row.warranty_basis) {
      await tx
        .update(equipment)
        .set({ warrantyEnd: result.end, warrantyBasis: result.basis })
        .where(eq(equipment.id, row.id));
    }
  }
}

export function createCustomersService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, clock, settings } = deps;

  async function today(): Promise<string> {
    return dateInZone(clock.now(), await settings.get('org.timeZone'));
  }

  // ---------- shared helpers ----------

  async function assertStationUsable(actor: Actor, stationId: number) {
    const [row] = await db.select({ isActive: stations.isActive }).from(stations).where(eq(stations.id, stationId));
    if (!row?.isActive)
      throw fieldError('stationId', '所选服务站不存在或已停用', 'The chosen station does not exist or is inactive');
    if (!canSeeStation(actor, stationId))
      throw fieldError('stationId', '只能为本站登记记录', 'You can only register records for your own station');
  }

  /** A customer the actor may see and attach records to, or a validation error on `field`. */
  async function usableCustomer(tx: DbOrTx, actor: Actor, customerId: number, field = 'customerId') {
    const [row] = await tx
      .select({ id: customers.id, stationId: customers.stationId, isActive: customers.isActive, name: customers.name })
      .from(customers)
      .where(and(eq(customers.id, customerId), scopeToStation(actor, customers.stationId)));
    if (!row) throw fieldError(field, '所选客户不存在', 'The chosen customer does not exist');
    if (!row.isActive) throw fieldError(field, '所选客户已停用', 'The chosen customer is inactive');
    return row;
  }

  function maskFor(actor: Actor) {
    const full = personalDataLevel(actor.roles) === 'full';
    return {
      masked: !full,
      phone: (value: string | null) => (full ? value : maskPhone(value)),
      email: (value: string | null) => (full ? value : maskEmail(value)),
      address: (value: string | null) => (full ? value : maskAddressDetail(value)),
    };
  }

  // ---------- customers ----------

  const customerSummaryColumns = {
    id: customers.id,
    code: customers.code,
    kind: customers.kind,
    name: customers.name,
    phone: customers.phone,
    email: customers.email,
    province: customers.province,
    city: customers.city,
    district: customers.district,
    addressDetail: customers.addressDetail,
    region: customers.region,
    level: customers.level,
    stationId: customers.stationId,
    stationName: stations.name,
    equipmentCount: sql<number>`(select count(*)::int from equipment e where e.customer_id = customers.id and e.is_active)`,
    isActive: customers.isActive,
    updatedAt: customers.updatedAt,
  };

  function customerConditions(actor: Actor, query: Partial<z.output<typeof customerListQuery>>): SQL | undefined {
    const conditions: (SQL | undefined)[] = [scopeToStation(actor, customers.stationId)];
    if (query.active && query.active !== 'all') conditions.push(eq(customers.isActive, query.active === 'true'));
    if (query.stationId) conditions.push(eq(customers.stationId, query.stationId));
    if (query.level) conditions.push(eq(customers.level, query.level));
    if (query.kind) conditions.push(eq(customers.kind, query.kind));
    if (query.region) conditions.push(eq(customers.region, query.region));
    if (query.q) conditions.push(fragmentMatch(customers.searchGrams, customers.searchText, query.q));
    return and(...conditions);
  }

  function customerOrder(query: Pick<z.output<typeof customerListQuery>, 'sort' | 'order'>, fewMatches = false) {
    const column = sortKey(
      { name: customers.name, code: customers.code, createdAt: customers.createdAt, updatedAt: customers.updatedAt }[
        query.sort
      ],
      fewMatches,
    );
    return [query.order === 'desc' ? desc(column) : asc(column), asc(customers.id)];
  }

  async function listCustomers(actor: Actor, query: z.output<typeof customerListQuery>) {
    const where = customerConditions(actor, query);
    const mask = maskFor(actor);
    // Count first: it decides how to sort a search (see FEW_MATCHES) and skips an empty page.
    const [{ total }] = await db.select({ total: count() }).from(customers).where(where);
    const rows =
      total <= offsetOf(query)
        ? []
        : await db
            .select(customerSummaryColumns)
            .from(customers)
            .leftJoin(stations, eq(stations.id, customers.stationId))
            .where(where)
            .orderBy(...customerOrder(query, Boolean(query.q) && total < FEW_MATCHES))
            .limit(query.pageSize)
            .offset(offsetOf(query));
    const items = rows.map(({ email: _email, ...row }) => ({
      ...row,
      phone: mask.phone(row.phone),
      addressDetail: mask.address(row.addressDetail),
      masked: mask.masked,
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Rows for export: the same filters and order as the list, masked the same way. */
  async function exportCustomers(actor: Actor, query: Partial<z.output<typeof customerListQuery>>, limit: number) {
    const mask = maskFor(actor);
    const rows = await db
      .select({ ...customerSummaryColumns, stationCode: stations.code, notes: customers.notes })
      .from(customers)
      .leftJoin(stations, eq(stations.id, customers.stationId))
      .where(customerConditions(actor, query))
      .orderBy(...customerOrder({ sort: query.sort ?? 'updatedAt', order: query.order ?? 'desc' }))
      .limit(limit);
    return rows.map((row) => ({
      ...row,
      phone: mask.phone(row.phone),
      email: mask.email(row.email),
      addressDetail: mask.address(row.addressDetail),
    }));
  }

  async function getCustomer(actor: Actor, id: number) {
    const [row] = await db
      .select({
        ...customerSummaryColumns,
        notes: customers.notes,
        version: customers.version,
        createdAt: customers.createdAt,
      })
      .from(customers)
      .leftJoin(stations, eq(stations.id, customers.stationId))
      .where(and(eq(customers.id, id), scopeToStation(actor, customers.stationId)));
    if (!row) throw notFound(customerKind.label.zh, customerKind.label.en);
    const contacts = await db
      .select({
        id: customerContacts.id,
        name: customerContacts.name,
        title: customerContacts.title,
        phone: customerContacts.phone,
        mobile: customerContacts.mobile,
        email: customerContacts.email,
        isPrimary: customerContacts.isPrimary,
      })
      .from(customerContacts)
      .where(eq(customerContacts.customerId, id))
      .orderBy(asc(customerContacts.sortOrder), asc(customerContacts.id));
    const mask = maskFor(actor);
    return {
      ...row,
      phone: mask.phone(row.phone),
      email: mask.email(row.email),
      addressDetail: mask.address(row.addressDetail),
      masked: mask.masked,
      contacts: contacts.map((c) => ({
        ...c,
        phone: mask.phone(c.phone),
        mobile: mask.phone(c.mobile),
        email: mask.email(c.email),
      })),
    };
  }

  async function nextCustomerCode(tx: DbOrTx): Promise<string> {
    const prefix = await settings.get('customers.codePrefix');
    for (;;) {
      const result = await tx.execute<{ n: number }>(
        sql`select nextval(${sql.raw(`'${customerCodeSequence.seqName}'`)})::int as n`,
      );
      const candidate = `${prefix}${String(result.rows[0].n).padStart(6, '0')}`;
      const [taken] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.code, candidate));
      if (!taken) return candidate;
    }
  }

  async function writeContacts(tx: DbOrTx, customerId: number, contacts: CustomerInput['contacts']) {
    const hasPrimary = contacts.some((contact) => contact.isPrimary);
    const keepIds = contacts.map((contact) => contact.id).filter((id): id is number => id !== undefined);
    await tx
      .delete(customerContacts)
      .where(
        and(
          eq(customerContacts.customerId, customerId),
          keepIds.length ? notInArray(customerContacts.id, keepIds) : undefined,
        ),
      );
    let primaryTaken = false;
    for (const [index, contact] of contacts.entries()) {
      const isPrimary: boolean = (hasPrimary ? contact.isPrimary : index === 0) && !primaryTaken;
      primaryTaken ||= isPrimary;
      const values = {
        customerId,
        name: contact.name,
        title: contact.title ?? null,
        phone: contact.phone ?? null,
        mobile: contact.mobile ?? null,
        email: contact.email ?? null,
        isPrimary,
        sortOrder: index,
      };
      if (contact.id) {
        const updated = await tx
          .update(customerContacts)
          .set(values)
          .where(and(eq(customerContacts.id, contact.id), eq(customerContacts.customerId, customerId)))
          .returning({ id: customerContacts.id });
        if (updated.length === 0)
          throw fieldError(
            `contacts.${index}.id`,
            '联系人不属于该客户',
            'The contact does not belong to this customer',
          );
      } else {
        await tx.insert(customerContacts).values(values);
      }
    }
  }

  async function contactsSnapshot(tx: DbOrTx, customerId: number) {
    return tx
      .select({
        name: customerContacts.name,
        title: customerContacts.title,
        phone: customerContacts.phone,
        mobile: customerContacts.mobile,
      })
      .from(customerContacts)
      .where(eq(customerContacts.customerId, customerId))
      .orderBy(asc(customerContacts.sortOrder));
  }

  /** Inserts a customer inside the caller's transaction (used by the form and by import). */
  async function insertCustomer(tx: DbOrTx, actor: Actor, input: CustomerInput) {
    const { contacts, code, ...fields } = input;
    const created = await tx
      .insert(customers)
      .values({ ...fields, code: code ?? (await nextCustomerCode(tx)) })
      .returning({ id: customers.id });
    const id = created[0].id;
    await writeContacts(tx, id, contacts);
    await refreshCustomerSearch(tx, sql`c.id = ${id}`);
    const [after] = await tx.select().from(customers).where(eq(customers.id, id));
    await recordAudit(tx, {
      entityType: 'customer',
      entityId: id,
      action: 'create',
      actor,
      after: { ...after, contacts: await contactsSnapshot(tx, id) },
    });
    return id;
  }

  async function createCustomer(actor: Actor, input: CustomerInput) {
    await assertStationUsable(actor, input.stationId);
    const id = await db.transaction((tx) => insertCustomer(tx, actor, input));
    return getCustomer(actor, id);
  }

  async function updateCustomer(actor: Actor, id: number, input: z.output<typeof customerUpdate>) {
    const { version, contacts, ...patch } = input;
    await db.transaction(async (tx) => {
      const before = await lockRecord(tx, customers, customerKind, id, scopeToStation(actor, customers.stationId));
      if (patch.stationId !== before.stationId) await assertStationUsable(actor, patch.stationId);
      const contactsBefore = await contactsSnapshot(tx, id);
      const after = await updateRecord(tx, customers, customerKind, {
        id,
        expectedVersion: version,
        patch,
        actor,
        now: clock.now(),
        scope: scopeToStation(actor, customers.stationId),
      });
      await writeContacts(tx, id, contacts);
      await refreshCustomerSearch(tx, sql`c.id = ${id}`);
      if (before.stationId !== after.stationId) {
        await tx.update(equipment).set({ stationId: patch.stationId }).where(eq(equipment.customerId, id));
        await tx
          .update(serviceContracts)
          .set({ stationId: patch.stationId })
          .where(eq(serviceContracts.customerId, id));
      }
      if (before.name !== after.name) await refreshEquipmentSearch(tx, sql`e.customer_id = ${id}`);
      const contactsAfter = await contactsSnapshot(tx, id);
      if (JSON.stringify(contactsBefore) !== JSON.stringify(contactsAfter)) {
        await recordAudit(tx, {
          entityType: 'customer',
          entityId: id,
          action: 'update',
          actor,
          before: { contacts: contactsBefore },
          after: { contacts: contactsAfter },
        });
      }
    });
    return getCustomer(actor, id);
  }

  async function setCustomerActive(actor: Actor, id: number, active: boolean) {
    await db.transaction((tx) =>
      setRecordActive(tx, customers, customerKind, {
        id,
        active,
        actor,
        now: clock.now(),
        scope: scopeToStation(actor, customers.stationId),
      }),
    );
    return getCustomer(actor, id);
  }

  async function revealCustomer(actor: Actor, id: number, ip: string) {
    if (personalDataLevel(actor.roles) === 'none') {
      throw new AppError('FORBIDDEN', {
        zh: '您的角色无权查看客户的完整联系信息',
        en: 'Your role may not see customers’ full contact details',
      });
    }
    return db.transaction(async (tx) => {
      const [row] = await tx
        .select({ phone: customers.phone, email: customers.email, addressDetail: customers.addressDetail })
        .from(customers)
        .where(and(eq(customers.id, id), scopeToStation(actor, customers.stationId)));
      if (!row) throw notFound(customerKind.label.zh, customerKind.label.en);
      const contacts = await tx
        .select({
          id: customerContacts.id,
          phone: customerContacts.phone,
          mobile: customerContacts.mobile,
          email: customerContacts.email,
        })
        .from(customerContacts)
        .where(eq(customerContacts.customerId, id));
      await recordAccess(tx, {
        actor,
        action: 'reveal',
        entityType: 'customer',
        entityId: id,
        fields: ['phone', 'email', 'addressDetail', 'contacts'],
        ip,
      });
      return { ...row, contacts };
    });
  }

  // ---------- product models ----------

  const modelColumns = {
    id: productModels.id,
    code: productModels.code,
    name: productModels.name,
    category: productModels.category,
    productLine: productModels.productLine,
    warrantyMonths: productModels.warrantyMonths,
    description: productModels.description,
    equipmentCount: sql<number>`(select count(*)::int from equipment e where e.model_id = product_models.id)`,
    isActive: productModels.isActive,
    version: productModels.version,
    createdAt: productModels.createdAt,
    updatedAt: productModels.updatedAt,
  };

  function modelConditions(query: Partial<z.output<typeof productModelListQuery>>) {
    const conditions: (SQL | undefined)[] = [];
    if (query.active && query.active !== 'all') conditions.push(eq(productModels.isActive, query.active === 'true'));
    if (query.category) conditions.push(eq(productModels.category, query.category));
    if (query.q) {
      const pattern = `%${likeEscape(query.q)}%`;
      conditions.push(
        sql`(${productModels.code} ilike ${pattern} or ${productModels.name} ilike ${pattern} or ${productModels.productLine} ilike ${pattern})`,
      );
    }
    return and(...conditions);
  }

  async function listProductModels(query: z.output<typeof productModelListQuery>) {
    const where = modelConditions(query);
    const column = {
      code: productModels.code,
      name: productModels.name,
      category: productModels.category,
      createdAt: productModels.createdAt,
    }[query.sort];
    const [items, [{ total }]] = await Promise.all([
      db
        .select(modelColumns)
        .from(productModels)
        .where(where)
        .orderBy(query.order === 'desc' ? desc(column) : asc(column), asc(productModels.id))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(productModels).where(where),
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function getProductModel(id: number) {
    const [row] = await db.select(modelColumns).from(productModels).where(eq(productModels.id, id));
    if (!row) throw notFound(productModelKind.label.zh, productModelKind.label.en);
    return row;
  }

  async function insertProductModel(tx: DbOrTx, actor: Actor, input: z.output<typeof productModelInput>) {
    const warrantyMonths = input.warrantyMonths ?? (await settings.get('warranty.defaultMonths'));
    const created = await createRecord(tx, productModels, productModelKind, {
      values: { ...input, warrantyMonths },
      actor,
    });
    return created.id as number;
  }

  async function createProductModel(actor: Actor, input: z.output<typeof productModelInput>) {
    const id = await db.transaction((tx) => insertProductModel(tx, actor, input));
    return getProductModel(id);
  }

  async function updateProductModel(actor: Actor, id: number, input: z.output<typeof productModelUpdate>) {
    const { version, ...patch } = input;
    await db.transaction(async (tx) => {
      const before = await lockRecord(tx, productModels, productModelKind, id);
      const after = await updateRecord(tx, productModels, productModelKind, {
        id,
        expectedVersion: version,
        patch,
        actor,
        now: clock.now(),
      });
      if (before.warrantyMonths !== after.warrantyMonths) await recomputeWarranty(tx, sql`e.model_id = ${id}`);
      if (before.code !== after.code || before.name !== after.name)
        await refreshEquipmentSearch(tx, sql`e.model_id = ${id}`);
    });
    return getProductModel(id);
  }

  async function setProductModelActive(actor: Actor, id: number, active: boolean) {
    await db.transaction((tx) =>
      setRecordActive(tx, productModels, productModelKind, { id, active, actor, now: clock.now() }),
    );
    return getProductModel(id);
  }

  // ---------- equipment ----------

  const equipmentColumns = {
    id: equipment.id,
    serialNo: equipment.serialNo,
    modelId: equipment.modelId,
    modelCode: productModels.code,
    modelName: productModels.name,
    category: productModels.category,
    customerId: equipment.customerId,
    customerName: customers.name,
    stationId: equipment.stationId,
    stationName: stations.name,
    projectNo: equipment.projectNo,
    purchaseDate: equipment.purchaseDate,
    invoiceNo: equipment.invoiceNo,
    deliveryDate: equipment.deliveryDate,
    acceptanceDate: equipment.acceptanceDate,
    commissioningDate: equipment.commissioningDate,
    location: equipment.location,
    warrantyMonthsOverride: equipment.warrantyMonthsOverride,
    warrantyEnd: equipment.warrantyEnd,
    warrantyBasis: equipment.warrantyBasis,
    notes: equipment.notes,
    isActive: equipment.isActive,
    version: equipment.version,
    createdAt: equipment.createdAt,
    updatedAt: equipment.updatedAt,
  };

  async function equipmentConditions(actor: Actor, query: Partial<z.output<typeof equipmentListQuery>>, day: string) {
    const soon = addDays(day, await settings.get('warranty.expiringSoonDays'));
    const conditions: (SQL | undefined)[] = [scopeToStation(actor, equipment.stationId)];
    if (query.active && query.active !== 'all') conditions.push(eq(equipment.isActive, query.active === 'true'));
    if (query.serialNo) conditions.push(eq(equipment.serialNo, query.serialNo));
    if (query.projectNo) conditions.push(eq(equipment.projectNo, query.projectNo));
    if (query.customerId) conditions.push(eq(equipment.customerId, query.customerId));
    if (query.modelId) conditions.push(eq(equipment.modelId, query.modelId));
    if (query.stationId) conditions.push(eq(equipment.stationId, query.stationId));
    if (query.category) conditions.push(eq(productModels.category, query.category));
    if (query.q) conditions.push(fragmentMatch(equipment.searchGrams, equipment.searchText, query.q));
    if (query.warranty === 'unknown') conditions.push(sql`${equipment.warrantyEnd} is null`);
    if (query.warranty === 'expired') conditions.push(sql`${equipment.warrantyEnd} < ${day}`);
    if (query.warranty === 'expiring') conditions.push(sql`${equipment.warrantyEnd} between ${day} and ${soon}`);
    if (query.warranty === 'in_warranty') conditions.push(sql`${equipment.warrantyEnd} > ${soon}`);
    return and(...conditions);
  }

  function equipmentQuery(columns = equipmentColumns) {
    return db
      .select(columns)
      .from(equipment)
      .innerJoin(productModels, eq(productModels.id, equipment.modelId))
      .innerJoin(customers, eq(customers.id, equipment.customerId))
      .leftJoin(stations, eq(stations.id, equipment.stationId));
  }

  async function withStatus<T extends { warrantyEnd: string | null }>(rows: T[], day: string) {
    const soonDays = await settings.get('warranty.expiringSoonDays');
    return rows.map((row) => ({ ...row, warrantyStatus: warrantyStatus(row.warrantyEnd, day, soonDays) }));
  }

  function equipmentOrder(query: Pick<z.output<typeof equipmentListQuery>, 'sort' | 'order'>, fewMatches = false) {
    const column = sortKey(
      {
        serialNo: equipment.serialNo,
        acceptanceDate: equipment.acceptanceDate,
        warrantyEnd: equipment.warrantyEnd,
        createdAt: equipment.createdAt,
        updatedAt: equipment.updatedAt,
      }[query.sort],
      fewMatches,
    );
    return [query.order === 'desc' ? desc(column) : asc(column), asc(equipment.id)];
  }

  async function listEquipment(actor: Actor, query: z.output<typeof equipmentListQuery>) {
    const day = await today();
    const where = await equipmentConditions(actor, query, day);
    const counting = db.select({ total: count() }).from(equipment);
    // The model join is needed only to filter by category.
    const [{ total }] = await (query.category
      ? counting.innerJoin(productModels, eq(productModels.id, equipment.modelId))
      : counting
    ).where(where);
    const rows =
      total <= offsetOf(query)
        ? []
        : await equipmentQuery()
            .where(where)
            .orderBy(...equipmentOrder(query, Boolean(query.q) && total < FEW_MATCHES))
            .limit(query.pageSize)
            .offset(offsetOf(query));
    return { items: await withStatus(rows, day), total, page: query.page, pageSize: query.pageSize };
  }

  async function exportEquipment(actor: Actor, query: Partial<z.output<typeof equipmentListQuery>>, limit: number) {
    const day = await today();
    const rows = await equipmentQuery()
      .where(await equipmentConditions(actor, query, day))
      .orderBy(...equipmentOrder({ sort: query.sort ?? 'updatedAt', order: query.order ?? 'desc' }))
      .limit(limit);
    return withStatus(rows, day);
  }

  async function equipmentDetail(actor: Actor, where: SQL) {
    const day = await today();
    const [row] = await equipmentQuery().where(and(where, scopeToStation(actor, equipment.stationId)));
    if (!row) throw notFound(equipmentKind.label.zh, equipmentKind.label.en);
    const contracts = await db
      .select({
        id: serviceContracts.id,
        contractNo: serviceContracts.contractNo,
        title: serviceContracts.title,
        startsOn: serviceContracts.startsOn,
        endsOn: serviceContracts.endsOn,
        status: serviceContracts.status,
      })
      .from(contractEquipment)
      .innerJoin(serviceContracts, eq(serviceContracts.id, contractEquipment.contractId))
      .where(eq(contractEquipment.equipmentId, row.id))
      .orderBy(desc(serviceContracts.endsOn));
    const [withWarranty] = await withStatus([row], day);
    return {
      ...withWarranty,
      contracts: contracts.map(({ status, ...contract }) => ({
        ...contract,
        state: contractState(status, contract.startsOn, contract.endsOn, day),
      })),
    };
  }

  const getEquipment = (actor: Actor, id: number) => equipmentDetail(actor, eq(equipment.id, id));
  const getEquipmentBySerial = (actor: Actor, serialNo: string) =>
    equipmentDetail(actor, eq(equipment.serialNo, serialNo));

  async function usableModel(tx: DbOrTx, modelId: number) {
    const [model] = await tx
      .select({ isActive: productModels.isActive })
      .from(productModels)
      .where(eq(productModels.id, modelId));
    if (!model) throw fieldError('modelId', '所选产品型号不存在', 'The chosen product model does not exist');
    if (!model.isActive) throw fieldError('modelId', '所选产品型号已停用', 'The chosen product model is inactive');
  }

  async function insertEquipment(tx: DbOrTx, actor: Actor, input: z.output<typeof equipmentInput>) {
    await usableModel(tx, input.modelId);
    const owner = await usableCustomer(tx, actor, input.customerId);
    const [created] = await tx
      .insert(equipment)
      .values({ ...input, stationId: owner.stationId })
      .returning({ id: equipment.id });
    await recomputeWarranty(tx, sql`e.id = ${created.id}`);
    await refreshEquipmentSearch(tx, sql`e.id = ${created.id}`);
    const [after] = await tx.select().from(equipment).where(eq(equipment.id, created.id));
    await recordAudit(tx, { entityType: 'equipment', entityId: created.id, action: 'create', actor, after });
    return created.id;
  }

  async function createEquipment(actor: Actor, input: z.output<typeof equipmentInput>) {
    const id = await db.transaction((tx) => insertEquipment(tx, actor, input));
    return getEquipment(actor, id);
  }

  async function updateEquipment(
    actor: Actor,
    id: number,
    input: z.output<typeof equipmentInput> & { version: number },
  ) {
    const { version, ...patch } = input;
    await db.transaction(async (tx) => {
      const scope = scopeToStation(actor, equipment.stationId);
      const before = await lockRecord(tx, equipment, equipmentKind, id, scope);
      if (before.modelId !== patch.modelId) await usableModel(tx, patch.modelId);
      const owner =
        before.customerId !== patch.customerId ? await usableCustomer(tx, actor, patch.customerId) : undefined;
      await updateRecord(tx, equipment, equipmentKind, {
        id,
        expectedVersion: version,
        patch: owner ? { ...patch, stationId: owner.stationId } : patch,
        actor,
        now: clock.now(),
        scope,
      });
      await recomputeWarranty(tx, sql`e.id = ${id}`);
      await refreshEquipmentSearch(tx, sql`e.id = ${id}`);
    });
    return getEquipment(actor, id);
  }

  async function setEquipmentActive(actor: Actor, id: number, active: boolean) {
    await db.transaction((tx) =>
      setRecordActive(tx, equipment, equipmentKind, {
        id,
        active,
        actor,
        now: clock.now(),
        scope: scopeToStation(actor, equipment.stationId),
      }),
    );
    return getEquipment(actor, id);
  }

  // ---------- service contracts ----------

  function contractState(
    status: 'draft' | 'active' | 'terminated',
    startsOn: string,
    endsOn: string,
    day: string,
  ): ContractState {
    if (status !== 'active') return status;
    if (day < startsOn) return 'upcoming';
    return day > endsOn ? 'expired' : 'active';
  }

  const contractColumns = {
    id: serviceContracts.id,
    contractNo: serviceContracts.contractNo,
    customerId: serviceContracts.customerId,
    customerName: customers.name,
    stationId: serviceContracts.stationId,
    title: serviceContracts.title,
    startsOn: serviceContracts.startsOn,
    endsOn: serviceContracts.endsOn,
    status: serviceContracts.status,
    scope: serviceContracts.scope,
    coversParts: serviceContracts.coversParts,
    coversLabour: serviceContracts.coversLabour,
    coversTravel: serviceContracts.coversTravel,
    extendsWarranty: serviceContracts.extendsWarranty,
    slaPolicyId: serviceContracts.slaPolicyId,
    calendarId: serviceContracts.calendarId,
    visitIntervalMonths: serviceContracts.visitIntervalMonths,
    amountFen: serviceContracts.amountFen,
    notes: serviceContracts.notes,
    equipmentIds: sql<
      number[]
    >`coalesce((select array_agg(ce.equipment_id order by ce.equipment_id) from contract_equipment ce where ce.contract_id = service_contracts.id), '{}')`,
    isActive: serviceContracts.isActive,
    version: serviceContracts.version,
    createdAt: serviceContracts.createdAt,
    updatedAt: serviceContracts.updatedAt,
  };

  async function listContracts(actor: Actor, query: z.output<typeof contractListQuery>) {
    const day = await today();
    const conditions: (SQL | undefined)[] = [scopeToStation(actor, serviceContracts.stationId)];
    if (query.customerId) conditions.push(eq(serviceContracts.customerId, query.customerId));
    if (query.stationId) conditions.push(eq(serviceContracts.stationId, query.stationId));
    if (query.q) {
      const pattern = `%${likeEscape(query.q)}%`;
      conditions.push(
        sql`(${serviceContracts.contractNo} ilike ${pattern} or ${serviceContracts.title} ilike ${pattern} or ${customers.name} ilike ${pattern})`,
      );
    }
    const activeStatus = eq(serviceContracts.status, 'active');
    switch (query.state) {
      case 'draft':
      case 'terminated':
        conditions.push(eq(serviceContracts.status, query.state));
        break;
      case 'upcoming':
        conditions.push(activeStatus, sql`${serviceContracts.startsOn} > ${day}`);
        break;
      case 'expired':
        conditions.push(activeStatus, sql`${serviceContracts.endsOn} < ${day}`);
        break;
      case 'active':
        conditions.push(activeStatus, sql`${day} between ${serviceContracts.startsOn} and ${serviceContracts.endsOn}`);
        break;
    }
    const where = and(...conditions);
    const column = {
      contractNo: serviceContracts.contractNo,
      startsOn: serviceContracts.startsOn,
      endsOn: serviceContracts.endsOn,
      createdAt: serviceContracts.createdAt,
    }[query.sort];
    const [rows, [{ total }]] = await Promise.all([
      db
        .select(contractColumns)
        .from(serviceContracts)
        .innerJoin(customers, eq(customers.id, serviceContracts.customerId))
        .where(where)
        .orderBy(query.order === 'desc' ? desc(column) : asc(column), asc(serviceContracts.id))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db
        .select({ total: count() })
        .from(serviceContracts)
        .innerJoin(customers, eq(customers.id, serviceContracts.customerId))
        .where(where),
    ]);
    return {
      items: rows.map((row) => ({ ...row, state: contractState(row.status, row.startsOn, row.endsOn, day) })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async function getContract(actor: Actor, id: number) {
    const day = await today();
    const [row] = await db
      .select(contractColumns)
      .from(serviceContracts)
      .innerJoin(customers, eq(customers.id, serviceContracts.customerId))
      .where(and(eq(serviceContracts.id, id), scopeToStation(actor, serviceContracts.stationId)));
    if (!row) throw notFound(contractKind.label.zh, contractKind.label.en);
    return { ...row, state: contractState(row.status, row.startsOn, row.endsOn, day) };
  }

  /** Covered equipment must belong to the contract's customer. */
  async function setCoveredEquipment(tx: DbOrTx, contractId: number, customerId: number, equipmentIds: number[]) {
    const unique = [...new Set(equipmentIds)];
    if (unique.length > 0) {
      const owned = await tx
        .select({ id: equipment.id })
        .from(equipment)
        .where(and(inArray(equipment.id, unique), eq(equipment.customerId, customerId)));
      if (owned.length !== unique.length) {
        const ownedIds = new Set(owned.map((row) => row.id));
        const foreign = unique.filter((id) => !ownedIds.has(id));
        throw fieldError(
          'equipmentIds',
          `设备 ${foreign.join(', ')} 不属于该客户`,
          `Equipment ${foreign.join(', ')} does not belong to this customer`,
        );
      }
    }
    const previous = await tx
      .select({ id: contractEquipment.equipmentId })
      .from(contractEquipment)
      .where(eq(contractEquipment.contractId, contractId));
    await tx.delete(contractEquipment).where(eq(contractEquipment.contractId, contractId));
    if (unique.length > 0)
      await tx.insert(contractEquipment).values(unique.map((equipmentId) => ({ contractId, equipmentId })));
    const previousIds = previous.map((row) => row.id);
    return { previousIds, affected: [...new Set([...previousIds, ...unique])] };
  }

  async function createContract(actor: Actor, input: ContractInput) {
    const id = await db.transaction(async (tx) => {
      const owner = await usableCustomer(tx, actor, input.customerId);
      await assertUsableSlaChoice(tx, input);
      const { equipmentIds, ...values } = input;
      const created = await createRecord(tx, serviceContracts, contractKind, {
        values: { ...values, stationId: owner.stationId },
        actor,
      });
      const { affected } = await setCoveredEquipment(tx, created.id as number, input.customerId, equipmentIds);
      if (affected.length) await recomputeWarranty(tx, sql`e.id in (${sql.join(affected, sql`, `)})`);
      return created.id as number;
    });
    return getContract(actor, id);
  }

  async function updateContract(actor: Actor, id: number, input: ContractInput & { version: number }) {
    await db.transaction(async (tx) => {
      const scope = scopeToStation(actor, serviceContracts.stationId);
      const before = await lockRecord(tx, serviceContracts, contractKind, id, scope);
      if (before.status === 'terminated') {
        throw new AppError('CONFLICT', {
          zh: '合同已终止，不能再修改',
          en: 'The contract is terminated and can no longer be changed',
        });
      }
      const { version, equipmentIds, ...patch } = input;
      const owner = await usableCustomer(tx, actor, patch.customerId);
      await assertUsableSlaChoice(tx, patch, before as { slaPolicyId: unknown; calendarId: unknown });
      await updateRecord(tx, serviceContracts, contractKind, {
        id,
        expectedVersion: version,
        patch: { ...patch, stationId: owner.stationId },
        actor,
        now: clock.now(),
        scope,
      });
      const { previousIds, affected } = await setCoveredEquipment(tx, id, patch.customerId, equipmentIds);
      if (JSON.stringify([...previousIds].sort()) !== JSON.stringify([...new Set(equipmentIds)].sort())) {
        await recordAudit(tx, {
          entityType: 'contract',
          entityId: id,
          action: 'update',
          actor,
          before: { equipmentIds: previousIds },
          after: { equipmentIds },
        });
      }
      if (affected.length) await recomputeWarranty(tx, sql`e.id in (${sql.join(affected, sql`, `)})`);
    });
    return getContract(actor, id);
  }

  async function terminateContract(actor: Actor, id: number, version: number, reason: string) {
    await db.transaction(async (tx) => {
      const scope = scopeToStation(actor, serviceContracts.stationId);
      const before = await lockRecord(tx, serviceContracts, contractKind, id, scope);
      if (before.status === 'terminated')
        throw new AppError('CONFLICT', { zh: '合同已经终止', en: 'The contract is already terminated' });
      await updateRecord(tx, serviceContracts, contractKind, {
        id,
        expectedVersion: version,
        patch: { status: 'terminated', terminatedAt: clock.now(), terminationReason: reason },
        actor,
        now: clock.now(),
        scope,
      });
      await recomputeWarranty(tx, sql`e.id in (select equipment_id from contract_equipment where contract_id = ${id})`);
    });
    return getContract(actor, id);
  }

  return {
    today,
    listCustomers,
    exportCustomers,
    getCustomer,
    insertCustomer,
    createCustomer,
    updateCustomer,
    setCustomerActive,
    revealCustomer,
    listProductModels,
    getProductModel,
    insertProductModel,
    createProductModel,
    updateProductModel,
    setProductModelActive,
    exportProductModels: (query: Partial<z.output<typeof productModelListQuery>>, limit: number) =>
      db
        .select(modelColumns)
        .from(productModels)
        .where(modelConditions(query))
        .orderBy(asc(productModels.code))
        .limit(limit),
    listEquipment,
    exportEquipment,
    getEquipment,
    getEquipmentBySerial,
    insertEquipment,
    createEquipment,
    updateEquipment,
    setEquipmentActive,
    listContracts,
    getContract,
    createContract,
    updateContract,
    terminateContract,
    assertStationUsable,
  };
}
export type CustomersService = ReturnType<typeof createCustomersService>;
