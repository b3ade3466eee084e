/**
 * Loaners through HTTP (DSP-7, SLA-4): the station's pool, lending on a ticket (completes the loaner
 * task raised by the SLA watcher and writes the timeline), two lends of one unit at once, return
 * with the condition check, overdue loans, scoping and the 400/404/409 answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createDispatchableTicket } from '../dispatch/dispatch-fixtures.js';

let t: TestApp;
let admin: ApiClient;
let keeper: ApiClient; // parts.bj
let manager: ApiClient; // manager.bj
let engineer: ApiClient; // engineer.bj
let managerSh: ApiClient;
let BJ: number;
let SH: number;
let customerId: number;
let agentId: number;
let modelId: number;

const expectOk = <T = any>(response: ApiResponse<T>): T => {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, keeper, manager, engineer, managerSh] = await Promise.all(
    ['admin', 'parts.bj', 'manager.bj', 'engineer.bj', 'manager.sh'].map((login) => t.client(login)),
  );
  BJ = t.stationId.get('BJ')!;
  SH = t.stationId.get('SH')!;
  [{ id: agentId }] = await t.query<{ id: number }>(`select id from users where username = 'agent.bj'`);
  customerId = expectOk(
    await admin.post('/api/customers', {
      kind: 'organisation',
      name: '北京备用机测试有限公司',
      stationId: BJ,
      phone: '13912345678',
    }),
  ).id;
  modelId = expectOk(
    await admin.post('/api/product-models', { code: 'LN-M1', name: '备用控制柜', category: 'hardware' }),
  ).id;
});
afterAll(() => t.close());

let assetSerial = 0;
async function createUnit(client: ApiClient = keeper, overrides: Record<string, unknown> = {}) {
  assetSerial += 1;
  return expectOk(
    await client.post('/api/loaner-units', {
      assetNo: `LN-T${String(assetSerial).padStart(3, '0')}`,
      modelId,
      serialNo: `SN-LN-${assetSerial}`,
      ...overrides,
    }),
  );
}

/** A BJ ticket with the open loaner task the SLA watcher raises (inserted as the tickets tests do). */
async function ticketWithLoanerTask() {
  const ticket = await createDispatchableTicket(t, { customerId, receivedBy: agentId });
  const [task] = await t.query<{ id: number }>(
    `insert into ticket_tasks (ticket_id, station_id, kind, due_at, created_at)
     values ($1, $2, 'loaner', now() + interval '2 hours', now()) returning id`,
    [ticket.id, BJ],
  );
  return { ticket, taskId: task.id };
}

const inADay = () => new Date(Date.now() + 86_400_000).toISOString();
const countRows = async (table: string) =>
  Number((await t.query<{ n: string }>(`select count(*) as n from ${table}`))[0].n);

describe('the loaner pool', () => {
  it('a parts keeper adds units to their own station; bad input names the field and writes nothing', async () => {
    const unit = await createUnit();
    expect(unit).toMatchObject({
      stationId: BJ,
      modelName: '备用控制柜',
      status: 'available',
      condition: 'good',
      version: 1,
      currentLoan: null,
    });
    const before = await countRows('loaner_units');
    const missing = await keeper.post('/api/loaner-units', { modelId });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { field: string }) => f.field)).toContain('assetNo');
    const duplicate = await keeper.post('/api/loaner-units', { assetNo: unit.assetNo });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('assetNo');
    const badModel = await keeper.post('/api/loaner-units', { assetNo: 'LN-X1', modelId: 999999 });
    expect(badModel.status).toBe(400);
    expect(badModel.body.error.fields[0].field).toBe('modelId');
    const otherStation = await managerSh.post('/api/loaner-units', { assetNo: 'LN-X2', stationId: BJ });
    expect(otherStation.status).toBe(400);
    expect(otherStation.body.error.fields[0].field).toBe('stationId');
    expect((await engineer.post('/api/loaner-units', { assetNo: 'LN-X3' })).status).toBe(403);
    expect(await countRows('loaner_units')).toBe(before);
  });

  it('lists by station scope, updates with a version check and keeps the history', async () => {
    const unit = await createUnit();
    const sh = await createUnit(admin, { stationId: SH, assetNo: 'LN-SH-001' });
    const bjList = expectOk(await manager.get('/api/loaner-units?pageSize=200'));
    expect(bjList.items.map((u: { id: number }) => u.id)).toContain(unit.id);
    expect(bjList.items.map((u: { id: number }) => u.id)).not.toContain(sh.id);
    expect((await manager.get(`/api/loaner-units/${sh.id}`)).status).toBe(404);
    expect(expectOk(await engineer.get(`/api/loaner-units?q=${unit.assetNo}`)).items).toHaveLength(1);

    const updated = expectOk(
      await keeper.put(`/api/loaner-units/${unit.id}`, { version: 1, status: 'repair', description: '屏幕检修' }),
    );
    expect(updated).toMatchObject({ status: 'repair', description: '屏幕检修', version: 2 });
    expect((await keeper.put(`/api/loaner-units/${unit.id}`, { version: 1, status: 'available' })).status).toBe(409);
    expect((await keeper.put(`/api/loaner-units/${unit.id}`, { version: 2, status: 'lent' })).status).toBe(400);
    const history = expectOk(await keeper.get(`/api/loaner-units/${unit.id}/history`));
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['create', 'update']),
    );
  });
});

describe('lending and returning', () => {
  it('lending completes the ticket’s loaner task and writes the timeline', async () => {
    const unit = await createUnit();
    const { ticket, taskId } = await ticketWithLoanerTask();
    const dueBackAt = inADay();
    const loan = expectOk(
      await keeper.post('/api/loans', { ticketId: ticket.id, loanerUnitId: unit.id, dueBackAt, conditionOut: 'good' }),
    );
    expect(loan).toMatchObject({
      ticketId: ticket.id,
      loanerUnitId: unit.id,
      assetNo: unit.assetNo,
      customerId,
      customerName: '北京备用机测试有限公司',
      stationId: BJ,
      taskId,
      status: 'lent',
      conditionOut: 'good',
      dueBackAt,
      isOverdue: false,
    });
    const [task] = await t.query<{ status: string; done_by: number | null }>(
      'select status, done_by from ticket_tasks where id = $1',
      [taskId],
    );
    expect(task.status).toBe('done');
    expect(task.done_by).not.toBeNull();
    const timeline = expectOk(await manager.get(`/api/tickets/${ticket.id}/timeline`));
    const event = timeline.items.find(
      (e: { kind: string; data: { loanId?: number } | null }) => e.data?.loanId === loan.id,
    );
    expect(event).toMatchObject({ kind: 'task', data: { task: 'loaner', taskId, status: 'done', loan: 'lent' } });
    expect(event.note).toContain(unit.assetNo);
    // The ticket detail shows the task done; the unit is out with its loan.
    const detail = expectOk(await manager.get(`/api/tickets/${ticket.id}`));
    expect(JSON.stringify(detail)).toContain('"status":"done"');
    expect(expectOk(await keeper.get(`/api/loaner-units/${unit.id}`))).toMatchObject({
      status: 'lent',
      currentLoan: { id: loan.id, ticketId: ticket.id },
    });
    expect(expectOk(await engineer.get(`/api/loans?ticketId=${ticket.id}`)).items).toHaveLength(1);
    // A lent unit is neither lent again, nor changed or deactivated by hand.
    const again = await keeper.post('/api/loans', { ticketId: ticket.id, loanerUnitId: unit.id });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(unit.assetNo);
    const current = expectOk(await keeper.get(`/api/loaner-units/${unit.id}`));
    expect(
      (await keeper.put(`/api/loaner-units/${unit.id}`, { version: current.version, status: 'available' })).status,
    ).toBe(409);
    expect((await keeper.post(`/api/loaner-units/${unit.id}/active`, { active: false })).status).toBe(409);
  });

  it('two lends of the same unit at once: exactly one wins', async () => {
    const unit = await createUnit();
    const first = await ticketWithLoanerTask();
    const second = await ticketWithLoanerTask();
    const other = await t.client('parts.bj');
    const responses = await Promise.all([
      keeper.post('/api/loans', { ticketId: first.ticket.id, loanerUnitId: unit.id, dueBackAt: inADay() }),
      other.post('/api/loans', { ticketId: second.ticket.id, loanerUnitId: unit.id, dueBackAt: inADay() }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const open = await t.query<{ ticket_id: number }>(
      `select ticket_id from loans where loaner_unit_id = $1 and status = 'lent'`,
      [unit.id],
    );
    expect(open).toHaveLength(1);
    // The loser's loaner task stays open.
    const loser = responses[0].status === 409 ? first : second;
    const [task] = await t.query<{ status: string }>('select status from ticket_tasks where id = $1', [loser.taskId]);
    expect(task.status).toBe('open');
  });

  it('refuses what cannot be lent: 400 naming the field, 404 outside the scope, 409 for the unit’s state', async () => {
    const { ticket } = await ticketWithLoanerTask();
    const unit = await createUnit();
    const shUnit = await createUnit(admin, { stationId: SH, assetNo: 'LN-SH-002' });
    const before = await countRows('loans');

    const noUnit = await keeper.post('/api/loans', { ticketId: ticket.id });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.fields[0].field).toBe('loanerUnitId');
    const past = await keeper.post('/api/loans', {
      ticketId: ticket.id,
      loanerUnitId: unit.id,
      dueBackAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].field).toBe('dueBackAt');
    const badCondition = await keeper.post('/api/loans', {
      ticketId: ticket.id,
      loanerUnitId: unit.id,
      conditionOut: 'new',
    });
    expect(badCondition.status).toBe(400);
    expect(badCondition.body.error.fields[0].field).toBe('conditionOut');

    expect((await keeper.post('/api/loans', { ticketId: 999999, loanerUnitId: unit.id })).status).toBe(404);
    expect((await keeper.post('/api/loans', { ticketId: ticket.id, loanerUnitId: 999999 })).status).toBe(404);
    // Shanghai's manager sees neither the BJ ticket nor the BJ unit.
    expect((await managerSh.post('/api/loans', { ticketId: ticket.id, loanerUnitId: shUnit.id })).status).toBe(404);
    // Another station's unit on this ticket (admin sees both).
    const foreign = await admin.post('/api/loans', { ticketId: ticket.id, loanerUnitId: shUnit.id });
    expect(foreign.status).toBe(409);
    expect(foreign.body.error.message).toContain('LN-SH-002');
    // A unit in repair.
    await keeper.put(`/api/loaner-units/${unit.id}`, { version: 1, status: 'repair' });
    expect((await keeper.post('/api/loans', { ticketId: ticket.id, loanerUnitId: unit.id })).status).toBe(409);
    // Engineers do not lend.
    expect((await engineer.post('/api/loans', { ticketId: ticket.id, loanerUnitId: unit.id })).status).toBe(403);
    expect(await countRows('loans')).toBe(before);
  });

  it('return with the condition check: damaged goes to repair, good back to the pool; twice → 409', async () => {
    const { ticket } = await ticketWithLoanerTask();
    const unit = await createUnit();
    const loan = expectOk(await keeper.post('/api/loans', { ticketId: ticket.id, loanerUnitId: unit.id }));
    expect(loan.dueBackAt).toBeNull();
    const badInput = await keeper.post(`/api/loans/${loan.id}/return`, { note: 'x' });
    expect(badInput.status).toBe(400);
    expect(badInput.body.error.fields[0].field).toBe('conditionBack');
    expect((await keeper.post(`/api/loans/${loan.id}/return`, { conditionBack: 'good', version: 9 })).status).toBe(409);
    expect((await managerSh.post(`/api/loans/${loan.id}/return`, { conditionBack: 'good' })).status).toBe(404);

    const returned = expectOk(
      await keeper.post(`/api/loans/${loan.id}/return`, { conditionBack: 'damaged', note: '外壳摔裂', version: 1 }),
    );
    expect(returned).toMatchObject({
      status: 'returned',
      conditionBack: 'damaged',
      returnNote: '外壳摔裂',
      version: 2,
    });
    expect(returned.returnedAt).not.toBeNull();
    expect(expectOk(await keeper.get(`/api/loaner-units/${unit.id}`))).toMatchObject({
      status: 'repair',
      condition: 'damaged',
      currentLoan: null,
    });
    const timeline = expectOk(await manager.get(`/api/tickets/${ticket.id}/timeline`));
    expect(
      timeline.items.some(
        (e: { data: { loan?: string; conditionBack?: string } | null }) =>
          e.data?.loan === 'returned' && e.data?.conditionBack === 'damaged',
      ),
    ).toBe(true);
    expect((await keeper.post(`/api/loans/${loan.id}/return`, { conditionBack: 'good' })).status).toBe(409);

    // Back in good condition: available again and lendable.
    const unit2 = await createUnit();
    const loan2 = expectOk(await keeper.post('/api/loans', { ticketId: ticket.id, loanerUnitId: unit2.id }));
    expectOk(await keeper.post(`/api/loans/${loan2.id}/return`, { conditionBack: 'worn' }));
    expect(expectOk(await keeper.get(`/api/loaner-units/${unit2.id}`))).toMatchObject({
      status: 'available',
      condition: 'worn',
    });
    expectOk(await keeper.post('/api/loans', { ticketId: ticket.id, loanerUnitId: unit2.id }));
  });

  it('lists overdue loans, most overdue first, within the station scope', async () => {
    const { ticket } = await ticketWithLoanerTask();
    const late = [await createUnit(), await createUnit()];
    const ids: number[] = [];
    for (const unit of late) {
      ids.push(
        expectOk(await keeper.post('/api/loans', { ticketId: ticket.id, loanerUnitId: unit.id, dueBackAt: inADay() }))
          .id,
      );
    }
    const onTime = expectOk(
      await keeper.post('/api/loans', {
        ticketId: ticket.id,
        loanerUnitId: (await createUnit()).id,
        dueBackAt: inADay(),
      }),
    );
    // Time passes: the first two are now 3 h and 1 h past due.
    await t.query(`update loans set due_back_at = now() - interval '3 hours' where id = $1`, [ids[0]]);
    await t.query(`update loans set due_back_at = now() - interval '1 hour' where id = $1`, [ids[1]]);
    const overdue = expectOk(await manager.get('/api/loans?overdue=true&pageSize=200'));
    const overdueIds = overdue.items.map((l: { id: number }) => l.id);
    expect(overdueIds.indexOf(ids[0])).toBeGreaterThanOrEqual(0);
    expect(overdueIds.indexOf(ids[0])).toBeLessThan(overdueIds.indexOf(ids[1]));
    expect(overdueIds).not.toContain(onTime.id);
    expect(overdue.items.every((l: { isOverdue: boolean; status: string }) => l.isOverdue && l.status === 'lent')).toBe(
      true,
    );
    expect(expectOk(await managerSh.get('/api/loans?overdue=true')).total).toBe(0);
    // A returned loan is no longer overdue.
    expectOk(await keeper.post(`/api/loans/${ids[1]}/return`, { conditionBack: 'good' }));
    expect(
      expectOk(await manager.get('/api/loans?overdue=true&pageSize=200')).items.map((l: { id: number }) => l.id),
    ).not.toContain(ids[1]);
    expect((await manager.get('/api/loans?overdue=maybe')).status).toBe(400);
  });
});

describe('demo pools', () => {
  it('seeds a few units per station once, one of them in repair', async () => {
    const { seedDemoLoaners } = await import('./loaners.seed.js');
    expect(await seedDemoLoaners(t.db)).toBe(8);
    expect(await seedDemoLoaners(t.db)).toBe(0);
    const units = expectOk(await manager.get('/api/loaner-units?q=BYJ-BJ&pageSize=50'));
    expect(units.items.map((u: { assetNo: string; status: string }) => `${u.assetNo}:${u.status}`)).toEqual([
      'BYJ-BJ-001:available',
      'BYJ-BJ-002:available',
      'BYJ-BJ-003:available',
      'BYJ-BJ-004:repair',
    ]);
  });
});
