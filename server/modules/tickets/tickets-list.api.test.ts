import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { classify, createFixture, createTicket, expectOk, type Fixture, move } from './ticket-test-fixtures.js';

const now = new Date('2026-03-20T02:00:00Z'); // Friday 10:00 in Shanghai
const clock = { now: () => now };
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

let t: TestApp;
let agent: ApiClient;
let bj: Fixture;
let bjOther: Fixture;
let sh: Fixture;
let BJ: number;
/** Open BJ tickets created in setup, with their receipt times. */
const openIds: number[] = [];
let closedId: number;
let cancelledId: number;
let shTicketId: number;
let levelOneId: number;

beforeAll(async () => {
  t = await createTestApp({ clock });
  agent = await t.client('agent.bj');
  BJ = t.stationId.get('BJ')!;
  bj = await createFixture(t, { name: '松柏数控设备有限公司', phone: '13812345678' });
  bjOther = await createFixture(t, { category: 'software' });
  sh = await createFixture(t, { station: 'SH' });
  // 23 open tickets a few minutes apart (two share a receipt time: the id breaks the tie).
  for (let i = 0; i < 23; i++) {
    const fixture = i % 3 === 0 ? bjOther : bj;
    const created = await createTicket(agent, fixture, {
      receivedAt: minutesAgo(i === 5 ? 10 + 3 * 60 : 10 + i * 60),
      channel: i % 2 === 0 ? 'phone' : 'wechat',
      type: i % 4 === 0 ? 'complaint' : 'repair',
      faultLevel: i === 7 ? 1 : 3,
      title: `列表测试 ${i}`,
    });
    openIds.push(created.id);
    if (i === 7) levelOneId = created.id;
  }
  const toClose = await createTicket(agent, bj, { receivedAt: minutesAgo(3), title: '已关闭的' });
  await classify(agent, toClose.id);
  for (const to of ['in_progress', 'resolved', 'closed']) expectOk(await move(agent, toClose.id, to));
  closedId = toClose.id;
  const toCancel = await createTicket(agent, bj, { receivedAt: minutesAgo(2), title: '已取消的' });
  expectOk(await agent.post(`/api/tickets/${toCancel.id}/cancel`, { reason: '误报', expectedVersion: 1 }));
  cancelledId = toCancel.id;
  const agentSh = await t.client('agent.sh');
  shTicketId = (await createTicket(agentSh, sh)).id;
});
afterAll(() => t.close());

const ids = (page: { items: { id: number }[] }) => page.items.map((item) => item.id);

async function expectedOpenOrder() {
  const rows = await t.query<{ id: number }>(
    `select id from tickets where station_id = $1 and status not in ('closed', 'cancelled') order by received_at desc, id desc`,
    [BJ],
  );
  return rows.map((row) => row.id);
}

describe('ticket list (TKT-11)', () => {
  it("pages a station's open tickets by keyset cursor in receipt order, newest first", async () => {
    const expected = await expectedOpenOrder();
    expect(expected).toHaveLength(23);
    const seen: number[] = [];
    let page = expectOk(await agent.get(`/api/tickets?open=true&stationId=${BJ}&pageSize=10`));
    expect(page.total).toBe(23);
    seen.push(...ids(page));
    let pages = 1;
    while (page.nextCursor) {
      page = expectOk(
        await agent.get(
          `/api/tickets?open=true&stationId=${BJ}&pageSize=10&cursor=${encodeURIComponent(page.nextCursor)}`,
        ),
      );
      expect(page.total).toBeNull();
      seen.push(...ids(page));
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
    // Page numbers give the same pages.
    const second = expectOk(await agent.get(`/api/tickets?open=true&stationId=${BJ}&pageSize=10&page=2`));
    expect(ids(second)).toEqual(expected.slice(10, 20));
  });

  it('carries the next running deadline on each row', async () => {
    const page = expectOk(await agent.get('/api/tickets?open=true&pageSize=5'));
    for (const item of page.items) {
      expect(item.nextDeadline).toMatchObject({ kind: expect.any(String), state: expect.any(String) });
      expect(item).toMatchObject({ stationName: '北京售后站', engineerNames: [] });
    }
  });

  it('filters by status, level, type, channel, customer, dates and open', async () => {
    const all = expectOk(await agent.get('/api/tickets?pageSize=100'));
    expect(all.total).toBe(25);
    expect(ids(expectOk(await agent.get('/api/tickets?status=closed,cancelled'))).sort()).toEqual(
      [closedId, cancelledId].sort(),
    );
    expect(ids(expectOk(await agent.get('/api/tickets?faultLevel=1,2')))).toEqual([levelOneId]);
    const complaints = expectOk(await agent.get('/api/tickets?type=complaint&pageSize=100'));
    expect(complaints.items.every((item: { type: string }) => item.type === 'complaint')).toBe(true);
    expect(complaints.total).toBe(6);
    const wechat = expectOk(await agent.get('/api/tickets?channel=wechat&open=true&pageSize=100'));
    expect(wechat.total).toBe(11);
    const ofCustomer = expectOk(await agent.get(`/api/tickets?customerId=${bjOther.customerId}&pageSize=100`));
    expect(ofCustomer.total).toBe(8);
    // Receipt dates are whole days in Shanghai: today (20 March) holds the tickets of the last 10 hours.
    const today = expectOk(await agent.get('/api/tickets?receivedFrom=2026-03-20&receivedTo=2026-03-20&pageSize=100'));
    const expectedToday = await t.query<{ n: number }>(
      `select count(*)::int as n from tickets where received_at >= '2026-03-19T16:00:00Z' and received_at < '2026-03-20T16:00:00Z' and station_id = $1`,
      [BJ],
    );
    expect(today.total).toBe(expectedToday[0].n);
    const open = expectOk(await agent.get('/api/tickets?open=true&pageSize=100'));
    expect(ids(open)).not.toContain(closedId);
    expect(ids(open)).not.toContain(cancelledId);
  });

  it('searches by number, customer name fragment, phone fragment and serial number', async () => {
    const [first] = await t.query<{ number: string }>('select number from tickets where id = $1', [openIds[1]]);
    expect(ids(expectOk(await agent.get(`/api/tickets?q=${first.number}`)))).toEqual([openIds[1]]);
    const prefix = expectOk(await agent.get(`/api/tickets?q=${first.number.slice(0, 6)}&pageSize=100`));
    expect(prefix.total).toBe(25);
    const byName = expectOk(await agent.get(`/api/tickets?q=${encodeURIComponent('松柏数控')}&pageSize=100`));
    expect(byName.total).toBe(17); // 15 open + closed + cancelled of that customer
    const byPhone = expectOk(await agent.get('/api/tickets?q=12345678&pageSize=100'));
    expect(byPhone.total).toBe(17);
    const bySerial = expectOk(await agent.get(`/api/tickets?q=${bjOther.serialNo}&pageSize=100`));
    expect(bySerial.total).toBe(8);
    // Digits of a phone number are searched by their 3-digit grams (selective), not their bigrams.
    const [grams] = await t.query<{ query: string[]; stored: boolean }>(
      `select aftercare_query_grams('a2345') as query,
              aftercare_grams('x13812345678 y') @> array['138', '234', '678', 'x1', 'y'] as stored`,
    );
    expect(grams).toEqual({ query: ['234', '345', 'a2'], stored: true });
    expect(expectOk(await agent.get('/api/tickets?q=2345&pageSize=100')).total).toBe(17);
    expect(expectOk(await agent.get('/api/tickets?q=2346&pageSize=100')).total).toBe(0);
  });

  it('counts a search up to 500 matches, then says there are more', async () => {
    const columns = await t.query<{ column_name: string }>(
      `select column_name from information_schema.columns
       where table_name = 'tickets' and is_generated = 'NEVER' and is_identity = 'NO'
         and column_name not in ('number', 'title', 'search_text')`,
    );
    const list = columns.map((column) => `"${column.column_name}"`).join(', ');
    await t.query(
      `insert into tickets (number, title, search_text, ${list})
       select 'ZZ' || i, '批量导入 ' || i, '批量导入 ' || i, ${list}
       from tickets, generate_series(1, 501) as i where tickets.id = $1`,
      [openIds[0]],
    );
    try {
      const many = expectOk(await agent.get(`/api/tickets?q=${encodeURIComponent('批量导入')}`));
      expect(many).toMatchObject({ total: 500, totalIsLowerBound: true });
      const newest = await t.query<{ id: number }>(
        `select id from tickets where number like 'ZZ%' order by received_at desc, id desc limit 40`,
      );
      expect(ids(many)).toEqual(newest.slice(0, 20).map((row) => row.id));
      const next = expectOk(
        await agent.get(
          `/api/tickets?q=${encodeURIComponent('批量导入')}&cursor=${encodeURIComponent(many.nextCursor)}`,
        ),
      );
      expect(ids(next)).toEqual(newest.slice(20, 40).map((row) => row.id));
      const one = expectOk(await agent.get(`/api/tickets?q=${encodeURIComponent('批量导入 500')}`));
      expect(one).toMatchObject({ total: 1, totalIsLowerBound: false });
    } finally {
      await t.query(`delete from tickets where number like 'ZZ%'`);
    }
  });

  it('filters by engineer through live assignments, and the engineer sees “mine”', async () => {
    const [engineer] = await t.query<{ id: number }>(`select id from users where username = 'engineer.bj'`);
    const [manager] = await t.query<{ id: number }>(`select id from users where username = 'manager.bj'`);
    await t.query(
      `insert into assignments (ticket_id, engineer_id, assigned_by, assigned_at, status) values ($1, $2, $3, now(), 'accepted'), ($4, $2, $3, now(), 'declined')`,
      [openIds[2], engineer.id, manager.id, openIds[3]],
    );
    const page = expectOk(await agent.get(`/api/tickets?engineerId=${engineer.id}`));
    expect(ids(page)).toEqual([openIds[2]]);
    expect(page.items[0].engineerNames).toEqual(['李工']);
    const engineerClient = await t.client('engineer.bj');
    expect(ids(expectOk(await engineerClient.get('/api/tickets?mine=true')))).toEqual([openIds[2]]);
  });

  it('finds overdue and at-risk tickets and shows them on the board', async () => {
    const overdue = openIds[4];
    const atRisk = openIds[6];
    // Older tickets in this file are naturally late; start from a clean slate.
    await t.query(
      `update ticket_clocks set due_at = $1, at_risk_at = $2 where stopped_at is null and due_at is not null`,
      [new Date(now.getTime() + 10 * 86_400_000), new Date(now.getTime() + 9 * 86_400_000)],
    );
    await t.query(`update ticket_clocks set due_at = $2, at_risk_at = $3 where ticket_id = $1 and kind = 'response'`, [
      overdue,
      minutesAgo(30),
      minutesAgo(60),
    ]);
    await t.query(`update ticket_clocks set due_at = $2, at_risk_at = $3 where ticket_id = $1 and kind = 'response'`, [
      atRisk,
      new Date(now.getTime() + 30 * 60_000),
      minutesAgo(5),
    ]);
    expect(ids(expectOk(await agent.get('/api/tickets?overdue=true')))).toEqual([overdue]);
    const risky = expectOk(await agent.get('/api/tickets?atRisk=true'));
    expect(ids(risky).sort()).toEqual([overdue, atRisk].sort());
    const overdueRow = risky.items.find((item: { id: number }) => item.id === overdue);
    expect(overdueRow.nextDeadline).toMatchObject({ kind: 'response', state: 'breached' });

    await t.query(
      `insert into ticket_tasks (ticket_id, station_id, kind, due_at, created_at) values ($1, $2, 'loaner', $3, $4)`,
      [overdue, BJ, minutesAgo(1), minutesAgo(100)],
    );
    const board = expectOk(await agent.get('/api/tickets/board'));
    expect(board.breached.map((item: { ticketId: number }) => item.ticketId)).toEqual([overdue]);
    expect(board.breached[0]).toMatchObject({ kind: 'response', state: 'breached', stationName: '北京售后站' });
    expect(board.atRisk.map((item: { ticketId: number }) => item.ticketId)).toEqual([atRisk]);
    expect(board).toMatchObject({ breachedTotal: 1, atRiskTotal: 1, totalsAreLowerBounds: false });
    expect(board.loanerTasks).toEqual([
      expect.objectContaining({ ticketId: overdue, kind: 'loaner', isOverdue: true }),
    ]);
    // Another station's board is empty; an all-station role sees everything or one station.
    const agentSh = await t.client('agent.sh');
    const shBoard = expectOk(await agentSh.get('/api/tickets/board'));
    expect(shBoard.breached).toEqual([]);
    expect(expectOk(await agentSh.get(`/api/tickets/board?stationId=${BJ}`)).breached).toEqual([]);
    const exec = await t.client('exec');
    expect(expectOk(await exec.get(`/api/tickets/board?stationId=${BJ}`)).breached).toHaveLength(1);
  });

  it("keeps each station's tickets to itself", async () => {
    const agentSh = await t.client('agent.sh');
    const own = expectOk(await agentSh.get('/api/tickets?pageSize=100'));
    expect(ids(own)).toEqual([shTicketId]);
    expect(expectOk(await agentSh.get(`/api/tickets?stationId=${BJ}`)).items).toEqual([]);
    const admin = await t.client('admin');
    expect(expectOk(await admin.get('/api/tickets?pageSize=100')).total).toBe(26);
    expect(expectOk(await admin.get(`/api/tickets?stationId=${t.stationId.get('SH')}`)).total).toBe(1);
  });

  it('answers 400 naming the wrong query field', async () => {
    for (const [query, field] of [
      ['status=lost', 'status'],
      ['faultLevel=7', 'faultLevel'],
      ['cursor=bm9wZQ', 'cursor'],
      ['sort=number&cursor=bm9wZQ', 'cursor'],
      ['receivedFrom=yesterday', 'receivedFrom'],
      ['pageSize=1000', 'pageSize'],
    ]) {
      const response = await agent.get(`/api/tickets?${query}`);
      expect(response.status, query).toBe(400);
      // A list value names its position, e.g. `status.0`.
      const fields = response.body.error.fields.map((f: { field: string }) => f.field.split('.')[0]);
      expect(fields).toContain(field);
    }
  });
});

describe('saved views', () => {
  it('saves, lists and deletes my views; names are unique per user; others cannot delete them', async () => {
    const created = expectOk(
      await agent.post('/api/tickets/views', { name: '超时工单', query: '?overdue=true&open=true' }),
    );
    expect(created).toMatchObject({ name: '超时工单', query: 'overdue=true&open=true' });
    const duplicate = await agent.post('/api/tickets/views', { name: '超时工单', query: 'x=1' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('name');
    expect((await agent.post('/api/tickets/views', { name: '', query: '' })).status).toBe(400);
    expect(expectOk(await agent.get('/api/tickets/views')).items).toEqual([created]);
    const other = await t.client('manager.bj');
    expect(expectOk(await other.get('/api/tickets/views')).items).toEqual([]);
    expect((await other.request('DELETE', `/api/tickets/views/${created.id}`)).status).toBe(404);
    expectOk(await agent.request('DELETE', `/api/tickets/views/${created.id}`));
    expect(expectOk(await agent.get('/api/tickets/views')).items).toEqual([]);
  });
});
