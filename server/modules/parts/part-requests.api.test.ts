/**
 * Parts on tickets through HTTP (PRT-3, DSP-4): request → reserve → issue → consume/return, the
 * default charge kind, prices of the day, serial swaps, bad input (400 naming the field, nothing
 * written), conflicts (409), station scoping (404), the records, and the last unit issued by twenty
 * clients at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createDispatchableTicket } from '../dispatch/dispatch-fixtures.js';
import { createFixture, createTicket, expectOk, type Fixture } from '../tickets/ticket-test-fixtures.js';
import { balanceOf, createPart, type FixturePart, receiveStock, userIdOf, warehouseOf } from './parts-fixtures.js';

let t: TestApp;
let offsetMs = 0;
let admin: ApiClient;
let agent: ApiClient;
let engineer: ApiClient;
let keeper: ApiClient; // parts.bj
let managerSh: ApiClient;
let engineerSh: ApiClient;
let keeperId: number;
let inWarranty: Fixture;
let expired: Fixture;
let part: FixturePart;
let WH: number;
let WH_SH: number;

const counts = async () =>
  (
    await t.query<{ requests: number; ledger: number; events: number }>(
      `select (select count(*)::int from part_requests) as requests, (select count(*)::int from stock_ledger) as ledger,
              (select count(*)::int from ticket_events) as events`,
    )
  )[0];

/** Every balance equals the sum of its ledger (PRT-3). */
async function expectLedgerAgrees() {
  const rows = await t.query(
    `select s.warehouse_id, s.part_id, s.condition, s.on_hand, s.reserved,
            coalesce(sum(l.quantity), 0)::int as ledger_on_hand, coalesce(sum(l.reserved_delta), 0)::int as ledger_reserved
       from stock s left join stock_ledger l
         on l.warehouse_id = s.warehouse_id and l.part_id = s.part_id and l.condition = s.condition
      group by s.warehouse_id, s.part_id, s.condition, s.on_hand, s.reserved
     having s.on_hand <> coalesce(sum(l.quantity), 0) or s.reserved <> coalesce(sum(l.reserved_delta), 0)`,
  );
  expect(rows).toEqual([]);
}

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => new Date(Date.now() + offsetMs) } });
  [admin, agent, engineer, keeper, managerSh, engineerSh] = await Promise.all(
    ['admin', 'agent.bj', 'engineer.bj', 'parts.bj', 'manager.sh', 'engineer.sh'].map((login) => t.client(login)),
  );
  keeperId = await userIdOf(t.db, 'parts.bj');
  inWarranty = await createFixture(t);
  expired = await createFixture(t, { acceptanceDate: '2015-01-01' });
  WH = (await warehouseOf(t.db, 'BJ')).id;
  WH_SH = (await warehouseOf(t.db, 'SH')).id;
  part = await createPart(t.db, { name: '主控板' });
  await t.query(
    `insert into part_prices (part_id, effective_from, price_fen, cost_fen) values ($1, '2020-01-01', 12000, 8000), ($1, '2099-01-01', 99999, 99999)`,
    [part.id],
  );
  await receiveStock(t.db, { warehouseId: WH, partId: part.id, quantity: 10, actorId: keeperId });
  void admin;
});
afterAll(() => t?.close());

describe('requesting parts on a ticket', () => {
  it('defaults to 三包件 in warranty and 客户购买件 out of it, and writes the timeline', async () => {
    const ticket = await createTicket(agent, inWarranty);
    const created = await engineer.post(`/api/tickets/${ticket.id}/part-requests`, { partId: part.id, quantity: 1 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'requested',
      chargeKind: 'warranty',
      partCode: part.code,
      ticketNumber: ticket.number,
      version: 1,
    });
    const old = await createTicket(agent, expired);
    const bought = expectOk(
      await agent.post(`/api/tickets/${old.id}/part-requests`, { partId: part.id, quantity: 2, note: '客户要求' }),
      201,
    );
    expect(bought.chargeKind).toBe('customer_bought');
    const explicit = expectOk(
      await agent.post(`/api/tickets/${old.id}/part-requests`, {
        partId: part.id,
        quantity: 1,
        chargeKind: 'warranty',
      }),
      201,
    );
    expect(explicit.chargeKind).toBe('warranty');
    const timeline = expectOk(await agent.get(`/api/tickets/${old.id}/timeline`));
    expect(timeline.items.filter((e: { kind: string }) => e.kind === 'parts')).toHaveLength(2);
    const list = expectOk(await engineer.get(`/api/tickets/${old.id}/part-requests`));
    expect(list.items.map((r: { id: number }) => r.id).sort()).toEqual([bought.id, explicit.id].sort());
  });

  it('answers 400 naming the field and writes nothing', async () => {
    const ticket = await createTicket(agent, inWarranty);
    const before = await counts();
    for (const [body, field] of [
      [{ quantity: 1 }, 'partId'],
      [{ partId: part.id, quantity: 0 }, 'quantity'],
      [{ partId: part.id, quantity: 1.5 }, 'quantity'],
      [{ partId: part.id, quantity: 1, chargeKind: 'free' }, 'chargeKind'],
      [{ partId: 999_999, quantity: 1 }, 'partId'],
    ] as const) {
      const response = await engineer.post(`/api/tickets/${ticket.id}/part-requests`, body);
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses new parts on a closed or cancelled ticket with 409', async () => {
    const ticket = await createTicket(agent, inWarranty);
    await t.query(`update tickets set status = 'closed' where id = $1`, [ticket.id]);
    const before = await counts();
    const request = await engineer.post(`/api/tickets/${ticket.id}/part-requests`, { partId: part.id, quantity: 1 });
    expect(request.status).toBe(409);
    const direct = await keeper.post(`/api/tickets/${ticket.id}/parts/issue`, {
      partId: part.id,
      warehouseId: WH,
      quantity: 1,
    });
    expect(direct.status).toBe(409);
    expect(await counts()).toEqual(before);
  });
});

describe('reserve, issue, consume, return, cancel', () => {
  it('moves stock through the ledger with the ticket and the request on each entry', async () => {
    const ticket = await createTicket(agent, inWarranty);
    const start = await balanceOf(t.db, WH, part.id);
    const requested = expectOk(
      await engineer.post(`/api/tickets/${ticket.id}/part-requests`, { partId: part.id, quantity: 2 }),
      201,
    );
    // No warehouse yet: the keeper must choose one.
    const noWarehouse = await keeper.post(`/api/part-requests/${requested.id}/reserve`, { version: 1 });
    expect(noWarehouse.status).toBe(400);
    expect(noWarehouse.body.error.fields[0].field).toBe('warehouseId');
    // Another station's warehouse does not exist for this ticket.
    const foreign = await keeper.post(`/api/part-requests/${requested.id}/reserve`, { version: 1, warehouseId: WH_SH });
    expect(foreign.status).toBe(404);
    // The engineer cannot reserve (parts keeper's job).
    expect(
      (await engineer.post(`/api/part-requests/${requested.id}/reserve`, { version: 1, warehouseId: WH })).status,
    ).toBe(403);
    const reserved = expectOk(
      await keeper.post(`/api/part-requests/${requested.id}/reserve`, { version: 1, warehouseId: WH }),
    );
    expect(reserved).toMatchObject({ status: 'reserved', warehouseId: WH, version: 2 });
    expect(await balanceOf(t.db, WH, part.id)).toEqual({ onHand: start.onHand, reserved: start.reserved + 2 });
    // A stale version and a repeated reservation are conflicts.
    expect((await keeper.post(`/api/part-requests/${requested.id}/issue`, { version: 1 })).status).toBe(409);
    expect((await keeper.post(`/api/part-requests/${requested.id}/reserve`, { version: 2 })).status).toBe(409);
    const issued = expectOk(await keeper.post(`/api/part-requests/${requested.id}/issue`, { version: 2 }));
    expect(issued).toMatchObject({ status: 'issued', issuedQuantity: 2, issuedByName: expect.any(String) });
    // 三包件 carry no customer price.
    expect(issued.unitPriceFen).toBeNull();
    expect(await balanceOf(t.db, WH, part.id)).toEqual({ onHand: start.onHand - 2, reserved: start.reserved });
    // Consumed + returned must equal issued.
    const wrong = await engineer.post(`/api/part-requests/${requested.id}/consume`, {
      version: 3,
      consumedQuantity: 1,
      returnedQuantity: 0,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('returnedQuantity');
    const consumed = expectOk(
      await engineer.post(`/api/part-requests/${requested.id}/consume`, { version: 3, consumedQuantity: 1 }),
    );
    expect(consumed).toMatchObject({ status: 'consumed', consumedQuantity: 1, returnedQuantity: 1 });
    expect(consumed.faultyReturnId).toEqual(expect.any(Number));
    expect(await balanceOf(t.db, WH, part.id)).toEqual({ onHand: start.onHand - 1, reserved: start.reserved });
    const ledger = await t.query<{
      kind: string;
      quantity: number;
      reserved_delta: number;
      unit_cost_fen: number | null;
    }>(
      `select kind, quantity, reserved_delta, unit_cost_fen from stock_ledger
        where part_request_id = $1 and ticket_id = $2 order by id`,
      [requested.id, ticket.id],
    );
    expect(ledger).toEqual([
      { kind: 'reserve', quantity: 0, reserved_delta: 2, unit_cost_fen: null },
      { kind: 'issue', quantity: -2, reserved_delta: -2, unit_cost_fen: 8000 },
      { kind: 'return', quantity: 1, reserved_delta: 0, unit_cost_fen: null },
    ]);
    // Nothing more can happen to a consumed request.
    expect((await engineer.post(`/api/part-requests/${requested.id}/return`, { version: 4 })).status).toBe(409);
    await expectLedgerAgrees();
  });

  it('prices customer-bought parts from the price list of the day, returns all, and releases reservations', async () => {
    const ticket = await createTicket(agent, expired);
    const start = await balanceOf(t.db, WH, part.id);
    const request = expectOk(
      await engineer.post(`/api/tickets/${ticket.id}/part-requests`, { partId: part.id, quantity: 1, warehouseId: WH }),
      201,
    );
    const issued = expectOk(await keeper.post(`/api/part-requests/${request.id}/issue`, { version: 1 }));
    expect(issued).toMatchObject({ chargeKind: 'customer_bought', unitPriceFen: 12000, warehouseId: WH });
    const returned = expectOk(
      await engineer.post(`/api/part-requests/${request.id}/return`, { version: 2, note: '未使用' }),
    );
    expect(returned).toMatchObject({ status: 'returned', returnedQuantity: 1, consumedQuantity: 0 });
    expect(await balanceOf(t.db, WH, part.id)).toEqual(start);

    const second = expectOk(
      await engineer.post(`/api/tickets/${ticket.id}/part-requests`, { partId: part.id, quantity: 3 }),
      201,
    );
    expectOk(await keeper.post(`/api/part-requests/${second.id}/reserve`, { version: 1, warehouseId: WH }));
    expect((await balanceOf(t.db, WH, part.id)).reserved).toBe(start.reserved + 3);
    const cancelled = expectOk(await engineer.post(`/api/part-requests/${second.id}/cancel`, { version: 2 }));
    expect(cancelled.status).toBe('cancelled');
    expect(await balanceOf(t.db, WH, part.id)).toEqual(start);
    expect((await keeper.post(`/api/part-requests/${second.id}/issue`, { version: 3 })).status).toBe(409);
    await expectLedgerAgrees();
  });

  it('refuses to reserve or issue more than is available (409 naming the part) and writes nothing', async () => {
    const scarce = await createPart(t.db);
    await receiveStock(t.db, { warehouseId: WH, partId: scarce.id, quantity: 2, actorId: keeperId });
    const ticket = await createTicket(agent, inWarranty);
    const request = expectOk(
      await engineer.post(`/api/tickets/${ticket.id}/part-requests`, { partId: scarce.id, quantity: 3 }),
      201,
    );
    const before = await counts();
    const reserve = await keeper.post(`/api/part-requests/${request.id}/reserve`, { version: 1, warehouseId: WH });
    expect(reserve.status).toBe(409);
    expect(reserve.body.error.message).toContain(scarce.code);
    const direct = await keeper.post(`/api/tickets/${ticket.id}/parts/issue`, {
      partId: scarce.id,
      warehouseId: WH,
      quantity: 3,
    });
    expect(direct.status).toBe(409);
    expect(direct.body.error.details).toMatchObject({ available: 2, requested: 3 });
    expect(await counts()).toEqual(before);
    expect(await balanceOf(t.db, WH, scarce.id)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('issues directly (parts keeper) and answers 404 for another station', async () => {
    const ticket = await createTicket(agent, inWarranty);
    const before = await balanceOf(t.db, WH, part.id);
    const direct = await keeper.post(`/api/tickets/${ticket.id}/parts/issue`, {
      partId: part.id,
      warehouseId: WH,
      quantity: 1,
    });
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    expect(direct.body).toMatchObject({ status: 'issued', chargeKind: 'warranty', issuedQuantity: 1 });
    expect(await balanceOf(t.db, WH, part.id)).toEqual({ onHand: before.onHand - 1, reserved: before.reserved });
    const [entry] = await t.query<{ kind: string; ticket_id: number; charge_kind: string; actor_id: number }>(
      `select kind, ticket_id, charge_kind, actor_id from stock_ledger where part_request_id = $1`,
      [direct.body.id],
    );
    expect(entry).toEqual({ kind: 'issue', ticket_id: ticket.id, charge_kind: 'warranty', actor_id: keeperId });
    const foreignWarehouse = await keeper.post(`/api/tickets/${ticket.id}/parts/issue`, {
      partId: part.id,
      warehouseId: WH_SH,
      quantity: 1,
    });
    expect(foreignWarehouse.status).toBe(404);
    // Engineers do not issue; SH staff do not see BJ tickets.
    expect(
      (await engineer.post(`/api/tickets/${ticket.id}/parts/issue`, { partId: part.id, warehouseId: WH, quantity: 1 }))
        .status,
    ).toBe(403);
    expect((await managerSh.get(`/api/tickets/${ticket.id}/part-requests`)).status).toBe(404);
    expect(
      (await managerSh.post(`/api/tickets/${ticket.id}/parts/issue`, { partId: part.id, warehouseId: WH, quantity: 1 }))
        .status,
    ).toBe(404);
    expect(
      (await engineerSh.post(`/api/part-requests/${direct.body.id}/consume`, { version: 1, consumedQuantity: 1 }))
        .status,
    ).toBe(404);
    const shQueue = expectOk(await managerSh.get('/api/part-requests?open=true'));
    expect(shQueue.items.some((r: { id: number }) => r.id === direct.body.id)).toBe(false);
    const bjQueue = expectOk(await keeper.get(`/api/part-requests?open=true&warehouseId=${WH}`));
    expect(bjQueue.items.some((r: { id: number }) => r.id === direct.body.id)).toBe(true);
    const issuedOnly = expectOk(await keeper.get('/api/part-requests?status=issued'));
    expect(issuedOnly.items.every((r: { status: string }) => r.status === 'issued')).toBe(true);
  });
});

describe('serialised parts, visits and the records', () => {
  it('records the serial swap, dates the faulty return from the check-out, and prints the parts', async () => {
    const [agentRow] = await t.query<{ id: number }>(`select id from users where username = 'agent.bj'`);
    const engineerId = await userIdOf(t.db, 'engineer.bj');
    const ticket = await createDispatchableTicket(t, { customerId: inWarranty.customerId, receivedBy: agentRow.id });
    await t.query('update tickets set equipment_id = $1 where id = $2', [inWarranty.equipmentId, ticket.id]);
    const manager = await t.client('manager.bj');
    const assigned = expectOk(
      await manager.post(`/api/tickets/${ticket.id}/assignments`, {
        engineerIds: [engineerId],
        expectedVersion: ticket.version,
      }),
    );
    expectOk(await engineer.post(`/api/assignments/${assigned.items[0].id}/accept`, {}));
    const visit = expectOk(await engineer.post(`/api/tickets/${ticket.id}/visits`, { startTravel: true }));
    expectOk(await engineer.post(`/api/visits/${visit.id}/check-in`, {}));

    const board = await createPart(t.db, { name: '驱动模块', serialised: true });
    await receiveStock(t.db, { warehouseId: WH, partId: board.id, quantity: 1, actorId: keeperId });
    const issued = expectOk(
      await keeper.post(`/api/tickets/${ticket.id}/parts/issue`, { partId: board.id, warehouseId: WH, quantity: 1 }),
      201,
    );
    const missingSerial = await engineer.post(`/api/part-requests/${issued.id}/consume`, {
      version: 1,
      consumedQuantity: 1,
    });
    expect(missingSerial.status).toBe(400);
    expect(missingSerial.body.error.fields[0].field).toBe('installedSerialNo');
    const consumed = expectOk(
      await engineer.post(`/api/part-requests/${issued.id}/consume`, {
        version: 1,
        consumedQuantity: 1,
        removedSerialNo: 'OLD-001',
        installedSerialNo: 'NEW-002',
      }),
    );
    expect(consumed).toMatchObject({
      visitId: visit.id,
      removedSerialNo: 'OLD-001',
      installedSerialNo: 'NEW-002',
      equipmentId: inWarranty.equipmentId,
    });
    const [due] = await t.query<{ due_at: Date; serial_no: string; engineer_id: number }>(
      'select due_at, serial_no, engineer_id from faulty_returns where part_request_id = $1',
      [issued.id],
    );
    expect(due.serial_no).toBe('OLD-001');
    expect(due.engineer_id).toBe(engineerId);
    const timeline = expectOk(await engineer.get(`/api/tickets/${ticket.id}/timeline`));
    const swap = timeline.items.find(
      (e: { kind: string; data: Record<string, unknown> | null }) =>
        e.kind === 'parts' && e.data?.action === 'consumed',
    );
    expect(swap.data).toMatchObject({ removedSerialNo: 'OLD-001', installedSerialNo: 'NEW-002' });
    expect(swap.note).toContain('OLD-001 → NEW-002');

    // The engineer leaves two hours later: the faulty part is due 16 h after the check-out.
    offsetMs = 2 * 3_600_000;
    try {
      const current = expectOk(await engineer.get(`/api/visits/${visit.id}`));
      const out = expectOk(
        await engineer.post(`/api/visits/${visit.id}/check-out`, { result: 'done', expectedVersion: current.version }),
      );
      const [after] = await t.query<{ due_at: Date }>('select due_at from faulty_returns where part_request_id = $1', [
        issued.id,
      ]);
      expect(after.due_at.getTime()).toBe(new Date(out.checkedOutAt).getTime() + 16 * 3_600_000);
      expect(after.due_at.getTime()).toBeGreaterThan(due.due_at.getTime());
    } finally {
      offsetMs = 0;
    }

    const record = expectOk(await engineer.get(`/api/tickets/${ticket.id}/repair-record`));
    expect(record.warrantyParts).toContainEqual({ code: board.code, name: '驱动模块', quantity: 1 });
    expect(record.catalogueParts).toEqual([
      expect.objectContaining({ code: board.code, visitId: visit.id, kind: 'warranty', installedSerialNo: 'NEW-002' }),
    ]);

    // The parts keeper prints the same record (it lists the parts issued): read-only, and without
    // personal-data access the contact phone is masked (PPL-4); the visits themselves stay closed.
    const keeperRecord = expectOk(await keeper.get(`/api/tickets/${ticket.id}/repair-record`));
    expect(keeperRecord.warrantyParts).toEqual(record.warrantyParts);
    expect(keeperRecord.catalogueParts).toEqual(record.catalogueParts);
    expect(record.contactPhone).toMatch(/^\d{11}$/);
    expect(keeperRecord.contactPhone).toBe(`${record.contactPhone.slice(0, 3)}****${record.contactPhone.slice(-4)}`);
    expect((await keeper.get(`/api/tickets/${ticket.id}/visits`)).status).toBe(403);
    expect((await managerSh.get(`/api/tickets/${ticket.id}/repair-record`)).status).toBe(404);
  });

  it('lists catalogue options fitting the equipment model first', async () => {
    const fitting = await createPart(t.db, { name: '专用风扇' });
    await t.query('insert into part_fits (part_id, model_id) values ($1, $2)', [fitting.id, inWarranty.modelId]);
    const ticket = await createTicket(agent, inWarranty);
    const options = expectOk(await engineer.get(`/api/tickets/${ticket.id}/part-options?limit=100`));
    expect(options.items[0]).toMatchObject({ id: fitting.id, fits: true });
    const searched = expectOk(
      await engineer.get(`/api/tickets/${ticket.id}/part-options?q=${encodeURIComponent(part.code)}`),
    );
    expect(searched.items).toEqual([
      expect.objectContaining({ id: part.id, fits: false, available: expect.any(Number) }),
    ]);
  });
});

describe('the last unit', () => {
  it('twenty clients issuing the last unit at once: one 201, nineteen 409, nothing negative', async () => {
    const last = await createPart(t.db, { name: '最后一件' });
    await receiveStock(t.db, { warehouseId: WH, partId: last.id, quantity: 1, actorId: keeperId });
    const tickets: { id: number }[] = [];
    for (let i = 0; i < 20; i++) tickets.push(await createTicket(agent, inWarranty));
    const clients = await Promise.all(Array.from({ length: 20 }, () => t.client('parts.bj')));
    const responses = await Promise.all(
      clients.map((client, i) =>
        client.post(`/api/tickets/${tickets[i].id}/parts/issue`, { partId: last.id, warehouseId: WH, quantity: 1 }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await balanceOf(t.db, WH, last.id)).toEqual({ onHand: 0, reserved: 0 });
    const [sum] = await t.query<{ total: number; entries: number; requests: number }>(
      `select coalesce(sum(quantity), 0)::int as total, count(*)::int as entries,
              (select count(*)::int from part_requests where part_id = $1) as requests
         from stock_ledger where part_id = $1`,
      [last.id],
    );
    expect(sum).toEqual({ total: 0, entries: 2, requests: 1 });
    await expectLedgerAgrees();
  }, 60_000);
});
