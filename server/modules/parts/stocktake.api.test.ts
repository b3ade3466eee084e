/**
 * Stocktake through HTTP (PRT-4): blind count sheets, book quantity taken at count time (a movement
 * between count and approval is not variance), reasons for variances, approval posting exactly the
 * variance once, refusals (bad input 400 naming the field with nothing written, 409s, 404 scoping).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { balanceOf, createPart, type FixturePart, receiveStock, userIdOf, warehouseOf } from './parts-fixtures.js';
import { postMovement } from './stock-ledger.js';

let t: TestApp;
let keeper: ApiClient; // parts.bj
let manager: ApiClient; // manager.bj
let managerSh: ApiClient;
let keeperId: number;
let WH = 0;

beforeAll(async () => {
  t = await createTestApp();
  [keeper, manager, managerSh] = await Promise.all(['parts.bj', 'manager.bj', 'manager.sh'].map((u) => t.client(u)));
  keeperId = await userIdOf(t.db, 'parts.bj');
  // A warehouse of the BJ station of its own, so counts here see only this file's parts.
  const bj = await warehouseOf(t.db, 'BJ');
  const [row] = await t.query<{ id: number }>(
    `insert into warehouses (code, name, station_id, kind) values ('WH-BJ-ST', '盘点测试库', $1, 'station') returning id`,
    [bj.stationId],
  );
  WH = row.id;
});
afterAll(() => t.close());

const ok = (response: ApiResponse) => {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const fieldsOf = (response: ApiResponse) => (response.body.error?.fields ?? []).map((f: { field: string }) => f.field);

async function newPart(onHand: number, costFen?: number, condition: 'good' | 'defective' = 'good') {
  const part = await createPart(t.db);
  if (onHand > 0)
    await receiveStock(t.db, { warehouseId: WH, partId: part.id, quantity: onHand, actorId: keeperId, condition });
  if (costFen !== undefined) {
    await t.query(
      `insert into part_prices (part_id, effective_from, price_fen, cost_fen) values ($1, '2020-01-01', $2, $3)`,
      [part.id, costFen * 2, costFen],
    );
  }
  return part;
}

const move = (part: FixturePart, quantity: number) =>
  t.db.transaction((tx) =>
    postMovement(tx, {
      kind: quantity < 0 ? 'issue' : 'receipt',
      warehouseId: WH,
      partId: part.id,
      quantity,
      at: new Date(),
      actorId: keeperId,
    }),
  );

const adjustments = async (stocktakeId: number) =>
  t.query<{ part_id: number; quantity: number; condition: string; unit_cost_fen: number | null; note: string | null }>(
    `select part_id, quantity, condition, unit_cost_fen, note from stock_ledger where stocktake_id = $1 and kind = 'adjustment' order by id`,
    [stocktakeId],
  );

const lineOf = (
  sheet: { lines: { id: number; partId: number; condition: string }[] },
  part: FixturePart,
  condition = 'good',
) => sheet.lines.find((line) => line.partId === part.id && line.condition === condition)!;

describe('stocktake', () => {
  it('runs a blind count; movements during the count are not variance; approval adjusts exactly, once', async () => {
    const a = await newPart(10, 1500); // will be short by 1
    const b = await newPart(2, undefined, 'defective'); // defective stock, counted right
    const c = await newPart(0, 800); // not on the sheet: found 4 on the shelf
    const d = await newPart(5); // skipped this time
    const sheet = ok(await keeper.post('/api/stocktakes', { warehouseId: WH, note: '月度盘点' }));
    expect(sheet.number).toMatch(/^PD\d{6,}$/);
    expect(sheet.status).toBe('counting');
    // Stock rows of the warehouse, good and defective, without book quantities.
    expect(lineOf(sheet, a)).toBeDefined();
    expect(lineOf(sheet, b, 'defective')).toBeDefined();
    expect(lineOf(sheet, c)).toBeUndefined();
    expect(JSON.stringify(sheet)).not.toMatch(/book|onHand|variance/i);

    // A second open count of the same warehouse: 409 with a clear message.
    const second = await keeper.post('/api/stocktakes', { warehouseId: WH });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(sheet.number);

    // Count A: 8 first, recounted 9 (book 10 at that moment).
    ok(await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { lineId: lineOf(sheet, a).id, countedQuantity: 8 }));
    const recount = ok(
      await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partCode: a.code.toLowerCase(), countedQuantity: 9 }),
    );
    expect(recount).toMatchObject({ id: lineOf(sheet, a).id, state: 'counted', countedQuantity: 9 });
    expect(recount).not.toHaveProperty('bookQuantity');
    // Stock moves after the count: +5 received, −3 issued → 12 on hand.
    await move(a, 5);
    await move(a, -3);
    ok(
      await keeper.post(`/api/stocktakes/${sheet.id}/counts`, {
        partId: b.id,
        condition: 'defective',
        countedQuantity: 2,
      }),
    );
    const added = ok(await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partCode: c.code, countedQuantity: 4 }));
    expect(added.partId).toBe(c.id);
    // Submitting with D neither counted nor skipped: 400 naming it.
    let current = ok(await keeper.get(`/api/stocktakes/${sheet.id}`));
    const open = await keeper.post(`/api/stocktakes/${sheet.id}/submit`, { version: current.version });
    expect(open.status).toBe(400);
    expect(open.body.error.message).toContain(d.code);
    ok(await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { lineId: lineOf(sheet, d).id, skip: true }));
    current = ok(await keeper.get(`/api/stocktakes/${sheet.id}`));
    expect(lineOf(current, d)).toMatchObject({ state: 'skipped', countedQuantity: null });
    // The parts keeper never sees the variance; the manager does once submitted.
    expect((await keeper.get(`/api/stocktakes/${sheet.id}/variance`)).status).toBe(403);
    expect((await manager.get(`/api/stocktakes/${sheet.id}/variance`)).status).toBe(409);
    const submitted = ok(await keeper.post(`/api/stocktakes/${sheet.id}/submit`, { version: current.version }));
    expect(submitted.status).toBe('submitted');
    // Counting after submission: 409.
    expect((await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partId: a.id, countedQuantity: 1 })).status).toBe(
      409,
    );

    const view = ok(await manager.get(`/api/stocktakes/${sheet.id}/variance`));
    const va = lineOf(view, a) as unknown as Record<string, unknown>;
    expect(va).toMatchObject({ bookQuantity: 10, countedQuantity: 9, variance: -1, kind: 'shortage', valueFen: -1500 });
    expect(lineOf(view, b, 'defective')).toMatchObject({ bookQuantity: 2, variance: 0, kind: 'none' });
    expect(lineOf(view, c)).toMatchObject({ bookQuantity: 0, variance: 4, kind: 'surplus', valueFen: 3200 });
    expect(view).toMatchObject({
      surplusQuantity: 4,
      shortageQuantity: 1,
      surplusValueFen: 3200,
      shortageValueFen: 1500,
    });

    // Approving without a reason for C: 400 naming the line; nothing written.
    const noReason = await manager.post(`/api/stocktakes/${sheet.id}/approve`, {
      version: view.version,
      reasons: [{ lineId: lineOf(view, a).id, reason: '领用未登记' }],
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain(c.code);
    expect(fieldsOf(noReason)).toEqual([`lines.${lineOf(view, c).id}.varianceReason`]);
    expect(await adjustments(sheet.id)).toEqual([]);
    expect(ok(await manager.get(`/api/stocktakes/${sheet.id}`)).status).toBe('submitted');
    // The rejected attempt stored nothing either (same transaction).
    expect(lineOf(ok(await manager.get(`/api/stocktakes/${sheet.id}/variance`)), a)).toMatchObject({
      varianceReason: null,
    });

    const reasons = ok(
      await manager.post(`/api/stocktakes/${sheet.id}/reasons`, {
        version: view.version,
        reasons: [{ lineId: lineOf(view, a).id, reason: '领用未登记' }],
      }),
    );
    const approved = ok(
      await manager.post(`/api/stocktakes/${sheet.id}/approve`, {
        version: reasons.version,
        reasons: [{ lineId: lineOf(view, c).id, reason: '上次收货未入账' }],
      }),
    );
    expect(approved.status).toBe('approved');
    // Exactly the variances, applied to the current on-hand.
    expect(await adjustments(sheet.id)).toEqual([
      { part_id: a.id, quantity: -1, condition: 'good', unit_cost_fen: 1500, note: '领用未登记' },
      { part_id: c.id, quantity: 4, condition: 'good', unit_cost_fen: 800, note: '上次收货未入账' },
    ]);
    expect(await balanceOf(t.db, WH, a.id)).toEqual({ onHand: 11, reserved: 0 }); // 12 − 1
    expect(await balanceOf(t.db, WH, b.id, 'defective')).toEqual({ onHand: 2, reserved: 0 });
    expect(await balanceOf(t.db, WH, c.id)).toEqual({ onHand: 4, reserved: 0 });
    expect(await balanceOf(t.db, WH, d.id)).toEqual({ onHand: 5, reserved: 0 });
    // On hand still equals the ledger sum.
    const [sum] = await t.query<{ total: number }>(
      `select sum(quantity)::int as total from stock_ledger where warehouse_id = $1 and part_id = $2`,
      [WH, a.id],
    );
    expect(sum.total).toBe(11);

    // Approving again: 409, nothing more posted.
    const twice = await manager.post(`/api/stocktakes/${sheet.id}/approve`, { version: approved.version });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('已审批');
    // From a page loaded before the approval (stale version): also told it is approved already.
    const stale = await manager.post(`/api/stocktakes/${sheet.id}/approve`, { version: approved.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('已审批');
    expect(await adjustments(sheet.id)).toHaveLength(2);
    // The warehouse is free for the next count.
    const next = ok(await keeper.post('/api/stocktakes', { warehouseId: WH }));
    ok(await keeper.post(`/api/stocktakes/${next.id}/cancel`, { version: next.version, note: '重复建单' }));
  });

  it('refuses a shortage that stock issued since the count makes impossible, naming the part', async () => {
    const part = await newPart(5);
    const sheet = ok(await keeper.post('/api/stocktakes', { warehouseId: WH }));
    for (const line of sheet.lines) {
      if (line.partId !== part.id)
        ok(await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { lineId: line.id, skip: true }));
    }
    ok(await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partId: part.id, countedQuantity: 2 })); // −3
    await move(part, -4); // 1 left
    const current = ok(await keeper.get(`/api/stocktakes/${sheet.id}`));
    const submitted = ok(await keeper.post(`/api/stocktakes/${sheet.id}/submit`, { version: current.version }));
    const refused = await manager.post(`/api/stocktakes/${sheet.id}/approve`, {
      version: submitted.version,
      reasons: [{ lineId: lineOf(submitted, part).id, reason: '丢失' }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(part.code);
    expect(await adjustments(sheet.id)).toEqual([]);
    expect(await balanceOf(t.db, WH, part.id)).toEqual({ onHand: 1, reserved: 0 });
    // Sent back, recounted, approved.
    const back = ok(
      await manager.post(`/api/stocktakes/${sheet.id}/reject`, {
        version: submitted.version,
        note: '盘点后有出库，请重盘',
      }),
    );
    expect(back.status).toBe('counting');
    ok(await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partId: part.id, countedQuantity: 0 })); // book 1 → −1
    const again = ok(await keeper.get(`/api/stocktakes/${sheet.id}`));
    const resubmitted = ok(await keeper.post(`/api/stocktakes/${sheet.id}/submit`, { version: again.version }));
    ok(
      await manager.post(`/api/stocktakes/${sheet.id}/approve`, {
        version: resubmitted.version,
        reasons: [{ lineId: lineOf(submitted, part).id, reason: '丢失' }],
      }),
    );
    expect(await balanceOf(t.db, WH, part.id)).toEqual({ onHand: 0, reserved: 0 });
  });

  it('rejects bad input with 400 naming the field and writes nothing; stale versions 409', async () => {
    const before = await t.query<{ n: number }>(`select count(*)::int as n from stocktakes`);
    const noWarehouse = await keeper.post('/api/stocktakes', { warehouseId: 'WH-BJ' });
    expect(noWarehouse.status).toBe(400);
    expect(fieldsOf(noWarehouse)).toContain('warehouseId');
    const unknown = await keeper.post('/api/stocktakes', { warehouseId: 999999 });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown)).toContain('warehouseId');
    expect(await t.query(`select count(*)::int as n from stocktakes`)).toEqual(before);

    const part = await newPart(3);
    const sheet = ok(await keeper.post('/api/stocktakes', { warehouseId: WH }));
    const negative = await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partId: part.id, countedQuantity: -1 });
    expect(negative.status).toBe(400);
    expect(fieldsOf(negative)).toContain('countedQuantity');
    const missing = await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partId: part.id });
    expect(fieldsOf(missing)).toContain('countedQuantity');
    const noPart = await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partCode: 'NO-SUCH', countedQuantity: 1 });
    expect(noPart.status).toBe(400);
    expect(fieldsOf(noPart)).toContain('partCode');
    const unchanged = ok(await keeper.get(`/api/stocktakes/${sheet.id}`));
    expect(unchanged.countedCount).toBe(0);
    expect(unchanged.lines.length).toBe(sheet.lines.length);
    expect(unchanged.version).toBe(sheet.version);
    // Stale version: someone counted since.
    ok(await keeper.post(`/api/stocktakes/${sheet.id}/counts`, { partId: part.id, countedQuantity: 3 }));
    const stale = await keeper.post(`/api/stocktakes/${sheet.id}/cancel`, { version: sheet.version });
    expect(stale.status).toBe(409);
    const fresh = ok(await keeper.get(`/api/stocktakes/${sheet.id}`));
    ok(await keeper.post(`/api/stocktakes/${sheet.id}/cancel`, { version: fresh.version }));
  });

  it('keeps other stations out (404) and lists only my stations’ counts', async () => {
    const sheet = ok(await keeper.post('/api/stocktakes', { warehouseId: WH }));
    expect((await managerSh.get(`/api/stocktakes/${sheet.id}`)).status).toBe(404);
    expect((await managerSh.get(`/api/stocktakes/${sheet.id}/variance`)).status).toBe(404);
    expect((await managerSh.post(`/api/stocktakes/${sheet.id}/counts`, { lineId: 1, countedQuantity: 1 })).status).toBe(
      404,
    );
    expect((await managerSh.post(`/api/stocktakes/${sheet.id}/cancel`, { version: sheet.version })).status).toBe(404);
    // Starting a count of another station's warehouse: 400 naming the warehouse.
    const foreign = await managerSh.post('/api/stocktakes', { warehouseId: WH });
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign)).toContain('warehouseId');
    const theirs = ok(await managerSh.get('/api/stocktakes'));
    expect(theirs.items.map((item: { id: number }) => item.id)).not.toContain(sheet.id);
    const mine = ok(await manager.get(`/api/stocktakes?warehouseId=${WH}&status=counting`));
    expect(mine.items.map((item: { id: number }) => item.id)).toEqual([sheet.id]);
    ok(await keeper.post(`/api/stocktakes/${sheet.id}/cancel`, { version: sheet.version }));
  });
});
