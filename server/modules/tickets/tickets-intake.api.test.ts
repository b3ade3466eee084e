import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  counts,
  createFixture,
  createTicket,
  expectOk,
  type Fixture,
  getTicket,
  ticketBody,
} from './ticket-test-fixtures.js';
import { ticketChannels, ticketTypes } from './tickets.contract.js';

/** The app's clock; tests move it (e.g. across a month end in Asia/Shanghai). */
let now = new Date('2026-03-10T02:00:00Z'); // Tuesday 10:00 in Shanghai
const clock = { now: () => now };

let t: TestApp;
let agent: ApiClient; // agent.bj, department 售后服务部 (SH)
let fixture: Fixture;

beforeAll(async () => {
  t = await createTestApp({ clock });
  agent = await t.client('agent.bj');
  fixture = await createFixture(t, { acceptanceDate: '2025-06-01' });
});
afterAll(() => t.close());

const sequenceOf = (number: string) => Number(number.slice(6));

describe('intake (TKT-1, TKT-2, TKT-5)', () => {
  it('records a request from every channel and of every type, numbered consecutively', async () => {
    const numbers: string[] = [];
    for (const [index, type] of ticketTypes.entries()) {
      const channel = ticketChannels[index % ticketChannels.length];
      const created = await createTicket(agent, fixture, { channel, type, title: `${channel} ${type}` });
      expect(created.status).toBe('received');
      numbers.push(created.number);
      const ticket = await getTicket(agent, created.id);
      expect(ticket).toMatchObject({ channel, type, status: 'received', number: created.number });
    }
    for (const number of numbers) expect(number).toMatch(/^SH2603\d{2}$/);
    const sequences = numbers.map(sequenceOf);
    expect(sequences).toEqual(sequences.map((_, i) => sequences[0] + i));
  });

  it('fills the ticket: station, departments, routing, warranty, SLA policy, address, contact, clocks and the customer message', async () => {
    const created = await createTicket(agent, fixture);
    const ticket = await getTicket(agent, created.id);
    expect(ticket).toMatchObject({
      stationId: t.stationId.get('BJ'),
      receivingDepartment: { code: 'SH' },
      handlingDepartment: { code: 'SC' }, // hardware → 生产部
      warrantyStatus: 'in_warranty',
      customerId: fixture.customerId,
      customerName: fixture.customerName,
      equipmentId: fixture.equipmentId,
      serialNo: fixture.serialNo,
      contactId: fixture.contactId,
      classification: 'technical',
      faultLevel: 3,
      region: 'any',
      receivedBy: { name: '孙客服' },
      version: 1,
    });
    expect(ticket.address).toMatch(/^北京市朝阳区酒仙桥路 \d+ 号$/);
    expect(ticket.contactName).toMatch(/^联系人/);
    expect(ticket.slaPolicy.id).toBeGreaterThan(0);
    expect(ticket.calendar.id).toBeGreaterThan(0);
    expect(ticket.receivedAt).toBe(now.toISOString());
    expect(ticket.allowedNextStatuses).toEqual(['classified', 'cancelled']);
    const [outbox] = await t.query<{ template: string; address: string; payload: { ticketNumber: string } }>(
      `select template, address, payload from outbox_messages where payload->>'ticketId' = $1`,
      [String(created.id)],
    );
    expect(outbox).toMatchObject({ template: 'ticket.received', payload: { ticketNumber: created.number } });
    expect(outbox.address).toMatch(/^137/); // the contact's mobile
    const timeline = expectOk(await agent.get(`/api/tickets/${created.id}/timeline`));
    expect(timeline.items[0]).toMatchObject({ kind: 'created', toStatus: 'received', actorName: '孙客服' });
    const clocks = await t.query<{ kind: string }>('select kind from ticket_clocks where ticket_id = $1', [created.id]);
    expect(clocks.map((clock) => clock.kind)).toContain('response');
  });

  it('routes by product category and classification, and finds the number by search', async () => {
    const software = await createFixture(t, { category: 'software' });
    const bySoftware = await getTicket(agent, (await createTicket(agent, software)).id);
    expect(bySoftware.handlingDepartment.code).toBe('YF');
    const quality = await getTicket(agent, (await createTicket(agent, software, { classification: 'quality' })).id);
    expect(quality.handlingDepartment.code).toBe('ZL');
    const undetermined = await getTicket(
      agent,
      (await createTicket(agent, fixture, { equipmentId: null, productModelId: null })).id,
    );
    expect(undetermined.handlingDepartment.code).toBe('ZL');
    expect(undetermined.warrantyStatus).toBe('unknown');
    const found = expectOk(await agent.get(`/api/tickets?q=${bySoftware.number.toLowerCase()}`));
    expect(found.items.map((item: { id: number }) => item.id)).toEqual([bySoftware.id]);
  });

  it('takes a request received earlier: the number is of the month it is recorded in', async () => {
    const received = new Date('2026-02-27T01:00:00Z');
    const created = await createTicket(agent, fixture, { receivedAt: received.toISOString() });
    expect(created.number).toMatch(/^SH2603/);
    const ticket = await getTicket(agent, created.id);
    expect(ticket.receivedAt).toBe(received.toISOString());
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const other = await createFixture(t);
    const shanghaiCustomer = await createFixture(t, { station: 'SH' });
    const first = await createTicket(agent, fixture);
    const before = await counts(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ channel: undefined }, 'channel'],
      [{ channel: 'fax' }, 'channel'],
      [{ type: 'coffee' }, 'type'],
      [{ title: '  ' }, 'title'],
      [{ faultLevel: 5 }, 'faultLevel'],
      [{ contactPhone: '12345' }, 'contactPhone'],
      [{ customerId: 999_999 }, 'customerId'],
      [{ customerId: shanghaiCustomer.customerId, contactId: null, equipmentId: null }, 'customerId'],
      [{ equipmentId: other.equipmentId }, 'equipmentId'],
      [{ contactId: other.contactId }, 'contactId'],
      [{ equipmentId: null, productModelId: 999_999 }, 'productModelId'],
      [{ receivedAt: new Date(now.getTime() + 3_600_000).toISOString() }, 'receivedAt'],
      [{ receivedAt: new Date(now.getTime() - 31 * 86_400_000).toISOString() }, 'receivedAt'],
      [{ receivedAt: 'yesterday' }, 'receivedAt'],
      [{ repeatOfTicketId: 999_999 }, 'repeatOfTicketId'],
      [{ equipmentId: null, repeatOfTicketId: first.id }, 'repeatOfTicketId'],
    ];
    for (const [overrides, field] of cases) {
      const response = await agent.post('/api/tickets', ticketBody(fixture, overrides));
      expect(response.status, `${field}: ${JSON.stringify(response.body)}`).toBe(400);
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await counts(t)).toEqual(before);
  });

  it('lets only the desk record tickets', async () => {
    const engineer = await t.client('engineer.bj');
    expect((await engineer.post('/api/tickets', ticketBody(fixture))).status).toBe(403);
    const finance = await t.client('finance');
    expect((await finance.post('/api/tickets', ticketBody(fixture))).status).toBe(403);
  });

  it('links a repeat of the same unit and repairs it free within warranty', async () => {
    const original = await createTicket(agent, fixture);
    const repeat = await createTicket(agent, fixture, { repeatOfTicketId: original.id });
    const repeatTicket = await getTicket(agent, repeat.id);
    expect(repeatTicket).toMatchObject({ isFreeRepeat: true, repeatOf: { id: original.id, number: original.number } });
    const originalTicket = await getTicket(agent, original.id);
    expect(originalTicket.repeats).toEqual([{ id: repeat.id, number: repeat.number }]);

    const old = await createFixture(t, { acceptanceDate: '2020-01-01' });
    const oldOriginal = await createTicket(agent, old);
    const oldRepeat = await getTicket(agent, (await createTicket(agent, old, { repeatOfTicketId: oldOriginal.id })).id);
    expect(oldRepeat).toMatchObject({ isFreeRepeat: false, warrantyStatus: 'expired' });
  });

  it('keeps numbers gap-free when a creation fails after taking its number', async () => {
    const before = await createTicket(agent, fixture);
    // Fail the transaction after the counter was incremented and the ticket inserted with its number.
    await t.query(`create or replace function tickets_test_fail() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from tickets where id = new.ticket_id and title = 'FAIL AFTER NUMBER') then
          raise exception 'forced failure';
        end if;
        return new;
      end $$`);
    await t.query(
      'create trigger tickets_test_fail before insert on ticket_events for each row execute function tickets_test_fail()',
    );
    try {
      const counted = await counts(t);
      const failed = await agent.post('/api/tickets', ticketBody(fixture, { title: 'FAIL AFTER NUMBER' }));
      expect(failed.status).toBe(500);
      expect(await counts(t)).toEqual(counted);
      // In a group of concurrent creations the failing one fails alone; the others take the numbers in turn.
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          agent.post('/api/tickets', ticketBody(fixture, { title: i === 5 ? 'FAIL AFTER NUMBER' : `同批 ${i}` })),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(
        Array.from({ length: 12 }, (_, i) => (i === 5 ? 500 : 200)),
      );
      const sequences = responses
        .filter((response) => response.status === 200)
        .map((response) => sequenceOf(response.body.number))
        .sort((a, b) => a - b);
      expect(sequences).toEqual(Array.from({ length: 11 }, (_, i) => sequenceOf(before.number) + 1 + i));
      const after = await counts(t);
      expect(after.tickets - counted.tickets).toBe(11);
      expect(after.outbox - counted.outbox).toBe(11);
    } finally {
      await t.query('drop trigger tickets_test_fail on ticket_events');
    }
    const after = await createTicket(agent, fixture);
    expect(sequenceOf(after.number)).toBe(sequenceOf(before.number) + 12);
  });

  it('starts a new sequence when the month changes in the organisation time zone', async () => {
    now = new Date('2026-03-31T15:59:00Z'); // 23:59 on 31 March in Shanghai
    const march = await createTicket(agent, fixture);
    expect(march.number).toMatch(/^SH2603\d{2}$/);
    now = new Date('2026-03-31T16:01:00Z'); // 00:01 on 1 April in Shanghai, still March in UTC
    const april = await createTicket(agent, fixture);
    expect(april.number).toBe('SH260401');
    expect((await createTicket(agent, fixture)).number).toBe('SH260402');
    now = new Date('2026-04-10T02:00:00Z');
  });

  it('widens the sequence after 99 and puts the number into the search text and the customer message', async () => {
    now = new Date('2026-07-06T02:00:00Z');
    await t.query(`insert into document_counters (prefix, period, last_value) values ('SH', '2607', 98)`);
    expect((await createTicket(agent, fixture)).number).toBe('SH260799');
    const wide = await createTicket(agent, fixture);
    expect(wide.number).toBe('SH2607100');
    const [row] = await t.query<{ search_text: string }>('select search_text from tickets where id = $1', [wide.id]);
    expect(row.search_text.startsWith('SH2607100 ')).toBe(true);
    const messages = await t.query<{ payload: { ticketNumber: string } }>(
      `select payload from outbox_messages where template = 'ticket.received' and (payload->>'ticketId')::int = $1`,
      [wide.id],
    );
    expect(messages.map((message) => message.payload.ticketNumber)).toEqual(['SH2607100']);
    const found = expectOk(await agent.get('/api/tickets?q=SH2607100'));
    expect(found.items.map((item: { id: number }) => item.id)).toEqual([wide.id]);
    now = new Date('2026-07-06T03:00:00Z');
  });

  it('gives 50 parallel creations by one department in one month the numbers 01…50, no gap, no duplicate', async () => {
    now = new Date('2026-05-06T02:00:00Z');
    const before = await counts(t);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => agent.post('/api/tickets', ticketBody(fixture, { title: `并发 ${i}` }))),
    );
    for (const response of responses) expect(response.status, JSON.stringify(response.body)).toBe(200);
    const numbers = responses.map((response) => response.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `SH2605${String(i + 1).padStart(2, '0')}`));
    const after = await counts(t);
    expect(after.tickets - before.tickets).toBe(50);
    expect(after.outbox - before.outbox).toBe(50);
    now = new Date('2026-05-06T03:00:00Z');
  });
});

describe('intake helpers', () => {
  it('gives the intake form the customer’s units with warranty, open tickets and repeat candidates', async () => {
    const local = await createFixture(t, { acceptanceDate: '2025-06-01' });
    const open = await createTicket(agent, local);
    const context = expectOk(
      await agent.get(`/api/tickets/intake-context?customerId=${local.customerId}&equipmentId=${local.equipmentId}`),
    );
    expect(context.customer).toMatchObject({ id: local.customerId, name: local.customerName });
    expect(context.customer.address).toMatch(/^北京市朝阳区/);
    expect(context.contacts[0]).toMatchObject({ id: local.contactId, isPrimary: true });
    expect(context.equipment).toEqual([
      expect.objectContaining({ id: local.equipmentId, serialNo: local.serialNo, warrantyStatus: 'in_warranty' }),
    ]);
    expect(context.openTickets.map((item: { id: number }) => item.id)).toEqual([open.id]);
    expect(context.repeatCandidates.map((item: { id: number }) => item.id)).toEqual([open.id]);
    // Another station's customer is not found.
    const agentSh = await t.client('agent.sh');
    expect((await agentSh.get(`/api/tickets/intake-context?customerId=${local.customerId}`)).status).toBe(404);
  });

  it('finds customers by name or phone fragment and units by serial number', async () => {
    const local = await createFixture(t, { name: '青藤精密机械有限公司', phone: '13911112222' });
    const byName = expectOk(await agent.get(`/api/tickets/intake-lookup?q=${encodeURIComponent('青藤')}`));
    expect(byName.customers.map((c: { id: number }) => c.id)).toContain(local.customerId);
    const byPhone = expectOk(await agent.get('/api/tickets/intake-lookup?q=11112222'));
    expect(byPhone.customers.map((c: { id: number }) => c.id)).toContain(local.customerId);
    const bySerial = expectOk(await agent.get(`/api/tickets/intake-lookup?q=${local.serialNo}`));
    expect(bySerial.equipment[0]).toMatchObject({
      id: local.equipmentId,
      customerId: local.customerId,
      warrantyStatus: expect.any(String),
    });
    const agentSh = await t.client('agent.sh');
    const foreign = expectOk(await agentSh.get(`/api/tickets/intake-lookup?q=${local.serialNo}`));
    expect(foreign.equipment).toEqual([]);
  });

  it('previews the routing rules', async () => {
    const preview = expectOk(await agent.get('/api/tickets/routing-preview?type=repair&productCategory=data'));
    expect(preview).toMatchObject({ departmentCode: 'SJ', department: { code: 'SJ', name: '数据工程部' } });
  });
});
