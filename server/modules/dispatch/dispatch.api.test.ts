/**
 * Dispatch and field work through HTTP (DSP-1, 2, 4, 5): suggestions with reasons, assignment and
 * its races, accept/decline/reassign, the on-site lifecycle with the arrival clock, numbering of
 * visits, the engineer's task order, scoping, qualifications and leaves.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createDispatchableTicket, type FixtureTicketOptions } from './dispatch-fixtures.js';

let t: TestApp;
let admin: ApiClient;
let manager: ApiClient; // manager.bj
let agent: ApiClient; // agent.bj
let engineer: ApiClient; // engineer.bj: 售后服务部 (SH), hardware + integration, repair
let engineer2: ApiClient; // engineer2.bj: 生产部 (SC), hardware, installation
let engineerSh: ApiClient; // engineer.sh: 上海, software + data
let managerSh: ApiClient;
let engineer3: ApiClient; // engineer3.bj: like engineer.bj, created for these tests
let BJ: number;
let customerId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, agent, engineer, engineer2, engineerSh, managerSh] = await Promise.all(
    ['admin', 'manager.bj', 'agent.bj', 'engineer.bj', 'engineer2.bj', 'engineer.sh', 'manager.sh'].map((login) =>
      t.client(login),
    ),
  );
  BJ = t.stationId.get('BJ')!;
  for (const username of ['engineer.bj', 'engineer2.bj', 'engineer.sh', 'agent.bj', 'manager.bj']) {
    ids[username] = (await t.query<{ id: number }>('select id from users where username = $1', [username]))[0].id;
  }
  const customer = await agent.post('/api/customers', {
    kind: 'organisation',
    name: '北京派工测试有限公司',
    stationId: BJ,
    phone: '13912345678',
    addressDetail: '朝阳区酒仙桥路 1 号',
  });
  expect(customer.status, JSON.stringify(customer.body)).toBe(200);
  customerId = customer.body.id;
  // A third engineer of the BJ station with the same fit as engineer.bj, and a clean task list.
  const created = await admin.post('/api/users', {
    username: 'engineer3.bj',
    password: 'Secret2026',
    displayName: '孔工',
    roles: ['engineer'],
    stationId: BJ,
    departmentId: t.departmentId.get('SH'),
    skills: ['hardware'],
    specialty: 'repair',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  ids['engineer3.bj'] = created.body.id;
  await t.query('update users set must_change_password = false where id = $1', [created.body.id]);
  const qualified = await manager.post(`/api/users/${created.body.id}/qualifications`, {
    productCategory: 'hardware',
    certificateNo: 'PX-9',
    validFrom: '2024-01-01',
  });
  expect(qualified.status, JSON.stringify(qualified.body)).toBe(200);
  engineer3 = await t.client('engineer3.bj', 'Secret2026');
});
afterAll(() => t.close());

// ---------- helpers ----------

/** A classified ticket ready for dispatch (intake is the tickets module's; its clocks are started). */
const createTicket = (overrides: Omit<FixtureTicketOptions, 'customerId' | 'receivedBy'> = {}) =>
  createDispatchableTicket(t, { customerId, receivedBy: ids['agent.bj'], ...overrides });

const ticketRow = async (id: number) =>
  (
    await t.query<{ status: string; version: number; first_response_at: Date | null; arrived_at: Date | null }>(
      'select status, version, first_response_at, arrived_at from tickets where id = $1',
      [id],
    )
  )[0];

async function assign(ticketId: number, engineerIds: number[], extra: Record<string, unknown> = {}, by = manager) {
  const { version } = await ticketRow(ticketId);
  const response = await by.post(`/api/tickets/${ticketId}/assignments`, {
    engineerIds,
    expectedVersion: version,
    ...extra,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as { id: number; engineerId: number; status: string; role: string }[];
}

const ok = (response: ApiResponse) => {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const fieldsOf = (response: ApiResponse) => (response.body.error?.fields ?? []).map((f: { field: string }) => f.field);

async function counts() {
  const [row] = await t.query<{ assignments: number; events: number; outbox: number; visits: number }>(
    `select (select count(*) from assignments)::int as assignments, (select count(*) from ticket_events)::int as events,
            (select count(*) from outbox_messages)::int as outbox, (select count(*) from visits)::int as visits`,
  );
  return row;
}

const png = () =>
  sharp({ create: { width: 40, height: 20, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer();

// ---------- suggestions (DSP-1) ----------

describe('assignment suggestions', () => {
  it('lists the station’s (and region’s) engineers with reasons, qualified ones first', async () => {
    const ticket = await createTicket();
    const body = ok(await manager.get(`/api/tickets/${ticket.id}/assignment-suggestions`));
    const byId = new Map(body.items.map((item: { engineerId: number }) => [item.engineerId, item]));
    // engineer.sh works for another region: not a candidate at all.
    expect(byId.has(ids['engineer.sh'])).toBe(false);
    const lead = body.items[0];
    expect(lead.engineerId).toBe(ids['engineer.bj']); // skill + specialty (repair) fit
    expect(lead.isEligible).toBe(true);
    const codes = lead.reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining(['same_station', 'qualified', 'skill_match', 'specialty_fit', 'workload']),
    );
    for (const reason of lead.reasons) {
      expect(reason.zh.length).toBeGreaterThan(0);
      expect(reason.en.length).toBeGreaterThan(0);
    }
  });

  it('shows an expired qualification as the reason the engineer is not dispatchable', async () => {
    const ticket = await createTicket();
    await t.query(`update engineer_qualifications set valid_until = current_date - 1 where user_id = $1`, [
      ids['engineer2.bj'],
    ]);
    try {
      const body = ok(await manager.get(`/api/tickets/${ticket.id}/assignment-suggestions`));
      const candidate = body.items.find((i: { engineerId: number }) => i.engineerId === ids['engineer2.bj']);
      expect(candidate.isEligible).toBe(false);
      expect(candidate.reasons.find((r: { code: string }) => r.code === 'qualification_expired').effect).toBe(
        'blocking',
      );
      // Ineligible candidates come after every eligible one.
      expect(body.items.at(-1).engineerId).toBe(ids['engineer2.bj']);
      // …and assigning them anyway is refused, naming them; nothing is written.
      const before = await counts();
      const response = await manager.post(`/api/tickets/${ticket.id}/assignments`, {
        engineerIds: [ids['engineer.bj'], ids['engineer2.bj']],
        expectedVersion: ticket.version,
      });
      expect(response.status).toBe(400);
      expect(fieldsOf(response)).toEqual(['engineerIds.1']);
      expect(response.body.error.message).toContain('褚工');
      expect(await counts()).toEqual(before);
      expect((await ticketRow(ticket.id)).status).toBe('classified');
    } finally {
      await t.query(`update engineer_qualifications set valid_until = null where user_id = $1`, [ids['engineer2.bj']]);
    }
  });

  it('marks an engineer on leave at the expected time as unavailable', async () => {
    const ticket = await createTicket();
    const leave = ok(
      await manager.post(`/api/users/${ids['engineer.bj']}/leaves`, {
        startsAt: '2030-05-01T00:00:00+08:00',
        endsAt: '2030-05-04T00:00:00+08:00',
        reason: '年假',
      }),
    );
    const during = ok(
      await manager.get(`/api/tickets/${ticket.id}/assignment-suggestions?at=2030-05-02T10:00:00%2B08:00`),
    );
    const onLeave = during.items.find((i: { engineerId: number }) => i.engineerId === ids['engineer.bj']);
    expect(onLeave.isAvailable).toBe(false);
    expect(onLeave.isEligible).toBe(false);
    expect(onLeave.reasons.map((r: { code: string }) => r.code)).toContain('on_leave');
    const after = ok(
      await manager.get(`/api/tickets/${ticket.id}/assignment-suggestions?at=2030-05-04T10:00:00%2B08:00`),
    );
    expect(after.items.find((i: { engineerId: number }) => i.engineerId === ids['engineer.bj']).isAvailable).toBe(true);
    // Assigning for a time inside the leave is refused.
    const refused = await manager.post(`/api/tickets/${ticket.id}/assignments`, {
      engineerIds: [ids['engineer.bj']],
      expectedArrivalAt: '2030-05-02T10:00:00+08:00',
      expectedVersion: ticket.version,
    });
    expect(refused.status).toBe(400);
    ok(await manager.request('DELETE', `/api/users/${ids['engineer.bj']}/leaves/${leave.id}`));
  });

  it('explains a product line the engineer is neither skilled nor qualified for', async () => {
    const ticket = await createTicket({ productCategory: 'software' });
    const body = ok(await manager.get(`/api/tickets/${ticket.id}/assignment-suggestions`));
    const candidate = body.items.find((i: { engineerId: number }) => i.engineerId === ids['engineer.bj']);
    const codes = candidate.reasons.map((r: { code: string }) => r.code);
    expect(codes).toContain('skill_mismatch');
    expect(codes).toContain('qualification_missing');
    expect(candidate.isEligible).toBe(false);
  });

  it('ranks a busy engineer below an idle one with the same fit', async () => {
    // engineer.bj gets two open tasks; engineer3.bj has none.
    for (let i = 0; i < 2; i++) await assign((await createTicket()).id, [ids['engineer.bj']]);
    const ticket = await createTicket();
    const body = ok(await manager.get(`/api/tickets/${ticket.id}/assignment-suggestions`));
    const order = body.items.map((i: { engineerId: number }) => i.engineerId);
    expect(order.indexOf(ids['engineer3.bj'])).toBeLessThan(order.indexOf(ids['engineer.bj']));
    const busy = body.items.find((i: { engineerId: number }) => i.engineerId === ids['engineer.bj']);
    expect(busy.openWorkload).toBeGreaterThanOrEqual(2);
  });

  it('is scoped to the caller’s station: another station’s ticket is not found', async () => {
    const ticket = await createTicket();
    expect((await managerSh.get(`/api/tickets/${ticket.id}/assignment-suggestions`)).status).toBe(404);
    const response = await managerSh.post(`/api/tickets/${ticket.id}/assignments`, {
      engineerIds: [ids['engineer.sh']],
      expectedVersion: ticket.version,
    });
    expect(response.status).toBe(404);
  });
});

// ---------- assign, accept, decline, reassign (DSP-1, DSP-2) ----------

describe('assigning', () => {
  it('refuses an engineer of another region (400 naming the field) and bad input', async () => {
    const ticket = await createTicket();
    const before = await counts();
    const other = await manager.post(`/api/tickets/${ticket.id}/assignments`, {
      engineerIds: [ids['engineer.sh']],
      expectedVersion: ticket.version,
    });
    expect(other.status).toBe(400);
    expect(fieldsOf(other)).toEqual(['engineerIds.0']);
    expect(other.body.error.message).toContain('陈工');
    const empty = await manager.post(`/api/tickets/${ticket.id}/assignments`, {
      engineerIds: [],
      expectedVersion: ticket.version,
    });
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty)).toContain('engineerIds');
    const noVersion = await manager.post(`/api/tickets/${ticket.id}/assignments`, {
      engineerIds: [ids['engineer.bj']],
    });
    expect(fieldsOf(noVersion)).toContain('expectedVersion');
    const duplicate = await manager.post(`/api/tickets/${ticket.id}/assignments`, {
      engineerIds: [ids['engineer.bj'], ids['engineer.bj']],
      expectedVersion: ticket.version,
    });
    expect(duplicate.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('moves the ticket to assigned and messages the engineer in-app; a stale version → 409', async () => {
    const ticket = await createTicket();
    const items = await assign(ticket.id, [ids['engineer.bj'], ids['engineer2.bj']], {
      expectedArrivalAt: new Date(Date.now() + 3_600_000).toISOString(),
      note: '带上备用电源模块',
    });
    expect(items.map((i) => [i.engineerId, i.role, i.status])).toEqual([
      [ids['engineer.bj'], 'lead', 'offered'],
      [ids['engineer2.bj'], 'assistant', 'offered'],
    ]);
    expect((await ticketRow(ticket.id)).status).toBe('assigned');
    const messages = await t.query<{ user_id: number; channel: string }>(
      `select user_id, channel from outbox_messages where template = 'ticket.assigned_engineer' and payload->>'ticketId' = $1`,
      [String(ticket.id)],
    );
    expect(messages.map((m) => m.user_id).sort()).toEqual([ids['engineer.bj'], ids['engineer2.bj']].sort());
    expect(messages.every((m) => m.channel === 'in_app')).toBe(true);
    const stale = await agent.post(`/api/tickets/${ticket.id}/assignments`, {
      engineerIds: [ids['engineer2.bj']],
      expectedVersion: ticket.version,
    });
    expect(stale.status).toBe(409);
    const events = await t.query<{ kind: string; to_status: string | null }>(
      'select kind, to_status from ticket_events where ticket_id = $1 order by id',
      [ticket.id],
    );
    expect(events).toContainEqual({ kind: 'assigned', to_status: 'assigned' });
  });

  it('two dispatchers assigning the same ticket at once: exactly one wins, the other gets 409', async () => {
    for (let round = 0; round < 3; round++) {
      const ticket = await createTicket();
      const [first, second] = await Promise.all([
        manager.post(`/api/tickets/${ticket.id}/assignments`, {
          engineerIds: [ids['engineer.bj']],
          expectedVersion: ticket.version,
        }),
        agent.post(`/api/tickets/${ticket.id}/assignments`, {
          engineerIds: [ids['engineer2.bj']],
          expectedVersion: ticket.version,
        }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const live = await t.query<{ role: string }>(
        `select role from assignments where ticket_id = $1 and status in ('offered', 'accepted')`,
        [ticket.id],
      );
      expect(live).toEqual([{ role: 'lead' }]);
    }
  });

  it('accept: the ticket is accepted, the customer is told who comes and when, the response clock stops; twice → 409', async () => {
    const ticket = await createTicket();
    const eta = new Date(Date.now() + 2 * 3_600_000);
    const [lead] = await assign(ticket.id, [ids['engineer.bj']], { expectedArrivalAt: eta.toISOString() });
    // Another engineer cannot accept someone else's assignment.
    expect((await engineer2.post(`/api/assignments/${lead.id}/accept`, {})).status).toBe(404);
    const task = ok(await engineer.post(`/api/assignments/${lead.id}/accept`, {}));
    expect(task.assignmentStatus).toBe('accepted');
    expect(task.nextStep).toBe('start_travel');
    const row = await ticketRow(ticket.id);
    expect(row.status).toBe('accepted');
    expect(row.first_response_at).not.toBeNull();
    const [message] = await t.query<{ address: string; channel: string; payload: Record<string, unknown> }>(
      `select address, channel, payload from outbox_messages where template = 'ticket.assigned_customer' and payload->>'ticketId' = $1`,
      [String(ticket.id)],
    );
    expect(message.channel).toBe('sms');
    expect(message.address).toBe('13912345678');
    expect(message.payload).toMatchObject({ engineerName: '李工', engineerPhone: '13800000005' });
    expect(new Date(message.payload.expectedArrivalAt as string).getTime()).toBe(eta.getTime());
    const [clock] = await t.query<{ stopped_at: Date | null }>(
      `select stopped_at from ticket_clocks where ticket_id = $1 and kind = 'response'`,
      [ticket.id],
    );
    if (clock) expect(clock.stopped_at).not.toBeNull();
    const again = await engineer.post(`/api/assignments/${lead.id}/accept`, {});
    expect(again.status).toBe(409);
  });

  it('double accept at the same instant: one 200, one 409', async () => {
    const ticket = await createTicket();
    const [lead] = await assign(ticket.id, [ids['engineer.bj']]);
    const results = await Promise.all([
      engineer.post(`/api/assignments/${lead.id}/accept`, {}),
      engineer.post(`/api/assignments/${lead.id}/accept`, {}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('decline needs a reason; the last one out returns the ticket to dispatch and tells the dispatcher', async () => {
    const ticket = await createTicket();
    const [lead] = await assign(ticket.id, [ids['engineer.bj']], {}, agent);
    const before = await counts();
    const noReason = await engineer.post(`/api/assignments/${lead.id}/decline`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason)).toContain('reason');
    expect(await counts()).toEqual(before);
    const declined = ok(await engineer.post(`/api/assignments/${lead.id}/decline`, { reason: '今天在外地出差' }));
    expect(declined.ticketReturned).toBe(true);
    expect((await ticketRow(ticket.id)).status).toBe('classified');
    const [notice] = await t.query<{ user_id: number; channel: string; payload: { text: string } }>(
      `select user_id, channel, payload from outbox_messages where template = 'ticket.escalated' and payload->>'ticketId' = $1`,
      [String(ticket.id)],
    );
    expect(notice.user_id).toBe(ids['agent.bj']);
    expect(notice.channel).toBe('in_app');
    expect(notice.payload.text).toContain('今天在外地出差');
    expect((await engineer.post(`/api/assignments/${lead.id}/decline`, { reason: '再拒一次' })).status).toBe(409);
  });

  it('reassign withdraws the live engineers and offers the new ones; an accepted ticket returns to assigned', async () => {
    const ticket = await createTicket();
    const [first] = await assign(ticket.id, [ids['engineer.bj']]);
    ok(await engineer.post(`/api/assignments/${first.id}/accept`, {}));
    expect((await ticketRow(ticket.id)).status).toBe('accepted');
    const items = await assign(ticket.id, [ids['engineer2.bj']], { note: '李工另有急修' });
    const byEngineer = new Map(items.map((i) => [i.engineerId, i]));
    expect(byEngineer.get(ids['engineer.bj'])?.status).toBe('withdrawn');
    expect(byEngineer.get(ids['engineer2.bj'])).toMatchObject({ status: 'offered', role: 'lead' });
    expect((await ticketRow(ticket.id)).status).toBe('assigned');
    // The withdrawn engineer can no longer act on it.
    expect((await engineer.post(`/api/assignments/${first.id}/accept`, {})).status).toBe(409);
    // Adding an assistant while the accepted lead stays does not send the ticket back.
    const [lead2] = items.filter((i) => i.status === 'offered');
    ok(await engineer2.post(`/api/assignments/${lead2.id}/accept`, {}));
    const withAssistant = await assign(ticket.id, [ids['engineer2.bj'], ids['engineer.bj']]);
    expect((await ticketRow(ticket.id)).status).toBe('accepted');
    expect(withAssistant.filter((i) => i.status === 'offered' || i.status === 'accepted').map((i) => i.role)).toEqual([
      'lead',
      'assistant',
    ]);
    // Withdrawing every engineer returns the ticket to dispatch.
    for (const live of withAssistant.filter((i) => i.status === 'offered' || i.status === 'accepted')) {
      ok(await manager.post(`/api/assignments/${live.id}/withdraw`, { reason: '客户改期' }));
    }
    expect((await ticketRow(ticket.id)).status).toBe('classified');
  });
});

// ---------- field work (DSP-4, DSP-5) ----------

async function acceptedTicket(client = engineer, username = 'engineer.bj', overrides = {}) {
  const ticket = await createTicket(overrides);
  const [lead] = await assign(ticket.id, [ids[username]], {
    expectedArrivalAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  ok(await client.post(`/api/assignments/${lead.id}/accept`, {}));
  return { ticket, assignmentId: lead.id };
}

describe('the on-site lifecycle', () => {
  it('assign → accept → travel → check in → work → record → photos → signature → check out → resolved', async () => {
    const { ticket, assignmentId } = await acceptedTicket();
    const travelling = ok(await engineer.post(`/api/tickets/${ticket.id}/visits`, { startTravel: true }));
    expect(travelling.status).toBe('travelling');
    // Numbered with the serving department's code (engineer.bj: 售后服务部 SH) + YYMM + sequence.
    expect(travelling.number).toMatch(/^SH\d{4}\d{2,}$/);
    expect((await ticketRow(ticket.id)).status).toBe('en_route');
    const visitId = travelling.id;

    const checkedIn = ok(
      await engineer.post(`/api/visits/${visitId}/check-in`, { latitude: 39.98, longitude: 116.49, accuracy: 12 }),
    );
    expect(checkedIn.status).toBe('on_site');
    expect(checkedIn.checkInLocation).toEqual({ latitude: 39.98, longitude: 116.49, accuracy: 12 });
    const afterCheckIn = await ticketRow(ticket.id);
    expect(afterCheckIn.status).toBe('on_site');
    expect(afterCheckIn.arrived_at).not.toBeNull();
    const [arrival] = await t.query<{ stopped_at: Date | null; outcome: string | null }>(
      `select stopped_at, outcome from ticket_clocks where ticket_id = $1 and kind = 'arrival'`,
      [ticket.id],
    );
    if (arrival) {
      expect(arrival.stopped_at).not.toBeNull();
      expect(arrival.outcome).toBe('met');
    }
    // A second check-in is refused.
    const second = await engineer.post(`/api/visits/${visitId}/check-in`, {});
    expect(second.status).toBe(409);
    // Only the visit's engineer checks in.
    expect((await engineer2.post(`/api/visits/${visitId}/start-work`, {})).status).toBe(404);

    ok(await engineer.post(`/api/visits/${visitId}/start-work`, {}));
    expect((await ticketRow(ticket.id)).status).toBe('in_progress');
    expect((await engineer.post(`/api/visits/${visitId}/start-work`, {})).status).toBe(409);

    const task = ok(await engineer.get(`/api/assignments/${assignmentId}`));
    expect(task.nextStep).toBe('record');
    expect(task.visit.id).toBe(visitId);

    const badRecord = await engineer.request('PATCH', `/api/visits/${visitId}`, {
      ratingAttitude: 7,
      expectedVersion: task.visit.version,
    });
    expect(badRecord.status).toBe(400);
    expect(fieldsOf(badRecord)).toContain('ratingAttitude');
    const recorded = ok(
      await engineer.request('PATCH', `/api/visits/${visitId}`, {
        diagnosis: '电源模块烧毁',
        workDone: '更换电源模块，通电测试正常',
        partsUsed: [
          { name: '电源模块 PS-200', quantity: 1, kind: 'warranty' },
          { name: '接线端子', quantity: 4, kind: 'customer_bought', unitPriceFen: 350 },
        ],
        labourMinutes: 90,
        result: 'done',
        ratingAttitude: 5,
        productDamage: 'none',
        siteTidy: 'good',
        customerSatisfaction: 'satisfied',
        customerSuggestion: '希望提供操作培训',
        expectedVersion: task.visit.version,
      }),
    );
    expect(recorded.partsUsed).toHaveLength(2);
    const stale = await engineer.request('PATCH', `/api/visits/${visitId}`, {
      diagnosis: '旧版本',
      expectedVersion: task.visit.version,
    });
    expect(stale.status).toBe(409);

    const photo = await engineer.upload(`/api/visits/${visitId}/photos`, 'site.png', await png(), 'image/png');
    expect(photo.status, JSON.stringify(photo.body)).toBe(200);
    expect(photo.body.photos).toHaveLength(1);
    const notAPicture = await engineer.upload(`/api/visits/${visitId}/photos`, 'x.png', 'not a picture', 'image/png');
    expect(notAPicture.status).toBe(400);
    expect(fieldsOf(notAPicture)).toContain('file');

    const badSignature = await engineer.post(`/api/visits/${visitId}/signature`, {
      image: 'data:image/jpeg;base64,AAAA',
      signedByName: '张经理',
    });
    expect(badSignature.status).toBe(400);
    expect(fieldsOf(badSignature)).toContain('image');
    const signed = ok(
      await engineer.post(`/api/visits/${visitId}/signature`, {
        image: `data:image/png;base64,${(await png()).toString('base64')}`,
        signedByName: '张经理',
      }),
    );
    expect(signed.signedByName).toBe('张经理');
    expect(signed.signedAt).not.toBeNull();
    expect(signed.signatureUrl).toMatch(/^\/api\/attachments\/\d+$/);

    const checkedOut = ok(await engineer.post(`/api/visits/${visitId}/check-out`, { expectedVersion: signed.version }));
    expect(checkedOut.status).toBe('checked_out');
    expect(checkedOut.result).toBe('done');
    expect((await ticketRow(ticket.id)).status).toBe('resolved');
    const [assignmentRow] = await t.query<{ status: string }>('select status from assignments where id = $1', [
      assignmentId,
    ]);
    expect(assignmentRow.status).toBe('completed');
    // The task leaves the engineer's list.
    const tasks = ok(await engineer.get('/api/my/tasks'));
    expect(tasks.items.map((i: { assignmentId: number }) => i.assignmentId)).not.toContain(assignmentId);
    // Customer messages: who comes (accept) and resolved.
    const templates = await t.query<{ template: string }>(
      `select template from outbox_messages where address = '13912345678' and payload->>'ticketId' = $1 order by id`,
      [String(ticket.id)],
    );
    expect(templates.map((m) => m.template)).toEqual(['ticket.assigned_customer', 'ticket.resolved']);
    // The timeline shows every step.
    const events = await t.query<{ to_status: string | null }>(
      `select to_status from ticket_events where ticket_id = $1 and to_status is not null order by id`,
      [ticket.id],
    );
    expect(events.map((e) => e.to_status)).toEqual([
      'assigned',
      'accepted',
      'en_route',
      'on_site',
      'in_progress',
      'resolved',
    ]);

    // The print data of both forms.
    const printed = ok(await manager.get(`/api/visits/${visitId}`));
    expect(printed.number).toBe(travelling.number);
    const record = ok(await manager.get(`/api/tickets/${ticket.id}/repair-record`));
    expect(record.warrantyParts).toEqual([{ name: '电源模块 PS-200', quantity: 1 }]);
    expect(record.boughtParts[0]).toMatchObject({ quantity: 4, unitPriceFen: 350, totalFen: 1400 });
    expect(record.signedByName).toBe('张经理');
    expect(record.visitNumbers).toEqual([travelling.number]);
    expect(record.repairFrom).not.toBeNull();
  });

  it('check-out needs a result; not done waits for parts and the engineer can travel again', async () => {
    const { ticket } = await acceptedTicket(engineer2, 'engineer2.bj');
    const planned = ok(await manager.post(`/api/tickets/${ticket.id}/visits`, { engineerId: ids['engineer2.bj'] }));
    // Numbered with engineer2.bj's department: 生产部 SC.
    expect(planned.number).toMatch(/^SC\d{4}\d{2,}$/);
    expect(planned.status).toBe('planned');
    // Checking in straight from planned records the travel start too.
    const checkedIn = ok(await engineer2.post(`/api/visits/${planned.id}/check-in`, {}));
    expect(checkedIn.travelStartedAt).not.toBeNull();
    expect(checkedIn.checkInLocation).toBeNull();
    const noResult = await engineer2.post(`/api/visits/${planned.id}/check-out`, {
      expectedVersion: checkedIn.version,
    });
    expect(noResult.status).toBe(400);
    expect(fieldsOf(noResult)).toContain('result');
    const noNext = await engineer2.post(`/api/visits/${planned.id}/check-out`, {
      result: 'not_done',
      expectedVersion: checkedIn.version,
    });
    expect(fieldsOf(noNext)).toContain('nextStatus');
    ok(
      await engineer2.post(`/api/visits/${planned.id}/check-out`, {
        result: 'not_done',
        nextStatus: 'waiting_parts',
        note: '需更换主板，已申请备件',
        expectedVersion: checkedIn.version,
      }),
    );
    expect((await ticketRow(ticket.id)).status).toBe('waiting_parts');
    // Parts arrived: a second visit.
    const again = ok(await engineer2.post(`/api/tickets/${ticket.id}/visits`, { startTravel: true }));
    expect(again.number).not.toBe(planned.number);
    expect((await ticketRow(ticket.id)).status).toBe('en_route');
  });

  it('numbers visits consecutively per serving department and month', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { ticket } = await acceptedTicket(engineer2, 'engineer2.bj');
      numbers.push(ok(await engineer2.post(`/api/tickets/${ticket.id}/visits`, { startTravel: true })).number);
    }
    const sequences = numbers.map((n) => Number(n.slice(6)));
    expect(sequences[1]).toBe(sequences[0] + 1);
    expect(sequences[2]).toBe(sequences[1] + 1);
  });

  it('send-in and parts-by-mail tickets are worked without a visit', async () => {
    for (const serviceMode of ['send_in', 'parts_by_mail', 'remote']) {
      const { ticket, assignmentId } = await acceptedTicket(engineer, 'engineer.bj', { serviceMode });
      const task = ok(await engineer.get(`/api/assignments/${assignmentId}`));
      expect(task.nextStep).toBe('work_remotely');
      expect(task.visit).toBeNull();
      const visit = await engineer.post(`/api/tickets/${ticket.id}/visits`, { startTravel: true });
      expect(visit.status).toBe(409);
      expect((await ticketRow(ticket.id)).status).toBe('accepted');
    }
  });
});

/** One running clock of the ticket (which kinds run depends on the level and mode). */
const runningKind = `(select kind from ticket_clocks k where k.ticket_id = $1 and k.stopped_at is null order by kind limit 1)`;

describe('my tasks', () => {
  it('orders by urgency: breached first, then the nearest running deadline, then the fault level', async () => {
    const client = engineer3;
    const username = 'engineer3.bj';
    const low = await acceptedTicket(client, username, { faultLevel: 4 });
    const high = await acceptedTicket(client, username, { faultLevel: 1 });
    const late = await acceptedTicket(client, username, { faultLevel: 3 });
    await t.query(`update ticket_clocks set due_at = null where ticket_id = any($1)`, [
      [low.ticket.id, high.ticket.id, late.ticket.id],
    ]);
    await t.query(
      `update ticket_clocks set due_at = now() - interval '1 hour' where ticket_id = $1 and kind = ${runningKind}`,
      [late.ticket.id],
    );
    await t.query(
      `update ticket_clocks set due_at = now() + interval '30 minutes' where ticket_id = $1 and kind = ${runningKind}`,
      [low.ticket.id],
    );
    const [{ count }] = await t.query<{ count: number }>(
      `select count(*)::int as count from ticket_clocks where ticket_id = any($1) and stopped_at is null and due_at is not null`,
      [[low.ticket.id, high.ticket.id, late.ticket.id]],
    );
    expect(count).toBe(2);
    const body = ok(await client.get('/api/my/tasks'));
    const order = body.items
      .map((i: { assignmentId: number }) => i.assignmentId)
      .filter((id: number) => [low.assignmentId, high.assignmentId, late.assignmentId].includes(id));
    expect(order).toEqual([late.assignmentId, low.assignmentId, high.assignmentId]);
    const first = body.items.find((i: { assignmentId: number }) => i.assignmentId === late.assignmentId);
    expect(first.isBreached).toBe(true);
    expect(first.ticket.contactPhone).toBe('13912345678');
    // Another engineer does not see them.
    const others = ok(await engineerSh.get('/api/my/tasks'));
    expect(others.items.map((i: { assignmentId: number }) => i.assignmentId)).not.toContain(late.assignmentId);
    expect((await engineerSh.get(`/api/assignments/${late.assignmentId}`)).status).toBe(404);
  });
});

describe('qualifications and leaves', () => {
  it('are kept by the station manager, validated, scoped and audited', async () => {
    const engineerId = ids['engineer2.bj'];
    const bad = await manager.post(`/api/users/${engineerId}/qualifications`, {
      productCategory: 'hardware',
      validFrom: '2026-01-01',
      validUntil: '2025-01-01',
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toContain('validUntil');
    const badLeave = await manager.post(`/api/users/${engineerId}/leaves`, {
      startsAt: '2026-05-02T00:00:00+08:00',
      endsAt: '2026-05-01T00:00:00+08:00',
    });
    expect(fieldsOf(badLeave)).toContain('endsAt');
    const added = ok(
      await manager.post(`/api/users/${engineerId}/qualifications`, {
        productCategory: 'integration',
        certificateNo: 'JC-2026-01',
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
      }),
    );
    const list = ok(await manager.get(`/api/users/${engineerId}/qualifications`));
    expect(list.items.map((q: { id: number }) => q.id)).toContain(added.id);
    // Another station's manager does not see this engineer.
    expect((await managerSh.get(`/api/users/${engineerId}/qualifications`)).status).toBe(404);
    expect((await managerSh.request('DELETE', `/api/users/${engineerId}/qualifications/${added.id}`)).status).toBe(404);
    // Engineers and agents do not keep qualifications.
    expect((await engineer.get(`/api/users/${engineerId}/qualifications`)).status).toBe(403);
    ok(await manager.request('DELETE', `/api/users/${engineerId}/qualifications/${added.id}`));
    expect((await manager.request('DELETE', `/api/users/${engineerId}/qualifications/${added.id}`)).status).toBe(404);
    const audit = await t.query<{ count: number }>(
      `select count(*)::int as count from audit_log where entity_type = 'user' and entity_id = $1`,
      [String(engineerId)],
    );
    expect(audit[0].count).toBeGreaterThanOrEqual(2);
  });
});
