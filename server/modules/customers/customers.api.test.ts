import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let agent: ApiClient; // agent.bj: full personal data, station BJ
let BJ: number;
let SH: number;

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.client('agent.bj');
  BJ = t.stationId.get('BJ')!;
  SH = t.stationId.get('SH')!;
});
afterAll(() => t.close());

// ---------- helpers ----------

let serial = 0;
const customerBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'organisation',
  name: `测试客户${++serial}号有限公司`,
  stationId: BJ,
  ...overrides,
});

async function createCustomer(client: ApiClient, overrides: Record<string, unknown> = {}) {
  const response = await client.post('/api/customers', customerBody(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Rows in the tables a customer write touches; compare before and after a refused request. */
async function tableCounts() {
  const [row] = await t.query<{ customers: number; contacts: number; audit: number }>(
    `select (select count(*) from customers)::int as customers,
            (select count(*) from customer_contacts)::int as contacts,
            (select count(*) from audit_log)::int as audit`,
  );
  return row;
}

/** The request is refused with `status`, names `field`, and leaves the database as it was. */
async function expectRefused(request: () => Promise<ApiResponse>, status: number, field: string) {
  const before = await tableCounts();
  const response = await request();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  const fields = (response.body.error?.fields ?? []).map((f: { field: string }) => f.field);
  expect(fields, JSON.stringify(response.body)).toContain(field);
  expect(await tableCounts()).toEqual(before);
  return response;
}

const userId = async (username: string) =>
  (await t.query<{ id: number }>('select id from users where username = $1', [username]))[0].id;

const search = async (client: ApiClient, params: Record<string, string>) => {
  const response = await client.get(`/api/customers?${new URLSearchParams({ pageSize: '200', ...params })}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as {
    items: { id: number; name: string; code: string }[];
    total: number;
    page: number;
    pageSize: number;
  };
};
const namesOf = (page: { items: { name: string }[] }) => page.items.map((item) => item.name);

// ---------- tests ----------

describe('creating a customer', () => {
  it('returns the stored customer with contacts and a generated KH code', async () => {
    const before = await tableCounts();
    const response = await agent.post('/api/customers', {
      kind: 'organisation',
      name: '  北京华能电气有限公司 ',
      phone: '010-64321234',
      email: 'service@huaneng.example.cn',
      province: '北京市',
      city: '北京市',
      district: '朝阳区',
      addressDetail: '酒仙桥路 10 号',
      region: '华北',
      level: 'key',
      stationId: BJ,
      notes: '重要客户',
      contacts: [
        { name: '王伟', title: '设备科长', mobile: '13812345678' },
        { name: '李娜', phone: '010-64321235', email: 'lina@huaneng.example.cn' },
      ],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({
      kind: 'organisation',
      name: '北京华能电气有限公司',
      phone: '010-64321234',
      email: 'service@huaneng.example.cn',
      addressDetail: '酒仙桥路 10 号',
      level: 'key',
      stationId: BJ,
      stationName: '北京售后站',
      equipmentCount: 0,
      isActive: true,
      masked: false,
      version: 1,
    });
    expect(body.code).toMatch(/^KH\d{6}$/);
    expect(body.contacts).toHaveLength(2);
    expect(body.contacts[0]).toMatchObject({ name: '王伟', title: '设备科长', mobile: '13812345678', isPrimary: true });
    expect(body.contacts[1]).toMatchObject({ name: '李娜', phone: '010-64321235', isPrimary: false });

    const [stored] = await t.query('select code, name, station_id, level from customers where id = $1', [body.id]);
    expect(stored).toEqual({ code: body.code, name: '北京华能电气有限公司', station_id: BJ, level: 'key' });
    const after = await tableCounts();
    expect(after.customers).toBe(before.customers + 1);
    expect(after.contacts).toBe(before.contacts + 2);
  });

  it('numbers customers without a code consecutively and keeps a code given by the user', async () => {
    const first = await createCustomer(agent);
    const second = await createCustomer(agent);
    expect(Number(second.code.slice(2))).toBeGreaterThan(Number(first.code.slice(2)));
    const own = await createCustomer(agent, { code: 'OWN-001' });
    expect(own.code).toBe('OWN-001');
  });

  it('marks the first contact primary when none is', async () => {
    const body = await createCustomer(agent, { contacts: [{ name: '甲' }, { name: '乙' }] });
    expect(body.contacts.map((c: { isPrimary: boolean }) => c.isPrimary)).toEqual([true, false]);
  });

  it('keeps only the first contact marked primary when several are', async () => {
    const body = await createCustomer(agent, {
      contacts: [{ name: '甲' }, { name: '乙', isPrimary: true }, { name: '丙', isPrimary: true }],
    });
    expect(body.contacts.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary])).toEqual([
      ['甲', false],
      ['乙', true],
      ['丙', false],
    ]);
    const rows = await t.query(
      'select count(*)::int as n from customer_contacts where customer_id = $1 and is_primary',
      [body.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('creates a customer without contacts', async () => {
    const body = await createCustomer(agent, { kind: 'person', name: '张三' });
    expect(body.contacts).toEqual([]);
    expect(body.kind).toBe('person');
    expect(body.level).toBe('regular');
  });
});

describe('refusing bad input (PLT-6)', () => {
  it('refuses a missing name', async () => {
    const response = await expectRefused(
      () => agent.post('/api/customers', { kind: 'organisation', stationId: BJ }),
      400,
      'name',
    );
    expect(response.body.error.code).toBe('VALIDATION');
    expect(response.body.error.fields).toContainEqual({ field: 'name', message: '必填' });
  });

  it('refuses a blank name', async () => {
    await expectRefused(() => agent.post('/api/customers', customerBody({ name: '   ' })), 400, 'name');
  });

  it.each(['12345', '1381234567', '23812345678', '138-1234-5678', 'abc'])('refuses the phone %s', async (phone) => {
    const response = await expectRefused(() => agent.post('/api/customers', customerBody({ phone })), 400, 'phone');
    expect(response.body.error.message).toContain('电话号码格式不正确');
  });

  it('refuses a bad contact mobile and names the contact field', async () => {
    await expectRefused(
      () => agent.post('/api/customers', customerBody({ contacts: [{ name: '王伟', mobile: '999' }] })),
      400,
      'contacts.0.mobile',
    );
  });

  it('refuses a bad email', async () => {
    await expectRefused(() => agent.post('/api/customers', customerBody({ email: 'not-an-email' })), 400, 'email');
  });

  it('refuses a missing station', async () => {
    await expectRefused(() => agent.post('/api/customers', customerBody({ stationId: undefined })), 400, 'stationId');
  });

  it('refuses an unknown station', async () => {
    const response = await expectRefused(
      () => agent.post('/api/customers', customerBody({ stationId: 999_999 })),
      400,
      'stationId',
    );
    expect(response.body.error.message).toBe('所选服务站不存在或已停用');
  });

  it('refuses a station the agent does not belong to', async () => {
    const response = await expectRefused(
      () => agent.post('/api/customers', customerBody({ stationId: SH })),
      400,
      'stationId',
    );
    expect(response.body.error.message).toBe('只能为本站登记记录');
  });

  it('refuses a code that another customer has', async () => {
    await createCustomer(agent, { code: 'DUP-CODE' });
    const response = await expectRefused(
      () => agent.post('/api/customers', customerBody({ code: 'DUP-CODE' })),
      409,
      'code',
    );
    expect(response.body.error.message).toBe('客户编号已存在');
  });

  it('refuses an unknown level and kind', async () => {
    await expectRefused(() => agent.post('/api/customers', customerBody({ level: 'vip' })), 400, 'level');
    await expectRefused(() => agent.post('/api/customers', customerBody({ kind: 'robot' })), 400, 'kind');
  });

  it('answers in English when the caller asks for en-US', async () => {
    const english = await t.client('agent.bj');
    english.language = 'en-US';
    const missing = await english.post('/api/customers', { kind: 'organisation', stationId: BJ, phone: '123' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^Invalid request body/);
    expect(missing.body.error.fields).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'Required' },
        { field: 'phone', message: 'Not a valid phone number' },
      ]),
    );
    const foreign = await english.post('/api/customers', customerBody({ stationId: SH }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toBe('You can only register records for your own station');
    expect(foreign.body.error.fields).toEqual([
      { field: 'stationId', message: 'You can only register records for your own station' },
    ]);
  });

  it('refuses writes by a role that may not edit customers, writing nothing', async () => {
    const engineer = await t.client('engineer.bj');
    const before = await tableCounts();
    const response = await engineer.post('/api/customers', customerBody());
    expect(response.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('fragment search', () => {
  let hengtai: { id: number; code: string };
  let xinda: { id: number; code: string };

  beforeAll(async () => {
    hengtai = await createCustomer(agent, {
      name: '恒泰精密机械有限公司',
      phone: '15911223344',
      contacts: [{ name: '欧阳娜', mobile: '13900001111' }],
    });
    xinda = await createCustomer(agent, { name: '鑫达电气设备厂', phone: '010-66778899' });
    await createCustomer(agent, { name: '丁%戊 子_丑 科技' });
    // Contains every bigram of `甲_乙` and `庚%辛` but neither literally; `甲丙乙` would match an unescaped LIKE.
    await createCustomer(agent, { name: '甲_ _乙 甲丙乙 庚% %辛 庚壬辛' });
  });

  it.each([
    ['a 2-character fragment of the name', '精密'],
    ['a 1-character fragment of the name', '恒'],
    ['a contact name', '欧阳'],
    ['4 digits of the phone', '2233'],
    ['4 digits of a contact mobile', '0111'],
  ])('finds a customer by %s (%s)', async (_label, q) => {
    const page = await search(agent, { q });
    expect(page.items.map((item) => item.id)).toEqual([hengtai.id]);
    expect(page.total).toBe(1);
  });

  it('finds a customer by a fragment of a fixed-line phone and by its code', async () => {
    expect((await search(agent, { q: '7788' })).items.map((item) => item.id)).toEqual([xinda.id]);
    expect((await search(agent, { q: xinda.code })).items.map((item) => item.id)).toEqual([xinda.id]);
    expect((await search(agent, { q: xinda.code.toLowerCase() })).items.map((item) => item.id)).toEqual([xinda.id]);
  });

  it('finds nothing for a fragment that is in no customer', async () => {
    const page = await search(agent, { q: '不存在的公司' });
    expect(page).toMatchObject({ items: [], total: 0 });
    expect((await search(agent, { q: '恒达' })).total).toBe(0);
  });

  it('treats % and _ literally', async () => {
    expect(namesOf(await search(agent, { q: '丁%戊' }))).toEqual(['丁%戊 子_丑 科技']);
    expect(namesOf(await search(agent, { q: '子_丑' }))).toEqual(['丁%戊 子_丑 科技']);
    expect(namesOf(await search(agent, { q: '甲_乙' }))).toEqual([]);
    expect(namesOf(await search(agent, { q: '庚%辛' }))).toEqual([]);
    expect(namesOf(await search(agent, { q: '%' }))).toEqual(
      expect.arrayContaining(['丁%戊 子_丑 科技', '甲_ _乙 甲丙乙 庚% %辛 庚壬辛']),
    );
    expect((await search(agent, { q: '%' })).total).toBe(2);
  });

  it('does not find another station’s customers', async () => {
    const agentSh = await t.client('agent.sh');
    expect((await search(agentSh, { q: '精密' })).total).toBe(0);
  });

  it('refuses a query longer than 50 characters', async () => {
    const response = await agent.get(`/api/customers?q=${'长'.repeat(51)}`);
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain('q');
  });
});

describe('filters, sorting and pagination', () => {
  const region = '筛选测试区';
  let exec: ApiClient;

  beforeAll(async () => {
    exec = await t.client('exec');
    const agentSh = await t.client('agent.sh');
    await createCustomer(agent, { name: '排序C', region, level: 'key', kind: 'organisation' });
    await createCustomer(agent, { name: '排序A', region, level: 'regular', kind: 'person' });
    await createCustomer(agentSh, { name: '排序E', region, level: 'key', kind: 'person', stationId: SH });
    await createCustomer(agentSh, { name: '排序B', region, level: 'regular', kind: 'organisation', stationId: SH });
    const inactive = await createCustomer(agent, { name: '排序D', region, level: 'key', kind: 'organisation' });
    const response = await agent.post(`/api/customers/${inactive.id}/active`, { active: false });
    expect(response.status).toBe(200);
  });

  it('filters by level', async () => {
    expect(namesOf(await search(exec, { region, level: 'key', sort: 'name' }))).toEqual(['排序C', '排序E']);
    expect(namesOf(await search(exec, { region, level: 'regular', sort: 'name' }))).toEqual(['排序A', '排序B']);
  });

  it('filters by kind', async () => {
    expect(namesOf(await search(exec, { region, kind: 'person', sort: 'name' }))).toEqual(['排序A', '排序E']);
  });

  it('filters by station', async () => {
    expect(namesOf(await search(exec, { region, stationId: String(SH), sort: 'name' }))).toEqual(['排序B', '排序E']);
    expect(namesOf(await search(exec, { region, stationId: String(BJ), sort: 'name' }))).toEqual(['排序A', '排序C']);
  });

  it('shows active customers by default, inactive ones on request, all with active=all', async () => {
    expect(namesOf(await search(exec, { region, sort: 'name' }))).toEqual(['排序A', '排序B', '排序C', '排序E']);
    expect(namesOf(await search(exec, { region, active: 'false' }))).toEqual(['排序D']);
    expect((await search(exec, { region, active: 'all' })).total).toBe(5);
  });

  it('combines filters', async () => {
    expect(namesOf(await search(exec, { region, level: 'key', kind: 'person', stationId: String(SH) }))).toEqual([
      '排序E',
    ]);
  });

  it('keeps a station-bound user to their station even when they ask for another', async () => {
    expect(namesOf(await search(agent, { region, sort: 'name' }))).toEqual(['排序A', '排序C']);
    expect((await search(agent, { region, stationId: String(SH) })).total).toBe(0);
  });

  it('sorts by name both ways', async () => {
    const all = { region, active: 'all', sort: 'name' };
    expect(namesOf(await search(exec, { ...all, order: 'asc' }))).toEqual([
      '排序A',
      '排序B',
      '排序C',
      '排序D',
      '排序E',
    ]);
    expect(namesOf(await search(exec, { ...all, order: 'desc' }))).toEqual([
      '排序E',
      '排序D',
      '排序C',
      '排序B',
      '排序A',
    ]);
  });

  it('sorts by code and by creation time', async () => {
    const byCode = (await search(exec, { region, active: 'all', sort: 'code' })).items.map((item) => item.code);
    expect(byCode).toEqual([...byCode].sort());
    expect(namesOf(await search(exec, { region, active: 'all', sort: 'createdAt' }))).toEqual([
      '排序C',
      '排序A',
      '排序E',
      '排序B',
      '排序D',
    ]);
  });

  it('pages through the results with total, page and pageSize', async () => {
    const query = { region, active: 'all', sort: 'name', pageSize: '2' };
    const first = await search(exec, { ...query, page: '1' });
    const second = await search(exec, { ...query, page: '2' });
    const third = await search(exec, { ...query, page: '3' });
    const beyond = await search(exec, { ...query, page: '4' });
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(namesOf(first)).toEqual(['排序A', '排序B']);
    expect(namesOf(second)).toEqual(['排序C', '排序D']);
    expect(namesOf(third)).toEqual(['排序E']);
    expect(beyond).toMatchObject({ items: [], total: 5, page: 4, pageSize: 2 });
  });

  it.each([
    ['page', '0'],
    ['pageSize', '201'],
    ['level', 'vip'],
    ['sort', 'phone'],
  ])('refuses %s=%s', async (name, value) => {
    const response = await exec.get(`/api/customers?${name}=${value}`);
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(name);
  });
});

describe('personal data masking and reveal (PPL-4)', () => {
  let customer: { id: number; contacts: { id: number }[] };

  beforeAll(async () => {
    customer = await createCustomer(agent, {
      name: '脱敏测试医院',
      phone: '13812345678',
      email: 'office@hospital.example.cn',
      district: '海淀区',
      addressDetail: '学院路 30 号',
      contacts: [{ name: '赵敏', phone: '010-12345678', mobile: '13987654321', email: 'zhaomin@example.cn' }],
    });
  });

  it('masks phones, email and street address for an engineer', async () => {
    const engineer = await t.client('engineer.bj');
    const response = await engineer.get(`/api/customers/${customer.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      phone: '138****5678',
      email: 'o***@hospital.example.cn',
      district: '海淀区',
      addressDetail: '****',
      masked: true,
    });
    expect(response.body.contacts[0]).toMatchObject({
      name: '赵敏',
      phone: '010-****5678',
      mobile: '139****4321',
      email: 'z***@example.cn',
    });
    const list = await search(engineer, { q: '脱敏测试' });
    expect(list.items).toEqual([
      expect.objectContaining({ phone: '138****5678', addressDetail: '****', masked: true }),
    ]);
    expect(JSON.stringify(list)).not.toContain('13812345678');
  });

  it('shows everything to an agent', async () => {
    const response = await agent.get(`/api/customers/${customer.id}`);
    expect(response.body).toMatchObject({
      phone: '13812345678',
      email: 'office@hospital.example.cn',
      addressDetail: '学院路 30 号',
      masked: false,
    });
    expect(response.body.contacts[0]).toMatchObject({ phone: '010-12345678', mobile: '13987654321' });
    expect((await search(agent, { q: '脱敏测试' })).items[0]).toMatchObject({ phone: '13812345678', masked: false });
  });

  it('reveals the full values to an engineer and logs the access', async () => {
    const engineer = await t.client('engineer.bj');
    const engineerId = await userId('engineer.bj');
    const response = await engineer.post(`/api/customers/${customer.id}/reveal`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      phone: '13812345678',
      email: 'office@hospital.example.cn',
      addressDetail: '学院路 30 号',
      contacts: [
        { id: customer.contacts[0].id, phone: '010-12345678', mobile: '13987654321', email: 'zhaomin@example.cn' },
      ],
    });
    const log = await t.query('select user_id, entity_type, entity_id, fields from access_log where action = $1', [
      'reveal',
    ]);
    expect(log).toEqual([
      {
        user_id: engineerId,
        entity_type: 'customer',
        entity_id: customer.id,
        fields: ['phone', 'email', 'addressDetail', 'contacts'],
      },
    ]);
  });

  it('refuses reveal to a parts keeper and logs nothing', async () => {
    const parts = await t.client('parts.bj');
    const [before] = await t.query('select count(*)::int as n from access_log');
    const response = await parts.post(`/api/customers/${customer.id}/reveal`);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    expect(JSON.stringify(response.body)).not.toContain('13812345678');
    const [after] = await t.query('select count(*)::int as n from access_log');
    expect(after.n).toBe(before.n);
  });

  it.each(['engineer.bj', 'parts.bj'])(
    'does not show %s unmasked personal data through the customer’s history',
    async (username) => {
      const client = await t.client(username);
      const response = await client.get(`/api/customers/${customer.id}/history`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeGreaterThan(0);
      const text = JSON.stringify(response.body);
      for (const secret of [
        '13812345678',
        '13987654321',
        '010-12345678',
        'office@hospital.example.cn',
        '学院路 30 号',
      ]) {
        expect(text).not.toContain(secret);
      }
    },
  );

  it('answers 404 to a reveal of another station’s customer and logs nothing', async () => {
    const engineerSh = await t.client('engineer.sh');
    const [before] = await t.query('select count(*)::int as n from access_log');
    const response = await engineerSh.post(`/api/customers/${customer.id}/reveal`);
    expect(response.status).toBe(404);
    const [after] = await t.query('select count(*)::int as n from access_log');
    expect(after.n).toBe(before.n);
  });
});

describe('updates: optimistic concurrency and audit trail (PLT-2)', () => {
  it('lets exactly one of two simultaneous edits of the same version win', async () => {
    const manager = await t.client('manager.bj');
    const created = await createCustomer(agent, { name: '并发测试公司' });
    const edit = (name: string) => customerBody({ name, version: created.version });
    const responses = await Promise.all([
      agent.put(`/api/customers/${created.id}`, edit('并发测试公司-客服改')),
      manager.put(`/api/customers/${created.id}`, edit('并发测试公司-站长改')),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = responses.find((r) => r.status === 200)!;
    const loser = responses.find((r) => r.status === 409)!;
    expect(loser.body.error.code).toBe('CONFLICT');
    expect(loser.body.error.message).toBe('客户已被其他人修改，请刷新后重试');
    expect(winner.body.version).toBe(created.version + 1);
    const [stored] = await t.query('select name, version from customers where id = $1', [created.id]);
    expect(stored).toEqual({ name: winner.body.name, version: created.version + 1 });
    const audits = await t.query(
      `select action from audit_log where entity_type = 'customer' and entity_id = $1 order by id`,
      [String(created.id)],
    );
    expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('refuses a stale version and changes nothing', async () => {
    const created = await createCustomer(agent, { name: '旧版本测试' });
    const first = await agent.put(`/api/customers/${created.id}`, customerBody({ name: '旧版本测试2', version: 1 }));
    expect(first.status).toBe(200);
    const before = await tableCounts();
    const stale = await agent.put(`/api/customers/${created.id}`, customerBody({ name: '旧版本测试3', version: 1 }));
    expect(stale.status).toBe(409);
    expect(await tableCounts()).toEqual(before);
    const [stored] = await t.query('select name, version from customers where id = $1', [created.id]);
    expect(stored).toEqual({ name: '旧版本测试2', version: 2 });
  });

  it('refuses an update with bad input, naming the field and changing nothing', async () => {
    const created = await createCustomer(agent, { name: '更新校验测试' });
    await expectRefused(
      () => agent.put(`/api/customers/${created.id}`, customerBody({ name: '', version: created.version })),
      400,
      'name',
    );
    await expectRefused(
      () => agent.put(`/api/customers/${created.id}`, customerBody({ name: '无版本' })),
      400,
      'version',
    );
    await expectRefused(
      () =>
        agent.put(
          `/api/customers/${created.id}`,
          customerBody({ name: '换站', stationId: SH, version: created.version }),
        ),
      400,
      'stationId',
    );
    const [stored] = await t.query('select name, version, station_id from customers where id = $1', [created.id]);
    expect(stored).toEqual({ name: '更新校验测试', version: 1, station_id: BJ });
  });

  it('refuses a contact id of another customer and rolls the whole update back', async () => {
    const other = await createCustomer(agent, { contacts: [{ name: '别家联系人' }] });
    const created = await createCustomer(agent, { name: '联系人归属测试', contacts: [{ name: '本家联系人' }] });
    await expectRefused(
      () =>
        agent.put(
          `/api/customers/${created.id}`,
          customerBody({
            name: '联系人归属测试-改',
            version: created.version,
            contacts: [{ id: other.contacts[0].id, name: '偷梁换柱' }],
          }),
        ),
      400,
      'contacts.0.id',
    );
    const [stored] = await t.query('select name, version from customers where id = $1', [created.id]);
    expect(stored).toEqual({ name: '联系人归属测试', version: 1 });
    const contacts = await t.query('select name from customer_contacts where customer_id = $1', [created.id]);
    expect(contacts).toEqual([{ name: '本家联系人' }]);
    const [otherContact] = await t.query('select name from customer_contacts where id = $1', [other.contacts[0].id]);
    expect(otherContact.name).toBe('别家联系人');
  });

  it('answers 404 to an update of another station’s customer', async () => {
    const created = await createCustomer(agent, { name: '跨站更新测试' });
    const agentSh = await t.client('agent.sh');
    const before = await tableCounts();
    const response = await agentSh.put(
      `/api/customers/${created.id}`,
      customerBody({ name: '跨站改名', stationId: SH, version: 1 }),
    );
    expect(response.status).toBe(404);
    expect(await tableCounts()).toEqual(before);
  });

  it('records create and update with only the changed fields, shown in the history with the actor’s name', async () => {
    const created = await createCustomer(agent, {
      name: '审计测试公司',
      phone: '13811112222',
      level: 'regular',
      contacts: [{ name: '钱七', mobile: '13700001111' }],
    });
    const manager = await t.client('manager.bj');
    const updated = await manager.put(
      `/api/customers/${created.id}`,
      customerBody({
        name: '审计测试集团',
        phone: '13811112222',
        level: 'key',
        version: created.version,
        contacts: [{ name: '钱七', mobile: '13700001111' }],
      }),
    );
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);

    const rows = await t.query(
      `select a.action, a.before, a.after, u.username from audit_log a join users u on u.id = a.actor_id
        where a.entity_type = 'customer' and a.entity_id = $1 order by a.id`,
      [String(created.id)],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ action: 'create', before: null, username: 'agent.bj' });
    expect(rows[0].after).toMatchObject({
      name: '审计测试公司',
      phone: '13811112222',
      level: 'regular',
      code: created.code,
      contacts: [{ name: '钱七', mobile: '13700001111' }],
    });
    expect(rows[0].after).not.toHaveProperty('searchText');
    expect(rows[0].after).not.toHaveProperty('searchGrams');
    expect(rows[1]).toEqual({
      action: 'update',
      before: { name: '审计测试公司', level: 'regular' },
      after: { name: '审计测试集团', level: 'key' },
      username: 'manager.bj',
    });

    const history = await agent.get(`/api/customers/${created.id}/history`);
    expect(history.status).toBe(200);
    expect(
      history.body.items.map((item: { action: string; actorName: string }) => [item.action, item.actorName]),
    ).toEqual([
      ['update', '钱站长'],
      ['create', '孙客服'],
    ]);
    expect(history.body.items[0]).toMatchObject({
      before: { name: '审计测试公司', level: 'regular' },
      after: { name: '审计测试集团', level: 'key' },
    });
  });

  it('records a change of contacts with the contacts before and after', async () => {
    const created = await createCustomer(agent, {
      name: '联系人审计',
      contacts: [{ name: '孙八', mobile: '13700002222' }],
    });
    const response = await agent.put(
      `/api/customers/${created.id}`,
      customerBody({
        name: '联系人审计',
        version: created.version,
        contacts: [
          { name: '孙八', mobile: '13700003333' },
          { name: '周九', isPrimary: true },
        ],
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.contacts.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary])).toEqual([
      ['孙八', false],
      ['周九', true],
    ]);
    const rows = await t.query(
      `select before, after from audit_log where entity_type = 'customer' and entity_id = $1 and action = 'update'`,
      [String(created.id)],
    );
    expect(rows).toContainEqual({
      before: { contacts: [{ name: '孙八', title: null, phone: null, mobile: '13700002222' }] },
      after: {
        contacts: [
          { name: '孙八', title: null, phone: null, mobile: '13700003333' },
          { name: '周九', title: null, phone: null, mobile: null },
        ],
      },
    });
  });

  it('writes no empty update entry when an edit changes only the contacts', async () => {
    const created = await createCustomer(agent, { name: '空审计测试', contacts: [{ name: '冯十' }] });
    const response = await agent.put(
      `/api/customers/${created.id}`,
      customerBody({ name: '空审计测试', version: created.version, contacts: [{ name: '冯十一' }] }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const rows = await t.query(
      `select before, after from audit_log where entity_type = 'customer' and entity_id = $1 and action = 'update'`,
      [String(created.id)],
    );
    expect(rows).toEqual([
      {
        before: { contacts: [{ name: '冯十', title: null, phone: null, mobile: null }] },
        after: { contacts: [{ name: '冯十一', title: null, phone: null, mobile: null }] },
      },
    ]);
    const history = await agent.get(`/api/customers/${created.id}/history`);
    for (const item of history.body.items as { before: unknown; after: unknown }[]) {
      expect(item.after, 'a history entry that shows no change').not.toEqual({});
    }
  });

  it.each([1, 2])('keeps %i existing contact(s) by id when editing a customer', async (kept) => {
    const created = await createCustomer(agent, {
      name: `保留联系人${kept}`,
      contacts: [
        { name: '吴一', mobile: '13700004444' },
        { name: '郑二', mobile: '13700005555' },
        { name: '王三', mobile: '13700006666' },
      ],
    });
    const keep = created.contacts.slice(0, kept) as { id: number; name: string; mobile: string }[];
    const response = await agent.put(
      `/api/customers/${created.id}`,
      customerBody({
        name: `保留联系人${kept}-改`,
        version: created.version,
        contacts: keep.map(({ id, name }) => ({ id, name, mobile: '13600000000' })),
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.contacts.map((c: { id: number }) => c.id)).toEqual(keep.map((c) => c.id));
    const rows = await t.query('select id, mobile from customer_contacts where customer_id = $1 order by sort_order', [
      created.id,
    ]);
    expect(rows).toEqual(keep.map(({ id }) => ({ id, mobile: '13600000000' })));
  });

  it('keeps the search up to date when contacts and name change', async () => {
    const created = await createCustomer(agent, { name: '检索刷新旧名', contacts: [{ name: '慕容复' }] });
    expect((await search(agent, { q: '慕容' })).items.map((c) => c.id)).toEqual([created.id]);
    const response = await agent.put(
      `/api/customers/${created.id}`,
      customerBody({ name: '检索刷新新名', version: created.version, contacts: [{ name: '段誉' }] }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((await search(agent, { q: '慕容' })).total).toBe(0);
    expect((await search(agent, { q: '旧名' })).total).toBe(0);
    expect((await search(agent, { q: '段誉' })).items.map((c) => c.id)).toEqual([created.id]);
    expect((await search(agent, { q: '刷新新' })).items.map((c) => c.id)).toEqual([created.id]);
  });

  it('refuses the history of another station’s customer', async () => {
    const created = await createCustomer(agent, { name: '跨站历史' });
    const agentSh = await t.client('agent.sh');
    expect((await agentSh.get(`/api/customers/${created.id}/history`)).status).toBe(404);
  });
});

describe('deactivating and reactivating', () => {
  it('deactivates, refuses a second deactivation, and reactivates', async () => {
    const created = await createCustomer(agent, { name: '停用测试公司' });
    const off = await agent.post(`/api/customers/${created.id}/active`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ isActive: false, version: 2 });
    expect((await search(agent, { q: '停用测试' })).total).toBe(0);
    expect(namesOf(await search(agent, { q: '停用测试', active: 'false' }))).toEqual(['停用测试公司']);

    const before = await tableCounts();
    const again = await agent.post(`/api/customers/${created.id}/active`, { active: false });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('客户已经是停用状态');
    expect(await tableCounts()).toEqual(before);

    const on = await agent.post(`/api/customers/${created.id}/active`, { active: true });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ isActive: true, version: 3 });
    expect((await agent.post(`/api/customers/${created.id}/active`, { active: true })).status).toBe(409);

    const actions = await t.query(
      `select action, before, after from audit_log where entity_type = 'customer' and entity_id = $1 order by id`,
      [String(created.id)],
    );
    expect(actions.slice(1)).toEqual([
      { action: 'deactivate', before: { isActive: true }, after: { isActive: false } },
      { action: 'reactivate', before: { isActive: false }, after: { isActive: true } },
    ]);
  });

  it('refuses a body without `active`', async () => {
    const created = await createCustomer(agent);
    await expectRefused(() => agent.post(`/api/customers/${created.id}/active`, {}), 400, 'active');
  });
});
