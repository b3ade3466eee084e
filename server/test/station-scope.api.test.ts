/** Staff below executive/quality/finance/admin see only their own station; anything else is 404. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.js';
import { createTestApp, type TestApp } from './test-app.js';

let t: TestApp;
let admin: ApiClient;
let shCustomer: number;
let shUnit: number;
let shContract: number;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.client('admin');
  const model = await admin.post('/api/product-models', { code: 'SC-1', name: '范围型号', category: 'software' });
  const customer = await admin.post('/api/customers', {
    kind: 'person',
    name: '上海范围客户',
    stationId: t.stationId.get('SH'),
    phone: '13700001111',
  });
  shCustomer = customer.body.id;
  shUnit = (
    await admin.post('/api/equipment', { serialNo: 'SCOPE-SH-1', modelId: model.body.id, customerId: shCustomer })
  ).body.id;
  shContract = (
    await admin.post('/api/contracts', {
      contractNo: 'SC-C1',
      customerId: shCustomer,
      title: '范围合同',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    })
  ).body.id;
});
afterAll(() => t.close());

describe('station scoping', () => {
  it('hides another station’s records behind 404 on every kind of access', async () => {
    const agent = await t.client('agent.bj');
    const customer = await agent.get(`/api/customers/${shCustomer}`);
    expect(customer.status).toBe(404);
    expect(customer.body.error.message).toBe('客户不存在或无权访问');
    expect((await agent.get(`/api/customers/${shCustomer}/history`)).status).toBe(404);
    expect((await agent.post(`/api/customers/${shCustomer}/reveal`)).status).toBe(404);
    expect(
      (
        await agent.put(`/api/customers/${shCustomer}`, {
          kind: 'person',
          name: '改名',
          stationId: t.stationId.get('SH'),
          version: 1,
        })
      ).status,
    ).toBe(404);
    expect((await agent.post(`/api/customers/${shCustomer}/active`, { active: false })).status).toBe(404);
    expect((await agent.get(`/api/equipment/${shUnit}`)).status).toBe(404);
    expect((await agent.get('/api/equipment/by-serial/SCOPE-SH-1')).status).toBe(404);
    expect((await agent.get(`/api/contracts/${shContract}`)).status).toBe(404);
    const [row] = await t.query<{ name: string; version: number; is_active: boolean }>(
      'select name, version, is_active from customers where id = $1',
      [shCustomer],
    );
    expect(row).toEqual({ name: '上海范围客户', version: 1, is_active: true });
  });

  it('leaves them out of lists and searches', async () => {
    const agent = await t.client('agent.bj');
    const list = await agent.get('/api/customers?q=%E4%B8%8A%E6%B5%B7%E8%8C%83%E5%9B%B4');
    expect(list.body.total).toBe(0);
    expect((await agent.get('/api/equipment?q=SCOPE')).body.total).toBe(0);
    expect((await agent.get(`/api/contracts?customerId=${shCustomer}`)).body.total).toBe(0);
  });

  it('refuses to attach records to another station’s customer', async () => {
    const agent = await t.client('agent.bj');
    const model = await admin.get('/api/product-models?q=SC-1');
    const response = await agent.post('/api/equipment', {
      serialNo: 'SCOPE-X',
      modelId: model.body.items[0].id,
      customerId: shCustomer,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].field).toBe('customerId');
    const foreignStation = await agent.post('/api/customers', {
      kind: 'person',
      name: '外站客户',
      stationId: t.stationId.get('SH'),
    });
    expect(foreignStation.status).toBe(400);
    expect(foreignStation.body.error.fields[0].field).toBe('stationId');
  });

  it('lets the same station and the all-station roles see them', async () => {
    for (const login of ['agent.sh', 'manager.sh', 'exec', 'quality', 'finance', 'admin']) {
      const client = await t.client(login);
      expect((await client.get(`/api/customers/${shCustomer}`)).status, login).toBe(200);
      expect((await client.get(`/api/equipment/${shUnit}`)).status, login).toBe(200);
    }
    const manager = await t.client('manager.bj');
    const users = await manager.get('/api/users?active=all&pageSize=100');
    expect(users.body.items.every((user: { stationName: string }) => user.stationName === '北京售后站')).toBe(true);
  });
});
