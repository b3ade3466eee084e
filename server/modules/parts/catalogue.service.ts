/**
 * The parts catalogue (PRT-1): parts, suppliers and their links, the price list versioned by
 * effective date (rows are only ever added, so the price on any past day stays reproducible), and
 * the product models a part fits. Catalogue data is shared by all stations; the stock figures in
 * the part list cover the warehouses the caller sees.
 */
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { registerConstraintMessages } from '../../lib/db-errors.js';
import { likeEscape, offsetOf } from '../../lib/pagination.js';
import { createRecord, type RecordKind, setRecordActive, updateRecord } from '../../lib/records.js';
import { seesAllStations } from '../../lib/roles.js';
import { dateInZone } from '../../lib/time-zone.js';
import { recordAudit } from '../audit/audit.service.js';
import { productModels } from '../customers/customers.table.js';
import type { SettingsService } from '../org/settings.service.js';
import type {
  fitsInput,
  partInput,
  partListQuery,
  partSuppliersInput,
  partUpdate,
  priceInput,
  supplierInput,
  supplierListQuery,
  supplierUpdate,
} from './catalogue.contract.js';
import { partFits, partPrices, partSuppliers, parts, suppliers } from './parts.table.js';

export const partKind: RecordKind = { entityType: 'part', label: { zh: '配件', en: 'Part' } };
export const supplierKind: RecordKind = { entityType: 'supplier', label: { zh: '供应商', en: 'Supplier' } };

registerConstraintMessages({
  parts_code_key: { field: 'code', text: { zh: '配件编码已存在', en: 'A part with this code already exists' } },
  suppliers_code_key: {
    field: 'code',
    text: { zh: '供应商编码已存在', en: 'A supplier with this code already exists' },
  },
  part_prices_part_day_key: {
    field: 'effectiveFrom',
    text: {
      zh: '该生效日期已有价格；价格记录不可修改，请选择另一个生效日期',
      en: 'This part already has a price effective on that day; prices are never changed, choose another day',
    },
  },
});

const fieldError = (field: string, zh: string, en: string) =>
  new AppError('VALIDATION', { zh, en }, { fields: [{ field, message: en }] });

/** The price row in force for `partId` on `day` (yyyy-mm-dd): the latest effective date ≤ day. */
export async function priceOn(tx: DbOrTx, partId: number, day: string) {
  const result = await tx.execute<{ id: number; price_fen: number; cost_fen: number; effective_from: string }>(sql`
    select id, price_fen, cost_fen, effective_from from part_prices
     where part_id = ${partId} and effective_from <= ${day}
     order by effective_from desc limit 1`);
  const row = result.rows[0];
  return row ? { id: row.id, priceFen: row.price_fen, costFen: row.cost_fen, effectiveFrom: row.effective_from } : null;
}

type PartRow = {
  id: number;
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  category: (typeof parts.$inferSelect)['category'];
  serialised: boolean;
  reorder_point: number;
  reorder_quantity: number;
  default_supplier_id: number | null;
  default_supplier_name: string | null;
  notes: string | null;
  price_fen: number | null;
  cost_fen: number | null;
  on_hand: number;
  available: number;
  is_active: boolean;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
};

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

function partFromRow(row: PartRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    spec: row.spec,
    unit: row.unit,
    category: row.category,
    serialised: row.serialised,
    reorderPoint: row.reorder_point,
    reorderQuantity: row.reorder_quantity,
    defaultSupplierId: row.default_supplier_id,
    defaultSupplierName: row.default_supplier_name,
    priceFen: row.price_fen,
    costFen: row.cost_fen,
    onHand: Number(row.on_hand),
    available: Number(row.available),
    isActive: row.is_active,
    version: row.version,
    notes: row.notes,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function createCatalogueService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, clock, settings } = deps;

  async function today(tx?: DbOrTx): Promise<string> {
    return dateInZone(clock.now(), await settings.get('org.timeZone', tx));
  }

  /** Good stock of the warehouses `actor` sees (all stations for the roles that see all). */
  function stockScope(actor: Actor): SQL {
    return seesAllStations(actor.roles)
      ? sql`true`
      : sql`s.warehouse_id in (select w.id from warehouses w where w.station_id = ${actor.stationId})`;
  }

  function partSelect(actor: Actor, day: string) {
    return sql`
      select p.id, p.code, p.name, p.spec, p.unit, p.category, p.serialised, p.reorder_point, p.reorder_quantity,
             p.default_supplier_id, sup.name as default_supplier_name, p.notes, p.is_active, p.version,
             p.created_at, p.updated_at, pr.price_fen, pr.cost_fen,
             coalesce(st.on_hand, 0) as on_hand, coalesce(st.available, 0) as available
        from parts p
        left join suppliers sup on sup.id = p.default_supplier_id
        left join lateral (
          select pp.price_fen, pp.cost_fen from part_prices pp
           where pp.part_id = p.id and pp.effective_from <= ${day}
           order by pp.effective_from desc limit 1) pr on true
        left join lateral (
          select sum(s.on_hand)::int as on_hand, sum(s.on_hand - s.reserved)::int as available from stock s
           where s.part_id = p.id and s.condition = 'good' and ${stockScope(actor)}) st on true`;
  }

  function partConditions(query: Partial<z.output<typeof partListQuery>>): SQL {
    const conditions: SQL[] = [sql`true`];
    if (query.active && query.active !== 'all') conditions.push(sql`p.is_active = ${query.active === 'true'}`);
    if (query.category) conditions.push(sql`p.category = ${query.category}`);
    if (query.modelId)
      conditions.push(sql`exists (select 1 from part_fits f where f.part_id = p.id and f.model_id = ${query.modelId})`);
    if (query.supplierId)
      conditions.push(
        sql`(p.default_supplier_id = ${query.supplierId} or exists (select 1 from part_suppliers ps where ps.part_id = p.id and ps.supplier_id = ${query.supplierId}))`,
      );
    if (query.q) {
      const pattern = `%${likeEscape(query.q)}%`;
      conditions.push(sql`(p.code ilike ${pattern} or p.name ilike ${pattern} or p.spec ilike ${pattern})`);
    }
    return sql.join(conditions, sql` and `);
  }

  function partOrder(query: Pick<z.output<typeof partListQuery>, 'sort' | 'order'>) {
    const column = { code: sql`p.code`, name: sql`p.name`, updatedAt: sql`p.updated_at` }[query.sort];
    return sql`${column} ${query.order === 'desc' ? sql`desc` : sql`asc`}, p.id`;
  }

  async function listParts(actor: Actor, query: z.output<typeof partListQuery>) {
    const where = partConditions(query);
    const day = await today();
    const [items, total] = await Promise.all([
      db.execute<PartRow>(
        sql`${partSelect(actor, day)} where ${where} order by ${partOrder(query)} limit ${query.pageSize} offset ${offsetOf(query)}`,
      ),
      db.execute<{ total: number }>(sql`select count(*)::int as total from parts p where ${where}`),
    ]);
    return {
      items: items.rows.map(partFromRow),
      total: total.rows[0].total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async function exportParts(actor: Actor, query: Partial<z.output<typeof partListQuery>>, limit: number) {
    const day = await today();
    const rows = await db.execute<PartRow & { supplier_code: string | null; fits: string | null }>(sql`
      select x.*, sup.code as supplier_code,
             (select string_agg(m.code, ',' order by m.code) from part_fits f join product_models m on m.id = f.model_id
               where f.part_id = x.id) as fits
        from (${partSelect(actor, day)} where ${partConditions(query)}) x
        left join suppliers sup on sup.id = x.default_supplier_id
       order by x.code limit ${limit}`);
    return rows.rows.map((row) => ({ ...partFromRow(row), supplierCode: row.supplier_code, fits: row.fits ?? '' }));
  }

  async function getPart(actor: Actor, id: number, tx: DbOrTx = db) {
    const day = await today(tx === db ? undefined : tx);
    const result = await tx.execute<PartRow>(sql`${partSelect(actor, day)} where p.id = ${id}`);
    const row = result.rows[0];
    if (!row) throw notFound(partKind.label.zh, partKind.label.en);
    const [links, fits] = await Promise.all([listPartSuppliers(id, tx), listFits(id, tx)]);
    return { ...partFromRow(row), suppliers: links, fits };
  }

  async function assertSupplierUsable(tx: DbOrTx, supplierId: number, field: string) {
    const [row] = await tx.select({ isActive: suppliers.isActive }).from(suppliers).where(eq(suppliers.id, supplierId));
    if (!row?.isActive)
      throw fieldError(field, '所选供应商不存在或已停用', 'The chosen supplier does not exist or is inactive');
  }

  async function insertPart(tx: DbOrTx, actor: Actor, input: z.output<typeof partInput>) {
    if (input.defaultSupplierId) await assertSupplierUsable(tx, input.defaultSupplierId, 'defaultSupplierId');
    const created = await createRecord(tx, parts, partKind, { values: { ...input }, actor });
    if (input.defaultSupplierId) {
      await tx
        .insert(partSuppliers)
        .values({ partId: created.id as number, supplierId: input.defaultSupplierId })
        .onConflictDoNothing();
    }
    return created.id as number;
  }

  async function createPart(actor: Actor, input: z.output<typeof partInput>) {
    const id = await db.transaction((tx) => insertPart(tx, actor, input));
    return getPart(actor, id);
  }

  async function updatePart(actor: Actor, id: number, input: z.output<typeof partUpdate>) {
    const { version, ...patch } = input;
    await db.transaction(async (tx) => {
      if (patch.defaultSupplierId) await assertSupplierUsable(tx, patch.defaultSupplierId, 'defaultSupplierId');
      await updateRecord(tx, parts, partKind, {
        id,
        expectedVersion: version,
        patch,
        actor,
        now: clock.now(),
      });
      if (patch.defaultSupplierId) {
        await tx
          .insert(partSuppliers)
          .values({ partId: id, supplierId: patch.defaultSupplierId })
          .onConflictDoNothing();
      }
    });
    return getPart(actor, id);
  }

  async function setPartActive(actor: Actor, id: number, active: boolean) {
    await db.transaction((tx) => setRecordActive(tx, parts, partKind, { id, active, actor, now: clock.now() }));
    return getPart(actor, id);
  }

  async function assertPartExists(tx: DbOrTx, id: number) {
    const [row] = await tx.select({ id: parts.id }).from(parts).where(eq(parts.id, id));
    if (!row) throw notFound(partKind.label.zh, partKind.label.en);
  }

  // ---------- price list ----------

  async function priceRows(tx: DbOrTx, partId: number) {
    const result = await tx.execute<{
      id: number;
      part_id: number;
      effective_from: string;
      price_fen: number;
      cost_fen: number;
      created_by: number | null;
      created_by_name: string | null;
      created_at: Date | string;
    }>(sql`
      select pp.*, u.display_name as created_by_name from part_prices pp left join users u on u.id = pp.created_by
       where pp.part_id = ${partId} order by pp.effective_from desc`);
    return result.rows.map((row) => ({
      id: row.id,
      partId: row.part_id,
      effectiveFrom: row.effective_from,
      priceFen: row.price_fen,
      costFen: row.cost_fen,
      createdBy: row.created_by,
      createdByName: row.created_by_name,
      createdAt: toDate(row.created_at),
    }));
  }

  async function listPrices(partId: number, on?: string) {
    await assertPartExists(db, partId);
    const day = on ?? (await today());
    const items = await priceRows(db, partId);
    const current = items.find((item) => item.effectiveFrom <= day) ?? null;
    return { on: day, current, items };
  }

  /**
   * Adds a price effective from a day that has not passed yet: a price for a past day would change
   * what an earlier day's price was, so it is refused (the list stays reproducible).
   */
  async function addPrice(actor: Actor, partId: number, input: z.output<typeof priceInput>) {
    await db.transaction(async (tx) => {
      await assertPartExists(tx, partId);
      const day = await today(tx);
      if (input.effectiveFrom < day)
        throw fieldError(
          'effectiveFrom',
          `生效日期不能早于今天（${day}）：已过去日期的价格不可更改`,
          `The effective date cannot be before today (${day}): past prices are never changed`,
        );
      const [row] = await tx
        .insert(partPrices)
        .values({ partId, ...input, createdBy: actor.id })
        .returning();
      await recordAudit(tx, { entityType: 'part', entityId: partId, action: 'update', actor, after: { price: row } });
    });
    return listPrices(partId, input.effectiveFrom);
  }

  // ---------- fits ----------

  async function listFits(partId: number, tx: DbOrTx = db) {
    return tx
      .select({ modelId: productModels.id, code: productModels.code, name: productModels.name })
      .from(partFits)
      .innerJoin(productModels, eq(productModels.id, partFits.modelId))
      .where(eq(partFits.partId, partId))
      .orderBy(asc(productModels.code));
  }

  async function setFits(actor: Actor, partId: number, input: z.output<typeof fitsInput>) {
    const modelIds = [...new Set(input.modelIds)];
    await db.transaction(async (tx) => {
      await tx.execute(sql`select id from parts where id = ${partId} for update`).then((r) => {
        if (!r.rows[0]) throw notFound(partKind.label.zh, partKind.label.en);
      });
      if (modelIds.length) {
        const found = await tx
          .select({ id: productModels.id })
          .from(productModels)
          .where(inArray(productModels.id, modelIds));
        if (found.length !== modelIds.length)
          throw fieldError('modelIds', '所选产品型号不存在', 'A chosen product model does not exist');
      }
      const before = await listFits(partId, tx);
      await tx.delete(partFits).where(eq(partFits.partId, partId));
      if (modelIds.length) await tx.insert(partFits).values(modelIds.map((modelId) => ({ partId, modelId })));
      const after = await listFits(partId, tx);
      await recordAudit(tx, {
        entityType: 'part',
        entityId: partId,
        action: 'update',
        actor,
        before: { fits: before.map((m) => m.code) },
        after: { fits: after.map((m) => m.code) },
      });
    });
    return { items: await listFits(partId) };
  }

  // ---------- supplier links ----------

  async function listPartSuppliers(partId: number, tx: DbOrTx = db) {
    return tx
      .select({
        supplierId: suppliers.id,
        supplierCode: suppliers.code,
        supplierName: suppliers.name,
        supplierPartNo: partSuppliers.supplierPartNo,
        leadTimeDays: partSuppliers.leadTimeDays,
      })
      .from(partSuppliers)
      .innerJoin(suppliers, eq(suppliers.id, partSuppliers.supplierId))
      .where(eq(partSuppliers.partId, partId))
      .orderBy(asc(suppliers.code));
  }

  async function setPartSuppliers(actor: Actor, partId: number, input: z.output<typeof partSuppliersInput>) {
    const seen = new Set<number>();
    input.items.forEach((item, index) => {
      if (seen.has(item.supplierId))
        throw fieldError(`items.${index}.supplierId`, '供应商重复', 'The same supplier is listed twice');
      seen.add(item.supplierId);
    });
    await db.transaction(async (tx) => {
      const locked = await tx.execute<{ default_supplier_id: number | null }>(
        sql`select default_supplier_id from parts where id = ${partId} for update`,
      );
      if (!locked.rows[0]) throw notFound(partKind.label.zh, partKind.label.en);
      for (const [index, item] of input.items.entries()) {
        const [row] = await tx.select({ id: suppliers.id }).from(suppliers).where(eq(suppliers.id, item.supplierId));
        if (!row) throw fieldError(`items.${index}.supplierId`, '供应商不存在', 'The supplier does not exist');
      }
      const defaultSupplier = locked.rows[0].default_supplier_id;
      if (defaultSupplier && !seen.has(defaultSupplier))
        throw fieldError(
          'items',
          '默认供应商不能移除，请先更换配件的默认供应商',
          "The part's default supplier cannot be removed; change the default supplier first",
        );
      const before = await listPartSuppliers(partId, tx);
      await tx.delete(partSuppliers).where(eq(partSuppliers.partId, partId));
      if (input.items.length)
        await tx.insert(partSuppliers).values(
          input.items.map((item) => ({
            partId,
            supplierId: item.supplierId,
            supplierPartNo: item.supplierPartNo ?? null,
            leadTimeDays: item.leadTimeDays ?? null,
          })),
        );
      await recordAudit(tx, {
        entityType: 'part',
        entityId: partId,
        action: 'update',
        actor,
        before: { suppliers: before },
        after: { suppliers: input.items },
      });
    });
    return { items: await listPartSuppliers(partId) };
  }

  // ---------- suppliers ----------

  const supplierColumns = {
    id: suppliers.id,
    code: suppliers.code,
    name: suppliers.name,
    contactName: suppliers.contactName,
    phone: suppliers.phone,
    address: suppliers.address,
    notes: suppliers.notes,
    partCount: sql<number>`(select count(*)::int from part_suppliers ps where ps.supplier_id = ${suppliers.id})`,
    isActive: suppliers.isActive,
    version: suppliers.version,
    createdAt: suppliers.createdAt,
    updatedAt: suppliers.updatedAt,
  };

  async function listSuppliers(query: z.output<typeof supplierListQuery>) {
    const conditions: (SQL | undefined)[] = [];
    if (query.active !== 'all') conditions.push(eq(suppliers.isActive, query.active === 'true'));
    if (query.q) {
      const pattern = `%${likeEscape(query.q)}%`;
      conditions.push(
        sql`(${suppliers.code} ilike ${pattern} or ${suppliers.name} ilike ${pattern} or ${suppliers.contactName} ilike ${pattern})`,
      );
    }
    const where = and(...conditions);
    const [items, [{ total }]] = await Promise.all([
      db
        .select(supplierColumns)
        .from(suppliers)
        .where(where)
        .orderBy(query.order === 'desc' ? sql`${suppliers.code} desc` : asc(suppliers.code))
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      db.select({ total: sql<number>`count(*)::int` }).from(suppliers).where(where),
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function getSupplier(id: number) {
    const [row] = await db.select(supplierColumns).from(suppliers).where(eq(suppliers.id, id));
    if (!row) throw notFound(supplierKind.label.zh, supplierKind.label.en);
    return row;
  }

  async function createSupplier(actor: Actor, input: z.output<typeof supplierInput>) {
    const created = await db.transaction((tx) => createRecord(tx, suppliers, supplierKind, { values: input, actor }));
    return getSupplier(created.id as number);
  }

  async function updateSupplier(actor: Actor, id: number, input: z.output<typeof supplierUpdate>) {
    const { version, ...patch } = input;
    await db.transaction((tx) =>
      updateRecord(tx, suppliers, supplierKind, { id, expectedVersion: version, patch, actor, now: clock.now() }),
    );
    return getSupplier(id);
  }

  async function setSupplierActive(actor: Actor, id: number, active: boolean) {
    await db.transaction((tx) => setRecordActive(tx, suppliers, supplierKind, { id, active, actor, now: clock.now() }));
    return getSupplier(id);
  }

  return {
    today,
    listParts,
    exportParts,
    getPart,
    insertPart,
    createPart,
    updatePart,
    setPartActive,
    listPrices,
    addPrice,
    listFits: (id: number) =>
      assertPartExists(db, id)
        .then(() => listFits(id))
        .then((items) => ({ items })),
    setFits,
    listPartSuppliers: (id: number) =>
      assertPartExists(db, id)
        .then(() => listPartSuppliers(id))
        .then((items) => ({ items })),
    setPartSuppliers,
    listSuppliers,
    getSupplier,
    createSupplier,
    updateSupplier,
    setSupplierActive,
  };
}
export type CatalogueService = ReturnType<typeof createCatalogueService>;
