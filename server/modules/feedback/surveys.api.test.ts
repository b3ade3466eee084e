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

let now = new Date('2026-03-10T02:00:00Z'); // Tuesday 10:00 in Shanghai
const clock = { now: () => now };
const later = (hours: number) => {
  now = new Date(now.getTime() + hours * 3_600_000);
};

let t: TestApp;
let agent: ApiClient;
let anonymous: ApiClient;
let fixture: Fixture;
let engineerId: number;

const answers = {
  attitude: 'very_satisfied',
  skill: 'satisfied',
  arrival: 'satisfied',
  promise: 'very_satisfied',
  overall: 'satisfied',
  comment: '工程师很专业',
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  agent = await t.client('agent.bj');
  anonymous = await t.client();
  fixture = await createFixture(t, { acceptanceDate: '2025-06-01' });
  [{ id: engineerId }] = await t.query<{ id: number }>(`select id from users where username = 'engineer.bj'`);
});
afterAll(() => t.close());

/** A remote ticket of `fixture` with engineer.bj as accepted lead, moved to closed. */
async function closedTicket(): Promise<{ id: number; number: string }> {
  const created = await createTicket(agent, fixture, { type: 'consultation', faultLevel: 4 });
  await classify(agent, created.id, { serviceMode: 'remote' });
  await t.query(
    `insert into assignments (ticket_id, engineer_id, role, status, assigned_by, assigned_at)
     select $1, $2, 'lead', 'accepted', id, now() from users where username = 'agent.bj'`,
    [created.id, engineerId],
  );
  for (const to of ['in_progress', 'resolved', 'closed']) expectOk(await move(agent, created.id, to));
  return created;
}

const surveysOf = (ticketId: number) =>
  t.query<{ id: number; status: string; closure_no: number; due_at: Date; token_hash: string; engineer_id: number }>(
    'select id, status, closure_no, due_at, token_hash, engineer_id from surveys where ticket_id = $1 order by closure_no',
    [ticketId],
  );
const invitesOf = (ticketId: number) =>
  t.query<{ channel: string; address: string; payload: { surveyUrl: string } }>(
    `select channel, address, payload from outbox_messages where template = 'survey.invite'
       and (payload->>'ticketId')::int = $1 order by id`,
    [ticketId],
  );
const tokenOf = (url: string) => url.split('/s/')[1];
const answeredCount = async () =>
  (await t.query<{ n: number }>(`select count(*)::int as n from surveys where status = 'answered'`))[0].n;

describe('a survey for every closure (FBK-1)', () => {
  it('closing a ticket creates exactly one survey, due 16 h later, and one SMS with the link', async () => {
    const ticket = await closedTicket();
    const rows = await surveysOf(ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', closure_no: 0, engineer_id: engineerId });
    expect(rows[0].due_at.toISOString()).toBe('2026-03-10T18:00:00.000Z');
    const invites = await invitesOf(ticket.id);
    expect(invites).toHaveLength(1);
    expect(invites[0].channel).toBe('sms');
    const token = tokenOf(invites[0].payload.surveyUrl);
    expect(invites[0].payload.surveyUrl).toMatch(/^http:\/\/localhost:3000\/s\/[A-Za-z0-9_-]{43}$/);
    // Only the hash is kept.
    expect(rows[0].token_hash).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the link shows only that ticket, answers once, then answers 410 with nothing written', async () => {
    const ticket = await closedTicket();
    const token = tokenOf((await invitesOf(ticket.id))[0].payload.surveyUrl);
    const view = expectOk(await anonymous.get(`/api/survey-links/${token}`));
    expect(Object.keys(view).sort()).toEqual(['closedAt', 'companyName', 'engineerName', 'ticketNumber']);
    expect(view).toMatchObject({ ticketNumber: ticket.number, engineerName: expect.any(String) });

    const bad = await anonymous.post(`/api/survey-links/${token}`, { ...answers, overall: 'great' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toContain('overall');
    expect((await surveysOf(ticket.id))[0].status).toBe('pending');

    later(1);
    expect(expectOk(await anonymous.post(`/api/survey-links/${token}`, answers))).toEqual({
      ok: true,
      lowScore: false,
    });
    const [row] = await t.query(
      'select status, channel, overall, satisfied, low_score, answered_at, answered_by, complaint_id from surveys where ticket_id = $1',
      [ticket.id],
    );
    expect(row).toMatchObject({
      status: 'answered',
      channel: 'link',
      overall: 'satisfied',
      satisfied: true,
      low_score: false,
      answered_by: null,
      complaint_id: null,
    });
    const before = await answeredCount();
    const again = await anonymous.post(`/api/survey-links/${token}`, { ...answers, overall: 'dissatisfied' });
    expect(again.status).toBe(410);
    expect(again.body.error.message).toContain('已评价');
    expect((await anonymous.get(`/api/survey-links/${token}`)).status).toBe(410);
    expect(await answeredCount()).toBe(before);
    const [stored] = await t.query('select overall from surveys where ticket_id = $1', [ticket.id]);
    expect(stored.overall).toBe('satisfied');
  });

  it('a forged token is 404 and an expired link 410, nothing written', async () => {
    const before = await answeredCount();
    const forged = 'A'.repeat(43);
    expect((await anonymous.get(`/api/survey-links/${forged}`)).status).toBe(404);
    expect((await anonymous.post(`/api/survey-links/${forged}`, answers)).status).toBe(404);
    expect((await anonymous.get('/api/survey-links/not-a-token')).status).toBe(404);

    const ticket = await closedTicket();
    const token = tokenOf((await invitesOf(ticket.id))[0].payload.surveyUrl);
    later(7 * 24 + 1);
    const expired = await anonymous.post(`/api/survey-links/${token}`, answers);
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toContain('过期');
    expect((await surveysOf(ticket.id))[0].status).toBe('pending');
    expect(await answeredCount()).toBe(before);
  });

  it('a reopened and re-closed ticket gets a new survey; the old unanswered link stops working', async () => {
    const ticket = await closedTicket();
    const oldToken = tokenOf((await invitesOf(ticket.id))[0].payload.surveyUrl);
    const closed = await getTicket(agent, ticket.id);
    expectOk(
      await agent.post(`/api/tickets/${ticket.id}/reopen`, { reason: '故障复现', expectedVersion: closed.version }),
    );
    for (const to of ['in_progress', 'resolved', 'closed']) expectOk(await move(agent, ticket.id, to));
    const rows = await surveysOf(ticket.id);
    expect(rows.map((row) => [row.closure_no, row.status])).toEqual([
      [0, 'superseded'],
      [1, 'pending'],
    ]);
    expect(await invitesOf(ticket.id)).toHaveLength(2);
    expect((await anonymous.post(`/api/survey-links/${oldToken}`, answers)).status).toBe(410);
  });
});

describe('call list and phone surveys (FBK-1)', () => {
  it('lists unanswered surveys past due; an agent records a phone survey; a low score opens a complaint draft', async () => {
    const ticket = await closedTicket();
    const [survey] = await surveysOf(ticket.id);
    let due = expectOk(await agent.get('/api/surveys?status=due&pageSize=200'));
    expect(due.items.map((s: { id: number }) => s.id)).toContain(survey.id);
    later(17);
    const overdue = expectOk(await agent.get('/api/surveys?status=overdue&pageSize=200'));
    const listed = overdue.items.find((s: { id: number }) => s.id === survey.id);
    expect(listed).toMatchObject({ ticketNumber: ticket.number, overdue: true, status: 'pending' });
    due = expectOk(await agent.get('/api/surveys?status=due&pageSize=200'));
    expect(due.items.map((s: { id: number }) => s.id)).not.toContain(survey.id);

    // Another station does not see it.
    const sh = await t.client('manager.sh');
    expect((await sh.get(`/api/surveys/${survey.id}`)).status).toBe(404);
    expect(
      (await (await t.client('agent.sh')).post(`/api/surveys/${survey.id}/answers`, { ...answers, version: 1 })).status,
    ).toBe(404);
    // Engineers do not record surveys.
    expect((await (await t.client('engineer.bj')).post(`/api/surveys/${survey.id}/answers`, answers)).status).toBe(403);

    const missing = await agent.post(`/api/surveys/${survey.id}/answers`, {
      attitude: 'fair',
      version: listed.version,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['skill', 'arrival', 'promise', 'overall']),
    );
    const complaintsBefore = (await t.query<{ n: number }>('select count(*)::int as n from complaints'))[0].n;
    expect(complaintsBefore).toBe(0);

    const recorded = expectOk(
      await agent.post(`/api/surveys/${survey.id}/answers`, {
        ...answers,
        arrival: 'dissatisfied',
        overall: 'fair',
        comment: '等了一整天',
        version: listed.version,
      }),
    );
    expect(recorded).toMatchObject({ status: 'answered', channel: 'phone', lowScore: true, satisfied: false });
    expect(recorded.complaintNumber).toMatch(/^TS\d{4}\d{2,}$/);
    const [complaint] = await t.query(
      'select status, channel, ticket_id, engineer_id, survey_id, description from complaints where id = $1',
      [recorded.complaintId],
    );
    expect(complaint).toMatchObject({
      status: 'draft',
      channel: 'survey',
      ticket_id: ticket.id,
      engineer_id: engineerId,
      survey_id: survey.id,
    });
    expect(complaint.description).toContain('到达及时：不满意');
    expect(complaint.description).toContain('等了一整天');
    // The BJ station manager is told.
    const alerts = await t.query(
      `select o.user_id from outbox_messages o join users u on u.id = o.user_id
        where o.template = 'complaint.alert' and o.payload->>'reason' = 'low_score' and u.username = 'manager.bj'`,
    );
    expect(alerts.length).toBeGreaterThan(0);

    // …and a follow-up return visit (FBK-3) is scheduled, due with the complaint's contact step.
    const visits = await t.query<{ rule: string; due_at: Date }>(
      'select rule, due_at from return_visits where ticket_id = $1',
      [ticket.id],
    );
    expect(visits).toHaveLength(1);
    expect(visits[0].rule).toBe('survey_follow_up');
    expect(visits[0].due_at.getTime()).toBe(now.getTime() + 2 * 3_600_000);

    // Recorded twice → 409; the link no longer works either.
    expect(
      (await agent.post(`/api/surveys/${survey.id}/answers`, { ...answers, version: recorded.version })).status,
    ).toBe(409);
    const token = tokenOf((await invitesOf(ticket.id))[0].payload.surveyUrl);
    expect((await anonymous.post(`/api/survey-links/${token}`, answers)).status).toBe(410);
  });
});

describe('satisfaction rate per station, engineer and month (FBK-1)', () => {
  it('counts answered surveys with overall ≥ satisfied against the 95 % target', async () => {
    const ticket = await closedTicket();
    const bj = t.stationId.get('BJ')!;
    const sh = t.stationId.get('SH')!;
    const [{ id: shEngineer }] = await t.query<{ id: number }>(`select id from users where username = 'engineer.sh'`);
    // 2025 is untouched by the other tests: BJ Jan 19/20 satisfied, BJ Feb 1/2, SH Feb 3/3.
    const rows: [number, number, string, boolean][] = [];
    for (let i = 0; i < 20; i++) rows.push([bj, engineerId, '2025-01-15T04:00:00Z', i < 19]);
    for (let i = 0; i < 2; i++) rows.push([bj, engineerId, '2025-02-10T04:00:00Z', i < 1]);
    for (let i = 0; i < 3; i++) rows.push([sh, shEngineer, '2025-02-28T17:00:00Z', true]); // 1 Mar in Shanghai
    let closureNo = 100;
    for (const [stationId, engineer, answeredAt, satisfied] of rows) {
      await t.query(
        `insert into surveys (ticket_id, closure_no, station_id, customer_id, engineer_id, status, closed_at, due_at,
           token_hash, token_expires_at, channel, attitude, skill, arrival, promise, overall, satisfied, low_score, answered_at)
         values ($1, $2, $3, $4, $5, 'answered', $6, $6, md5(random()::text) || md5(random()::text), $6, 'phone',
           'satisfied', 'satisfied', 'satisfied', 'satisfied', $7, $8, false, $6)`,
        [
          ticket.id,
          closureNo++,
          stationId,
          fixture.customerId,
          engineer,
          answeredAt,
          satisfied ? 'satisfied' : 'fair',
          satisfied,
        ],
      );
    }
    const executive = await t.client('exec');
    const byStation = expectOk(
      await executive.get('/api/surveys/satisfaction?groupBy=station&from=2025-01-01&to=2025-12-31'),
    );
    expect(byStation.target).toBe(95);
    expect(byStation.total).toMatchObject({ answered: 25, satisfied: 23, rate: 92, meetsTarget: false });
    const stationRows = Object.fromEntries(byStation.rows.map((r: { key: string }) => [r.key, r]));
    expect(stationRows[String(bj)]).toMatchObject({ answered: 22, satisfied: 20, rate: 90.9, meetsTarget: false });
    expect(stationRows[String(sh)]).toMatchObject({ answered: 3, satisfied: 3, rate: 100, meetsTarget: true });

    const byMonth = expectOk(
      await executive.get('/api/surveys/satisfaction?groupBy=month&from=2025-01-01&to=2025-12-31'),
    );
    expect(
      byMonth.rows.map((r: { key: string; answered: number; rate: number }) => [r.key, r.answered, r.rate]),
    ).toEqual([
      ['2025-01', 20, 95],
      ['2025-02', 2, 50],
      ['2025-03', 3, 100],
    ]);
    expect(byMonth.rows[0].meetsTarget).toBe(true);

    const byEngineer = expectOk(
      await executive.get('/api/surveys/satisfaction?groupBy=engineer&from=2025-02-01&to=2025-02-28'),
    );
    expect(byEngineer.rows).toEqual([
      expect.objectContaining({ key: String(engineerId), answered: 2, satisfied: 1, rate: 50 }),
    ]);

    // A station manager sees only their station.
    const managerSh = await t.client('manager.sh');
    const own = expectOk(
      await managerSh.get('/api/surveys/satisfaction?groupBy=station&from=2025-01-01&to=2025-12-31'),
    );
    expect(own.rows.map((r: { key: string }) => r.key)).toEqual([String(sh)]);

    const wrong = await executive.get('/api/surveys/satisfaction?groupBy=region');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('groupBy');
    const reversed = await executive.get('/api/surveys/satisfaction?from=2025-03-01&to=2025-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields[0].field).toBe('to');
  });
});
