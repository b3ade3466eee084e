/**
 * Replenishment through HTTP (PRT-5): reorder suggestions from stock, reservations, open orders and
 * consumption; purchase requests from draft to received with partial receipts; refusals (over-receipt,
 * receipts against rejected/closed/draft requests, stale versions, bad input, other stations).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { balanceOf, createPart, receiveStock, userIdOf, warehouseOf } from './parts-fixtures.js';
import { postMovement } from './stock-ledger.js';

let t: TestApp;
let keeper: ApiClient; // parts.bj
let manager: ApiClient; // manager.bj
let managerSh: ApiClient;
let keeperId: number;
let WH = 0;
let supplierId = 0;

beforeAll(async () => {
  t = await createTestApp();
  [keeper, manager, managerSh] = await Promise.all(['parts.bj', 'manager.bj', 'manager.sh'].map((u) => t.client(u)));
  keeperId = await userIdOf(t.db, 'parts.bj');
  const bj = await warehouseOf(t.db, 'BJ');
  const [row] = await t.query<{ id: number }>(
    `insert into warehouses (code, name, station_id, kind) values ('WH-BJ-PR', '采购测试库', $1, 'station') returning id`,
    [bj.stationId],
  );
  WH = row.id;
  const [supplier] = await t.query<{ id: number }>(
    `insert into suppliers (code, name) values ('SUP-PR-1', '北京测试配件厂') returning id`,
  );
  supplierId = supplier.id;
});
afterAll(() => t.close());

const ok = (response: ApiResponse) => {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const fieldsOf = (response: ApiResponse) => (response.body.error?.fields ?? []).map((f: { field: string }) => f.field);

async function newPart(
  options: { onHand?: number; reorderPoint?: number; reorderQuantity?: number; costFen?: number } = {},
) {
  const part = await createPart(t.db, {
    reorderPoint: options.reorderPoint ?? 0,
    reorderQuantity: options.reorderQuantity ?? 0,
    defaultSupplierId: supplierId,
  });
  if (options.onHand)
    await receiveStock(t.db, { warehouseId: WH, partId: part.id, quantity: options.onHand, actorId: keeperId });
  if (options.costFen !== undefined) {
    await t.query(
      `insert into part_prices (part_id, effective_from, price_fen, cost_fen) values ($1, '2020-01-01', $2, $3)`,
      [part.id, options.costFen * 2, options.costFen],
    );
  }
  return part;
}

const issue = (partId: number, quantity: number) =>
  t.db.transaction((tx) =>
    postMovement(tx, {
      kind: 'issue',
      warehouseId: WH,
      partId,
      quantity: -quantity,
      at: new Date(),
      actorId: keeperId,
    }),
  );

const suggestionFor = async (partId: number) => {
  const body = ok(await keeper.get(`/api/reorder-suggestions?warehouseId=${WH}`));
  return body.items.find((item: { partId: number }) => item.partId === partId);
};

const receipts = async (purchaseRequestId: number) =>
  t.query<{ part_id: number; quantity: number; unit_cost_fen: number | null }>(
    `select part_id, quantity, unit_cost_fen from stock_ledger where purchase_request_id = $1 and kind = 'receipt' order by id`,
    [purchaseRequestId],
  );

/** A request taken to approved. */
async function approvedRequest(lines: { partId: number; quantity: number; unitCostFen?: number }[]) {
  const draft = ok(await keeper.post('/api/purchase-requests', { supplierId, warehouseId: WH, lines }));
  const submitted = ok(await keeper.post(`/api/purchase-requests/${draft.id}/submit`, { version: draft.version }));
  return ok(await manager.post(`/api/purchase-requests/${draft.id}/approve`, { version: submitted.version }));
}

describe('reorder suggestions', () => {
  it('suggest a part at or below its reorder point and stop once it is on order', async () => {
    const part = await newPart({ onHand: 8, reorderPoint: 5, reorderQuantity: 10, costFen: 1200 });
    const plenty = await newPart({ onHand: 50, reorderPoint: 5 });
    expect(await suggestionFor(part.id)).toBeUndefined();
    // 3 issued (consumption), 2 reserved for a ticket → available 3 ≤ 5.
    await issue(part.id, 3);
    await t.db.transaction((tx) =>
      postMovement(tx, {
        kind: 'reserve',
        warehouseId: WH,
        partId: part.id,
        quantity: 0,
        reservedDelta: 2,
        at: new Date(),
        actorId: keeperId,
      }),
    );
    const suggestion = await suggestionFor(part.id);
    expect(suggestion).toMatchObject({
      onHand: 5,
      reserved: 2,
      onOrder: 0,
      available: 3,
      consumed: 3,
      lookbackDays: 90,
      leadTimeDays: 7,
      quantity: 10,
      supplierId,
      supplierName: '北京测试配件厂',
      unitCostFen: 1200,
    });
    expect(suggestion.reasons[0].zh).toContain('订货点 5');
    expect(suggestion.reasons[0].en).toContain('reorder point 5');
    expect(await suggestionFor(plenty.id)).toBeUndefined();

    // Ordered (a draft counts as on order): the suggestion disappears.
    const request = ok(
      await keeper.post('/api/purchase-requests', {
        supplierId,
        warehouseId: WH,
        lines: [{ partId: part.id, quantity: suggestion.quantity }],
      }),
    );
    expect(request.lines[0].unitCostFen).toBe(1200); // from the price list
    expect(await suggestionFor(part.id)).toBeUndefined();
    // Closed without receiving anything: suggested again.
    ok(await keeper.post(`/api/purchase-requests/${request.id}/close`, { version: request.version, note: '改为调拨' }));
    expect((await suggestionFor(part.id))?.onOrder).toBe(0);
  });

  it('uses the consumption lookback setting and the supplier lead time', async () => {
    const part = await newPart({ onHand: 30 });
    await issue(part.id, 20); // 20 used, 10 left; 90 days → 0.22/day; lead 60 days → 13.3 expected
    await t.query(`insert into part_suppliers (part_id, supplier_id, lead_time_days) values ($1, $2, 60)`, [
      part.id,
      supplierId,
    ]);
    const suggestion = await suggestionFor(part.id);
    expect(suggestion).toMatchObject({ available: 10, leadTimeDays: 60, quantity: 5 }); // 0 + 1 − 10 + 13.33 → 5
    expect(suggestion.reasons.map((r: { code: string }) => r.code)).toEqual(['short_cover', 'quantity']);
  });

  it('refuses a warehouse of another station (400 naming it)', async () => {
    const response = await managerSh.get(`/api/reorder-suggestions?warehouseId=${WH}`);
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toContain('warehouseId');
  });
});

describe('purchase requests', () => {
  it('go from draft to received through partial receipts, stock entering with each', async () => {
    const a = await newPart({ costFen: 500 });
    const b = await newPart();
    const draft = ok(
      await keeper.post('/api/purchase-requests', {
        supplierId,
        warehouseId: WH,
        note: '四月采购计划',
        lines: [
          { partId: a.id, quantity: 10 },
          { partId: b.id, quantity: 2, unitCostFen: 3000 },
        ],
      }),
    );
    expect(draft).toMatchObject({ status: 'draft', supplierName: '北京测试配件厂', lineCount: 2, totalFen: 11000 });
    expect(draft.number).toMatch(/^CG\d{6,}$/);
    // Receiving against a draft: 409 with a clear message.
    const early = await keeper.post(`/api/purchase-requests/${draft.id}/receipts`, {
      version: draft.version,
      lines: [{ lineId: draft.lines[0].id, receivedQuantity: 1, acceptedQuantity: 1 }],
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('草稿');
    // Edit the draft: b to 4 units; a stale version afterwards → 409.
    const edited = ok(
      await keeper.put(`/api/purchase-requests/${draft.id}`, {
        version: draft.version,
        supplierId,
        note: '四月采购计划',
        lines: [
          { partId: a.id, quantity: 10 },
          { partId: b.id, quantity: 4, unitCostFen: 3000 },
        ],
      }),
    );
    expect(edited.lines.map((l: { quantity: number }) => l.quantity)).toEqual([10, 4]);
    const stale = await keeper.post(`/api/purchase-requests/${draft.id}/submit`, { version: draft.version });
    expect(stale.status).toBe(409);
    const submitted = ok(await keeper.post(`/api/purchase-requests/${draft.id}/submit`, { version: edited.version }));
    expect(submitted.status).toBe('submitted');
    // Only approvers approve.
    expect(
      (await keeper.post(`/api/purchase-requests/${draft.id}/approve`, { version: submitted.version })).status,
    ).toBe(403);
    const approved = ok(
      await manager.post(`/api/purchase-requests/${draft.id}/approve`, { version: submitted.version, note: '同意' }),
    );
    expect(approved).toMatchObject({ status: 'approved', decisionNote: '同意' });
    const [lineA, lineB] = approved.lines;

    // First delivery: 6 of a, one rejected at inspection.
    const partial = ok(
      await keeper.post(`/api/purchase-requests/${draft.id}/receipts`, {
        version: approved.version,
        inspectionNote: '外观检查，1 件外壳破损退回',
        lines: [{ lineId: lineA.id, receivedQuantity: 6, acceptedQuantity: 5, rejectedQuantity: 1 }],
      }),
    );
    expect(partial.status).toBe('partially_received');
    expect(partial.lines[0]).toMatchObject({ receivedQuantity: 5, rejectedQuantity: 1, outstanding: 5 });
    expect(partial.receipts).toHaveLength(1);
    expect(partial.receipts[0]).toMatchObject({
      inspectionNote: '外观检查，1 件外壳破损退回',
      lines: [{ partCode: a.code, receivedQuantity: 6, acceptedQuantity: 5, rejectedQuantity: 1 }],
    });
    expect(await balanceOf(t.db, WH, a.id)).toEqual({ onHand: 5, reserved: 0 });
    expect(await receipts(draft.id)).toEqual([{ part_id: a.id, quantity: 5, unit_cost_fen: 500 }]);

    // More than outstanding of b: 409 naming the part, nothing written.
    const over = await keeper.post(`/api/purchase-requests/${draft.id}/receipts`, {
      version: partial.version,
      lines: [
        { lineId: lineA.id, receivedQuantity: 5, acceptedQuantity: 5 },
        { lineId: lineB.id, receivedQuantity: 5, acceptedQuantity: 5 },
      ],
    });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toContain(b.code);
    expect(await receipts(draft.id)).toHaveLength(1);
    expect(await balanceOf(t.db, WH, a.id)).toEqual({ onHand: 5, reserved: 0 });
    // received ≠ accepted + rejected: 400 naming the field.
    const split = await keeper.post(`/api/purchase-requests/${draft.id}/receipts`, {
      version: partial.version,
      lines: [{ lineId: lineB.id, receivedQuantity: 3, acceptedQuantity: 1, rejectedQuantity: 1 }],
    });
    expect(split.status).toBe(400);
    expect(fieldsOf(split)).toEqual(['lines.0.receivedQuantity']);

    // The rest arrives: received.
    const done = ok(
      await keeper.post(`/api/purchase-requests/${draft.id}/receipts`, {
        version: partial.version,
        lines: [
          { lineId: lineA.id, receivedQuantity: 5, acceptedQuantity: 5 },
          { lineId: lineB.id, receivedQuantity: 4, acceptedQuantity: 4 },
        ],
      }),
    );
    expect(done.status).toBe('received');
    expect(await balanceOf(t.db, WH, a.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await balanceOf(t.db, WH, b.id)).toEqual({ onHand: 4, reserved: 0 });
    expect((await receipts(draft.id)).map((r) => r.quantity)).toEqual([5, 5, 4]);
    const again = await keeper.post(`/api/purchase-requests/${draft.id}/receipts`, {
      version: done.version,
      lines: [{ lineId: lineA.id, receivedQuantity: 1, acceptedQuantity: 1 }],
    });
    expect(again.status).toBe(409);
  });

  it('closing a partially received request cancels the rest; no receipt after that', async () => {
    const part = await newPart();
    const approved = await approvedRequest([{ partId: part.id, quantity: 6 }]);
    const partial = ok(
      await keeper.post(`/api/purchase-requests/${approved.id}/receipts`, {
        version: approved.version,
        lines: [{ lineId: approved.lines[0].id, receivedQuantity: 2, acceptedQuantity: 2 }],
      }),
    );
    const closed = ok(
      await keeper.post(`/api/purchase-requests/${approved.id}/close`, {
        version: partial.version,
        note: '供应商停产',
      }),
    );
    expect(closed.status).toBe('closed');
    const late = await keeper.post(`/api/purchase-requests/${approved.id}/receipts`, {
      version: closed.version,
      lines: [{ lineId: approved.lines[0].id, receivedQuantity: 1, acceptedQuantity: 1 }],
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('已关闭');
    expect(await balanceOf(t.db, WH, part.id)).toEqual({ onHand: 2, reserved: 0 });
  });

  it("closing keeps the approval's note and records its own; a page loaded before the close learns it is closed", async () => {
    const part = await newPart();
    const draft = ok(
      await keeper.post('/api/purchase-requests', {
        supplierId,
        warehouseId: WH,
        lines: [{ partId: part.id, quantity: 4 }],
      }),
    );
    const submitted = ok(await keeper.post(`/api/purchase-requests/${draft.id}/submit`, { version: draft.version }));
    const approved = ok(
      await manager.post(`/api/purchase-requests/${draft.id}/approve`, {
        version: submitted.version,
        note: '同意，按季度价执行',
      }),
    );
    expect(approved).toMatchObject({ decisionNote: '同意，按季度价执行', closeNote: null, closedAt: null });
    // Bad input: no closing note → 400 naming it, nothing changed.
    const noNote = await keeper.post(`/api/purchase-requests/${draft.id}/close`, { version: approved.version });
    expect(noNote.status).toBe(400);
    expect(fieldsOf(noNote)).toEqual(['note']);
    const closed = ok(
      await keeper.post(`/api/purchase-requests/${draft.id}/close`, { version: approved.version, note: '供应商停产' }),
    );
    expect(closed).toMatchObject({
      status: 'closed',
      decisionNote: '同意，按季度价执行',
      decidedByName: approved.decidedByName,
      closeNote: '供应商停产',
      closedByName: expect.any(String),
    });
    expect(closed.closedByName).not.toBe(approved.decidedByName);
    expect(Date.parse(closed.closedAt)).toBeGreaterThan(0);
    const [row] = await t.query<{ decision_note: string; close_note: string; closed_by: number; decided_by: number }>(
      'select decision_note, close_note, closed_by, decided_by from purchase_requests where id = $1',
      [draft.id],
    );
    expect(row).toMatchObject({ decision_note: '同意，按季度价执行', close_note: '供应商停产', closed_by: keeperId });
    const [audit] = await t.query<{ after: { status: string; closeNote: string } }>(
      `select after from audit_log where entity_type = 'purchase_request' and entity_id = $1 order by id desc limit 1`,
      [String(draft.id)],
    );
    expect(audit.after).toEqual({ status: 'closed', closeNote: '供应商停产' });
    // A receipt sent from a page loaded before the close (stale version): told the request is closed.
    const late = await keeper.post(`/api/purchase-requests/${draft.id}/receipts`, {
      version: approved.version,
      lines: [{ lineId: approved.lines[0].id, receivedQuantity: 1, acceptedQuantity: 1 }],
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('已关闭，不能收货');
    expect(await receipts(draft.id)).toEqual([]);
    // A stale version on an action the status still allows stays a version conflict.
    const other = await approvedRequest([{ partId: part.id, quantity: 1 }]);
    const staleClose = await keeper.post(`/api/purchase-requests/${other.id}/close`, {
      version: other.version - 1,
      note: '重复',
    });
    expect(staleClose.status).toBe(409);
    expect(staleClose.body.error.message).toContain('已被其他人修改');
  });

  it('a rejected request takes no receipt', async () => {
    const part = await newPart();
    const draft = ok(
      await keeper.post('/api/purchase-requests', {
        supplierId,
        warehouseId: WH,
        lines: [{ partId: part.id, quantity: 3 }],
      }),
    );
    const submitted = ok(await keeper.post(`/api/purchase-requests/${draft.id}/submit`, { version: draft.version }));
    const noReason = await manager.post(`/api/purchase-requests/${draft.id}/reject`, { version: submitted.version });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason)).toContain('note');
    const rejected = ok(
      await manager.post(`/api/purchase-requests/${draft.id}/reject`, { version: submitted.version, note: '库存充足' }),
    );
    expect(rejected).toMatchObject({ status: 'rejected', decisionNote: '库存充足' });
    const receipt = await keeper.post(`/api/purchase-requests/${draft.id}/receipts`, {
      version: rejected.version,
      lines: [{ lineId: draft.lines[0].id, receivedQuantity: 1, acceptedQuantity: 1 }],
    });
    expect(receipt.status).toBe(409);
    expect(receipt.body.error.message).toContain('已驳回');
    expect(await receipts(draft.id)).toEqual([]);
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const part = await newPart();
    const [before] = await t.query<{ n: number }>(`select count(*)::int as n from purchase_requests`);
    const cases: [Record<string, unknown>, string][] = [
      [{ supplierId, warehouseId: WH, lines: [] }, 'lines'],
      [{ supplierId, warehouseId: WH, lines: [{ partId: part.id, quantity: 0 }] }, 'lines.0.quantity'],
      [{ supplierId, warehouseId: WH, lines: [{ partId: part.id, quantity: 1.5 }] }, 'lines.0.quantity'],
      [{ supplierId, warehouseId: WH, lines: [{ partId: 999999, quantity: 1 }] }, 'lines.0.partId'],
      [
        {
          supplierId,
          warehouseId: WH,
          lines: [
            { partId: part.id, quantity: 1 },
            { partId: part.id, quantity: 2 },
          ],
        },
        'lines.1.partId',
      ],
      [{ supplierId: 999999, warehouseId: WH, lines: [{ partId: part.id, quantity: 1 }] }, 'supplierId'],
      [{ supplierId, lines: [{ partId: part.id, quantity: 1 }] }, 'warehouseId'],
    ];
    for (const [body, field] of cases) {
      const response = await keeper.post('/api/purchase-requests', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(response)).toContain(field);
    }
    const [after] = await t.query<{ n: number }>(`select count(*)::int as n from purchase_requests`);
    expect(after.n).toBe(before.n);
  });

  it('keeps other stations out', async () => {
    const part = await newPart();
    const draft = ok(
      await keeper.post('/api/purchase-requests', {
        supplierId,
        warehouseId: WH,
        lines: [{ partId: part.id, quantity: 1 }],
      }),
    );
    expect((await managerSh.get(`/api/purchase-requests/${draft.id}`)).status).toBe(404);
    expect(
      (await managerSh.post(`/api/purchase-requests/${draft.id}/close`, { version: draft.version, note: 'x' })).status,
    ).toBe(404);
    const theirs = ok(await managerSh.get('/api/purchase-requests?pageSize=200'));
    expect(theirs.items.map((item: { id: number }) => item.id)).not.toContain(draft.id);
    const foreign = await managerSh.post('/api/purchase-requests', {
      supplierId,
      warehouseId: WH,
      lines: [{ partId: part.id, quantity: 1 }],
    });
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign)).toContain('warehouseId');
    const mine = ok(await manager.get(`/api/purchase-requests?status=draft&q=${encodeURIComponent(part.code)}`));
    expect(mine.items.map((item: { id: number }) => item.id)).toEqual([draft.id]);
  });
});
