/**
 * The parts catalogue over HTTP (PRT-1): parts, suppliers, price list by effective date, fits,
 * import/export, and warehouses (PRT-2) with station scoping.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { warehouseOf } from './parts-fixtures.js';

let t: TestApp;
let keeper: ApiClient; // parts.bj
let manager: ApiClient; // manager.bj
let managerSh: ApiClient;
let engineer: ApiClient;
let admin: ApiClient;
let modelA: number;
let modelB: number;

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function count(table: string) {
  const [row] = await t.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return row.n;
}

beforeAll(async () => {
  t = await createTestApp();
  [keeper, manager, managerSh, engineer, admin] = await Promise.all(
    ['parts.bj', 'manager.bj', 'manager.sh', 'engineer.bj', 'admin'].map((login) => t.client(login)),
  );
  const a = await admin.post('/api/product-models', { code: 'PT-PLC', name: 'PLC 柜', category: 'hardware' });
  const b = await admin.post('/api/product-models', { code: 'PT-VFD', name: '变频器', category: 'hardware' });
  modelA = a.body.id;
  modelB = b.body.id;
});
afterAll(() => t.close());

describe('parts', () => {
  it('creates, finds by fragment/category/fit, updates with a version check and deactivates', async () => {
    const created = await keeper.post('/api/parts', {
      code: 'CAT-FAN-120',
      name: '散热风扇 120mm',
      spec: '24V DC',
      category: 'electrical',
      reorderPoint: 3,
      reorderQuantity: 10,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ code: 'CAT-FAN-120', unit: '个', version: 1, onHand: 0, priceFen: null });
    const id = created.body.id;
    await keeper.post('/api/parts', { code: 'CAT-FUSE-5A', name: '保险丝 5A', category: 'consumable' });
    await keeper.put(`/api/parts/${id}/fits`, { modelIds: [modelA] });

    const byName = await engineer.get('/api/parts?q=风扇');
    expect(byName.body.items.map((p: { code: string }) => p.code)).toEqual(['CAT-FAN-120']);
    const byCode = await engineer.get('/api/parts?q=fuse');
    expect(byCode.body.items.map((p: { code: string }) => p.code)).toEqual(['CAT-FUSE-5A']);
    const byCategory = await engineer.get('/api/parts?category=consumable');
    expect(byCategory.body.items.every((p: { category: string }) => p.category === 'consumable')).toBe(true);
    const byFit = await engineer.get(`/api/parts?modelId=${modelA}`);
    expect(byFit.body.items.map((p: { code: string }) => p.code)).toEqual(['CAT-FAN-120']);
    expect((await engineer.get(`/api/parts?modelId=${modelB}`)).body.total).toBe(0);

    const updated = await keeper.put(`/api/parts/${id}`, {
      name: '散热风扇 120mm（高速）',
      category: 'electrical',
      reorderPoint: 4,
      version: 1,
    });
    expect(updated.status).toBe(200);
    // Fields left out of the update keep their value.
    expect(updated.body).toMatchObject({ version: 2, reorderPoint: 4, spec: '24V DC' });
    const stale = await manager.put(`/api/parts/${id}`, { name: '旧版本', category: 'electrical', version: 1 });
    expect(stale.status).toBe(409);
    expect((await keeper.get(`/api/parts/${id}`)).body.name).toBe('散热风扇 120mm（高速）');

    const off = await keeper.post(`/api/parts/${id}/active`, { active: false });
    expect(off.body.isActive).toBe(false);
    expect((await engineer.get('/api/parts?q=风扇')).body.total).toBe(0);
    expect((await engineer.get('/api/parts?q=风扇&active=false')).body.total).toBe(1);
    const history = await keeper.get(`/api/parts/${id}/history`);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['create', 'update', 'deactivate']),
    );
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const before = await count('parts');
    for (const [body, field] of [
      [{ code: 'BAD CODE!', name: 'x', category: 'electrical' }, 'code'],
      [{ code: 'OK-1', name: '', category: 'electrical' }, 'name'],
      [{ code: 'OK-1', name: 'x', category: 'food' }, 'category'],
      [{ code: 'OK-1', name: 'x', category: 'electrical', reorderPoint: -1 }, 'reorderPoint'],
      [{ code: 'OK-1', name: 'x', category: 'electrical', defaultSupplierId: 999999 }, 'defaultSupplierId'],
    ] as const) {
      const response = await keeper.post('/api/parts', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    await keeper.post('/api/parts', { code: 'DUP-1', name: 'x', category: 'other' });
    const duplicate = await keeper.post('/api/parts', { code: 'DUP-1', name: 'y', category: 'other' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('code');
    expect(await count('parts')).toBe(before + 1);
  });

  it('lets only catalogue writers change the catalogue', async () => {
    expect((await engineer.post('/api/parts', { code: 'ENG-1', name: 'x', category: 'other' })).status).toBe(403);
    expect((await engineer.get('/api/parts')).status).toBe(200);
  });
});

describe('price list', () => {
  it('keeps every day reproducible: prices are added from today on, never changed', async () => {
    const part = await keeper.post('/api/parts', { code: 'PRC-1', name: '编码器', category: 'electronic' });
    const id = part.body.id;
    const day = today();
    const first = await keeper.post(`/api/parts/${id}/prices`, { effectiveFrom: day, priceFen: 10000, costFen: 6000 });
    expect(first.status).toBe(200);
    expect(first.body.current).toMatchObject({ priceFen: 10000, costFen: 6000, effectiveFrom: day });
    const future = addDays(day, 30);
    const later = await keeper.post(`/api/parts/${id}/prices`, {
      effectiveFrom: future,
      priceFen: 12000,
      costFen: 7000,
    });
    expect(later.status).toBe(200);
    expect(later.body.items.map((p: { effectiveFrom: string }) => p.effectiveFrom)).toEqual([future, day]);

    // The price on a day before the future price stays the same; on and after it, the new one.
    const onToday = await engineer.get(`/api/parts/${id}/prices?on=${day}`);
    expect(onToday.body.current.priceFen).toBe(10000);
    expect((await engineer.get(`/api/parts/${id}/prices?on=${addDays(future, -1)}`)).body.current.priceFen).toBe(10000);
    expect((await engineer.get(`/api/parts/${id}/prices?on=${future}`)).body.current.priceFen).toBe(12000);
    expect((await engineer.get(`/api/parts/${id}/prices?on=${addDays(day, -1)}`)).body.current).toBeNull();
    expect((await engineer.get(`/api/parts/${id}`)).body.priceFen).toBe(10000);

    // A past day would rewrite history; the same day twice would replace a row.
    const before = await count('part_prices');
    const past = await keeper.post(`/api/parts/${id}/prices`, {
      effectiveFrom: addDays(day, -1),
      priceFen: 1,
      costFen: 1,
    });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].field).toBe('effectiveFrom');
    const again = await keeper.post(`/api/parts/${id}/prices`, { effectiveFrom: future, priceFen: 1, costFen: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].field).toBe('effectiveFrom');
    const negative = await keeper.post(`/api/parts/${id}/prices`, { effectiveFrom: future, priceFen: -1, costFen: 1 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.fields[0].field).toBe('priceFen');
    expect(await count('part_prices')).toBe(before);
    expect((await engineer.get(`/api/parts/${id}/prices?on=${day}`)).body.current.priceFen).toBe(10000);
    expect((await engineer.get('/api/parts/999999/prices')).status).toBe(404);
  });
});

describe('suppliers', () => {
  it('CRUD, links a part with supplier part number and lead time; the default supplier stays linked', async () => {
    const created = await keeper.post('/api/suppliers', {
      code: 'SUP-SIEM',
      name: '西门子（中国）有限公司',
      contactName: '李经理',
      phone: '010-64719999',
    });
    expect(created.status).toBe(200);
    const other = await keeper.post('/api/suppliers', { code: 'SUP-DELTA', name: '台达电子' });
    const bad = await keeper.post('/api/suppliers', { code: 'SUP-X', name: 'x', phone: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('phone');

    const part = await keeper.post('/api/parts', {
      code: 'SUP-PART-1',
      name: 'CPU 模块',
      category: 'electronic',
      defaultSupplierId: created.body.id,
    });
    expect(part.body.defaultSupplierName).toBe('西门子（中国）有限公司');
    expect(part.body.suppliers.map((s: { supplierCode: string }) => s.supplierCode)).toEqual(['SUP-SIEM']);

    const links = await keeper.put(`/api/parts/${part.body.id}/suppliers`, {
      items: [
        { supplierId: created.body.id, supplierPartNo: '6ES7214-1AG40', leadTimeDays: 14 },
        { supplierId: other.body.id, leadTimeDays: 7 },
      ],
    });
    expect(links.status).toBe(200);
    expect(links.body.items).toHaveLength(2);
    expect(links.body.items[1]).toMatchObject({ supplierCode: 'SUP-SIEM', supplierPartNo: '6ES7214-1AG40' });
    const dropDefault = await keeper.put(`/api/parts/${part.body.id}/suppliers`, {
      items: [{ supplierId: other.body.id }],
    });
    expect(dropDefault.status).toBe(400);
    expect((await keeper.get(`/api/parts/${part.body.id}/suppliers`)).body.items).toHaveLength(2);
    expect((await engineer.get(`/api/parts?supplierId=${other.body.id}`)).body.items[0].code).toBe('SUP-PART-1');

    const updated = await keeper.put(`/api/suppliers/${created.body.id}`, {
      name: '西门子',
      version: 1,
    });
    expect(updated.body).toMatchObject({ name: '西门子', version: 2, partCount: 1 });
    expect((await keeper.put(`/api/suppliers/${created.body.id}`, { name: 'x', version: 1 })).status).toBe(409);
    const off = await keeper.post(`/api/suppliers/${other.body.id}/active`, { active: false });
    expect(off.body.isActive).toBe(false);
    const list = await engineer.get('/api/suppliers?q=西门子');
    expect(list.body.items.map((s: { code: string }) => s.code)).toEqual(['SUP-SIEM']);
  });
});

describe('fits', () => {
  it('sets the list of models and refuses unknown models without changing it', async () => {
    const part = await keeper.post('/api/parts', { code: 'FIT-1', name: '轴承', category: 'mechanical' });
    const set = await keeper.put(`/api/parts/${part.body.id}/fits`, { modelIds: [modelA, modelB, modelA] });
    expect(set.body.items.map((m: { code: string }) => m.code)).toEqual(['PT-PLC', 'PT-VFD']);
    const bad = await keeper.put(`/api/parts/${part.body.id}/fits`, { modelIds: [999999] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('modelIds');
    expect((await engineer.get(`/api/parts/${part.body.id}/fits`)).body.items).toHaveLength(2);
    const cleared = await keeper.put(`/api/parts/${part.body.id}/fits`, { modelIds: [modelB] });
    expect(cleared.body.items.map((m: { code: string }) => m.code)).toEqual(['PT-VFD']);
  });
});

describe('import and export', () => {
  const headers = [
    '配件编码',
    '配件名称',
    '规格型号',
    '单位',
    '类别',
    '序列号管理',
    '再订货点',
    '适用型号',
    '销售价(元)',
    '成本价(元)',
  ];
  const csv = (rows: string[][]) => `\uFEFF${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;

  it('previews, refuses a file with any bad row whole, imports a good one and exports it', async () => {
    const before = await count('parts');
    const bad = csv([
      headers,
      ['IMP-1', '伺服驱动器', 'SGD7S', '台', '电子件', '是', '1', 'PT-PLC', '5200.00', '3900'],
      ['IMP-2', '', '', '', '电子', '否', '', 'NOPE', '12.345', ''],
    ]);
    const preview = await keeper.upload('/api/parts/import?dryRun=true', 'parts.csv', bad);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    const fields = preview.body.rows[1].errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'fits', 'price']));
    const refused = await keeper.upload('/api/parts/import?dryRun=false', 'parts.csv', bad);
    expect(refused.status).toBe(400);
    expect(await count('parts')).toBe(before);

    const good = csv([
      headers,
      ['IMP-1', '伺服驱动器', 'SGD7S', '台', '电子件', '是', '1', 'PT-PLC', '5200.00', '3900'],
    ]);
    const done = await keeper.upload('/api/parts/import?dryRun=false', 'parts.csv', good);
    expect(done.body).toMatchObject({ committed: true, created: 1 });
    const [imported] = (await engineer.get('/api/parts?q=IMP-1')).body.items;
    expect(imported).toMatchObject({
      unit: '台',
      category: 'electronic',
      serialised: true,
      priceFen: 520000,
      costFen: 390000,
    });
    expect((await engineer.get(`/api/parts/${imported.id}/fits`)).body.items[0].code).toBe('PT-PLC');
    expect((await engineer.upload('/api/parts/import?dryRun=true', 'parts.csv', good)).status).toBe(403);

    const exported = await engineer.get('/api/parts/export?q=IMP-1');
    expect(exported.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.body);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('配件编码');
    expect(sheet.getRow(2).getCell(1).value).toBe('IMP-1');
    expect(sheet.getRow(2).getCell(10).value).toBe('PT-PLC');
    expect(sheet.getRow(2).getCell(11).value).toBe('5200.00');
    const template = await keeper.get('/api/parts/import/template?format=csv');
    expect(template.body.toString('utf8')).toContain('配件编码');
  });
});

describe('warehouses', () => {
  it('are scoped by station: another station gets 404, and creates only for its own station', async () => {
    const bj = await warehouseOf(t.db, 'BJ');
    expect((await keeper.get(`/api/warehouses/${bj.id}`)).status).toBe(200);
    expect((await managerSh.get(`/api/warehouses/${bj.id}`)).status).toBe(404);
    expect((await managerSh.get(`/api/warehouses/${bj.id}/stock`)).status).toBe(404);
    const shList = await managerSh.get('/api/warehouses');
    expect(shList.body.items.map((w: { code: string }) => w.code)).toEqual(['WH-SH']);
    // Transfer targets: every station's active warehouses.
    const targets = await managerSh.get('/api/warehouses?targets=true');
    expect(targets.body.items.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['WH-BJ', 'WH-GZ']));
    const all = await admin.get('/api/warehouses');
    expect(all.body.items.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(['WH-BJ', 'WH-SH', 'WH-GZ', 'VAN-BJ-engineer.bj']),
    );

    const before = await count('warehouses');
    const foreign = await keeper.post('/api/warehouses', {
      code: 'WH-SH-2',
      name: '上海二库',
      stationId: t.stationId.get('SH'),
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0].field).toBe('stationId');
    const vanWithout = await keeper.post('/api/warehouses', {
      code: 'VAN-X',
      name: '随车库',
      stationId: t.stationId.get('BJ'),
      kind: 'van',
    });
    expect(vanWithout.status).toBe(400);
    expect(vanWithout.body.error.fields[0].field).toBe('engineerId');
    const [agent] = await t.query<{ id: number }>(`select id from users where username = 'agent.bj'`);
    const notEngineer = await keeper.post('/api/warehouses', {
      code: 'VAN-X',
      name: '随车库',
      stationId: t.stationId.get('BJ'),
      kind: 'van',
      engineerId: agent.id,
    });
    expect(notEngineer.status).toBe(400);
    expect(await count('warehouses')).toBe(before);

    const [engineer2] = await t.query<{ id: number }>(`select id from users where username = 'engineer2.bj'`);
    const van = await keeper.post('/api/warehouses', {
      code: 'VAN-BJ-2',
      name: '二号随车库',
      stationId: t.stationId.get('BJ'),
      kind: 'van',
      engineerId: engineer2.id,
    });
    expect(van.status).toBe(200);
    expect(van.body).toMatchObject({ kind: 'van', engineerId: engineer2.id, stationName: expect.any(String) });
    const renamed = await keeper.put(`/api/warehouses/${van.body.id}`, {
      name: '二号车',
      engineerId: engineer2.id,
      version: 1,
    });
    expect(renamed.body).toMatchObject({ name: '二号车', version: 2 });
    expect(
      (await keeper.put(`/api/warehouses/${van.body.id}`, { name: 'x', engineerId: engineer2.id, version: 1 })).status,
    ).toBe(409);
    expect((await managerSh.put(`/api/warehouses/${van.body.id}`, { name: 'x', version: 2 })).status).toBe(404);
    expect((await keeper.post(`/api/warehouses/${van.body.id}/active`, { active: false })).body.isActive).toBe(false);
  });

  it("lists the station's active engineers for a van stock by name only; the user list stays closed to the keeper", async () => {
    const BJ = t.stationId.get('BJ')!;
    const SH = t.stationId.get('SH')!;
    // The gap: the parts keeper may create a van stock but may not read the user list.
    expect((await keeper.get(`/api/users?role=engineer&stationId=${BJ}`)).status).toBe(403);
    const [retired] = await t.query<{ id: number }>(
      `insert into users (username, display_name, password_hash, roles, station_id, is_active)
       select 'engineer.left', '离职工程师', password_hash, array['engineer'], station_id, false
         from users where username = 'engineer.bj' returning id`,
    );
    const listed = await keeper.get(`/api/warehouses/van-engineers?stationId=${BJ}`);
    expect(listed.status).toBe(200);
    const expected = await t.query<{ id: number; display_name: string }>(
      `select id, display_name from users where station_id = $1 and is_active and 'engineer' = any(roles) order by id`,
      [BJ],
    );
    expect(expected.length).toBeGreaterThanOrEqual(2); // engineer.bj, engineer2.bj
    expect(listed.body.items.map((u: { id: number }) => u.id).sort()).toEqual(expected.map((u) => u.id).sort());
    expect(listed.body.items.map((u: { id: number }) => u.id)).not.toContain(retired.id);
    // Id and name only: no phone, email, username or roles.
    for (const item of listed.body.items) expect(Object.keys(item).sort()).toEqual(['displayName', 'id']);
    // Another station's engineers: refused naming the station; roles without catalogue rights: 403.
    const foreign = await keeper.get(`/api/warehouses/van-engineers?stationId=${SH}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0].field).toBe('stationId');
    expect((await keeper.get('/api/warehouses/van-engineers')).body.error.fields[0].field).toBe('stationId');
    expect((await engineer.get(`/api/warehouses/van-engineers?stationId=${BJ}`)).status).toBe(403);
    const sh = await admin.get(`/api/warehouses/van-engineers?stationId=${SH}`);
    expect(sh.body.items.map((u: { displayName: string }) => u.displayName).length).toBeGreaterThanOrEqual(1);
    expect((await managerSh.get(`/api/warehouses/van-engineers?stationId=${SH}`)).body.items).toEqual(sh.body.items);
  });
});
