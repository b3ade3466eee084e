/** Helpers of the tickets API tests: master data through the API, and tickets with sensible defaults. */
import { expect } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import type { TestApp } from '../../test/test-app.js';

let sequence = 0;
export const next = () => ++sequence;

export type Fixture = {
  customerId: number;
  contactId: number;
  equipmentId: number;
  modelId: number;
  serialNo: string;
  customerName: string;
};

export function expectOk<T = any>(response: ApiResponse<T>, status = 200): T {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

/** A customer of `station` with one contact and one unit in warranty (accepted `acceptanceDate`). */
export async function createFixture(
  t: TestApp,
  options: {
    station?: string;
    category?: 'hardware' | 'software' | 'data' | 'integration';
    acceptanceDate?: string;
    name?: string;
    phone?: string;
  } = {},
): Promise<Fixture> {
  const admin = await t.client('admin');
  const n = next();
  const model = expectOk(
    await admin.post('/api/product-models', {
      code: `TM-${n}-${Math.random().toString(36).slice(2, 7)}`,
      name: `工单测试型号${n}`,
      category: options.category ?? 'hardware',
    }),
  );
  const customerName = options.name ?? `工单测试客户${n}号有限公司`;
  const customer = expectOk(
    await admin.post('/api/customers', {
      kind: 'organisation',
      name: customerName,
      stationId: t.stationId.get(options.station ?? 'BJ'),
      phone: options.phone ?? `1390000${String(1000 + (n % 9000)).padStart(4, '0')}`,
      province: '北京市',
      city: '北京市',
      district: '朝阳区',
      addressDetail: `酒仙桥路 ${n} 号`,
      contacts: [
        { name: `联系人${n}`, mobile: `1370000${String(1000 + (n % 9000)).padStart(4, '0')}`, isPrimary: true },
      ],
    }),
  );
  const serialNo = `TSN${n}${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  const unit = expectOk(
    await admin.post('/api/equipment', {
      serialNo,
      modelId: model.id,
      customerId: customer.id,
      acceptanceDate: options.acceptanceDate ?? new Date().toISOString().slice(0, 10),
    }),
  );
  return {
    customerId: customer.id,
    contactId: customer.contacts[0].id,
    equipmentId: unit.id,
    modelId: model.id,
    serialNo,
    customerName,
  };
}

export const ticketBody = (fixture: Fixture, overrides: Record<string, unknown> = {}) => ({
  channel: 'phone',
  type: 'repair',
  customerId: fixture.customerId,
  contactId: fixture.contactId,
  equipmentId: fixture.equipmentId,
  title: '设备无法启动',
  description: '上电后指示灯不亮',
  faultLevel: 3,
  ...overrides,
});

export async function createTicket(client: ApiClient, fixture: Fixture, overrides: Record<string, unknown> = {}) {
  return expectOk<{ id: number; number: string; version: number; status: string }>(
    await client.post('/api/tickets', ticketBody(fixture, overrides)),
  );
}

export async function getTicket(client: ApiClient, id: number) {
  return expectOk(await client.get(`/api/tickets/${id}`));
}

/** Classifies a received ticket and returns the ticket. */
export async function classify(client: ApiClient, id: number, overrides: Record<string, unknown> = {}): Promise<any> {
  const current = await getTicket(client, id);
  return expectOk(
    await client.post(`/api/tickets/${id}/classify`, {
      classification: 'technical',
      type: current.type,
      faultLevel: current.faultLevel,
      serviceMode: 'remote',
      region: 'urban',
      expectedVersion: current.version,
      ...overrides,
    }),
  );
}

/** Moves a ticket; returns the response (not asserted). */
export async function move(client: ApiClient, id: number, to: string, extra: Record<string, unknown> = {}) {
  const current = await getTicket(client, id);
  return client.post(`/api/tickets/${id}/transitions`, { to, expectedVersion: current.version, ...extra });
}

/** Row counts of the tables an intake writes. */
export async function counts(t: TestApp) {
  const [row] = await t.query<{ tickets: number; events: number; clocks: number; outbox: number; counters: number }>(
    `select (select count(*)::int from tickets) as tickets, (select count(*)::int from ticket_events) as events,
            (select count(*)::int from ticket_clocks) as clocks, (select count(*)::int from outbox_messages) as outbox,
            (select coalesce(sum(last_value), 0)::int from document_counters) as counters`,
  );
  return row;
}
