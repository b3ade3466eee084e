import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  classify,
  createFixture,
  createTicket,
  expectOk,
  type Fixture,
  getTicket,
  move,
} from './ticket-test-fixtures.js';

let now = new Date('2026-03-10T02:00:00Z'); // Tuesday 10:00 in Shanghai
const clock = { now: () => now };
const later = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

let t: TestApp;
let agent: ApiClient;
let fixture: Fixture;

beforeAll(async () => {
  t = await createTestApp({ clock });
  agent = await t.client('agent.bj');
  fixture = await createFixture(t, { acceptanceDate: '2025-06-01' });
});
afterAll(() => t.close());

const clocksOf = (ticketId: number) =>
  t.query<{ kind: string; stopped_at: Date | null; outcome: string | null; due_at: Date | null }>(
    'select kind, stopped_at, outcome, due_at from ticket_clocks where ticket_id = $1 order by kind',
    [ticketId],
  );
const kindsOfTimeline = async (client: ApiClient, id: number) =>
  expectOk(await client.get(`/api/tickets/${id}/timeline`)).items.map(
    (event: { kind: string; toStatus: string | null }) =>
      event.toStatus ? `${event.kind}:${event.toStatus}` : event.kind,
  );

describe('lifecycle of each service mode (TKT-7, TKT-8)', () => {
  it('remote: respond → classify → in progress → resolved → closed, stopping each deadline at its event', async () => {
    const created = await createTicket(agent, fixture, { type: 'consultation', faultLevel: 4 });
    later(5);
    let ticket = expectOk(
      await agent.post(`/api/tickets/${created.id}/respond`, {
        method: 'phone',
        note: '已电话联系客户，指导重启',
        expectedVersion: 1,
      }),
    );
    expect(ticket.firstResponseAt).toBe(now.toISOString());
    later(10);
    ticket = await classify(agent, created.id, { serviceMode: 'remote' });
    expect(ticket).toMatchObject({ status: 'classified', serviceMode: 'remote', region: 'urban' });
    expect(ticket.allowedNextStatuses).toEqual(['assigned', 'in_progress', 'cancelled']);
    later(5);
    ticket = expectOk(await move(agent, created.id, 'in_progress', { note: '远程处理' }));
    expect(ticket.status).toBe('in_progress');
    later(30);
    ticket = expectOk(await move(agent, created.id, 'resolved', { note: '客户确认恢复' }));
    expect(ticket.resolvedAt).toBe(now.toISOString());
    later(60);
    ticket = expectOk(await move(agent, created.id, 'closed'));
    expect(ticket).toMatchObject({ status: 'closed', closedAt: now.toISOString(), allowedNextStatuses: ['reopened'] });

    const clocks = await clocksOf(created.id);
    const byKind = Object.fromEntries(clocks.map((row) => [row.kind, row]));
    expect(byKind.response.outcome).toBe('met');
    expect(byKind.intake.outcome).toBe('met');
    expect(byKind.resolution.stopped_at).not.toBeNull();
    expect(byKind.remote_verification.outcome).toBe('met');
    expect(await kindsOfTimeline(agent, created.id)).toEqual([
      'created:received',
      'responded',
      'classified:classified',
      'transition:in_progress',
      'transition:resolved',
      'transition:closed',
    ]);
    const resolvedMessages = await t.query(
      `select 1 from outbox_messages where template = 'ticket.resolved' and payload->>'ticketId' = $1`,
      [String(created.id)],
    );
    expect(resolvedMessages).toHaveLength(1);
  });

  it('send-in: receipt recorded, waits for parts, closes only after the customer accepted', async () => {
    const created = await createTicket(agent, fixture);
    let ticket = await classify(agent, created.id, { serviceMode: 'send_in' });
    ticket = expectOk(
      await agent.request('PATCH', `/api/tickets/${created.id}`, {
        sendInReceipt: {
          itemDescription: '控制器主板 1 块',
          accessories: '电源线',
          condition: '外壳有划痕',
          receivedAt: now.toISOString(),
        },
        expectedVersion: ticket.version,
      }),
    );
    expect(ticket.sendInReceipt).toMatchObject({ itemDescription: '控制器主板 1 块', accessories: '电源线' });
    expectOk(await move(agent, created.id, 'in_progress'));
    expectOk(await move(agent, created.id, 'waiting_parts', { note: '等待主板备件' }));
    expectOk(await move(agent, created.id, 'in_progress'));
    expectOk(await move(agent, created.id, 'resolved'));
    const direct = await move(agent, created.id, 'closed');
    expect(direct.status).toBe(409);
    expect(direct.body.error.message).toContain('签字验收');
    expectOk(await move(agent, created.id, 'customer_accepted', { note: '客户取回并签收' }));
    ticket = expectOk(await move(agent, created.id, 'closed'));
    expect(ticket.status).toBe('closed');
  });

  it('parts by mail: classify → in progress → resolved → closed', async () => {
    const created = await createTicket(agent, fixture, { type: 'parts_by_mail' });
    await classify(agent, created.id, { serviceMode: 'parts_by_mail' });
    for (const to of ['in_progress', 'resolved', 'closed']) expectOk(await move(agent, created.id, to));
    expect((await getTicket(agent, created.id)).status).toBe('closed');
  });

  it('pauses the deadlines while waiting for the customer and resumes after', async () => {
    const created = await createTicket(agent, fixture);
    await classify(agent, created.id);
    expectOk(await move(agent, created.id, 'in_progress'));
    expectOk(await move(agent, created.id, 'waiting_customer', { note: '客户出差，下周配合' }));
    const paused = await t.query<{ reason: string; ended_at: Date | null }>(
      'select reason, ended_at from ticket_pauses where ticket_id = $1',
      [created.id],
    );
    expect(paused).toEqual([{ reason: 'waiting_customer', ended_at: null }]);
    const resolution = (await clocksOf(created.id)).find((row) => row.kind === 'resolution');
    expect(resolution?.due_at).toBeNull();
    later(120);
    expectOk(await move(agent, created.id, 'in_progress'));
    const [ended] = await t.query<{ ended_at: Date | null }>(
      'select ended_at from ticket_pauses where ticket_id = $1',
      [created.id],
    );
    expect(ended.ended_at?.toISOString()).toBe(now.toISOString());
    expect((await clocksOf(created.id)).find((row) => row.kind === 'resolution')?.due_at).not.toBeNull();
  });
});

describe('refused moves', () => {
  it('refuses an illegal transition with 409 naming both states', async () => {
    const created = await createTicket(agent, fixture);
    const response = await move(agent, created.id, 'resolved');
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('已受理');
    expect(response.body.error.message).toContain('已解决');
    // Moves made by classification and dispatch are not manual.
    expect((await move(agent, created.id, 'classified')).status).toBe(409);
    expect((await move(agent, created.id, 'assigned')).status).toBe(409);
    expect((await getTicket(agent, created.id)).version).toBe(1);
  });

  it('refuses a stale version with 409', async () => {
    const created = await createTicket(agent, fixture);
    await classify(agent, created.id);
    const stale = await agent.post(`/api/tickets/${created.id}/transitions`, { to: 'in_progress', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/其他人修改/);
  });

  it('lets exactly one of concurrent moves win', async () => {
    const created = await createTicket(agent, fixture);
    const ticket = await classify(agent, created.id);
    const others = await Promise.all([t.client('agent.bj'), t.client('manager.bj'), t.client('admin')]);
    const responses = await Promise.all(
      [agent, ...others, agent].map((client, index) =>
        client.post(`/api/tickets/${created.id}/transitions`, {
          to: index % 2 === 0 ? 'in_progress' : 'cancelled',
          reason: '并发测试',
          expectedVersion: ticket.version,
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    const events = await t.query('select 1 from ticket_events where ticket_id = $1 and kind = $2', [
      created.id,
      'transition',
    ]);
    expect(events).toHaveLength(1);
  });

  it('cancels only with a reason; a cancelled ticket is final', async () => {
    const created = await createTicket(agent, fixture);
    for (const body of [{ expectedVersion: 1 }, { reason: '  ', expectedVersion: 1 }]) {
      const response = await agent.post(`/api/tickets/${created.id}/cancel`, body);
      expect(response.status).toBe(400);
      expect(response.body.error.fields[0].field).toBe('reason');
    }
    const viaTransition = await agent.post(`/api/tickets/${created.id}/transitions`, {
      to: 'cancelled',
      expectedVersion: 1,
    });
    expect(viaTransition.status).toBe(400);
    expect(viaTransition.body.error.fields[0].field).toBe('reason');
    expect((await getTicket(agent, created.id)).status).toBe('received');

    const ticket = expectOk(
      await agent.post(`/api/tickets/${created.id}/cancel`, { reason: '客户重复报修', expectedVersion: 1 }),
    );
    expect(ticket).toMatchObject({ status: 'cancelled', cancelReason: '客户重复报修', allowedNextStatuses: [] });
    const running = (await clocksOf(created.id)).filter((row) => row.stopped_at === null);
    expect(running).toEqual([]);
    expect((await move(agent, created.id, 'reopened', { reason: 'x' })).status).toBe(409);
  });

  it('reopens a closed ticket with a reason and counts it', async () => {
    const created = await createTicket(agent, fixture);
    await classify(agent, created.id);
    for (const to of ['in_progress', 'resolved', 'closed']) expectOk(await move(agent, created.id, to));
    const closed = await getTicket(agent, created.id);
    const missing = await agent.post(`/api/tickets/${created.id}/reopen`, { expectedVersion: closed.version });
    expect(missing.status).toBe(400);
    const reopened = expectOk(
      await agent.post(`/api/tickets/${created.id}/reopen`, { reason: '故障复现', expectedVersion: closed.version }),
    );
    expect(reopened).toMatchObject({ status: 'reopened', reopenCount: 1, closedAt: null, resolvedAt: null });
    const resolution = (await clocksOf(created.id)).find((row) => row.kind === 'resolution');
    expect(resolution?.stopped_at).toBeNull();
    expectOk(await move(agent, created.id, 'in_progress'));
    // Reopening an open ticket is not a move.
    const again = await getTicket(agent, created.id);
    const response = await agent.post(`/api/tickets/${created.id}/reopen`, {
      reason: 'x',
      expectedVersion: again.version,
    });
    expect(response.status).toBe(409);
  });
});

describe('other commands', () => {
  it('records the first response once, not before receipt, not in the future', async () => {
    const created = await createTicket(agent, fixture);
    const before = await agent.post(`/api/tickets/${created.id}/respond`, {
      method: 'phone',
      note: '回电',
      at: new Date(now.getTime() - 3_600_000).toISOString(),
      expectedVersion: 1,
    });
    expect(before.status).toBe(400);
    expect(before.body.error.fields[0].field).toBe('at');
    const future = await agent.post(`/api/tickets/${created.id}/respond`, {
      method: 'phone',
      note: '回电',
      at: new Date(now.getTime() + 3_600_000).toISOString(),
      expectedVersion: 1,
    });
    expect(future.status).toBe(400);
    const engineer = await t.client('engineer.bj');
    const first = expectOk(
      await engineer.post(`/api/tickets/${created.id}/respond`, {
        method: 'wechat',
        note: '微信回复',
        expectedVersion: 1,
      }),
    );
    expect(first.version).toBe(2);
    const second = await agent.post(`/api/tickets/${created.id}/respond`, {
      method: 'phone',
      note: '再次',
      expectedVersion: 2,
    });
    expect(second.status).toBe(409);
  });

  it('records and revises the technical plan', async () => {
    const created = await createTicket(agent, fixture);
    await classify(agent, created.id);
    const engineer = await t.client('engineer.bj');
    let ticket = await getTicket(agent, created.id);
    ticket = expectOk(
      await engineer.post(`/api/tickets/${created.id}/plan`, { plan: '更换电源模块', expectedVersion: ticket.version }),
    );
    expect(ticket).toMatchObject({ technicalPlan: '更换电源模块', technicalPlanAt: now.toISOString() });
    ticket = expectOk(
      await engineer.post(`/api/tickets/${created.id}/plan`, {
        plan: '更换电源模块并升级固件',
        expectedVersion: ticket.version,
      }),
    );
    expect(ticket.technicalPlan).toBe('更换电源模块并升级固件');
    const planClock = (await clocksOf(created.id)).find((row) => row.kind === 'technical_plan');
    if (planClock) expect(planClock.stopped_at?.toISOString()).toBe(now.toISOString());
    expect((await kindsOfTimeline(agent, created.id)).filter((kind: string) => kind === 'planned')).toHaveLength(2);
  });

  it('edits fields; a level change needs a note, is on the timeline and in the audit, and recomputes deadlines', async () => {
    const created = await createTicket(agent, fixture, { faultLevel: 3 });
    const responseBefore = (await clocksOf(created.id)).find((row) => row.kind === 'response');
    const withoutNote = await agent.request('PATCH', `/api/tickets/${created.id}`, {
      faultLevel: 1,
      expectedVersion: 1,
    });
    expect(withoutNote.status).toBe(400);
    expect(withoutNote.body.error.fields[0].field).toBe('note');
    const ticket = expectOk(
      await agent.request('PATCH', `/api/tickets/${created.id}`, {
        faultLevel: 1,
        title: '整机停机',
        note: '客户反馈生产线全部停止',
        expectedVersion: 1,
      }),
    );
    expect(ticket).toMatchObject({ faultLevel: 1, title: '整机停机', version: 2 });
    const responseAfter = (await clocksOf(created.id)).find((row) => row.kind === 'response');
    expect(responseAfter?.due_at?.getTime()).toBeLessThan(responseBefore?.due_at?.getTime() ?? 0);
    expect(await kindsOfTimeline(agent, created.id)).toEqual(['created:received', 'updated', 'level_changed']);
    const audit = await t.query<{ before: { faultLevel: number }; after: { faultLevel: number } }>(
      `select before, after from audit_log where entity_type = 'ticket' and entity_id = $1`,
      [String(created.id)],
    );
    expect(audit[0]).toMatchObject({ before: { faultLevel: 3 }, after: { faultLevel: 1 } });
    const found = expectOk(await agent.get(`/api/tickets?q=${encodeURIComponent('整机停机')}`));
    expect(found.items.map((item: { id: number }) => item.id)).toContain(created.id);
    const stale = await agent.request('PATCH', `/api/tickets/${created.id}`, { title: 'x', expectedVersion: 1 });
    expect(stale.status).toBe(409);
  });

  it('comments without changing the version; engineers comment but do not move tickets', async () => {
    const created = await createTicket(agent, fixture);
    const engineer = await t.client('engineer.bj');
    const comment = expectOk(await engineer.post(`/api/tickets/${created.id}/comments`, { note: '已查看现场照片' }));
    expect(comment).toMatchObject({ kind: 'comment', note: '已查看现场照片', actorName: '李工' });
    expect((await getTicket(engineer, created.id)).version).toBe(1);
    expect((await engineer.post(`/api/tickets/${created.id}/comments`, { note: '' })).status).toBe(400);
    expect(
      (
        await engineer.post(`/api/tickets/${created.id}/transitions`, {
          to: 'cancelled',
          reason: 'x',
          expectedVersion: 1,
        })
      ).status,
    ).toBe(403);
  });

  it('lets the quality department classify quality information only, and routes it there', async () => {
    const created = await createTicket(agent, fixture);
    const quality = await t.client('quality');
    const technical = await quality.post(`/api/tickets/${created.id}/classify`, {
      classification: 'technical',
      type: 'repair',
      faultLevel: 2,
      serviceMode: 'on_site',
      region: 'urban',
      expectedVersion: 1,
    });
    expect(technical.status).toBe(403);
    const ticket = expectOk(
      await quality.post(`/api/tickets/${created.id}/classify`, {
        classification: 'quality',
        type: 'complaint',
        faultLevel: 2,
        serviceMode: 'on_site',
        region: 'urban',
        expectedVersion: 1,
      }),
    );
    expect(ticket).toMatchObject({
      classification: 'quality',
      handlingDepartment: { code: 'ZL' },
      status: 'classified',
    });
    expect((await clocksOf(created.id)).map((row) => row.kind)).toContain('quality_assignment');
    // Re-classification keeps the status and routes again.
    const rerouted = await classify(agent, created.id, {
      classification: 'technical',
      productCategory: 'software',
      serviceMode: 'remote',
    });
    expect(rerouted).toMatchObject({ status: 'classified', handlingDepartment: { code: 'YF' } });
  });

  it('hides another station’s tickets (404) from station-bound roles and shows them to all-station roles', async () => {
    const created = await createTicket(agent, fixture);
    const agentSh = await t.client('agent.sh');
    expect((await agentSh.get(`/api/tickets/${created.id}`)).status).toBe(404);
    expect((await agentSh.get(`/api/tickets/${created.id}/timeline`)).status).toBe(404);
    expect(
      (
        await agentSh.post(`/api/tickets/${created.id}/transitions`, {
          to: 'cancelled',
          reason: 'x',
          expectedVersion: 1,
        })
      ).status,
    ).toBe(404);
    expect((await agentSh.post(`/api/tickets/${created.id}/comments`, { note: 'x' })).status).toBe(404);
    for (const login of ['exec', 'finance', 'quality']) {
      const client = await t.client(login);
      expect((await client.get(`/api/tickets/${created.id}`)).status).toBe(200);
    }
    // The detail masks the contact's phone for roles without full access to personal data.
    const engineer = await t.client('engineer.bj');
    const masked = await getTicket(engineer, created.id);
    expect(masked.masked).toBe(true);
    expect(masked.contactPhone).toMatch(/\*/);
  });
});
