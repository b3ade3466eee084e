import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMasterData } from '../../db/seed.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { seedDemoTickets } from './tickets.seed.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedMasterData(t.db, t.stationId, { customers: 45, equipment: 90 });
});
afterAll(() => t.close());

describe('demo tickets', () => {
  it('records 40 tickets across the three stations in everyday states, through the real rules', async () => {
    expect(await seedDemoTickets(t.db, { count: 40 })).toBe(40);
    const byStation = await t.query<{ code: string; n: number }>(
      'select s.code, count(*)::int as n from tickets t join stations s on s.id = t.station_id group by s.code order by s.code',
    );
    expect(byStation.map((row) => row.code)).toEqual(['BJ', 'GZ', 'SH']);
    const statuses = new Set(
      (await t.query<{ status: string }>('select distinct status from tickets')).map((row) => row.status),
    );
    for (const status of [
      'received',
      'classified',
      'in_progress',
      'waiting_customer',
      'resolved',
      'closed',
      'cancelled',
      'reopened',
    ]) {
      expect(statuses, status).toContain(status);
    }
    const [numbers] = await t.query<{ n: number; distinct: number; bad: number }>(
      `select count(*)::int as n, count(distinct number)::int as distinct,
              count(*) filter (where number !~ '^[A-Z]{1,6}[0-9]{4}[0-9]{2,}$')::int as bad from tickets`,
    );
    expect(numbers).toEqual({ n: 40, distinct: 40, bad: 0 });
    const pending = await t.query(`select 1 from outbox_messages where status = 'pending'`);
    expect(pending).toEqual([]);
    const agent = await t.client('agent.bj');
    const list = await agent.get('/api/tickets?pageSize=50');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(byStation.find((row) => row.code === 'BJ')?.n);
  });
});
