/**
 * Stock core over HTTP (PRT-2, PRT-3): receipts with acceptance inspection, stock views, the ledger,
 * transfers in transit, scrap and mailing a part on a ticket; scoping, bad input and shortfalls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createDispatchableTicket } from '../dispatch/dispatch-fixtures.js';
import { demoParts, seedDemoParts } from './parts.seed.js';
import {
  balanceOf,
  createPart,
  type FixtureWarehouse,
  receiveStock,
  userIdOf,
  vanOf,
  warehouseOf,
} from './parts-fixtures.js';

let t: TestApp;
let keeper: ApiClient; // parts.bj
let managerSh: ApiClient;
let admin: ApiClient;
let engineer: ApiClient;
let bj: FixtureWarehouse;
let sh: FixtureWarehouse;
let keeperId: number;

async function ledgerCount() {
  const [row] = await t.query<{ n: number }>('select count(*)::int as n from stock_ledger');
  return row.n;
}

/** on_hand = sum(quantity) and reserved = sum(reserved_delta) for every balance. */
async function expectLedgerAgrees() {
  const rows = await t.query(`
    select s.warehouse_id, s.part_id, s.condition, s.on_hand, s.reserved, l.q, l.r
      from stock s left join (select warehouse_id, part_id, condition, sum(quantity)::int q, sum(reserved_delta)::int r
                                from stock_ledger group by 1, 2, 3) l using (warehouse_id, part_id, condition)
     where s.on_hand <> coalesce(l.q, 0) or s.reserved <> coalesce(l.r, 0)`);
  expect(rows).toEqual([]);
}

beforeAll(async () => {
  t = await createTestApp();
  [keeper, managerSh, admin, engineer] = await Promise.all(
    ['parts.bj', 'manager.sh', 'admin', 'engineer.bj'].map((login) => t.client(login)),
  );
  bj = await warehouseOf(t.db, 'BJ');
  sh = await warehouseOf(t.db, 'SH');
  keeperId = await userIdOf(t.db, 'parts.bj');
});
afterAll(async () => {
  await expectLedgerAgrees();
  await t.close();
});

describe('receipts with acceptance inspection', () => {
  it('puts only the accepted units into good stock and keeps the inspection in the ledger', async () => {
    const part = await createPart(t.db, { name: '变频器驱动板' });
    const other = await createPart(t.db, { name: '散热风扇' });
    const response = await keeper.post('/api/receipts', {
      warehouseId: bj.id,
      reference: 'SH-20260401-7',
      lines: [
        {
          partId: part.id,
          receivedQuantity: 10,
          acceptedQuantity: 8,
          rejectedQuantity: 2,
          rejectReason: '外壳破损',
          unitCostFen: 45000,
        },
        { partId: other.id, receivedQuantity: 3, acceptedQuantity: 3 },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.number).toMatch(/^RK\d{4}\d{2,}$/);
    expect(response.body.entries).toHaveLength(2);
    expect(await balanceOf(t.db, bj.id, part.id)).toEqual({ onHand: 8, reserved: 0 });

    const ledger = await keeper.get(`/api/stock-ledger?partId=${part.id}`);
    expect(ledger.body.items).toHaveLength(1);
    expect(ledger.body.items[0]).toMatchObject({
      kind: 'receipt',
      quantity: 8,
      balanceAfter: 8,
      unitCostFen: 45000,
      actorName: expect.any(String),
      warehouseCode: 'WH-BJ',
    });
    expect(ledger.body.items[0].note).toContain(response.body.number);
    expect(ledger.body.items[0].note).toContain('不合格 2（外壳破损）');
    expect(ledger.body.items[0].note).toContain('SH-20260401-7');
  });

  it('refuses inconsistent inspection, missing reasons, unknown parts and other stations with nothing written', async () => {
    const part = await createPart(t.db);
    const before = await ledgerCount();
    const cases: [unknown, ApiClient, number, string][] = [
      [
        { warehouseId: bj.id, lines: [{ partId: part.id, receivedQuantity: 5, acceptedQuantity: 4 }] },
        keeper,
        400,
        'lines.0.acceptedQuantity',
      ],
      [
        {
          warehouseId: bj.id,
          lines: [{ partId: part.id, receivedQuantity: 5, acceptedQuantity: 4, rejectedQuantity: 1 }],
        },
        keeper,
        400,
        'lines.0.rejectReason',
      ],
      [
        {
          warehouseId: bj.id,
          lines: [
            { partId: part.id, receivedQuantity: 1, acceptedQuantity: 0, rejectedQuantity: 1, rejectReason: '坏' },
          ],
        },
        keeper,
        400,
        'lines',
      ],
      [
        { warehouseId: bj.id, lines: [{ partId: 999999, receivedQuantity: 1, acceptedQuantity: 1 }] },
        keeper,
        400,
        'lines.0.partId',
      ],
      [
        { warehouseId: bj.id, lines: [{ partId: part.id, receivedQuantity: 0, acceptedQuantity: 0 }] },
        keeper,
        400,
        'lines.0.receivedQuantity',
      ],
      [{ warehouseId: bj.id, lines: [] }, keeper, 400, 'lines'],
      [{ lines: [{ partId: part.id, receivedQuantity: 1, acceptedQuantity: 1 }] }, keeper, 400, 'warehouseId'],
    ];
    for (const [body, client, status, field] of cases) {
      const response = await client.post('/api/receipts', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const foreign = await managerSh.post('/api/receipts', {
      warehouseId: bj.id,
      lines: [{ partId: part.id, receivedQuantity: 1, acceptedQuantity: 1 }],
    });
    expect(foreign.status).toBe(404);
    expect((await engineer.post('/api/receipts', { warehouseId: bj.id, lines: [] })).status).toBe(403);
    expect(await ledgerCount()).toBe(before);
  });
});

describe('stock views', () => {
  it('shows a part per warehouse with reserved, defective and in transit, scoped to the station', async () => {
    const part = await createPart(t.db);
    await receiveStock(t.db, { warehouseId: bj.id, partId: part.id, quantity: 6, actorId: keeperId });
    await receiveStock(t.db, {
      warehouseId: bj.id,
      partId: part.id,
      quantity: 2,
      actorId: keeperId,
      condition: 'defective',
    });
    await receiveStock(t.db, { warehouseId: sh.id, partId: part.id, quantity: 4, actorId: keeperId });
    await t.db.transaction(async (tx) => {
      const { postMovement } = await import('./stock-ledger.js');
      await postMovement(tx, {
        kind: 'reserve',
        warehouseId: bj.id,
        partId: part.id,
        quantity: 0,
        reservedDelta: 2,
        at: new Date(),
        actorId: keeperId,
      });
    });
    const shipped = await keeper.post('/api/transfers', {
      fromWarehouseId: bj.id,
      toWarehouseId: sh.id,
      lines: [{ partId: part.id, quantity: 1 }],
    });
    expect(shipped.status).toBe(200);

    const all = await admin.get(`/api/parts/${part.id}/stock`);
    const byCode = Object.fromEntries(all.body.items.map((row: { warehouseCode: string }) => [row.warehouseCode, row]));
    expect(byCode['WH-BJ']).toMatchObject({ onHand: 5, reserved: 2, available: 3, defective: 2, inTransit: 0 });
    expect(byCode['WH-SH']).toMatchObject({ onHand: 4, reserved: 0, available: 4, inTransit: 1 });
    expect(all.body.totals).toMatchObject({ onHand: 9, reserved: 2, defective: 2, inTransit: 1 });

    const own = await managerSh.get(`/api/parts/${part.id}/stock`);
    expect(own.body.items.map((row: { warehouseCode: string }) => row.warehouseCode)).toEqual(['WH-SH']);
    expect((await keeper.get('/api/parts/999999/stock')).status).toBe(404);
    expect((await keeper.get(`/api/parts?q=${part.code}`)).body.items[0]).toMatchObject({ onHand: 5, available: 3 });
  });

  it("pages a warehouse's stock by part code and filters below the reorder point", async () => {
    const van = await vanOf(t.db, 'engineer.bj');
    const codes = ['VAN-A', 'VAN-B', 'VAN-C', 'VAN-D', 'VAN-E'];
    for (const [index, code] of codes.entries()) {
      const part = await createPart(t.db, { code, name: `随车件 ${code}`, reorderPoint: index < 2 ? 5 : 0 });
      await receiveStock(t.db, { warehouseId: van.id, partId: part.id, quantity: index + 1, actorId: keeperId });
    }
    const seen: string[] = [];
    let after: string | null = '';
    while (after !== null) {
      const page: ApiResponse<{ items: { partCode: string }[]; nextCursor: string | null }> = await engineer.get(
        `/api/warehouses/${van.id}/stock?limit=2${after ? `&after=${after}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((row) => row.partCode));
      after = page.body.nextCursor;
    }
    expect(seen).toEqual(codes);
    const low = await engineer.get(`/api/warehouses/${van.id}/stock?belowReorder=true`);
    expect(low.body.items.map((row: { partCode: string }) => row.partCode)).toEqual(['VAN-A', 'VAN-B']);
    expect(low.body.items[0]).toMatchObject({ onHand: 1, available: 1, belowReorder: true });
    const search = await engineer.get(`/api/warehouses/${van.id}/stock?q=${encodeURIComponent('随车件 VAN-C')}`);
    expect(search.body.items.map((row: { partCode: string }) => row.partCode)).toEqual(['VAN-C']);
  });
});

describe('transfers', () => {
  it('ships into transit, is received by the target station only once, and a cancel returns the stock', async () => {
    const part = await createPart(t.db);
    await receiveStock(t.db, { warehouseId: bj.id, partId: part.id, quantity: 10, actorId: keeperId });
    const shipped = await keeper.post('/api/transfers', {
      fromWarehouseId: bj.id,
      toWarehouseId: sh.id,
      note: '上海站急用',
      lines: [{ partId: part.id, quantity: 4 }],
    });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'in_transit', version: 1, totalQuantity: 4 });
    expect(shipped.body.number).toMatch(/^DB\d{4}\d{2,}$/);
    expect(await balanceOf(t.db, bj.id, part.id)).toEqual({ onHand: 6, reserved: 0 });
    expect(await balanceOf(t.db, sh.id, part.id)).toEqual({ onHand: 0, reserved: 0 });

    // Both stations see it; the source cannot receive it; a stale version is refused.
    expect((await managerSh.get(`/api/transfers/${shipped.body.id}`)).status).toBe(200);
    expect(
      (await managerSh.get('/api/transfers?status=in_transit')).body.items.map((x: { id: number }) => x.id),
    ).toContain(shipped.body.id);
    expect((await keeper.post(`/api/transfers/${shipped.body.id}/receive`, { version: 1 })).status).toBe(409);
    expect((await managerSh.post(`/api/transfers/${shipped.body.id}/receive`, { version: 7 })).status).toBe(409);
    expect((await managerSh.post(`/api/transfers/${shipped.body.id}/cancel`, { version: 1 })).status).toBe(409);

    const received = await managerSh.post(`/api/transfers/${shipped.body.id}/receive`, { version: 1 });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ status: 'received', version: 2, receivedByName: expect.any(String) });
    expect(await balanceOf(t.db, sh.id, part.id)).toEqual({ onHand: 4, reserved: 0 });
    expect((await managerSh.post(`/api/transfers/${shipped.body.id}/receive`, { version: 2 })).status).toBe(409);
    expect(await balanceOf(t.db, sh.id, part.id)).toEqual({ onHand: 4, reserved: 0 });
    const ledger = await admin.get(`/api/stock-ledger?transferId=${shipped.body.id}`);
    expect(ledger.body.items.map((e: { kind: string; quantity: number }) => [e.kind, e.quantity])).toEqual([
      ['transfer_in', 4],
      ['transfer_out', -4],
    ]);
    expect(ledger.body.items[0].transferNumber).toBe(shipped.body.number);

    const second = await keeper.post('/api/transfers', {
      fromWarehouseId: bj.id,
      toWarehouseId: sh.id,
      lines: [{ partId: part.id, quantity: 5 }],
    });
    expect(await balanceOf(t.db, bj.id, part.id)).toEqual({ onHand: 1, reserved: 0 });
    const cancelled = await keeper.post(`/api/transfers/${second.body.id}/cancel`, { version: 1 });
    expect(cancelled.body.status).toBe('cancelled');
    expect(await balanceOf(t.db, bj.id, part.id)).toEqual({ onHand: 6, reserved: 0 });
    expect(await balanceOf(t.db, sh.id, part.id)).toEqual({ onHand: 4, reserved: 0 });
  });

  it('refuses a shortfall with 409 and bad input with 400, writing nothing', async () => {
    const part = await createPart(t.db);
    const other = await createPart(t.db);
    await receiveStock(t.db, { warehouseId: bj.id, partId: part.id, quantity: 2, actorId: keeperId });
    const [{ n: transfersBefore }] = await t.query<{ n: number }>('select count(*)::int as n from transfers');
    const ledgerBefore = await ledgerCount();
    // The first line would succeed; the second is short: the whole transfer is refused.
    const short = await keeper.post('/api/transfers', {
      fromWarehouseId: bj.id,
      toWarehouseId: sh.id,
      lines: [
        { partId: part.id, quantity: 2 },
        { partId: other.id, quantity: 1 },
      ],
    });
    expect(short.status).toBe(409);
    expect(short.body.error.message).toContain(other.code);
    for (const [body, field] of [
      [{ fromWarehouseId: bj.id, toWarehouseId: bj.id, lines: [{ partId: part.id, quantity: 1 }] }, 'toWarehouseId'],
      [{ fromWarehouseId: bj.id, toWarehouseId: sh.id, lines: [{ partId: part.id, quantity: 0 }] }, 'lines.0.quantity'],
      [
        {
          fromWarehouseId: bj.id,
          toWarehouseId: sh.id,
          lines: [
            { partId: part.id, quantity: 1 },
            { partId: part.id, quantity: 1 },
          ],
        },
        'lines.1.partId',
      ],
    ] as const) {
      const response = await keeper.post('/api/transfers', body);
      expect(response.status).toBe(400);
      expect(response.body.error.fields[0].field).toBe(field);
    }
    expect(
      (
        await managerSh.post('/api/transfers', {
          fromWarehouseId: bj.id,
          toWarehouseId: sh.id,
          lines: [{ partId: part.id, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    const [{ n: transfersAfter }] = await t.query<{ n: number }>('select count(*)::int as n from transfers');
    expect(transfersAfter).toBe(transfersBefore);
    expect(await ledgerCount()).toBe(ledgerBefore);
    expect(await balanceOf(t.db, bj.id, part.id)).toEqual({ onHand: 2, reserved: 0 });
  });
});

describe('scrap and mail', () => {
  it('scraps with a reason from available stock only', async () => {
    const part = await createPart(t.db);
    await receiveStock(t.db, {
      warehouseId: bj.id,
      partId: part.id,
      quantity: 3,
      actorId: keeperId,
      condition: 'defective',
    });
    const noReason = await keeper.post('/api/stock/scrap', { warehouseId: bj.id, partId: part.id, quantity: 1 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].field).toBe('reason');
    const tooMany = await keeper.post('/api/stock/scrap', {
      warehouseId: bj.id,
      partId: part.id,
      quantity: 4,
      reason: '烧毁',
    });
    expect(tooMany.status).toBe(409);
    const done = await keeper.post('/api/stock/scrap', {
      warehouseId: bj.id,
      partId: part.id,
      condition: 'defective',
      quantity: 2,
      reason: '烧毁无法修复',
    });
    expect(done.status).toBe(200);
    expect(done.body.entry).toMatchObject({ onHand: 1, condition: 'defective' });
    const [entry] = (await keeper.get(`/api/stock-ledger?partId=${part.id}&kind=scrap`)).body.items;
    expect(entry).toMatchObject({ quantity: -2, balanceAfter: 1, note: '报废：烧毁无法修复' });
  });

  it('mails a part to the customer of a ticket and records the ticket on the ledger', async () => {
    const customer = await admin.post('/api/customers', {
      kind: 'organisation',
      name: '邮寄测试有限公司',
      stationId: t.stationId.get('BJ'),
      phone: '13912345678',
    });
    const ticket = await createDispatchableTicket(t, {
      customerId: customer.body.id,
      receivedBy: await userIdOf(t.db, 'agent.bj'),
    });
    const part = await createPart(t.db);
    await receiveStock(t.db, { warehouseId: bj.id, partId: part.id, quantity: 2, actorId: keeperId });
    const noTicket = await keeper.post('/api/stock/mail', {
      warehouseId: bj.id,
      partId: part.id,
      quantity: 1,
      chargeKind: 'warranty',
    });
    expect(noTicket.status).toBe(400);
    expect(noTicket.body.error.fields[0].field).toBe('ticketId');
    const foreignTicket = await managerSh.post('/api/stock/mail', {
      warehouseId: sh.id,
      partId: part.id,
      ticketId: ticket.id,
      quantity: 1,
      chargeKind: 'warranty',
    });
    expect(foreignTicket.status).toBe(400);
    const mailed = await keeper.post('/api/stock/mail', {
      warehouseId: bj.id,
      partId: part.id,
      ticketId: ticket.id,
      quantity: 1,
      chargeKind: 'customer_bought',
      trackingNo: 'SF1234567890',
    });
    expect(mailed.status).toBe(200);
    const ledger = await keeper.get(`/api/stock-ledger?ticketId=${ticket.id}`);
    expect(ledger.body.items).toHaveLength(1);
    expect(ledger.body.items[0]).toMatchObject({
      kind: 'mail',
      quantity: -1,
      ticketNumber: ticket.number,
      chargeKind: 'customer_bought',
    });
    expect(ledger.body.items[0].note).toContain('SF1234567890');
  });
});

describe('ledger', () => {
  it('pages by id, newest first, and hides other stations', async () => {
    const part = await createPart(t.db);
    for (let i = 0; i < 5; i++)
      await receiveStock(t.db, { warehouseId: bj.id, partId: part.id, quantity: 1, actorId: keeperId });
    const first = await keeper.get(`/api/stock-ledger?partId=${part.id}&limit=3`);
    expect(first.body.items.map((e: { balanceAfter: number }) => e.balanceAfter)).toEqual([5, 4, 3]);
    const second = await keeper.get(`/api/stock-ledger?partId=${part.id}&limit=3&before=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { balanceAfter: number }) => e.balanceAfter)).toEqual([2, 1]);
    expect(second.body.nextCursor).toBeNull();
    expect((await managerSh.get(`/api/stock-ledger?partId=${part.id}`)).body.items).toEqual([]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect((await keeper.get(`/api/stock-ledger?partId=${part.id}&from=${today}&to=${today}`)).body.items).toHaveLength(
      5,
    );
    expect((await keeper.get(`/api/stock-ledger?partId=${part.id}&to=2020-01-01`)).body.items).toHaveLength(0);
    expect((await keeper.get('/api/stock-ledger?from=yesterday')).status).toBe(400);
  });
});

describe('demo seed', () => {
  it('loads suppliers, parts, prices and stock through the ledger, once', async () => {
    expect(await seedDemoParts(t.db)).toBe(demoParts.length);
    expect(await seedDemoParts(t.db)).toBe(0);
    const [cpu] = (await admin.get('/api/parts?q=PLC-CPU-1214')).body.items;
    expect(cpu).toMatchObject({ serialised: true, defaultSupplierName: '西门子（中国）有限公司', priceFen: 328000 });
    const stock = await admin.get(`/api/parts/${cpu.id}/stock`);
    expect(stock.body.totals.onHand).toBe(12);
    await expectLedgerAgrees();
  });
});
