/**
 * Parts statistics through HTTP (PRT-7): consumption by part / model / station / month, warranty
 * cost per model, stock value and slow movers — each figure checked against a known set of ledger
 * movements posted through the real `postMovement`; station scoping; the Excel export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../lib/spreadsheet.js';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createDispatchableTicket } from '../dispatch/dispatch-fixtures.js';
import { createPart, type FixturePart, receiveStock, userIdOf, warehouseOf } from './parts-fixtures.js';
import type { Movement } from './stock-ledger.js';
import { postMovement } from './stock-ledger.js';

let t: TestApp;
let admin: ApiClient;
let manager: ApiClient; // manager.bj
let managerSh: ApiClient;
let keeper: ApiClient; // parts.bj
let BJ: number;
let SH: number;
let whBj: number;
let whSh: number;
let P1: FixturePart;
let P2: FixturePart;
let P3: FixturePart;
let P4: FixturePart;
let modelId: number;
let today: string;

const expectOk = <T = any>(response: ApiResponse<T>): T => {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, managerSh, keeper] = await Promise.all(
    ['admin', 'manager.bj', 'manager.sh', 'parts.bj'].map((login) => t.client(login)),
  );
  BJ = t.stationId.get('BJ')!;
  SH = t.stationId.get('SH')!;
  today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  whBj = (await warehouseOf(t.db, 'BJ')).id;
  whSh = (await warehouseOf(t.db, 'SH')).id;
  const actorId = await userIdOf(t.db, 'parts.bj');
  [P1, P2, P3, P4] = [
    await createPart(t.db, { code: 'ST-P1' }),
    await createPart(t.db, { code: 'ST-P2' }),
    await createPart(t.db, { code: 'ST-P3' }),
    await createPart(t.db, { code: 'ST-P4' }),
  ];
  // The price list: P1 costs 10.00 (a future price must not count), P2 2.50, P4 1.00, P3 has none.
  await t.query(
    `insert into part_prices (part_id, effective_from, price_fen, cost_fen) values
       ($1, '2020-01-01', 1500, 1000), ($1, $4, 9999, 9999), ($2, '2020-01-01', 400, 250), ($3, '2020-01-01', 200, 100)`,
    [P1.id, P2.id, P4.id, tomorrow],
  );
  await receiveStock(t.db, { warehouseId: whBj, partId: P1.id, quantity: 10, actorId });
  await receiveStock(t.db, { warehouseId: whBj, partId: P2.id, quantity: 20, actorId });
  await receiveStock(t.db, { warehouseId: whBj, partId: P3.id, quantity: 5, actorId });
  await receiveStock(t.db, { warehouseId: whBj, partId: P4.id, quantity: 3, actorId, at: daysAgo(400) });
  await receiveStock(t.db, { warehouseId: whSh, partId: P1.id, quantity: 4, actorId });

  // A BJ ticket on a unit of model ST-M1, a BJ ticket without equipment, a SH ticket.
  const customer = expectOk(
    await admin.post('/api/customers', {
      kind: 'organisation',
      name: '统计测试有限公司',
      stationId: BJ,
      phone: '13912345678',
    }),
  );
  modelId = expectOk(
    await admin.post('/api/product-models', { code: 'ST-M1', name: '统计型号', category: 'hardware' }),
  ).id;
  const unit = expectOk(
    await admin.post('/api/equipment', {
      serialNo: 'ST0001',
      modelId,
      customerId: customer.id,
      acceptanceDate: '2025-01-01',
    }),
  );
  const agentId = await userIdOf(t.db, 'agent.bj');
  const t1 = await createDispatchableTicket(t, { customerId: customer.id, receivedBy: agentId });
  await t.query('update tickets set equipment_id = $1 where id = $2', [unit.id, t1.id]);
  const t2 = await createDispatchableTicket(t, { customerId: customer.id, receivedBy: agentId });
  const t3 = await createDispatchableTicket(t, { customerId: customer.id, receivedBy: agentId, stationCode: 'SH' });

  const post = (movement: Omit<Movement, 'at' | 'actorId'> & { at?: Date }) =>
    t.db.transaction((tx) => postMovement(tx, { at: new Date(), actorId, ...movement }));
  await post({
    kind: 'issue',
    warehouseId: whBj,
    partId: P1.id,
    quantity: -3,
    chargeKind: 'warranty',
    ticketId: t1.id,
    unitCostFen: 1000,
  });
  await post({
    kind: 'issue',
    warehouseId: whBj,
    partId: P2.id,
    quantity: -5,
    chargeKind: 'customer_bought',
    ticketId: t1.id,
    unitCostFen: 250,
  });
  // A return without a recorded cost (valued at the price list's cost of the day) and without a
  // charge kind of its own (its part request's counts).
  const [request] = await t.query<{ id: number }>(
    `insert into part_requests (ticket_id, station_id, part_id, warehouse_id, quantity, issued_quantity, charge_kind,
       status, requested_by, requested_at)
     values ($1, $2, $3, $4, 5, 5, 'customer_bought', 'issued', $5, now()) returning id`,
    [t1.id, BJ, P2.id, whBj, actorId],
  );
  await post({
    kind: 'return',
    warehouseId: whBj,
    partId: P2.id,
    quantity: 1,
    partRequestId: request.id,
    ticketId: t1.id,
  });
  await post({
    kind: 'mail',
    warehouseId: whBj,
    partId: P1.id,
    quantity: -1,
    chargeKind: 'warranty',
    ticketId: t2.id,
    unitCostFen: 1000,
  });
  await post({
    kind: 'issue',
    warehouseId: whSh,
    partId: P1.id,
    quantity: -2,
    chargeKind: 'warranty',
    ticketId: t3.id,
    unitCostFen: 1000,
  });
  // Long ago: P4 last issued 200 days back (a slow mover at 180 days, not at 365).
  await post({
    kind: 'issue',
    warehouseId: whBj,
    partId: P4.id,
    quantity: -1,
    chargeKind: 'warranty',
    ticketId: t2.id,
    unitCostFen: 100,
    at: daysAgo(200),
  });
  // Not consumption: a transfer out and a scrap.
  await post({ kind: 'scrap', warehouseId: whBj, partId: P2.id, quantity: -1 });
});
afterAll(() => t.close());

function daysAgo(days: number) {
  return new Date(Date.now() - days * 86_400_000);
}

const todayQuery = () => `from=${today}&to=${today}`;

describe('consumption', () => {
  it('by part: issued − returned + mailed, split into 三包件 and 客户购买件, with cost', async () => {
    const report = expectOk(
      await admin.get(`/api/parts-stats/consumption?groupBy=part&stationId=${BJ}&${todayQuery()}`),
    );
    expect(report.period).toEqual({ from: today, to: today });
    const byCode = Object.fromEntries(report.items.map((row: { code: string }) => [row.code, row]));
    expect(Object.keys(byCode).sort()).toEqual(['ST-P1', 'ST-P2']);
    expect(byCode['ST-P1']).toMatchObject({
      key: String(P1.id),
      issued: 3,
      returned: 0,
      mailed: 1,
      net: 4,
      warrantyQuantity: 4,
      customerQuantity: 0,
      costFen: 4000,
      warrantyCostFen: 4000,
      customerCostFen: 0,
    });
    expect(byCode['ST-P2']).toMatchObject({
      issued: 5,
      returned: 1,
      mailed: 0,
      net: 4,
      warrantyQuantity: 0,
      customerQuantity: 4,
      costFen: 1000,
      customerCostFen: 1000,
    });
    expect(report.totals).toMatchObject({ net: 8, costFen: 5000, warrantyCostFen: 4000, customerCostFen: 1000 });
    expect(report.truncated).toBe(false);
    // The 200-day-old issue counts in a period that holds it.
    const year = expectOk(await admin.get(`/api/parts-stats/consumption?groupBy=part&stationId=${BJ}&from=2000-01-01`));
    expect(year.items.find((row: { code: string }) => row.code === 'ST-P4')).toMatchObject({ issued: 1, costFen: 100 });
  });

  it('by product model, station and month', async () => {
    const byModel = expectOk(
      await admin.get(`/api/parts-stats/consumption?groupBy=model&stationId=${BJ}&${todayQuery()}`),
    );
    expect(byModel.items).toEqual([
      expect.objectContaining({ key: String(modelId), code: 'ST-M1', net: 7, costFen: 4000 }),
      expect.objectContaining({ key: null, code: null, net: 1, costFen: 1000 }),
    ]);
    const byStation = expectOk(await admin.get(`/api/parts-stats/consumption?groupBy=station&${todayQuery()}`));
    expect(byStation.items).toEqual([
      expect.objectContaining({ key: String(BJ), net: 8, costFen: 5000 }),
      expect.objectContaining({ key: String(SH), net: 2, costFen: 2000 }),
    ]);
    const byMonth = expectOk(await admin.get(`/api/parts-stats/consumption?groupBy=month&${todayQuery()}`));
    expect(byMonth.items).toEqual([expect.objectContaining({ key: today.slice(0, 7), net: 10, costFen: 7000 })]);
    const limited = expectOk(await admin.get(`/api/parts-stats/consumption?groupBy=part&limit=1&${todayQuery()}`));
    expect(limited).toMatchObject({ truncated: true, totals: { net: 10, costFen: 7000 } });
    expect(limited.items).toHaveLength(1);
  });

  it('warranty-part cost per product model', async () => {
    const report = expectOk(await admin.get(`/api/parts-stats/warranty-cost?stationId=${BJ}&${todayQuery()}`));
    expect(report.items).toEqual([
      expect.objectContaining({ modelId, modelCode: 'ST-M1', tickets: 1, quantity: 3, costFen: 3000 }),
      expect.objectContaining({ modelId: null, tickets: 1, quantity: 1, costFen: 1000 }),
    ]);
    expect(report).toMatchObject({ totalQuantity: 4, totalCostFen: 4000 });
  });

  it('is scoped to the station of station roles; bad input is 400 naming the field', async () => {
    const sh = expectOk(await managerSh.get(`/api/parts-stats/consumption?groupBy=station&${todayQuery()}`));
    expect(sh.items).toEqual([expect.objectContaining({ key: String(SH), net: 2 })]);
    const asked = expectOk(await managerSh.get(`/api/parts-stats/consumption?stationId=${BJ}&${todayQuery()}`));
    expect(asked.items).toEqual([]);
    const bj = expectOk(await keeper.get(`/api/parts-stats/consumption?groupBy=station&${todayQuery()}`));
    expect(bj.items.map((row: { key: string }) => row.key)).toEqual([String(BJ)]);
    expect((await (await t.client('engineer.bj')).get('/api/parts-stats/consumption')).status).toBe(403);
    const wrongOrder = await admin.get('/api/parts-stats/consumption?from=2026-03-02&to=2026-03-01');
    expect(wrongOrder.status).toBe(400);
    expect(wrongOrder.body.error.fields[0].field).toBe('to');
    const badGroup = await admin.get('/api/parts-stats/consumption?groupBy=colour');
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.error.fields[0].field).toBe('groupBy');
  });
});

describe('stock', () => {
  it('stock value per warehouse and station at the cost valid today', async () => {
    const report = expectOk(await admin.get('/api/parts-stats/stock-value'));
    expect(report.priceDay).toBe(today);
    const bj = report.warehouses.find((row: { warehouseId: number }) => row.warehouseId === whBj);
    // P1 6 × 10.00 + P2 15 × 2.50 + P3 5 × (no price) + P4 2 × 1.00
    expect(bj).toMatchObject({
      parts: 4,
      onHand: 28,
      valueFen: 6000 + 3750 + 200,
      unpricedParts: 1,
      defectiveOnHand: 0,
    });
    const sh = report.warehouses.find((row: { warehouseId: number }) => row.warehouseId === whSh);
    expect(sh).toMatchObject({ onHand: 2, valueFen: 2000 });
    const bjStation = report.stations.find((row: { stationId: number }) => row.stationId === BJ);
    expect(bjStation.valueFen).toBe(9950);
    expect(report.totalValueFen).toBe(9950 + 2000);
    const scoped = expectOk(await manager.get('/api/parts-stats/stock-value'));
    expect(new Set(scoped.warehouses.map((row: { stationId: number }) => row.stationId))).toEqual(new Set([BJ]));
  });

  it('slow movers: in stock and not issued for the setting’s days (180) or the days asked', async () => {
    const slow = expectOk(await manager.get('/api/parts-stats/slow-movers'));
    expect(slow.days).toBe(180);
    expect(slow.items.map((row: { partCode: string }) => row.partCode).sort()).toEqual(['ST-P3', 'ST-P4']);
    const p4 = slow.items.find((row: { partCode: string }) => row.partCode === 'ST-P4');
    expect(p4).toMatchObject({ warehouseId: whBj, onHand: 2, valueFen: 200 });
    expect(new Date(p4.lastIssueAt).getTime()).toBeLessThan(daysAgo(199).getTime());
    expect(slow.items.find((row: { partCode: string }) => row.partCode === 'ST-P3').lastIssueAt).toBeNull();
    const year = expectOk(await manager.get('/api/parts-stats/slow-movers?days=365'));
    expect(year.items.map((row: { partCode: string }) => row.partCode)).toEqual(['ST-P3']);
    // The setting moves the default.
    expectOk(await admin.put('/api/settings/parts.slowMoverDays', { value: 365, version: 0 }));
    expect(expectOk(await manager.get('/api/parts-stats/slow-movers')).total).toBe(1);
    expect(expectOk(await managerSh.get('/api/parts-stats/slow-movers')).total).toBe(0);
  });
});

describe('export', () => {
  it('returns a workbook with the report and logs the export', async () => {
    const response = await manager.get(
      `/api/parts-stats/consumption/export?groupBy=part&stationId=${BJ}&${todayQuery()}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const file = response.body as Buffer;
    const table = await readTable(file, 'xlsx');
    expect(table.headers.slice(0, 3)).toEqual(['配件编码', '配件名称', '单位']);
    const p1 = table.rows.find((row) => row[0] === 'ST-P1')!;
    expect(p1).toBeDefined();
    expect(p1.slice(3, 7)).toEqual(['3', '0', '1', '4']);
    expect(p1[9]).toBe('40.00');
    expect(table.rows.at(-1)![0]).toBe('合计');
    const [log] = await t.query<{ action: string; detail: { rows: number } }>(
      `select action, detail from access_log where entity_type = 'parts-stats/consumption' order by id desc limit 1`,
    );
    expect(log).toMatchObject({ action: 'export', detail: { rows: 2 } });

    for (const report of ['stock-value', 'slow-movers', 'warranty-cost']) {
      const other = await manager.request('GET', `/api/parts-stats/${report}/export?format=csv`);
      expect(other.status, report).toBe(200);
      expect(other.headers.get('content-disposition')).toContain(`parts-${report}-`);
    }
    expect((await manager.request('GET', '/api/parts-stats/consumption/export?format=pdf')).status).toBe(400);
  });
});
