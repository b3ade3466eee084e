/**
 * Every role × every /api route: a role the route admits is never refused (401/403), a role it does
 * not admit always gets 403, and an anonymous caller gets 401 on every non-public route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../lib/access.js';
import { type Role, roles } from '../lib/roles.js';
import { dispatchSamples } from '../modules/dispatch/dispatch-fixtures.js';
import { stocktakePurchasingSamples } from '../modules/parts/purchasing-fixtures.js';
import type { ApiClient } from './api-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const userForRole: Record<Role, string> = {
  admin: 'admin',
  executive: 'exec',
  station_manager: 'manager.bj',
  agent: 'agent.bj',
  engineer: 'engineer.bj',
  parts_keeper: 'parts.bj',
  quality: 'quality',
  finance: 'finance',
};

let t: TestApp;
const clients = new Map<Role, ApiClient>();
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  for (const role of roles) clients.set(role, await t.client(userForRole[role]));
  const admin = clients.get('admin')!;
  const bj = t.stationId.get('BJ')!;
  const customer = await admin.post('/api/customers', {
    kind: 'organisation',
    name: '矩阵测试有限公司',
    stationId: bj,
    phone: '13912345678',
  });
  const model = await admin.post('/api/product-models', { code: 'MX-1', name: '矩阵型号', category: 'hardware' });
  const unit = await admin.post('/api/equipment', {
    serialNo: 'MX0001',
    modelId: model.body.id,
    customerId: customer.body.id,
    acceptanceDate: '2025-01-01',
  });
  const contract = await admin.post('/api/contracts', {
    contractNo: 'MX-C1',
    customerId: customer.body.id,
    title: '矩阵合同',
    startsOn: '2025-01-01',
    endsOn: '2026-12-31',
  });
  const [agent] = await t.query<{ id: number }>(`select id from users where username = 'agent.bj'`);
  for (const response of [customer, model, unit, contract]) expect(response.status).toBe(200);
  ids = {
    stations: String(bj),
    departments: String(t.departmentId.get('SH')),
    users: String(agent.id),
    customers: String(customer.body.id),
    'product-models': String(model.body.id),
    equipment: String(unit.body.id),
    contracts: String(contract.body.id),
    // /api/sla/calendars/:id and /api/sla/policies/:id: the shipped STD calendar (and STD policy).
    sla: String((await t.query<{ id: number }>(`select id from business_calendars where code = 'STD'`))[0].id),
  };
  // Dispatch (DSP-1, DSP-4): an accepted assignment of engineer.bj and its planned visit.
  Object.assign(ids, await dispatchSamples(t, customer.body.id));
  // Stocktake and purchasing (PRT-4, PRT-5): an open count of WH-BJ and a draft purchase request.
  Object.assign(ids, await stocktakePurchasingSamples(t));
  // Tickets (TKT-1…11): one recorded through intake, with an attachment.
  const ticket = await admin.post('/api/tickets', {
    channel: 'phone',
    type: 'repair',
    customerId: customer.body.id,
    equipmentId: unit.body.id,
    title: '矩阵工单',
  });
  const attachment = await admin.upload(`/api/tickets/${ticket.body.id}/attachments`, 'note.txt', '矩阵');
  for (const response of [ticket, attachment]) expect(response.status).toBe(200);
  Object.assign(ids, { tickets: String(ticket.body.id), attachments: String(attachment.body.id) });
  // Loaners (DSP-7): a BJ loaner unit lent on the ticket.
  const loaner = await admin.post('/api/loaner-units', { assetNo: 'MX-LN-1', stationId: bj });
  const loan = await admin.post('/api/loans', { ticketId: ticket.body.id, loanerUnitId: loaner.body.id });
  for (const response of [loaner, loan]) expect(response.status).toBe(200);
  Object.assign(ids, { 'loaner-units': String(loaner.body.id), loans: String(loan.body.id) });
  // Complaints (FBK-2): one recorded on the ticket.
  const complaint = await admin.post('/api/complaints', {
    channel: 'phone',
    category: 'attitude',
    ticketId: ticket.body.id,
    description: '矩阵投诉',
  });
  expect(complaint.status).toBe(200);
  Object.assign(ids, { complaints: String(complaint.body.id) });
  // Return visits (FBK-3): one scheduled for the ticket's customer.
  const [returnVisit] = await t.query<{ id: number }>(
    `insert into return_visits (rule, method, subject_id, period_start, period_end, station_id, customer_id, ticket_id, due_at)
     select 'manual', 'phone', t.id, current_date, current_date + 1, t.station_id, t.customer_id, t.id, now()
     from tickets t where t.id = $1 returning id`,
    [ticket.body.id],
  );
  Object.assign(ids, { 'return-visits': String(returnVisit.id) });
  // Parts on tickets (PRT-3): a part request on the ticket (/api/part-requests/:id).
  const [matrixPart] = await t.query<{ id: number }>(
    `insert into parts (code, name, category) values ('MX-P1', '矩阵配件', 'electrical') returning id`,
  );
  const partRequest = await admin.post(`/api/tickets/${ticket.body.id}/part-requests`, {
    partId: matrixPart.id,
    quantity: 1,
  });
  expect(partRequest.status).toBe(201);
  Object.assign(ids, { 'part-requests': String(partRequest.body.id) });
  // Catalogue and stock (PRT-1…3): a supplier, WH-BJ, and a transfer of the matrix part to WH-SH.
  const [whBj] = await t.query<{ id: number }>(`select id from warehouses where code = 'WH-BJ'`);
  const [whSh] = await t.query<{ id: number }>(`select id from warehouses where code = 'WH-SH'`);
  const supplier = await admin.post('/api/suppliers', { code: 'MX-SUP', name: '矩阵供应商' });
  const receipt = await admin.post('/api/receipts', {
    warehouseId: whBj.id,
    lines: [{ partId: matrixPart.id, receivedQuantity: 3, acceptedQuantity: 3 }],
  });
  const transfer = await admin.post('/api/transfers', {
    fromWarehouseId: whBj.id,
    toWarehouseId: whSh.id,
    lines: [{ partId: matrixPart.id, quantity: 1 }],
  });
  for (const response of [supplier, receipt, transfer]) expect(response.status).toBe(200);
  Object.assign(ids, {
    parts: String(matrixPart.id),
    suppliers: String(supplier.body.id),
    warehouses: String(whBj.id),
    transfers: String(transfer.body.id),
  });
});
afterAll(() => t.close());

function concretePath(url: string): string {
  const collection = url.split('/')[2];
  return url
    .replace(':id', ids[collection] ?? '1')
    .replace(':key', 'org.name')
    .replace(':serialNo', 'MX0001')
    .replace('/*', '/index.html');
}

const admits = (access: Access, role: Role) => access === 'public' || access === 'signed-in' || access.includes(role);

describe('authorization matrix', () => {
  it('covers every route with every role, with no unexpected allow or deny', async () => {
    const routes = t.app.routeAccess.filter((route) => !route.url.startsWith('/api/docs'));
    expect(routes.length).toBeGreaterThan(50);
    const unexpected: string[] = [];
    let allowed = 0;
    let denied = 0;
    for (const route of routes) {
      const path = concretePath(route.url);
      // The roles' clients are independent sessions: ask them all at once.
      await Promise.all(
        roles.map(async (role) => {
          const client = clients.get(role)!;
          const response = await client.request(route.method, path, route.method === 'GET' ? undefined : {});
          const expectAllowed = admits(route.access, role);
          const refused = response.status === 401 || response.status === 403;
          if (expectAllowed) allowed++;
          else denied++;
          if (expectAllowed === refused || (!expectAllowed && response.status !== 403)) {
            unexpected.push(
              `${role} ${route.method} ${path} → ${response.status} (expected ${expectAllowed ? 'allowed' : '403'})`,
            );
          }
          if (route.url === '/api/auth/sign-out') await client.signIn(userForRole[role], 'Demo2026');
        }),
      );
    }
    expect(unexpected).toEqual([]);
    expect(allowed).toBeGreaterThan(0);
    expect(denied).toBeGreaterThan(0);
  }, 180_000);

  it('refuses anonymous callers on every non-public route with 401', async () => {
    const anonymous = await t.client();
    const unexpected: string[] = [];
    for (const route of t.app.routeAccess) {
      if (route.access === 'public') continue;
      const response = await anonymous.request(
        route.method,
        concretePath(route.url),
        route.method === 'GET' ? undefined : {},
      );
      if (response.status !== 401) unexpected.push(`${route.method} ${route.url} → ${response.status}`);
    }
    expect(unexpected).toEqual([]);
  });
});
