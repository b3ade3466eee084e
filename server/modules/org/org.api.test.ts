import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let admin: ApiClient;
const count = async (table: string) => (await t.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.client('admin');
});
afterAll(() => t.close());

describe('stations (ORG-1)', () => {
  it('creates, edits with a version check, deactivates, and keeps the history', async () => {
    const created = await admin.post('/api/stations', {
      code: 'WH',
      name: '武汉服务中心',
      type: 'service_center',
      region: '华中',
      phone: '027-88886666',
    });
    expect(created.status).toBe(200);
    const id = created.body.id;
    const edited = await admin.put(`/api/stations/${id}`, {
      code: 'WH',
      name: '武汉售后站',
      type: 'station',
      region: '华中',
      version: 1,
    });
    expect(edited.body.version).toBe(2);
    const stale = await admin.put(`/api/stations/${id}`, { code: 'WH', name: '过期修改', type: 'station', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe('服务站已被其他人修改，请刷新后重试');
    expect((await admin.post(`/api/stations/${id}/active`, { active: false })).body.isActive).toBe(false);
    const history = await admin.get(`/api/stations/${id}/history`);
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'deactivate',
      'update',
      'create',
    ]);
    expect(history.body.items[1].before).toEqual({ name: '武汉服务中心', type: 'service_center' });
    expect(history.body.items[1].after).toEqual({ name: '武汉售后站', type: 'station' });
    expect(history.body.items[1].actorName).toBe('系统管理员');
  });

  it('refuses a duplicate code and a bad type, writing nothing', async () => {
    const before = await count('stations');
    const duplicate = await admin.post('/api/stations', { code: 'BJ', name: '重复', type: 'station' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('code');
    const badType = await admin.post('/api/stations', { code: 'XX', name: '错误类型', type: 'shop' });
    expect(badType.status).toBe(400);
    expect(badType.body.error.fields[0].field).toBe('type');
    expect(await count('stations')).toBe(before);
  });
});

describe('departments (ORG-2)', () => {
  it('suggests the pinyin code and requires upper-case letters', async () => {
    expect(
      (await admin.get(`/api/departments/code-suggestion?name=${encodeURIComponent('行业应用部')}`)).body.code,
    ).toBe('HY');
    const before = await count('departments');
    const lower = await admin.post('/api/departments', { code: 'js', name: '技术部' });
    expect(lower.status).toBe(400);
    expect(lower.body.error.fields[0]).toEqual({ field: 'code', message: '部门代码应为 1–6 个大写拼音字母' });
    expect(await count('departments')).toBe(before);
    expect((await admin.post('/api/departments', { code: 'JS', name: '技术部' })).status).toBe(200);
  });
});

describe('users (ORG-3)', () => {
  it('creates a user who must change the password at first sign-in', async () => {
    const created = await admin.post('/api/users', {
      username: 'engineer.new',
      password: 'Start2026',
      displayName: '新工程师',
      phone: '13600001234',
      roles: ['engineer'],
      stationId: t.stationId.get('SH'),
      departmentId: t.departmentId.get('SH'),
      skills: ['hardware'],
      specialty: 'installation',
    });
    expect(created.status).toBe(200);
    expect(created.body.mustChangePassword).toBe(true);
    expect(created.body.stationName).toBe('上海服务中心');
    const client = await t.client('engineer.new', 'Start2026');
    expect((await client.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
    const [row] = await t.query<{ password_hash: string }>(
      `select password_hash from users where username = 'engineer.new'`,
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('validates roles, password strength, username and references, writing nothing', async () => {
    const before = await count('users');
    const response = await admin.post('/api/users', {
      username: 'x',
      password: 'short',
      displayName: '',
      roles: [],
      stationId: 9999,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'displayName',
      'password',
      'roles',
      'username',
    ]);
    const unknownStation = await admin.post('/api/users', {
      username: 'valid.name',
      password: 'Start2026',
      displayName: '某人',
      roles: ['agent'],
      stationId: 9999,
    });
    expect(unknownStation.status).toBe(400);
    expect(unknownStation.body.error.fields[0].field).toBe('stationId');
    const duplicate = await admin.post('/api/users', {
      username: 'AGENT.BJ',
      password: 'Start2026',
      displayName: '重名',
      roles: ['agent'],
      stationId: t.stationId.get('BJ'),
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('username');
    expect(await count('users')).toBe(before);
  });

  it('lets an admin set a temporary password', async () => {
    const [user] = await t.query<{ id: number }>(`select id from users where username = 'parts.bj'`);
    expect((await admin.post(`/api/users/${user.id}/password`, { password: 'Temp2026x' })).status).toBe(200);
    const client = await t.client('parts.bj', 'Temp2026x');
    expect((await client.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
  });
});

describe('settings', () => {
  it('lists defaults and changes a value with a version check and audit entry', async () => {
    const list = await admin.get('/api/settings');
    const warranty = list.body.items.find((item: { key: string }) => item.key === 'warranty.defaultMonths');
    expect(warranty).toMatchObject({ value: 36, defaultValue: 36, isDefault: true, version: 0 });
    expect((await admin.put('/api/settings/warranty.defaultMonths', { value: 24, version: 0 })).status).toBe(200);
    const stale = await admin.put('/api/settings/warranty.defaultMonths', { value: 12, version: 0 });
    expect(stale.status).toBe(409);
    const model = await admin.post('/api/product-models', { code: 'SET-1', name: '设置测试', category: 'data' });
    expect(model.body.warrantyMonths).toBe(24);
    const history = await admin.get('/api/settings/warranty.defaultMonths/history');
    expect(history.body.items[0]).toMatchObject({ action: 'update', before: { value: 36 }, after: { value: 24 } });
  });

  it('refuses an invalid value or an unknown key, writing nothing', async () => {
    const invalid = await admin.put('/api/settings/warranty.defaultMonths', { value: -1, version: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields[0].field).toBe('value');
    expect((await admin.put('/api/settings/no.such.key', { value: 1, version: 0 })).status).toBe(404);
    const [row] = await t.query<{ value: number }>(`select value from settings where key = 'warranty.defaultMonths'`);
    expect(row.value).toBe(24);
  });
});
