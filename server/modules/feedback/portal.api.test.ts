import { solveChallenge } from 'altcha-lib/v1';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createFixture, expectOk, type Fixture } from '../tickets/ticket-test-fixtures.js';

let t: TestApp;
let anonymous: ApiClient;
let customerA: Fixture;
let customerB: Fixture;
const phoneA = '13911112222';
const phoneB = '13933334444';

let address = 0;
/** A fresh client address (the limits are per address; tests run behind trustProxy). */
const newAddress = () => `10.9.${Math.floor(++address / 250)}.${address % 250}`;

const call = (method: string, path: string, body: unknown, ip: string, headers: Record<string, string> = {}) =>
  anonymous.request(method, path, body, { 'x-forwarded-for': ip, ...headers });

async function solved(ip: string): Promise<string> {
  const challenge = expectOk(await call('GET', '/api/portal/challenge', undefined, ip));
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber)
    .promise;
  return Buffer.from(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solution!.number,
      salt: challenge.salt,
      signature: challenge.signature,
    }),
  ).toString('base64');
}

const count = async (table: string) => (await t.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  anonymous = await t.client();
  customerA = await createFixture(t, { phone: phoneA, acceptanceDate: '2025-06-01' });
  customerB = await createFixture(t, { phone: phoneB, acceptanceDate: '2020-01-01' });
  const admin = await t.client('admin');
  // A small proof of work keeps the test quick (the default is 50 000).
  expectOk(await admin.put('/api/settings/feedback.portalChallengeDifficulty', { value: 2000, version: 0 }));
});
afterAll(() => t.close());

describe('submitting a request without an account', () => {
  it('with a solved challenge: a web ticket for the customer matched by phone + serial, with photos', async () => {
    const ip = newAddress();
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append('name', '王先生');
    form.append('phone', phoneA);
    form.append('serialNo', customerA.serialNo.toLowerCase());
    form.append('description', '设备开机后报警，屏幕显示 E21');
    form.append('altcha', await solved(ip));
    form.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'fault.jpg');
    const created = expectOk(await call('POST', '/api/portal/requests', form, ip));
    expect(created.ticketNumber).toMatch(/^SH\d{6,}$/);
    const [ticket] = await t.query<Record<string, unknown>>(
      `select id, channel, customer_id, equipment_id, contact_name, contact_phone, status from tickets where number = $1`,
      [created.ticketNumber],
    );
    expect(ticket).toMatchObject({
      channel: 'web',
      customer_id: customerA.customerId,
      equipment_id: customerA.equipmentId,
      contact_name: '王先生',
      contact_phone: phoneA,
      status: 'received',
    });
    const files = await t.query<{ kind: string; content_type: string }>(
      'select kind, content_type from attachments where ticket_id = $1',
      [ticket.id],
    );
    expect(files).toEqual([{ kind: 'photo', content_type: 'image/jpeg' }]);
  });

  it('an unknown caller gets a provisional customer for the desk to complete', async () => {
    const ip = newAddress();
    const created = expectOk(
      await call(
        'POST',
        '/api/portal/requests',
        { name: '赵女士', phone: '13755556666', product: '某型打印机', description: '卡纸', altcha: await solved(ip) },
        ip,
      ),
    );
    const [row] = await t.query<{
      name: string;
      phone: string;
      kind: string;
      notes: string;
      equipment_id: number | null;
    }>(
      `select c.name, c.phone, c.kind, c.notes, t.equipment_id from tickets t join customers c on c.id = t.customer_id
       where t.number = $1`,
      [created.ticketNumber],
    );
    expect(row).toMatchObject({ name: '赵女士', phone: '13755556666', kind: 'person', equipment_id: null });
    expect(row.notes).toContain('客户门户');
  });

  it('a serial of another customer is not linked (a serial alone proves nothing)', async () => {
    const ip = newAddress();
    const created = expectOk(
      await call(
        'POST',
        '/api/portal/requests',
        { name: '王先生', phone: phoneA, serialNo: customerB.serialNo, description: '异响', altcha: await solved(ip) },
        ip,
      ),
    );
    const [row] = await t.query<{ customer_id: number; equipment_id: number | null; description: string }>(
      'select customer_id, equipment_id, description from tickets where number = $1',
      [created.ticketNumber],
    );
    expect(row.customer_id).toBe(customerA.customerId);
    expect(row.equipment_id).toBeNull();
    expect(row.description).toContain(customerB.serialNo);
  });

  it('a missing, forged or reused challenge → 400 naming altcha, nothing written', async () => {
    const ip = newAddress();
    const tickets = await count('tickets');
    const body = { name: '钱先生', phone: phoneA, description: '不能开机' };
    const missing = await call('POST', '/api/portal/requests', body, ip);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { field: string }) => f.field)).toContain('altcha');
    const payload = await solved(ip);
    const forged = JSON.parse(Buffer.from(payload, 'base64').toString());
    forged.number += 1;
    const wrong = await call(
      'POST',
      '/api/portal/requests',
      { ...body, altcha: Buffer.from(JSON.stringify(forged)).toString('base64') },
      ip,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('altcha');
    expect((await call('POST', '/api/portal/requests', { ...body, altcha: 'bm90LWpzb24=' }, ip)).status).toBe(400);
    expect(await count('tickets')).toBe(tickets);
    expectOk(await call('POST', '/api/portal/requests', { ...body, altcha: payload }, ip));
    const replay = await call('POST', '/api/portal/requests', { ...body, altcha: payload }, ip);
    expect(replay.status).toBe(400);
    expect(await count('tickets')).toBe(tickets + 1);
    const other = newAddress();
    const badPhone = await call(
      'POST',
      '/api/portal/requests',
      { ...body, phone: '12345', altcha: await solved(other) },
      other,
    );
    expect(badPhone.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['phone']);
  });

  it('more than 5 submissions from one address in 10 minutes → 429', async () => {
    const ip = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await call('POST', '/api/portal/requests', { name: 'x', phone: phoneA, description: 'y' }, ip)).status,
      );
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });
});

describe('tracking with number + phone', () => {
  let number: string;
  beforeAll(async () => {
    const ip = newAddress();
    number = expectOk(
      await call(
        'POST',
        '/api/portal/requests',
        { name: '孙先生', phone: phoneB, description: '屏幕不亮', altcha: await solved(ip) },
        ip,
      ),
    ).ticketNumber;
  });

  it('shows the milestones to the caller who knows both', async () => {
    const tracking = expectOk(await call('POST', '/api/portal/track', { number, phone: phoneB }, newAddress()));
    expect(tracking).toMatchObject({ number, engineerName: null, expectedArrivalAt: null, surveyPending: false });
    expect(tracking.milestones.map((m: { key: string; done: boolean }) => [m.key, m.done])).toEqual([
      ['received', true],
      ['engineer_assigned', false],
      ['resolved', false],
    ]);
    expect(JSON.stringify(tracking)).not.toContain(customerB.customerName);
    // The phone may be typed with spaces or +86.
    expectOk(
      await call(
        'POST',
        '/api/portal/track',
        { number: number.toLowerCase(), phone: '+86 139 3333 4444' },
        newAddress(),
      ),
    );
  });

  it('a wrong phone answers exactly like an unknown number', async () => {
    const wrongPhone = await call('POST', '/api/portal/track', { number, phone: phoneA }, newAddress());
    const unknown = await call('POST', '/api/portal/track', { number: 'SH99999999', phone: phoneB }, newAddress());
    expect(wrongPhone.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongPhone.body).toEqual(unknown.body);
    const onlyNumber = await call('POST', '/api/portal/track', { number }, newAddress());
    expect(onlyNumber.status).toBe(400);
  });

  it('guessing is rate limited per address', async () => {
    const ip = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await call('POST', '/api/portal/track', { number: `SH2603${1000 + i}`, phone: phoneB }, ip)).status,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('verified phone: own equipment only', () => {
  const codeSentTo = async (phone: string) => {
    const rows = await t.query<{ code: string }>(
      `select payload->>'code' as code from outbox_messages where template = 'portal.code' and address = $1
       order by id desc limit 1`,
      [phone],
    );
    return rows[0]?.code;
  };
  const cookieOf = (response: ApiResponse) =>
    response.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith('aftercare.portal='))!
      .split(';')[0];

  it('a code verifies the phone; the session shows that customer’s equipment and never another’s', async () => {
    const ip = newAddress();
    expectOk(await call('POST', '/api/portal/codes', { phone: phoneA }, ip));
    const code = await codeSentTo(phoneA);
    expect(code).toMatch(/^\d{6}$/);
    const [stored] = await t.query<{ code_hash: string }>(
      'select code_hash from portal_codes where phone = $1 order by id desc limit 1',
      [phoneA],
    );
    expect(stored.code_hash).not.toContain(code);
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);

    const verified = await call('POST', '/api/portal/session', { phone: phoneA, code }, ip);
    expectOk(verified);
    const cookie = cookieOf(verified);
    const equipment = expectOk(await call('GET', '/api/portal/equipment', undefined, ip, { cookie }));
    expect(equipment.items.map((item: { id: number }) => item.id)).toEqual([customerA.equipmentId]);
    expect(equipment.items[0].warrantyStatus).toBe('in_warranty');
    expect(JSON.stringify(equipment)).not.toContain(customerB.serialNo);

    // The code works once.
    expect((await call('POST', '/api/portal/session', { phone: phoneA, code }, ip)).status).toBe(400);
    // B's session sees B's unit only.
    expectOk(await call('POST', '/api/portal/codes', { phone: phoneB }, ip));
    const sessionB = await call('POST', '/api/portal/session', { phone: phoneB, code: await codeSentTo(phoneB) }, ip);
    const itemsB = expectOk(
      await call('GET', '/api/portal/equipment', undefined, ip, { cookie: cookieOf(sessionB) }),
    ).items;
    expect(itemsB.map((item: { id: number }) => item.id)).toEqual([customerB.equipmentId]);
    expect(itemsB[0].warrantyStatus).toBe('expired');
  });

  it('no session, a forged or tampered cookie → nothing', async () => {
    const ip = newAddress();
    expect(expectOk(await call('GET', '/api/portal/equipment', undefined, ip))).toEqual({ verified: false, items: [] });
    const forged = Buffer.from(
      JSON.stringify({ customerIds: [customerB.customerId], phone: phoneA, expiresAt: Date.now() + 600_000 }),
    ).toString('base64url');
    const response = await call('GET', '/api/portal/equipment', undefined, ip, {
      cookie: `aftercare.portal=${forged}.xyz`,
    });
    expect(expectOk(response)).toEqual({ verified: false, items: [] });
  });

  it('5 wrong codes exhaust it; an unknown phone is answered the same but gets no SMS', async () => {
    const ip = newAddress();
    const phone = '13977778888';
    await createFixture(t, { phone });
    expectOk(await call('POST', '/api/portal/codes', { phone }, ip));
    const code = await codeSentTo(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect((await call('POST', '/api/portal/session', { phone, code: wrong }, ip)).status).toBe(400);
    }
    expect((await call('POST', '/api/portal/session', { phone, code }, ip)).status).toBe(400);

    const messages = await count('outbox_messages');
    const unknown = await call('POST', '/api/portal/codes', { phone: '13600001111' }, newAddress());
    expect(unknown.status).toBe(200);
    expect(await count('outbox_messages')).toBe(messages);
  });
});
