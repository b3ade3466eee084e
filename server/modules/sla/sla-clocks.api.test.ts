/**
 * The deadline engine through the tickets API (SLA-3, SLA-4): pauses move deadlines and appear in
 * the ledger, a level change recomputes from the receipt, a calendar edit moves running deadlines
 * but not recorded outcomes, and the watcher notifies at-risk/breach and raises the loaner task once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Beijing wall-clock time → instant. */
const bj = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);
let now = bj('2026-03-10 10:00'); // a Tuesday
const clock = { now: () => now };

let t: TestApp;
let agent: ApiClient;
let admin: ApiClient;
let fixture: Fixture;
let standardCalendarId: number;

type Clock = {
  kind: string;
  dueAt: string | null;
  state: string;
  outcome: string | null;
  stoppedAt: string | null;
  ledger: { kind: string; reason?: string; minutes: number }[];
  explanation: { zh: string; en: string };
};
const clocksOf = async (id: number): Promise<Clock[]> => expectOk(await agent.get(`/api/tickets/${id}`)).clocks;
const clockOf = async (id: number, kind: string) => {
  const found = (await clocksOf(id)).find((clock) => clock.kind === kind);
  if (!found) throw new Error(`no ${kind} clock`);
  return found;
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  agent = await t.client('agent.bj');
  admin = await t.client('admin');
  fixture = await createFixture(t, { acceptanceDate: '2025-06-01' });
  const [calendar] = await t.query<{ id: number }>("select id from business_calendars where code = 'STD'");
  standardCalendarId = calendar.id;
});
afterAll(() => t.close());

describe('pausing and resuming (SLA-3)', () => {
  it('moves the response deadline by the time spent waiting for the customer and shows it in the ledger', async () => {
    now = bj('2026-03-10 10:00');
    const ticket = await createTicket(agent, fixture, { faultLevel: 3, receivedAt: now.toISOString() });
    // Level 3 responds within 2 working hours (STD: Mon–Fri 08:30–17:30).
    expect((await clockOf(ticket.id, 'response')).dueAt).toBe(bj('2026-03-10 12:00').toISOString());
    await classify(agent, ticket.id, { serviceMode: 'remote' });
    expectOk(await move(agent, ticket.id, 'in_progress'));
    now = bj('2026-03-10 10:30');
    expectOk(await move(agent, ticket.id, 'waiting_customer', { note: '等客户提供日志' }));
    const paused = await clockOf(ticket.id, 'response');
    expect(paused).toMatchObject({ state: 'paused', dueAt: null });
    now = bj('2026-03-10 11:30');
    expectOk(await move(agent, ticket.id, 'in_progress'));
    const resumed = await clockOf(ticket.id, 'response');
    expect(resumed.dueAt).toBe(bj('2026-03-10 13:00').toISOString());
    expect(resumed.ledger).toContainEqual(
      expect.objectContaining({ kind: 'paused', reason: 'waiting_customer', minutes: 60 }),
    );
    const counted = resumed.ledger
      .filter((segment) => segment.kind === 'running')
      .reduce((sum, s) => sum + s.minutes, 0);
    expect(counted).toBe(120);
    expect(resumed.explanation.zh).toContain('等待客户');
    // Internal deadlines do not pause: the intake deadline was met when the ticket was classified.
    expect(await clockOf(ticket.id, 'intake')).toMatchObject({ outcome: 'met' });
  });
});

describe('changing the level (SLA-3)', () => {
  it('recomputes every running deadline from the original receipt time', async () => {
    now = bj('2026-03-10 10:00');
    const ticket = await createTicket(agent, fixture, { faultLevel: 3, receivedAt: now.toISOString() });
    now = bj('2026-03-10 10:05');
    const current = expectOk(await agent.get(`/api/tickets/${ticket.id}`));
    expectOk(
      await agent.patch(`/api/tickets/${ticket.id}`, {
        faultLevel: 1,
        note: '客户全线停产，升为一级',
        expectedVersion: current.version,
      }),
    );
    // Level 1: respond within 10 minutes, around the clock — from 10:00, not from the change at 10:05.
    expect((await clockOf(ticket.id, 'response')).dueAt).toBe(bj('2026-03-10 10:10').toISOString());
    expect((await clockOf(ticket.id, 'resolution')).dueAt).toBe(bj('2026-03-11 10:00').toISOString());
  });
});

describe('editing the calendar (SLA-2, SLA-3)', () => {
  it('moves running deadlines of open tickets and keeps the recorded outcome of stopped clocks', async () => {
    now = bj('2026-03-10 16:30');
    const running = await createTicket(agent, fixture, { faultLevel: 3, receivedAt: now.toISOString() });
    const stopped = await createTicket(agent, fixture, { faultLevel: 3, receivedAt: now.toISOString() });
    now = bj('2026-03-10 16:40');
    expectOk(
      await agent.post(`/api/tickets/${stopped.id}/respond`, { method: 'phone', note: '已回电', expectedVersion: 1 }),
    );
    const before = await clockOf(stopped.id, 'response');
    expect(before).toMatchObject({ outcome: 'met', dueAt: bj('2026-03-11 09:30').toISOString() });
    expect((await clockOf(running.id, 'response')).dueAt).toBe(bj('2026-03-11 09:30').toISOString());

    expectOk(
      await admin.post(`/api/sla/calendars/${standardCalendarId}/days`, {
        date: '2026-03-11',
        kind: 'holiday',
        name: '测试假日',
      }),
    );
    const moved = await clockOf(running.id, 'response');
    expect(moved.dueAt).toBe(bj('2026-03-12 09:30').toISOString());
    expect(moved.ledger).toContainEqual(expect.objectContaining({ kind: 'holiday' }));
    expect(await clockOf(stopped.id, 'response')).toMatchObject({ outcome: 'met', stoppedAt: before.stoppedAt });

    expectOk(await admin.delete(`/api/sla/calendars/${standardCalendarId}/days/2026-03-11`));
    expect((await clockOf(running.id, 'response')).dueAt).toBe(bj('2026-03-11 09:30').toISOString());
  });
});

describe('the SLA watcher (SLA-3, SLA-4, PLT-3)', () => {
  const sweep = () => t.app.services.slaClocks.sweep(now);
  const events = async (ticketId: number, kind: string) =>
    t.query<{ data: { clock?: string; task?: string } }>(
      'select data from ticket_events where ticket_id = $1 and kind = $2 order by id',
      [ticketId, kind],
    );

  it('notifies at risk once, records and escalates a breach once, even with concurrent sweeps', async () => {
    now = bj('2026-03-16 09:00'); // Monday
    const ticket = await createTicket(agent, fixture, { faultLevel: 3, receivedAt: now.toISOString() });
    now = bj('2026-03-16 10:40'); // 100 of 120 minutes used: at risk (80 %)
    await Promise.all([sweep(), sweep(), sweep()]);
    const atRisk = await events(ticket.id, 'clock_at_risk');
    expect(atRisk.filter((event) => event.data.clock === 'response')).toHaveLength(1);
    expect((await clockOf(ticket.id, 'response')).state).toBe('at_risk');

    now = bj('2026-03-16 11:05');
    await Promise.all([sweep(), sweep()]);
    const breached = await events(ticket.id, 'clock_breached');
    expect(breached.filter((event) => event.data.clock === 'response')).toHaveLength(1);
    const messages = await t.query<{ template: string; user_id: number | null }>(
      `select template, user_id from outbox_messages where payload->>'ticketId' = $1 and template like 'sla.%'`,
      [String(ticket.id)],
    );
    const [manager] = await t.query<{ id: number }>("select id from users where username = 'manager.bj'");
    expect(messages).toContainEqual({ template: 'sla.breached', user_id: manager.id });
    expect(
      messages.filter((message) => message.template === 'sla.breached' && message.user_id === manager.id),
    ).toHaveLength(1);
  });

  it('raises the loaner task when an on-site repair is not fixed within 10 working hours, due 12 working hours after the report', async () => {
    now = bj('2026-03-17 10:00'); // Tuesday
    const ticket = await createTicket(agent, fixture, { type: 'repair', faultLevel: 2, receivedAt: now.toISOString() });
    await classify(agent, ticket.id, { serviceMode: 'on_site' });
    now = bj('2026-03-18 10:59'); // 7.5 h Tuesday + 2.5 h Wednesday = 10 working hours at 11:00
    await sweep();
    expect(await t.query('select id from ticket_tasks where ticket_id = $1', [ticket.id])).toHaveLength(0);
    now = bj('2026-03-18 11:00');
    await Promise.all([sweep(), sweep()]);
    const tasks = await t.query<{ kind: string; due_at: Date; status: string }>(
      'select kind, due_at, status from ticket_tasks where ticket_id = $1',
      [ticket.id],
    );
    expect(tasks).toEqual([{ kind: 'loaner', due_at: bj('2026-03-18 13:00'), status: 'open' }]);
    expect(await events(ticket.id, 'task')).toHaveLength(1);

    const [task] = await t.query<{ id: number }>('select id from ticket_tasks where ticket_id = $1', [ticket.id]);
    const path = `/api/tickets/${ticket.id}/tasks/${task.id}/complete`;
    expect((await agent.post(path, { note: '' })).status).toBe(400);
    const done = expectOk(await agent.post(path, { note: '备用机 BY-001 已送达' }));
    expect(done.tasks).toEqual([
      expect.objectContaining({ id: task.id, status: 'done', note: '备用机 BY-001 已送达' }),
    ]);
    expect((await agent.post(path, { note: '再次' })).status).toBe(409);
    expect(await events(ticket.id, 'task')).toHaveLength(2);
  });

  it('stops or ends every deadline when the ticket is resolved: nothing is raised for it afterwards', async () => {
    now = bj('2026-03-19 09:00'); // Thursday
    const ticket = await createTicket(agent, fixture, { type: 'repair', faultLevel: 2, receivedAt: now.toISOString() });
    await classify(agent, ticket.id, { serviceMode: 'on_site' });
    now = bj('2026-03-19 10:00');
    expectOk(await move(agent, ticket.id, 'in_progress', { note: '电话指导后恢复' }));
    expectOk(await move(agent, ticket.id, 'resolved', { note: '已恢复' }));
    const clocks = await clocksOf(ticket.id);
    expect(clocks.filter((clock) => clock.stoppedAt === null)).toEqual([]);
    expect(clocks.find((clock) => clock.kind === 'loaner')).toMatchObject({ outcome: 'met' });
    expect(clocks.find((clock) => clock.kind === 'arrival')).toMatchObject({ outcome: null, state: 'stopped' });
    now = bj('2026-03-25 09:00');
    await sweep();
    expect(await t.query('select id from ticket_tasks where ticket_id = $1', [ticket.id])).toHaveLength(0);
    expect(await events(ticket.id, 'clock_breached')).toHaveLength(0);
  });
});
