/**
 * Faulty-part returns through HTTP (PRT-6): the full loop request → reserve → issue → consume 1 +
 * return 1 → faulty part due (16 h, a setting) → overdue → booked into defective stock → inspected
 * with a nonconformance report (BHG…) → responsibility → closed with the disposition on the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createFixture, createTicket, expectOk, type Fixture } from '../tickets/ticket-test-fixtures.js';
import { balanceOf, createPart, receiveStock, userIdOf, warehouseOf } from './parts-fixtures.js';

let t: TestApp;
let offsetMs = 0;
let agent: ApiClient;
let engineer: ApiClient;
let keeper: ApiClient;
let quality: ApiClient;
let managerSh: ApiClient;
let keeperSh: ApiClient;
let keeperId: number;
let fixture: Fixture;
let WH: number;
let WH_SH: number;
let supplierId: number;

const hours = (n: number) => n * 3_600_000;

/** A warranty part issued on a new ticket, consumed 1 and returned 1; returns the faulty return's id. */
async function consumedWarrantyPart(partId: number) {
  const ticket = await createTicket(agent, fixture);
  const request = expectOk(
    await engineer.post(`/api/tickets/${ticket.id}/part-requests`, { partId, quantity: 2, warehouseId: WH }),
    201,
  );
  expectOk(await keeper.post(`/api/part-requests/${request.id}/reserve`, { version: 1 }));
  expectOk(await keeper.post(`/api/part-requests/${request.id}/issue`, { version: 2 }));
  const consumed = expectOk(
    await engineer.post(`/api/part-requests/${request.id}/consume`, {
      version: 3,
      consumedQuantity: 1,
      returnedQuantity: 1,
    }),
  );
  expect(consumed.chargeKind).toBe('warranty');
  return { ticket, request: consumed, faultyReturnId: consumed.faultyReturnId as number };
}

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => new Date(Date.now() + offsetMs) } });
  [agent, engineer, keeper, quality, managerSh] = await Promise.all(
    ['agent.bj', 'engineer.bj', 'parts.bj', 'quality', 'manager.sh'].map((login) => t.client(login)),
  );
  keeperId = await userIdOf(t.db, 'parts.bj');
  fixture = await createFixture(t);
  WH = (await warehouseOf(t.db, 'BJ')).id;
  WH_SH = (await warehouseOf(t.db, 'SH')).id;
  [{ id: supplierId }] = await t.query<{ id: number }>(
    `insert into suppliers (code, name) values ('SUP-FR', '返修测试供应商') returning id`,
  );
  // A parts keeper of the SH station.
  const admin = await t.client('admin');
  const created = expectOk(
    await admin.post('/api/users', {
      username: 'parts.sh',
      password: 'Secret2026',
      displayName: '上海库管',
      roles: ['parts_keeper'],
      stationId: t.stationId.get('SH'),
    }),
  );
  await t.query('update users set must_change_password = false where id = $1', [created.id]);
  keeperSh = await t.client('parts.sh', 'Secret2026');
});
afterAll(() => t?.close());

describe('faulty-part returns (PRT-6)', () => {
  it('runs the whole loop and keeps the ledger honest', async () => {
    const part = await createPart(t.db, { name: '伺服电机' });
    await t.query(
      `insert into part_prices (part_id, effective_from, price_fen, cost_fen) values ($1, '2020-01-01', 50000, 30000)`,
      [part.id],
    );
    await receiveStock(t.db, { warehouseId: WH, partId: part.id, quantity: 5, actorId: keeperId });
    const started = Date.now();
    const { ticket, request, faultyReturnId } = await consumedWarrantyPart(part.id);
    expect(await balanceOf(t.db, WH, part.id)).toEqual({ onHand: 4, reserved: 0 });

    // Due 16 h (the setting's default) after the engineer is back (no visit: the consumption).
    const due = expectOk(await keeper.get(`/api/faulty-returns/${faultyReturnId}`));
    expect(due).toMatchObject({
      status: 'due',
      overdue: false,
      quantity: 1,
      partCode: part.code,
      ticketNumber: ticket.number,
      partRequestId: request.id,
    });
    const dueAt = new Date(due.dueAt).getTime();
    expect(dueAt).toBeGreaterThanOrEqual(started + hours(16));
    expect(dueAt).toBeLessThan(Date.now() + hours(16) + 1000);
    expect(
      expectOk(await keeper.get('/api/faulty-returns?status=due')).items.map((r: { id: number }) => r.id),
    ).toContain(faultyReturnId);
    expect(expectOk(await keeper.get('/api/faulty-returns?overdue=true')).items).toEqual([]);

    // 17 hours later it is overdue.
    offsetMs = hours(17);
    const overdue = expectOk(await keeper.get('/api/faulty-returns?overdue=true'));
    expect(overdue.items).toEqual([expect.objectContaining({ id: faultyReturnId, overdue: true })]);
    // SH sees none of it.
    expect(expectOk(await managerSh.get('/api/faulty-returns')).items).toEqual([]);
    expect((await managerSh.get(`/api/faulty-returns/${faultyReturnId}`)).status).toBe(404);

    // Inspection before booking in, and booking in to another station's warehouse, are refused.
    const early = await quality.post(`/api/faulty-returns/${faultyReturnId}/inspect`, {
      version: due.version,
      defectDescription: '无法转动',
      cause: '绕组烧毁',
      disposition: 'scrap',
      responsibility: 'ours',
    });
    expect(early.status).toBe(409);
    expect(
      (await keeper.post(`/api/faulty-returns/${faultyReturnId}/receive`, { version: due.version, warehouseId: WH_SH }))
        .status,
    ).toBe(404);
    expect(
      (
        await keeperSh.post(`/api/faulty-returns/${faultyReturnId}/receive`, {
          version: due.version,
          warehouseId: WH_SH,
        })
      ).status,
    ).toBe(404);
    expect((await keeper.post(`/api/faulty-returns/${faultyReturnId}/receive`, { version: due.version })).status).toBe(
      400,
    );
    const received = expectOk(
      await keeper.post(`/api/faulty-returns/${faultyReturnId}/receive`, {
        version: due.version,
        warehouseId: WH,
        serialNo: 'M-OLD-9',
      }),
    );
    expect(received).toMatchObject({ status: 'received', warehouseId: WH, serialNo: 'M-OLD-9', overdue: false });
    expect(await balanceOf(t.db, WH, part.id, 'defective')).toEqual({ onHand: 1, reserved: 0 });
    expect(await balanceOf(t.db, WH, part.id, 'good')).toEqual({ onHand: 4, reserved: 0 });
    // Twice → 409 (stale version, then the status).
    expect(
      (await keeper.post(`/api/faulty-returns/${faultyReturnId}/receive`, { version: due.version, warehouseId: WH }))
        .status,
    ).toBe(409);
    expect(
      (
        await keeper.post(`/api/faulty-returns/${faultyReturnId}/receive`, {
          version: received.version,
          warehouseId: WH,
        })
      ).status,
    ).toBe(409);

    // Inspection: 400s name the field and change nothing.
    const bad = [
      [{ responsibility: 'customer', disposition: 'repair' }, 'chargeFen'],
      [{ responsibility: 'supplier', disposition: 'return_to_supplier' }, 'supplierId'],
      [{ responsibility: 'ours', disposition: 'scrap', defectDescription: '' }, 'defectDescription'],
      [{ responsibility: 'nobody', disposition: 'scrap' }, 'responsibility'],
      [{ responsibility: 'supplier', disposition: 'scrap', supplierId: 999_999 }, 'supplierId'],
    ] as const;
    for (const [patch, field] of bad) {
      const response = await quality.post(`/api/faulty-returns/${faultyReturnId}/inspect`, {
        version: received.version,
        defectDescription: '无法转动',
        cause: '绕组烧毁',
        ...patch,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const unchanged = expectOk(await quality.get(`/api/faulty-returns/${faultyReturnId}`));
    expect(unchanged).toMatchObject({ status: 'received', version: received.version, ncrNumber: null });
    // The engineer may not inspect.
    expect(
      (
        await engineer.post(`/api/faulty-returns/${faultyReturnId}/inspect`, {
          version: received.version,
          defectDescription: 'x',
          cause: 'y',
          disposition: 'scrap',
          responsibility: 'ours',
        })
      ).status,
    ).toBe(403);

    const inspected = expectOk(
      await quality.post(`/api/faulty-returns/${faultyReturnId}/inspect`, {
        version: received.version,
        defectDescription: '电机无法转动，异响',
        cause: '轴承缺陷（来料）',
        disposition: 'return_to_supplier',
        responsibility: 'supplier',
        supplierId,
      }),
    );
    expect(inspected).toMatchObject({
      status: 'inspected',
      responsibility: 'supplier',
      supplierName: '返修测试供应商',
      chargeFen: null,
    });
    expect(inspected.ncrNumber).toMatch(/^BHG\d{4}\d{2,}$/);
    // A correction keeps the number.
    const corrected = expectOk(
      await quality.post(`/api/faulty-returns/${faultyReturnId}/inspect`, {
        version: inspected.version,
        defectDescription: '电机无法转动，异响',
        cause: '用户接线错误',
        disposition: 'scrap',
        responsibility: 'customer',
        chargeFen: 50000,
      }),
    );
    expect(corrected).toMatchObject({ ncrNumber: inspected.ncrNumber, responsibility: 'customer', chargeFen: 50000 });

    const closed = expectOk(
      await quality.post(`/api/faulty-returns/${faultyReturnId}/close`, { version: corrected.version }),
    );
    expect(closed.status).toBe('closed');
    expect(await balanceOf(t.db, WH, part.id, 'defective')).toEqual({ onHand: 0, reserved: 0 });
    expect(
      (await quality.post(`/api/faulty-returns/${faultyReturnId}/close`, { version: closed.version })).status,
    ).toBe(409);

    const ledger = await t.query<{ kind: string; condition: string; quantity: number }>(
      `select kind, condition, quantity from stock_ledger where part_id = $1 and ticket_id = $2 order by id`,
      [part.id, ticket.id],
    );
    expect(ledger).toEqual([
      { kind: 'reserve', condition: 'good', quantity: 0 },
      { kind: 'issue', condition: 'good', quantity: -2 },
      { kind: 'return', condition: 'good', quantity: 1 },
      { kind: 'defective_in', condition: 'defective', quantity: 1 },
      { kind: 'defective_out', condition: 'defective', quantity: -1 },
    ]);
    const [sums] = await t.query<{ good: number; defective: number }>(
      `select coalesce(sum(quantity) filter (where condition = 'good'), 0)::int as good,
              coalesce(sum(quantity) filter (where condition = 'defective'), 0)::int as defective
         from stock_ledger where part_id = $1 and warehouse_id = $2`,
      [part.id, WH],
    );
    expect(sums).toEqual({ good: 4, defective: 0 });
    const timeline = expectOk(await agent.get(`/api/tickets/${ticket.id}/timeline`));
    const notes = timeline.items
      .filter((e: { kind: string }) => e.kind === 'parts')
      .map((e: { note: string }) => e.note);
    expect(notes.some((note: string) => note.includes('旧件入不良品库') && note.includes('超时'))).toBe(true);
    expect(notes.some((note: string) => note.includes(inspected.ncrNumber))).toBe(true);
    offsetMs = 0;
  });

  it('puts a repaired part back into good stock through the ledger', async () => {
    const part = await createPart(t.db, { name: '电源板' });
    await receiveStock(t.db, { warehouseId: WH, partId: part.id, quantity: 2, actorId: keeperId });
    const { faultyReturnId } = await consumedWarrantyPart(part.id);
    const due = expectOk(await keeper.get(`/api/faulty-returns/${faultyReturnId}`));
    const received = expectOk(
      await keeper.post(`/api/faulty-returns/${faultyReturnId}/receive`, { version: due.version, warehouseId: WH }),
    );
    const inspected = expectOk(
      await keeper.post(`/api/faulty-returns/${faultyReturnId}/inspect`, {
        version: received.version,
        defectDescription: '输出电压偏低',
        cause: '电容老化',
        disposition: 'repair',
        responsibility: 'ours',
      }),
    );
    expect(inspected.chargeFen).toBeNull();
    expect(await balanceOf(t.db, WH, part.id, 'good')).toEqual({ onHand: 1, reserved: 0 });
    expectOk(await keeper.post(`/api/faulty-returns/${faultyReturnId}/close`, { version: inspected.version }));
    expect(await balanceOf(t.db, WH, part.id, 'good')).toEqual({ onHand: 2, reserved: 0 });
    expect(await balanceOf(t.db, WH, part.id, 'defective')).toEqual({ onHand: 0, reserved: 0 });
    const entries = await t.query<{ kind: string; condition: string; faulty_return_id: number }>(
      `select kind, condition, faulty_return_id from stock_ledger where faulty_return_id = $1 order by id`,
      [faultyReturnId],
    );
    expect(entries.map((e) => `${e.kind}/${e.condition}`)).toEqual([
      'defective_in/defective',
      'defective_out/defective',
      'receipt/good',
    ]);
  });

  it('creates no return for customer-bought parts or consumables, and honours the setting', async () => {
    const admin = await t.client('admin');
    const setting = expectOk(await admin.get('/api/settings'));
    const entry = setting.items.find((s: { key: string }) => s.key === 'parts.faultyReturnHours');
    expect(entry.value).toBe(16);
    expectOk(await admin.put('/api/settings/parts.faultyReturnHours', { value: 8, version: entry.version }));
    const part = await createPart(t.db);
    await receiveStock(t.db, { warehouseId: WH, partId: part.id, quantity: 3, actorId: keeperId });
    const before = Date.now();
    const { faultyReturnId } = await consumedWarrantyPart(part.id);
    const row = expectOk(await keeper.get(`/api/faulty-returns/${faultyReturnId}`));
    expect(new Date(row.dueAt).getTime()).toBeLessThan(before + hours(9));

    const grease = await createPart(t.db, { category: 'consumable', name: '润滑脂' });
    await receiveStock(t.db, { warehouseId: WH, partId: grease.id, quantity: 1, actorId: keeperId });
    const ticket = await createTicket(agent, fixture);
    const issued = expectOk(
      await keeper.post(`/api/tickets/${ticket.id}/parts/issue`, { partId: grease.id, warehouseId: WH, quantity: 1 }),
      201,
    );
    const consumed = expectOk(
      await engineer.post(`/api/part-requests/${issued.id}/consume`, { version: 1, consumedQuantity: 1 }),
    );
    expect(consumed.faultyReturnId).toBeNull();
    const bought = expectOk(
      await keeper.post(`/api/tickets/${ticket.id}/parts/issue`, {
        partId: part.id,
        warehouseId: WH,
        quantity: 1,
        chargeKind: 'customer_bought',
      }),
      201,
    );
    const boughtConsumed = expectOk(
      await engineer.post(`/api/part-requests/${bought.id}/consume`, { version: 1, consumedQuantity: 1 }),
    );
    expect(boughtConsumed.faultyReturnId).toBeNull();
  });
});
