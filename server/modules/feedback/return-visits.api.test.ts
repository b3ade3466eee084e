import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '../../lib/time-zone.js';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  classify,
  createFixture,
  createTicket,
  expectOk,
  type Fixture,
  move,
} from '../tickets/ticket-test-fixtures.js';
import {
  type PlannedVisit,
  planKeyCustomerVisits,
  planMinimumVisits,
  planUnitVisits,
  type ReturnVisitSettings,
} from './return-visits.rules.js';

const now = new Date('2026-03-10T02:00:00Z'); // Tuesday 10:00 in Shanghai
const clock = { now: () => now };
const TZ = 'Asia/Shanghai';
const today = '2026-03-10';

const settings: ReturnVisitSettings = {
  afterRemoteCheckHours: 48,
  afterRepairVisitHours: 72,
  warrantyVisitMonths: 3,
  postWarrantyVisitMonths: 6,
  phoneVisitMonths: 1,
  keyCustomerMinimumMonths: 6,
  customerMinimumMonths: 12,
  keyAnnualVisit: true,
  visitReportDays: 10,
  horizonMonths: 12,
};

let t: TestApp;
let admin: ApiClient;
let agent: ApiClient;
let inWarranty: Fixture; // regular customer, unit accepted 2025-06-01 (36 months' warranty)
let keyCustomer: Fixture; // key customer, unit out of warranty
let shanghai: Fixture;

type VisitRow = {
  id: number;
  rule: string;
  subject_id: number;
  period_start: string;
  period_end: string;
  due_at: Date;
  customer_id: number;
  status: string;
};
const visitRows = (where = 'true', values: unknown[] = []) =>
  t.query<VisitRow>(
    `select id, rule, subject_id, period_start, period_end, due_at, customer_id, status from return_visits where ${where} order by id`,
    values,
  );

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.client('admin');
  agent = await t.client('agent.bj');
  inWarranty = await createFixture(t, { acceptanceDate: '2025-06-01' });
  keyCustomer = await createFixture(t, { acceptanceDate: '2019-01-10' });
  shanghai = await createFixture(t, { station: 'SH', acceptanceDate: '2024-11-20' });
  await t.query(`update customers set level = 'key' where id = $1`, [keyCustomer.customerId]);
  // The key customer's unit: warranty ended (model warranty is 36 months by default).
  await t.query(`update equipment set warranty_end = '2022-01-09' where id = $1`, [keyCustomer.equipmentId]);
});
afterAll(() => t.close());

describe('ticket-driven visits (created when the ticket resolves)', () => {
  it('remote handling resolved → a phone check due 48 h later; an on-site repair → a visit 72 h later', async () => {
    const remote = await createTicket(agent, inWarranty);
    await classify(agent, remote.id, { serviceMode: 'remote' });
    expectOk(await move(agent, remote.id, 'in_progress'));
    expectOk(await move(agent, remote.id, 'resolved'));
    const [check] = await visitRows('ticket_id = $1', [remote.id]);
    expect(check).toMatchObject({ rule: 'after_remote', subject_id: remote.id, customer_id: inWarranty.customerId });
    expect(check.due_at.toISOString()).toBe(new Date(now.getTime() + 48 * 3_600_000).toISOString());

    const onSite = await createTicket(agent, inWarranty);
    await classify(agent, onSite.id, { serviceMode: 'on_site' });
    expectOk(await move(agent, onSite.id, 'in_progress'));
    expectOk(await move(agent, onSite.id, 'resolved'));
    const [visit] = await visitRows('ticket_id = $1', [onSite.id]);
    expect(visit.rule).toBe('after_repair');
    expect(visit.due_at.toISOString()).toBe(new Date(now.getTime() + 72 * 3_600_000).toISOString());

    // Back to work and resolved again the same day: still one visit.
    expectOk(await move(agent, onSite.id, 'in_progress'));
    expectOk(await move(agent, onSite.id, 'resolved'));
    expect(await visitRows('ticket_id = $1', [onSite.id])).toHaveLength(1);
  });

  it('a consultation handled remotely needs no check', async () => {
    const ticket = await createTicket(agent, inWarranty, { type: 'consultation' });
    await classify(agent, ticket.id, { serviceMode: 'remote' });
    expectOk(await move(agent, ticket.id, 'in_progress'));
    expectOk(await move(agent, ticket.id, 'resolved'));
    expect(await visitRows('ticket_id = $1', [ticket.id])).toHaveLength(0);
  });
});

describe('generation of the periodic schedule', () => {
  it('only admins and station managers plan; a station manager plans their own station', async () => {
    expect((await agent.post('/api/return-visits/generate')).status).toBe(403);
    const manager = await t.client('manager.bj');
    const result = expectOk(await manager.post('/api/return-visits/generate'));
    expect(result.total).toBeGreaterThan(0);
    expect(
      await visitRows('customer_id = $1 and rule = $2', [shanghai.customerId, 'post_warranty_on_site']),
    ).toHaveLength(0);
    expect(await visitRows('customer_id = $1 and rule = $2', [shanghai.customerId, 'warranty_on_site'])).toHaveLength(
      0,
    );
  });

  it('is idempotent: the second run creates nothing new', async () => {
    const first = expectOk(await admin.post('/api/return-visits/generate'));
    expect(first.from).toBe(today);
    expect(first.to).toBe('2027-03-10');
    expect(first.created.warranty_on_site).toBeGreaterThan(0); // at least the Shanghai unit's
    const before = await visitRows();
    const second = expectOk(await admin.post('/api/return-visits/generate'));
    expect(second.total).toBe(0);
    expect(await visitRows()).toHaveLength(before.length);
  });

  it('SQL and the rules agree on every planned visit of the sample', async () => {
    const units = await t.query<{
      id: number;
      customer_id: number;
      service_start: string | null;
      warranty_end: string | null;
    }>(
      `select id, customer_id, coalesce(acceptance_date, delivery_date, purchase_date) as service_start, warranty_end
       from equipment where is_active`,
    );
    const customerRows = await t.query<{ id: number; level: 'key' | 'regular'; has_equipment: boolean }>(
      `select c.id, c.level, exists (select 1 from equipment e where e.customer_id = c.id and e.is_active) as has_equipment
       from customers c where c.is_active`,
    );
    expect(units.length).toBeGreaterThanOrEqual(3);
    const key = (v: { rule: string; subjectId: number; start: string; end: string; day: string }) =>
      `${v.rule}|${v.subjectId}|${v.start}|${v.end}|${v.day}`;
    const fromRules = (visits: PlannedVisit[]) =>
      visits.map((v) =>
        key({ rule: v.rule, subjectId: v.subjectId, start: v.period.start, end: v.period.end, day: v.day }),
      );

    const expected: string[] = [];
    for (const unit of units) {
      expected.push(
        ...fromRules(
          planUnitVisits(
            { id: unit.id, serviceStart: unit.service_start, warrantyEnd: unit.warranty_end },
            settings,
            today,
          ),
        ),
      );
    }
    for (const customer of customerRows) {
      const facts = { id: customer.id, level: customer.level, hasEquipment: customer.has_equipment };
      expected.push(...fromRules(planKeyCustomerVisits(facts, settings, today)));
    }
    const periodic = (await visitRows(`rule not in ('after_remote', 'after_repair', 'customer_minimum')`)).map((row) =>
      key({
        rule: row.rule,
        subjectId: row.subject_id,
        start: row.period_start,
        end: row.period_end,
        day: dateInZone(row.due_at, TZ),
      }),
    );
    expect(periodic.sort()).toEqual(expected.sort());
    // Due at 18:00 local time on the planned day.
    for (const row of await visitRows(`rule = 'warranty_on_site'`)) {
      expect(
        new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit' }).format(row.due_at),
      ).toBe('18:00');
    }

    // The floors: computed from the customer's other visits.
    const all = await visitRows();
    const floorsExpected: string[] = [];
    for (const customer of customerRows) {
      const otherDays = all
        .filter((row) => row.customer_id === customer.id && row.rule !== 'customer_minimum')
        .map((row) => dateInZone(row.due_at, TZ));
      const facts = { id: customer.id, level: customer.level, hasEquipment: customer.has_equipment };
      floorsExpected.push(...fromRules(planMinimumVisits(facts, otherDays, settings, today)));
    }
    const floors = all
      .filter((row) => row.rule === 'customer_minimum')
      .map((row) =>
        key({
          rule: row.rule,
          subjectId: row.subject_id,
          start: row.period_start,
          end: row.period_end,
          day: dateInZone(row.due_at, TZ),
        }),
      );
    expect(floors.sort()).toEqual(floorsExpected.sort());
  });

  it('a regular customer whose unit has no periodic visit gets the yearly floor visit', async () => {
    // A customer whose only unit is not yet accepted/delivered/purchased in the window and has no
    // warranty: periodic on-site visits are switched off for this check via a setting.
    const floorOnly = await createFixture(t, { acceptanceDate: '2026-03-01' });
    const setting = async (key: string, value: unknown) => {
      const current = expectOk(await admin.get('/api/settings')).items?.find?.((s: { key: string }) => s.key === key);
      expectOk(await admin.put(`/api/settings/${key}`, { value, version: current?.version ?? 0 }));
    };
    await setting('feedback.warrantyVisitMonths', 0);
    try {
      const result = expectOk(await admin.post('/api/return-visits/generate'));
      expect(result.created.customer_minimum).toBeGreaterThanOrEqual(1);
      const floors = await visitRows('customer_id = $1', [floorOnly.customerId]);
      expect(floors.map((row) => [row.rule, row.period_start, row.period_end])).toEqual([
        ['customer_minimum', '2026-01-01', '2027-01-01'],
        ['customer_minimum', '2027-01-01', '2028-01-01'],
      ]);
    } finally {
      await setting('feedback.warrantyVisitMonths', 3);
    }
  });
});

describe('the queue and outcomes', () => {
  it('lists open visits by due time, scoped to the station', async () => {
    const page = expectOk(await agent.get('/api/return-visits?due=week'));
    expect(page.items.length).toBeGreaterThan(0);
    const dues = page.items.map((item: { dueAt: string }) => item.dueAt);
    expect([...dues].sort()).toEqual(dues);
    for (const item of page.items) {
      expect(new Date(item.dueAt).getTime()).toBeLessThan(now.getTime() + 7 * 86_400_000);
      expect(item.stationId).toBe(t.stationId.get('BJ'));
    }
    const shVisit = (await visitRows('customer_id = $1', [shanghai.customerId]))[0];
    expect((await agent.get(`/api/return-visits/${shVisit.id}`)).status).toBe(404);
    const shAgent = await t.client('agent.sh');
    expectOk(await shAgent.get(`/api/return-visits/${shVisit.id}`));
    expect((await agent.get('/api/return-visits?due=soon')).status).toBe(400);
  });

  it('no answer retries; satisfied closes; a stale version is refused', async () => {
    const [row] = await visitRows(`rule = 'after_remote'`);
    let visit = expectOk(await agent.get(`/api/return-visits/${row.id}`));
    expect(visit.contactPhone).toMatch(/^1\d{10}$/); // the desk sees the number to call
    visit = expectOk(
      await agent.post(`/api/return-visits/${row.id}/outcome`, { outcome: 'no_answer', version: visit.version }),
    );
    expect(visit).toMatchObject({ status: 'open', attempts: 1, outcome: 'no_answer' });
    expect(visit.dueAt).toBe(new Date(now.getTime() + 4 * 3_600_000).toISOString());
    const stale = await agent.post(`/api/return-visits/${row.id}/outcome`, { outcome: 'satisfied', version: 1 });
    expect(stale.status).toBe(409);
    const bad = await agent.post(`/api/return-visits/${row.id}/outcome`, { outcome: 'great', version: visit.version });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toContain('outcome');
    visit = expectOk(
      await agent.post(`/api/return-visits/${row.id}/outcome`, {
        outcome: 'satisfied',
        notes: '客户确认已恢复正常',
        version: visit.version,
      }),
    );
    expect(visit).toMatchObject({ status: 'done', attempts: 2, outcome: 'satisfied', completedByName: '孙客服' });
    const again = await agent.post(`/api/return-visits/${row.id}/outcome`, {
      outcome: 'satisfied',
      version: visit.version,
    });
    expect(again.status).toBe(409);
  });

  it('issue found links a ticket of the same customer only', async () => {
    const [row] = await visitRows(`rule = 'after_repair' and status = 'open'`);
    const visit = expectOk(await agent.get(`/api/return-visits/${row.id}`));
    const other = await createTicket(agent, keyCustomer);
    const wrong = await agent.post(`/api/return-visits/${row.id}/outcome`, {
      outcome: 'issue_found',
      followUpTicketId: other.id,
      version: visit.version,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('followUpTicketId');
    expect((await visitRows('id = $1', [row.id]))[0].status).toBe('open');
    const own = await createTicket(agent, inWarranty);
    const done = expectOk(
      await agent.post(`/api/return-visits/${row.id}/outcome`, {
        outcome: 'issue_found',
        followUpTicketId: own.id,
        version: visit.version,
      }),
    );
    expect(done).toMatchObject({ status: 'done', followUpTicketId: own.id });
  });

  it('an unhappy customer opens a complaint', async () => {
    const [row] = await visitRows(`rule = 'monthly_phone' and status = 'open'`);
    const visit = expectOk(await agent.get(`/api/return-visits/${row.id}`));
    const [{ n: complaintsBefore }] = await t.query<{ n: number }>('select count(*)::int as n from complaints');
    const response = await agent.post(`/api/return-visits/${row.id}/outcome`, {
      outcome: 'unhappy',
      notes: '客户对维修速度不满',
      version: visit.version,
    });
    const done = expectOk(response);
    expect(done.complaintId).toBeGreaterThan(0);
    const [complaint] = await t.query<{ customer_id: number; channel: string }>(
      'select customer_id, channel from complaints where id = $1',
      [done.complaintId],
    );
    expect(complaint).toEqual({ customer_id: keyCustomer.customerId, channel: 'return_visit' });
    expect((await t.query<{ n: number }>('select count(*)::int as n from complaints'))[0].n).toBe(complaintsBefore + 1);
  });

  it('the annual visit of a key customer takes a report due 10 days after the visit', async () => {
    const [row] = await visitRows(`rule = 'key_annual'`);
    let visit = expectOk(await agent.get(`/api/return-visits/${row.id}`));
    expect(visit).toMatchObject({ needsReport: true, method: 'on_site' });
    const early = await agent.post(`/api/return-visits/${row.id}/report`, {
      report: '走访纪要',
      version: visit.version,
    });
    expect(early.status).toBe(409);
    visit = expectOk(
      await agent.post(`/api/return-visits/${row.id}/outcome`, { outcome: 'satisfied', version: visit.version }),
    );
    expect(visit.reportDueAt).toBe(new Date(now.getTime() + 10 * 86_400_000).toISOString());
    visit = expectOk(
      await agent.post(`/api/return-visits/${row.id}/report`, {
        report: '客户对设备运行满意，建议增加培训。',
        version: visit.version,
      }),
    );
    expect(visit.report).toBe('客户对设备运行满意，建议增加培训。');
    expect(visit.reportSubmittedAt).toBe(now.toISOString());
    const [phone] = await visitRows(`rule = 'monthly_phone' and status = 'open'`);
    const phoneVisit = expectOk(await agent.get(`/api/return-visits/${phone.id}`));
    const notForPhone = await agent.post(`/api/return-visits/${phone.id}/report`, {
      report: 'x',
      version: phoneVisit.version,
    });
    expect(notForPhone.status).toBe(400);
  });
});
