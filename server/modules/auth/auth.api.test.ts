import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A client whose requests come from the given address (the test app trusts X-Forwarded-For). */
function clientFrom(address: string) {
  const client = new ApiClient(t.baseUrl);
  const request = client.request.bind(client);
  client.request = (method, path, body, headers = {}) =>
    request(method, path, body, { 'x-forwarded-for': address, ...headers });
  return client;
}

describe('sign-in', () => {
  it('accepts the username or the phone number, and sets an httpOnly SameSite cookie', async () => {
    const byName = clientFrom('10.0.0.1');
    const response = await byName.signIn('agent.bj', 'Demo2026');
    expect(response.body.user.username).toBe('agent.bj');
    expect(response.body.user.roles).toEqual(['agent']);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('aftercare.sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await byName.get('/api/auth/me');
    expect(me.body.user.stationName).toBe('北京售后站');

    const byPhone = clientFrom('10.0.0.1');
    const phoneResponse = await byPhone.signIn('13800000004', 'Demo2026');
    expect(phoneResponse.body.user.username).toBe('agent.bj');
  });

  it('refuses a wrong password with 401 and a message that does not say which part was wrong', async () => {
    const client = clientFrom('10.0.0.2');
    const response = await client.post('/api/auth/sign-in', { login: 'agent.bj', password: 'wrong-password1' });
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe('用户名（或手机号）或密码错误');
    const unknown = await client.post('/api/auth/sign-in', { login: 'nobody', password: 'wrong-password1' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(response.body.error.message);
  });

  it('names missing fields', async () => {
    const client = clientFrom('10.0.0.3');
    const response = await client.post('/api/auth/sign-in', { login: '' });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['login', 'password']);
  });

  it('answers the 11th consecutive failure for one account with 429, even with the right password', async () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      // Different addresses: only the account counter reaches the limit.
      const response = await clientFrom(`10.1.0.${attempt}`).post('/api/auth/sign-in', {
        login: 'finance',
        password: 'bad-password1',
      });
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const eleventh = await clientFrom('10.1.0.99').post('/api/auth/sign-in', {
      login: 'finance',
      password: 'Demo2026',
    });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.message).toMatch(/连续登录失败次数过多，请 \d+ 分钟后再试/);
    // Other accounts are not affected.
    await clientFrom('10.1.0.99').signIn('quality', 'Demo2026');
  });

  it('answers the 11th consecutive failure from one address with 429, whatever the account', async () => {
    const client = clientFrom('10.2.0.1');
    const logins = [
      'admin',
      'exec',
      'manager.bj',
      'agent.bj',
      'engineer.bj',
      'parts.bj',
      'manager.sh',
      'agent.sh',
      'engineer.sh',
      'nobody',
    ];
    for (const login of logins) {
      expect((await client.post('/api/auth/sign-in', { login, password: 'bad-password1' })).status).toBe(401);
    }
    const eleventh = await client.post('/api/auth/sign-in', { login: 'manager.gz', password: 'Demo2026' });
    expect(eleventh.status).toBe(429);
    // A success from another address still works, and resets that account's counter.
    await clientFrom('10.2.0.2').signIn('admin', 'Demo2026');
  });

  it('resets the count after a successful sign-in', async () => {
    for (let attempt = 0; attempt < 9; attempt++) {
      await clientFrom('10.3.0.1').post('/api/auth/sign-in', { login: 'agent.gz', password: 'bad-password1' });
    }
    await clientFrom('10.3.0.2').signIn('agent.gz', 'Demo2026');
    for (let attempt = 0; attempt < 9; attempt++) {
      expect(
        (await clientFrom('10.3.0.3').post('/api/auth/sign-in', { login: 'agent.gz', password: 'bad-password1' }))
          .status,
      ).toBe(401);
    }
  });
});

describe('session and CSRF', () => {
  it('requires sign-in for staff routes and ends the session on sign-out', async () => {
    const anonymous = clientFrom('10.4.0.1');
    expect((await anonymous.get('/api/customers')).status).toBe(401);
    const client = clientFrom('10.4.0.1');
    await client.signIn('agent.bj', 'Demo2026');
    expect((await client.get('/api/customers')).status).toBe(200);
    expect((await client.post('/api/auth/sign-out')).status).toBe(200);
    expect((await client.get('/api/customers')).status).toBe(401);
  });

  it('refuses cookie-authenticated writes without a valid CSRF token', async () => {
    const client = clientFrom('10.4.0.2');
    await client.signIn('agent.bj', 'Demo2026');
    const token = client.csrfToken;
    const before = await t.query<{ n: number }>('select count(*)::int as n from customers');
    client.csrfToken = '';
    const missing = await client.post('/api/customers', {
      kind: 'person',
      name: '无令牌',
      stationId: t.stationId.get('BJ'),
    });
    expect(missing.status).toBe(403);
    expect(missing.body.error.message).toMatch(/CSRF/);
    client.csrfToken = 'forged-token';
    expect(
      (await client.post('/api/customers', { kind: 'person', name: '伪造令牌', stationId: t.stationId.get('BJ') }))
        .status,
    ).toBe(403);
    expect(await t.query('select count(*)::int as n from customers')).toEqual(before);
    client.csrfToken = token;
    expect(
      (await client.post('/api/customers', { kind: 'person', name: '有令牌', stationId: t.stationId.get('BJ') }))
        .status,
    ).toBe(200);
  });

  it('changes the password: the old one stops working and other sessions end', async () => {
    const other = clientFrom('10.5.0.1');
    await other.signIn('engineer2.bj', 'Demo2026');
    const client = clientFrom('10.5.0.2');
    await client.signIn('engineer2.bj', 'Demo2026');
    const wrong = await client.post('/api/auth/password', { currentPassword: 'nope-1234', newPassword: 'NewPass2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('currentPassword');
    const weak = await client.post('/api/auth/password', { currentPassword: 'Demo2026', newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields[0].field).toBe('newPassword');
    expect(
      (await client.post('/api/auth/password', { currentPassword: 'Demo2026', newPassword: 'NewPass2026' })).status,
    ).toBe(200);
    expect((await client.get('/api/auth/me')).body.user.username).toBe('engineer2.bj');
    expect((await other.get('/api/auth/me')).body.user).toBeNull();
    expect(
      (await clientFrom('10.5.0.3').post('/api/auth/sign-in', { login: 'engineer2.bj', password: 'Demo2026' })).status,
    ).toBe(401);
    await clientFrom('10.5.0.3').signIn('engineer2.bj', 'NewPass2026');
  });

  it('a deactivated user is signed out at the next request', async () => {
    const admin = clientFrom('10.6.0.1');
    await admin.signIn('admin', 'Demo2026');
    const victim = clientFrom('10.6.0.2');
    await victim.signIn('agent.sh', 'Demo2026');
    const [row] = await t.query<{ id: number }>(`select id from users where username = 'agent.sh'`);
    expect((await admin.post(`/api/users/${row.id}/active`, { active: false })).status).toBe(200);
    expect((await victim.get('/api/customers')).status).toBe(401);
    expect(
      (await clientFrom('10.6.0.3').post('/api/auth/sign-in', { login: 'agent.sh', password: 'Demo2026' })).status,
    ).toBe(401);
  });
});
