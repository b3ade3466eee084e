import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createFixture, createTicket, expectOk, type Fixture } from '../tickets/ticket-test-fixtures.js';

let now = new Date('2026-03-10T02:00:00Z');
const clock = { now: () => now };
const later = (hours: number) => {
  now = new Date(now.getTime() + hours * 3_600_000);
};

let t: TestApp;
let agent: ApiClient;
let manager: ApiClient;
let exec: ApiClient;
let fixture: Fixture;
let ticket: { id: number; number: string };

beforeAll(async () => {
  t = await createTestApp({ clock });
  agent = await t.client('agent.bj');
  manager = await t.client('manager.bj');
  exec = await t.client('exec');
  fixture = await createFixture(t, { acceptanceDate: '2025-06-01' });
  ticket = await createTicket(agent, fixture);
});
afterAll(() => t.close());

const record = (client: ApiClient, overrides: Record<string, unknown> = {}) =>
  client.post('/api/complaints', {
    channel: 'phone',
    category: 'attitude',
    ticketId: ticket.id,
    description: '工程师态度恶劣，与客户争执',
    ...overrides,
  });
const step = (client: ApiClient, id: number, to: string, version: number, extra: Record<string, unknown> = {}) =>
  client.post(`/api/complaints/${id}/transitions`, { to, version, ...extra });
const counts = async () =>
  (
    await t.query<{ complaints: number; events: number }>(
      'select (select count(*)::int from complaints) as complaints, (select count(*)::int from complaint_events) as events',
    )
  )[0];
const alertsFor = (complaintId: number, reason: string) =>
  t.query<{ username: string }>(
    `select u.username from outbox_messages o join users u on u.id = o.user_id
      where o.template = 'complaint.alert' and o.channel = 'in_app'
        and (o.payload->>'complaintId')::int = $1 and o.payload->>'reason' = $2 order by u.username`,
    [complaintId, reason],
  );

describe('complaint flow (FBK-2)', () => {
  it('record → contact → investigate → propose → approve (manager) → reply → feedback → close, all on the timeline', async () => {
    let c = expectOk(await record(agent));
    expect(c).toMatchObject({
      status: 'recorded',
      customerId: fixture.customerId,
      ticketNumber: ticket.number,
      equipmentId: fixture.equipmentId,
      severity: 'normal',
      allowedMoves: ['contacted'],
      overdue: false,
    });
    expect(c.number).toMatch(/^TS2603\d+$/);
    expect(c.stepDueAt).toBe('2026-03-10T04:00:00.000Z');
    expect(c.reportDueAt).toBe('2026-03-13T02:00:00.000Z');

    later(1);
    c = expectOk(await step(agent, c.id, 'contacted', c.version, { note: '已电话致歉并约定上门' }));
    expect(c.contactedAt).toBe(now.toISOString());
    expect(c.stepDueAt).toBe('2026-03-13T02:00:00.000Z');
    const department = t.departmentId.get('SH')!;
    c = expectOk(await step(agent, c.id, 'investigating', c.version, { responsibleDepartmentId: department }));
    expect(c.responsibleDepartmentId).toBe(department);
    later(20);
    c = expectOk(
      await step(agent, c.id, 'solution_proposed', c.version, {
        rootCause: '工程师连续加班，情绪失控',
        responsibility: 'engineer',
        solution: '站长上门致歉，减免本次服务费',
      }),
    );
    expect(c.reportedAt).toBe(now.toISOString());
    expect(await alertsFor(c.id, 'approval_needed')).toEqual([{ username: 'manager.bj' }]);
    // Agents do not approve.
    const byAgent = await step(agent, c.id, 'approved', c.version);
    expect(byAgent.status).toBe(403);
    c = expectOk(await step(manager, c.id, 'approved', c.version, { note: '同意' }));
    expect(c.approvedAt).toBe(now.toISOString());
    c = expectOk(await step(agent, c.id, 'replied', c.version, { reply: '已致歉并减免服务费' }));
    c = expectOk(await step(agent, c.id, 'feedback_recorded', c.version, { handlingSatisfaction: 'satisfied' }));
    c = expectOk(await step(manager, c.id, 'closed', c.version, { note: '结案' }));
    expect(c).toMatchObject({ status: 'closed', stepDueAt: null, allowedMoves: [], handlingSatisfaction: 'satisfied' });

    const timeline = expectOk(await agent.get(`/api/complaints/${c.id}/timeline`)).items;
    expect(timeline.map((e: { kind: string; toStatus: string }) => `${e.kind}:${e.toStatus}`)).toEqual([
      'created:recorded',
      'transition:contacted',
      'transition:investigating',
      'transition:solution_proposed',
      'transition:approved',
      'transition:replied',
      'transition:feedback_recorded',
      'transition:closed',
    ]);
    expect(timeline[1]).toMatchObject({ actorName: expect.any(String), note: '已电话致歉并约定上门' });
    expect(timeline[4].actorId).not.toBe(timeline[1].actorId);
  });

  it('a major complaint needs the executive to approve', async () => {
    let c = expectOk(await record(agent, { severity: 'major', category: 'repair_still_faulty' }));
    c = expectOk(await step(agent, c.id, 'contacted', c.version, { note: '已联系' }));
    c = expectOk(
      await step(agent, c.id, 'investigating', c.version, { responsibleDepartmentId: t.departmentId.get('SH') }),
    );
    c = expectOk(
      await step(agent, c.id, 'solution_proposed', c.version, {
        rootCause: '备件批次缺陷',
        responsibility: 'product',
        solution: '整机更换',
      }),
    );
    expect(c.approverRoles).toEqual(['executive']);
    expect(await alertsFor(c.id, 'approval_needed')).toEqual([{ username: 'exec' }]);
    const byManager = await step(manager, c.id, 'approved', c.version);
    expect(byManager.status).toBe(403);
    expect(byManager.body.error.message).toContain('总经理');
    expect(expectOk(await agent.get(`/api/complaints/${c.id}`)).status).toBe('solution_proposed');
    c = expectOk(await step(exec, c.id, 'approved', c.version));
    expect(c.status).toBe('approved');
  });

  it('a product quality complaint is handed over to the quality department', async () => {
    const c = expectOk(await record(agent, { category: 'product_quality', description: '新设备频繁死机' }));
    const [zl] = await t.query<{ id: number }>(`select id from departments where code = 'ZL'`);
    expect(c.responsibleDepartmentId).toBe(zl.id);
    const timeline = expectOk(await agent.get(`/api/complaints/${c.id}/timeline`)).items;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'handed_over']);
    expect((await alertsFor(c.id, 'quality_handover')).map((r) => r.username)).toContain('quality');
  });
});

describe('escalation of overdue steps (FBK-2)', () => {
  it('tells the station manager when a step is overdue, then the executive', async () => {
    const c = expectOk(await record(agent));
    const sweep = () => t.app.services.feedback.complaints.sweep(now);
    expect(await sweep()).toBe(0);
    later(2.5);
    expect(await sweep()).toBeGreaterThanOrEqual(1);
    expect(await alertsFor(c.id, 'overdue')).toEqual([{ username: 'manager.bj' }]);
    expect(await alertsFor(c.id, 'overdue_executive')).toEqual([]);
    let current = expectOk(await agent.get(`/api/complaints/${c.id}`));
    expect(current).toMatchObject({ overdue: true, escalationLevel: 1 });
    const overdueList = expectOk(await agent.get('/api/complaints?overdue=true&pageSize=200'));
    expect(overdueList.items.map((i: { id: number }) => i.id)).toContain(c.id);
    // Nothing new until the executive's turn.
    await sweep();
    expect(await alertsFor(c.id, 'overdue')).toHaveLength(1);
    later(24);
    await sweep();
    expect(await alertsFor(c.id, 'overdue_executive')).toEqual([{ username: 'exec' }]);
    current = expectOk(await agent.get(`/api/complaints/${c.id}`));
    expect(current.escalationLevel).toBe(2);
    const timeline = expectOk(await agent.get(`/api/complaints/${c.id}/timeline`)).items;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(2);
    // Moving on resets the escalation.
    current = expectOk(await step(agent, c.id, 'contacted', current.version, { note: '终于联系上' }));
    expect(current).toMatchObject({ escalationLevel: 0, overdue: false });
  });
});

describe('bad input, illegal steps and scoping (FBK-2)', () => {
  it('answers 400 naming the fields and writes nothing', async () => {
    const before = await counts();
    const empty = await agent.post('/api/complaints', { channel: 'fax', category: 'attitude' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['channel', 'description']),
    );
    const noCustomer = await agent.post('/api/complaints', {
      channel: 'phone',
      category: 'attitude',
      description: 'x',
    });
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body.error.fields[0].field).toBe('customerId');
    const [other] = await t.query<{ id: number }>(`select e.id from equipment e where e.customer_id <> $1 limit 1`, [
      fixture.customerId,
    ]);
    if (other) {
      const wrongUnit = await record(agent, { equipmentId: other.id });
      expect(wrongUnit.status).toBe(400);
      expect(wrongUnit.body.error.fields[0].field).toBe('equipmentId');
    }
    const c = expectOk(await record(agent));
    const mid = await counts();
    const noNote = await step(agent, c.id, 'contacted', c.version);
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.fields[0].field).toBe('note');
    const noSolution = await step(agent, c.id, 'solution_proposed', c.version, { rootCause: 'x' });
    expect(noSolution.status).toBe(400);
    expect(noSolution.body.error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['responsibility', 'solution']),
    );
    expect(await counts()).toEqual(mid);
    expect(mid.complaints).toBe(before.complaints + 1);
  });

  it('answers 409 on an illegal step (naming both states) and on a stale version', async () => {
    let c = expectOk(await record(agent));
    const skipped = await step(manager, c.id, 'approved', c.version);
    expect(skipped.status).toBe(409);
    expect(skipped.body.error.message).toContain('已登记');
    expect(skipped.body.error.message).toContain('方案已批准');
    c = expectOk(await step(agent, c.id, 'contacted', c.version, { note: '已联系' }));
    const stale = await step(agent, c.id, 'investigating', c.version - 1, {
      responsibleDepartmentId: t.departmentId.get('SH'),
    });
    expect(stale.status).toBe(409);
    expect(expectOk(await agent.get(`/api/complaints/${c.id}`)).status).toBe('contacted');
    const noDepartment = await step(agent, c.id, 'investigating', c.version);
    expect(noDepartment.status).toBe(400);
    expect(noDepartment.body.error.fields[0].field).toBe('responsibleDepartmentId');
  });

  it("keeps another station's complaints out of sight (404) and filters the list", async () => {
    const c = expectOk(await record(agent, { category: 'slow_repair' }));
    const sh = await t.client('manager.sh');
    expect((await sh.get(`/api/complaints/${c.id}`)).status).toBe(404);
    expect((await sh.get(`/api/complaints/${c.id}/timeline`)).status).toBe(404);
    expect((await step(sh, c.id, 'contacted', c.version, { note: 'x' })).status).toBe(404);
    expect(expectOk(await sh.get('/api/complaints?pageSize=200')).items.map((i: { id: number }) => i.id)).not.toContain(
      c.id,
    );
    // An SH user cannot file a complaint on a BJ ticket.
    const cross = await (await t.client('agent.sh')).post('/api/complaints', {
      channel: 'phone',
      category: 'attitude',
      ticketId: ticket.id,
      description: 'x',
    });
    expect(cross.status).toBe(400);
    expect(cross.body.error.fields[0].field).toBe('ticketId');
    const filtered = expectOk(await agent.get('/api/complaints?category=slow_repair&status=recorded'));
    expect(filtered.items.map((i: { id: number }) => i.id)).toEqual([c.id]);
    expect((await (await t.client('engineer.bj')).get('/api/complaints')).status).toBe(403);
  });
});
