/**
 * Dispatch through the real intake (TKT-1 → DSP-5): each service mode from the recorded request to
 * the resolved (and closed) ticket, with the customer's messages in the outbox.
 */
import sharp from 'sharp';
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
} from '../tickets/ticket-test-fixtures.js';

let t: TestApp;
let agent: ApiClient;
let manager: ApiClient;
let engineer: ApiClient;
let engineerId: number;
let fixture: Fixture;

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.client('agent.bj');
  manager = await t.client('manager.bj');
  engineer = await t.client('engineer.bj');
  engineerId = (await t.query<{ id: number }>(`select id from users where username = 'engineer.bj'`))[0].id;
  fixture = await createFixture(t, { category: 'hardware' });
});
afterAll(() => t.close());

/** Intake → classification with the mode → suggestion → assignment → acceptance. */
async function dispatched(serviceMode: string, overrides: Record<string, unknown> = {}) {
  const created = await createTicket(agent, fixture, overrides);
  const classified = await classify(agent, created.id, { serviceMode, faultLevel: 2 });
  expect(classified.status).toBe('classified');
  const suggestions = expectOk(await manager.get(`/api/tickets/${created.id}/assignment-suggestions`));
  expect(suggestions.productCategory).toBe('hardware');
  const best = suggestions.items.find((item: { isEligible: boolean }) => item.isEligible);
  expect(best.engineerId).toBe(engineerId);
  const assigned = expectOk(
    await manager.post(`/api/tickets/${created.id}/assignments`, {
      engineerIds: [engineerId],
      expectedArrivalAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      expectedVersion: classified.version,
    }),
  );
  const assignmentId = assigned.items[0].id as number;
  const task = expectOk(await engineer.post(`/api/assignments/${assignmentId}/accept`, {}));
  return { ticketId: created.id as number, number: created.number as string, assignmentId, task };
}

const outboxTemplates = async (ticketId: number) =>
  (
    await t.query<{ template: string }>(
      `select template from outbox_messages where payload->>'ticketId' = $1 and user_id is null order by id`,
      [String(ticketId)],
    )
  ).map((row) => row.template);

describe('service modes end to end', () => {
  it('on site: visit, check-in (arrival met), record, signature, check-out → resolved → closed', async () => {
    const { ticketId, assignmentId, task } = await dispatched('on_site');
    expect(task.nextStep).toBe('start_travel');
    const visit = expectOk(await engineer.post(`/api/tickets/${ticketId}/visits`, { startTravel: true }));
    const onSite = expectOk(
      await engineer.post(`/api/visits/${visit.id}/check-in`, { latitude: 39.9, longitude: 116.4 }),
    );
    const detail = await getTicket(manager, ticketId);
    expect(detail.status).toBe('on_site');
    const arrival = detail.clocks.find((clock: { kind: string }) => clock.kind === 'arrival');
    expect(arrival?.outcome).toBe('met');
    expect(arrival?.stoppedAt).not.toBeNull();
    const recorded = expectOk(
      await engineer.request('PATCH', `/api/visits/${visit.id}`, {
        diagnosis: '接触器老化',
        workDone: '更换接触器',
        partsUsed: [{ name: '接触器', quantity: 1, kind: 'warranty' }],
        labourMinutes: 45,
        result: 'done',
        ratingAttitude: 4,
        expectedVersion: onSite.version,
      }),
    );
    const image = await sharp({ create: { width: 30, height: 12, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const signed = expectOk(
      await engineer.post(`/api/visits/${visit.id}/signature`, {
        image: `data:image/png;base64,${image.toString('base64')}`,
        signedByName: '联系人',
      }),
    );
    expect(signed.version).toBeGreaterThan(recorded.version);
    expectOk(await engineer.post(`/api/visits/${visit.id}/check-out`, { expectedVersion: signed.version }));
    const resolved = await getTicket(manager, ticketId);
    expect(resolved.status).toBe('resolved');
    expect(resolved.visits.map((v: { number: string }) => v.number)).toEqual([visit.number]);
    // The signed record is the customer's acceptance: the desk may close the on-site ticket.
    expect((await move(agent, ticketId, 'closed')).status).toBe(200);
    // Closing sends the customer the survey link (FBK-1).
    expect(await outboxTemplates(ticketId)).toEqual([
      'ticket.received',
      'ticket.assigned_customer',
      'ticket.resolved',
      'survey.invite',
    ]);
    const finished = expectOk(await engineer.get(`/api/assignments/${assignmentId}`));
    expect(finished.nextStep).toBe('finished');
  });

  it('send-in: the engineer works it without a visit and resolves it', async () => {
    const { ticketId, assignmentId, task } = await dispatched('send_in');
    expect(task.nextStep).toBe('work_remotely');
    expect((await engineer.post(`/api/tickets/${ticketId}/visits`, { startTravel: true })).status).toBe(409);
    let version = (await getTicket(engineer, ticketId)).version;
    const working = expectOk(
      await engineer.post(`/api/assignments/${assignmentId}/progress`, { to: 'in_progress', expectedVersion: version }),
    );
    expect(working.ticket.status).toBe('in_progress');
    const stale = await engineer.post(`/api/assignments/${assignmentId}/progress`, {
      to: 'resolved',
      expectedVersion: version,
    });
    expect(stale.status).toBe(409);
    version = working.ticket.version;
    const waiting = expectOk(
      await engineer.post(`/api/assignments/${assignmentId}/progress`, {
        to: 'waiting_parts',
        note: '主板返厂维修',
        expectedVersion: version,
      }),
    );
    expect(waiting.nextStep).toBe('waiting');
    const done = expectOk(
      await engineer.post(`/api/assignments/${assignmentId}/progress`, {
        to: 'resolved',
        note: '修复后寄回',
        expectedVersion: waiting.ticket.version,
      }),
    );
    expect(done.nextStep).toBe('finished');
    expect((await getTicket(manager, ticketId)).status).toBe('resolved');
    expect(await outboxTemplates(ticketId)).toContain('ticket.assigned_customer');
    // The path passed through in progress each time the state machine needed it.
    const path = await t.query<{ to_status: string }>(
      `select to_status from ticket_events where ticket_id = $1 and to_status is not null order by id`,
      [ticketId],
    );
    expect(path.map((row) => row.to_status)).toEqual([
      'received',
      'classified',
      'assigned',
      'accepted',
      'in_progress',
      'waiting_parts',
      'in_progress',
      'resolved',
    ]);
  });

  it('parts by mail: accepted straight to resolved, and closed without a signature', async () => {
    const { ticketId, assignmentId } = await dispatched('parts_by_mail', { type: 'parts_by_mail' });
    const version = (await getTicket(engineer, ticketId)).version;
    expectOk(
      await engineer.post(`/api/assignments/${assignmentId}/progress`, {
        to: 'resolved',
        note: '顺丰 SF1234567890 寄出',
        expectedVersion: version,
      }),
    );
    expect((await move(agent, ticketId, 'closed')).status).toBe(200);
  });

  it('on-site tickets refuse the no-visit progress', async () => {
    const { ticketId, assignmentId } = await dispatched('on_site');
    const version = (await getTicket(engineer, ticketId)).version;
    const response = await engineer.post(`/api/assignments/${assignmentId}/progress`, {
      to: 'resolved',
      expectedVersion: version,
    });
    expect(response.status).toBe(409);
  });
});
