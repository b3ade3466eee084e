import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/** A fixed "now": 2026-06-15 noon in Asia/Shanghai, so warranty statuses do not depend on the day the tests run. */
const TODAY = '2026-06-15';
const clock = { now: () => new Date('2026-06-15T04:00:00Z') };

let t: TestApp;
let agent: ApiClient; // agent.bj: writes customers, equipment and contracts
let manager: ApiClient; // manager.bj: writes product models
let BJ: number;
let SH: number;

beforeAll(async () => {
  t = await createTestApp({ clock });
  agent = await t.client('agent.bj');
  manager = await t.client('manager.bj');
  BJ = t.stationId.get('BJ')!;
  SH = t.stationId.get('SH')!;
});
afterAll(() => t.close());

// ---------- helpers ----------

let sequence = 0;
const next = () => ++sequence;

async function createModel(overrides: Record<string, unknown> = {}) {
  const response = await manager.post('/api/product-models', {
    code: `M-${next()}`,
    name: '测试型号',
    category: 'hardware',
    ...overrides,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { id: number; code: string; warrantyMonths: number; version: number };
}

async function createCustomer(client: ApiClient = agent, overrides: Record<string, unknown> = {}) {
  const response = await client.post('/api/customers', {
    kind: 'organisation',
    name: `设备测试客户${next()}`,
    stationId: BJ,
    ...overrides,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { id: number; code: string };
}

const equipmentBody = (modelId: number, customerId: number, overrides: Record<string, unknown> = {}) => ({
  serialNo: `SN-${next()}`,
  modelId,
  customerId,
  ...overrides,
});

async function createEquipment(modelId: number, customerId: number, overrides: Record<string, unknown> = {}) {
  const response = await agent.post('/api/equipment', equipmentBody(modelId, customerId, overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { id: number; serialNo: string; warrantyEnd: string | null; version: number };
}

const contractBody = (customerId: number, equipmentIds: number[], overrides: Record<string, unknown> = {}) => ({
  contractNo: `HT-${next()}`,
  customerId,
  title: '年度维保合同',
  startsOn: '2026-01-01',
  endsOn: '2030-12-31',
  extendsWarranty: true,
  equipmentIds,
  ...overrides,
});

async function tableCounts() {
  const [row] = await t.query<Record<string, number>>(
    `select (select count(*) from product_models)::int as models,
            (select count(*) from equipment)::int as equipment,
            (select count(*) from service_contracts)::int as contracts,
            (select count(*) from contract_equipment)::int as covered,
            (select count(*) from audit_log)::int as audit`,
  );
  return row;
}

async function expectRefused(request: () => Promise<ApiResponse>, status: number, field: string) {
  const before = await tableCounts();
  const response = await request();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  const fields = (response.body.error?.fields ?? []).map((f: { field: string }) => f.field);
  expect(fields, JSON.stringify(response.body)).toContain(field);
  expect(await tableCounts()).toEqual(before);
  return response;
}

const storedWarranty = async (id: number) =>
  (await t.query('select warranty_end, warranty_basis from equipment where id = $1', [id]))[0];

// ---------- product models (ORG-5) ----------

describe('product models', () => {
  it('defaults the warranty to the setting (36 months) and writes an audit entry', async () => {
    const model = await createModel({ code: 'HW-PLC-200', name: 'PLC 控制柜 200 型', productLine: '电气自动化' });
    expect(model).toMatchObject({
      code: 'HW-PLC-200',
      name: 'PLC 控制柜 200 型',
      category: 'hardware',
      productLine: '电气自动化',
      warrantyMonths: 36,
      equipmentCount: 0,
      isActive: true,
      version: 1,
    });
    const audit = await t.query(
      `select action, after from audit_log where entity_type = 'product_model' and entity_id = $1`,
      [String(model.id)],
    );
    expect(audit).toEqual([
      { action: 'create', after: expect.objectContaining({ code: 'HW-PLC-200', warrantyMonths: 36 }) },
    ]);
  });

  it('follows a changed default warranty setting', async () => {
    const admin = await t.client('admin');
    const set = (value: number, version: number) =>
      admin.put('/api/settings/warranty.defaultMonths', { value, version });
    expect((await set(24, 0)).status).toBe(200);
    try {
      const response = await admin.post('/api/product-models', {
        code: 'SW-24',
        name: '软件 24',
        category: 'software',
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.warrantyMonths).toBe(24);
    } finally {
      expect((await set(36, 1)).status).toBe(200);
    }
  });

  it('counts each model’s equipment in its detail and in the list', async () => {
    const model = await createModel({ code: 'COUNT-3' });
    const empty = await createModel({ code: 'COUNT-0' });
    const customer = await createCustomer();
    for (let i = 0; i < 3; i++) await createEquipment(model.id, customer.id);
    expect((await agent.get(`/api/customers/${customer.id}`)).body.equipmentCount).toBe(3);
    expect((await agent.get(`/api/product-models/${model.id}`)).body.equipmentCount).toBe(3);
    expect((await agent.get(`/api/product-models/${empty.id}`)).body.equipmentCount).toBe(0);
    const list = await agent.get('/api/product-models?q=COUNT-');
    expect(list.body.items.map((m: { code: string; equipmentCount: number }) => [m.code, m.equipmentCount])).toEqual([
      ['COUNT-0', 0],
      ['COUNT-3', 3],
    ]);
  });

  it('keeps an explicit warranty, including 0 months', async () => {
    expect((await createModel({ warrantyMonths: 12 })).warrantyMonths).toBe(12);
    expect((await createModel({ warrantyMonths: 0 })).warrantyMonths).toBe(0);
  });

  it('refuses a duplicate model code with 409 naming `code`', async () => {
    await createModel({ code: 'DUP-MODEL' });
    const response = await expectRefused(
      () => manager.post('/api/product-models', { code: 'DUP-MODEL', name: '重复', category: 'data' }),
      409,
      'code',
    );
    expect(response.body.error.message).toBe('型号编码已存在');
  });

  it.each([
    ['code', { code: 'has space', name: 'x', category: 'hardware' }],
    ['name', { code: 'OK-1', category: 'hardware' }],
    ['category', { code: 'OK-2', name: 'x', category: 'furniture' }],
    ['warrantyMonths', { code: 'OK-3', name: 'x', category: 'hardware', warrantyMonths: -1 }],
    ['warrantyMonths', { code: 'OK-4', name: 'x', category: 'hardware', warrantyMonths: 601 }],
  ])('refuses a bad %s', async (field, body) => {
    await expectRefused(() => manager.post('/api/product-models', body), 400, field);
  });

  it('refuses model writes by an agent', async () => {
    const before = await tableCounts();
    const response = await agent.post('/api/product-models', { code: 'AGENT-1', name: 'x', category: 'hardware' });
    expect(response.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });
});

// ---------- equipment (ORG-6) ----------

describe('registering equipment', () => {
  let model: { id: number; code: string };
  let customer: { id: number; code: string };

  beforeAll(async () => {
    model = await createModel({ code: 'EQ-36', name: '数控机床', warrantyMonths: 36 });
    customer = await createCustomer(agent, { name: '北京精工机械厂' });
  });

  it('computes the warranty end from the acceptance date + model months − 1 day, with its status', async () => {
    const response = await agent.post(
      '/api/equipment',
      equipmentBody(model.id, customer.id, {
        serialNo: 'SN2025000001',
        projectNo: 'AB2025001',
        purchaseDate: '2025-01-10',
        deliveryDate: '2025-01-15',
        acceptanceDate: '2025-02-01',
        commissioningDate: '2025-02-10',
        location: '一号车间',
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      serialNo: 'SN2025000001',
      modelId: model.id,
      modelCode: 'EQ-36',
      modelName: '数控机床',
      category: 'hardware',
      customerId: customer.id,
      customerName: '北京精工机械厂',
      stationId: BJ,
      projectNo: 'AB2025001',
      acceptanceDate: '2025-02-01',
      warrantyEnd: '2028-01-31',
      warrantyBasis: 'acceptance',
      warrantyStatus: 'in_warranty',
      contracts: [],
      version: 1,
    });
    expect(await storedWarranty(response.body.id)).toEqual({
      warranty_end: '2028-01-31',
      warranty_basis: 'acceptance',
    });
    const [{ n }] = await t.query(
      `select count(*)::int as n from audit_log where entity_type = 'equipment' and entity_id = $1 and action = 'create'`,
      [String(response.body.id)],
    );
    expect(n).toBe(1);
  });

  it('falls back to the delivery date, then the purchase date, and honours a per-unit override', async () => {
    const delivered = await createEquipment(model.id, customer.id, { deliveryDate: '2024-03-01' });
    expect(delivered).toMatchObject({ warrantyEnd: '2027-02-28', warrantyBasis: 'delivery' });
    const bought = await createEquipment(model.id, customer.id, { purchaseDate: '2024-01-31' });
    expect(bought).toMatchObject({ warrantyEnd: '2027-01-30', warrantyBasis: 'purchase' });
    const override = await createEquipment(model.id, customer.id, {
      acceptanceDate: '2024-01-31',
      warrantyMonthsOverride: 1,
    });
    expect(override).toMatchObject({
      warrantyEnd: '2024-02-28',
      warrantyBasis: 'acceptance',
      warrantyStatus: 'expired',
    });
    const unknown = await createEquipment(model.id, customer.id);
    expect(unknown).toMatchObject({ warrantyEnd: null, warrantyBasis: 'none', warrantyStatus: 'unknown' });
  });

  it('recomputes the warranty when the acceptance date is edited', async () => {
    const unit = await createEquipment(model.id, customer.id, { deliveryDate: '2024-03-01' });
    const response = await agent.put(`/api/equipment/${unit.id}`, {
      ...equipmentBody(model.id, customer.id, { serialNo: unit.serialNo }),
      deliveryDate: '2024-03-01',
      acceptanceDate: '2024-05-20',
      version: unit.version,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ warrantyEnd: '2027-05-19', warrantyBasis: 'acceptance', version: 2 });
  });

  it('refuses a duplicate serial number with 409 naming `serialNo`, writing nothing', async () => {
    await createEquipment(model.id, customer.id, { serialNo: 'DUP-SN-1' });
    const response = await expectRefused(
      () => agent.post('/api/equipment', equipmentBody(model.id, customer.id, { serialNo: 'DUP-SN-1' })),
      409,
      'serialNo',
    );
    expect(response.body.error.message).toBe('机号已存在，不能重复登记');
  });

  it('refuses an unknown model naming `modelId`', async () => {
    await expectRefused(() => agent.post('/api/equipment', equipmentBody(999_999, customer.id)), 400, 'modelId');
  });

  it('refuses an unknown customer naming `customerId`', async () => {
    await expectRefused(() => agent.post('/api/equipment', equipmentBody(model.id, 999_999)), 400, 'customerId');
  });

  it('refuses a customer of another station naming `customerId`', async () => {
    const shCustomer = await createCustomer(await t.client('agent.sh'), { stationId: SH });
    await expectRefused(() => agent.post('/api/equipment', equipmentBody(model.id, shCustomer.id)), 400, 'customerId');
  });

  it('refuses an inactive model naming `modelId`', async () => {
    const retired = await createModel();
    expect((await manager.post(`/api/product-models/${retired.id}/active`, { active: false })).status).toBe(200);
    await expectRefused(() => agent.post('/api/equipment', equipmentBody(retired.id, customer.id)), 400, 'modelId');
  });

  it.each([
    ['acceptanceDate', { acceptanceDate: '2025-02-30' }],
    ['acceptanceDate', { acceptanceDate: '01/02/2025' }],
    ['serialNo', { serialNo: '机号 1' }],
    ['warrantyMonthsOverride', { warrantyMonthsOverride: 700 }],
  ])('refuses a bad %s', async (field, overrides) => {
    await expectRefused(
      () => agent.post('/api/equipment', equipmentBody(model.id, customer.id, overrides)),
      400,
      field,
    );
  });

  it('finds a unit by its exact serial number', async () => {
    const unit = await createEquipment(model.id, customer.id, { serialNo: 'FIND-ME-42', acceptanceDate: '2026-01-01' });
    const response = await agent.get('/api/equipment/by-serial/FIND-ME-42');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: unit.id, serialNo: 'FIND-ME-42', warrantyEnd: '2028-12-31' });
    expect((await agent.get('/api/equipment/by-serial/FIND-ME-4')).status).toBe(404);
  });
});

describe('the warranty filter', () => {
  let customer: { id: number };
  const serials: Record<string, string> = {};

  beforeAll(async () => {
    const model = await createModel({ warrantyMonths: 12 });
    customer = await createCustomer();
    const units: [string, Record<string, unknown>][] = [
      ['expired-long-ago', { acceptanceDate: '2020-01-01' }], // ends 2020-12-31
      ['expired-yesterday', { acceptanceDate: '2025-06-15' }], // ends 2026-06-14
      ['ends-today', { acceptanceDate: '2025-06-16' }], // ends 2026-06-15
      ['ends-in-30-days', { acceptanceDate: '2025-07-16' }], // ends 2026-07-15 = today + 30
      ['ends-in-31-days', { acceptanceDate: '2025-07-17' }], // ends 2026-07-16
      ['ends-in-2028', { acceptanceDate: '2026-01-01', warrantyMonthsOverride: 36 }],
      ['no-dates', {}],
    ];
    for (const [label, dates] of units) {
      serials[label] = (await createEquipment(model.id, customer.id, { serialNo: `WF-${label}`, ...dates })).serialNo;
    }
  });

  const listed = async (warranty?: string) => {
    const query = new URLSearchParams({ customerId: String(customer.id), sort: 'serialNo', pageSize: '50' });
    if (warranty) query.set('warranty', warranty);
    const response = await agent.get(`/api/equipment?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items as { serialNo: string; warrantyEnd: string | null; warrantyStatus: string }[];
  };

  it.each([
    ['expired', ['expired-long-ago', 'expired-yesterday']],
    ['expiring', ['ends-in-30-days', 'ends-today']],
    ['in_warranty', ['ends-in-2028', 'ends-in-31-days']],
    ['unknown', ['no-dates']],
  ])('warranty=%s returns exactly those units, each with that status', async (warranty, labels) => {
    const items = await listed(warranty);
    expect(items.map((item) => item.serialNo)).toEqual(labels.map((label) => serials[label]).sort());
    for (const item of items) expect(item.warrantyStatus).toBe(warranty);
  });

  it('the filters partition all units and agree with each unit’s status', async () => {
    const all = await listed();
    expect(all).toHaveLength(7);
    const byStatus = Object.fromEntries(all.map((item) => [item.serialNo, item.warrantyStatus]));
    expect(byStatus[serials['ends-today']]).toBe('expiring');
    expect(all.find((item) => item.serialNo === serials['ends-today'])?.warrantyEnd).toBe(TODAY);
    expect(byStatus[serials['expired-yesterday']]).toBe('expired');
  });

  it('refuses an unknown warranty filter', async () => {
    const response = await agent.get('/api/equipment?warranty=soon');
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain('warranty');
  });
});

describe('warranty follows the model and contracts', () => {
  it('recomputes every unit of a model when its warranty months change', async () => {
    const model = await createModel({ warrantyMonths: 36 });
    const customer = await createCustomer();
    const a = await createEquipment(model.id, customer.id, { acceptanceDate: '2025-02-01' });
    const b = await createEquipment(model.id, customer.id, { deliveryDate: '2024-06-30' });
    const overridden = await createEquipment(model.id, customer.id, {
      acceptanceDate: '2025-02-01',
      warrantyMonthsOverride: 6,
    });
    expect(a.warrantyEnd).toBe('2028-01-31');

    const response = await manager.put(`/api/product-models/${model.id}`, {
      code: model.code,
      name: '测试型号',
      category: 'hardware',
      warrantyMonths: 12,
      version: model.version,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ warrantyMonths: 12, version: 2 });

    expect(await storedWarranty(a.id)).toEqual({ warranty_end: '2026-01-31', warranty_basis: 'acceptance' });
    expect(await storedWarranty(b.id)).toEqual({ warranty_end: '2025-06-29', warranty_basis: 'delivery' });
    expect(await storedWarranty(overridden.id)).toEqual({ warranty_end: '2025-07-31', warranty_basis: 'acceptance' });
    const detail = await agent.get(`/api/equipment/${a.id}`);
    expect(detail.body).toMatchObject({ warrantyEnd: '2026-01-31', warrantyStatus: 'expired' });
  });

  it('an extending contract moves the warranty end to the contract end; terminating it moves it back', async () => {
    const model = await createModel({ warrantyMonths: 12 });
    const customer = await createCustomer();
    const unit = await createEquipment(model.id, customer.id, { acceptanceDate: '2025-03-01' });
    const other = await createEquipment(model.id, customer.id, { acceptanceDate: '2025-03-01' });
    expect(unit).toMatchObject({ warrantyEnd: '2026-02-28', warrantyStatus: 'expired' });

    const created = await agent.post('/api/contracts', contractBody(customer.id, [unit.id], { endsOn: '2029-12-31' }));
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ state: 'active', status: 'active', equipmentIds: [unit.id], stationId: BJ });

    const covered = await agent.get(`/api/equipment/${unit.id}`);
    expect(covered.body).toMatchObject({
      warrantyEnd: '2029-12-31',
      warrantyBasis: 'contract',
      warrantyStatus: 'in_warranty',
    });
    expect(covered.body.contracts).toEqual([
      expect.objectContaining({ id: created.body.id, endsOn: '2029-12-31', state: 'active' }),
    ]);
    expect(await storedWarranty(other.id)).toEqual({ warranty_end: '2026-02-28', warranty_basis: 'acceptance' });

    const terminated = await agent.post(`/api/contracts/${created.body.id}/terminate`, {
      version: created.body.version,
      reason: '客户提前解约',
    });
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    expect(terminated.body).toMatchObject({ status: 'terminated', state: 'terminated' });
    const uncovered = await agent.get(`/api/equipment/${unit.id}`);
    expect(uncovered.body).toMatchObject({
      warrantyEnd: '2026-02-28',
      warrantyBasis: 'acceptance',
      warrantyStatus: 'expired',
    });

    const again = await agent.post(`/api/contracts/${created.body.id}/terminate`, {
      version: terminated.body.version,
      reason: '再次终止',
    });
    expect(again.status).toBe(409);
  });

  it('a contract that does not extend warranty, or a draft, leaves the warranty alone', async () => {
    const model = await createModel({ warrantyMonths: 12 });
    const customer = await createCustomer();
    const unit = await createEquipment(model.id, customer.id, { acceptanceDate: '2025-03-01' });
    const plain = await agent.post('/api/contracts', contractBody(customer.id, [unit.id], { extendsWarranty: false }));
    expect(plain.status).toBe(200);
    const draft = await agent.post('/api/contracts', contractBody(customer.id, [unit.id], { status: 'draft' }));
    expect(draft.status).toBe(200);
    expect(await storedWarranty(unit.id)).toEqual({ warranty_end: '2026-02-28', warranty_basis: 'acceptance' });
  });

  it('removing a unit from a contract moves its warranty back', async () => {
    const model = await createModel({ warrantyMonths: 12 });
    const customer = await createCustomer();
    const unit = await createEquipment(model.id, customer.id, { acceptanceDate: '2025-03-01' });
    const created = await agent.post('/api/contracts', contractBody(customer.id, [unit.id]));
    expect(await storedWarranty(unit.id)).toEqual({ warranty_end: '2030-12-31', warranty_basis: 'contract' });
    const { id, state: _state, status: _status, ...rest } = created.body;
    const updated = await agent.put(`/api/contracts/${id}`, {
      ...contractBody(customer.id, [], { contractNo: rest.contractNo }),
      version: rest.version,
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.equipmentIds).toEqual([]);
    expect(await storedWarranty(unit.id)).toEqual({ warranty_end: '2026-02-28', warranty_basis: 'acceptance' });
  });

  it('refuses a contract listing equipment of another customer, naming `equipmentIds`, writing nothing', async () => {
    const model = await createModel();
    const owner = await createCustomer();
    const stranger = await createCustomer();
    const foreign = await createEquipment(model.id, stranger.id, { acceptanceDate: '2025-01-01' });
    const own = await createEquipment(model.id, owner.id);
    const response = await expectRefused(
      () => agent.post('/api/contracts', contractBody(owner.id, [own.id, foreign.id])),
      400,
      'equipmentIds',
    );
    expect(response.body.error.message).toContain(String(foreign.id));
    expect(await storedWarranty(foreign.id)).toEqual({ warranty_end: '2027-12-31', warranty_basis: 'acceptance' });
  });

  it('refuses a contract that ends before it starts, naming `endsOn`', async () => {
    const customer = await createCustomer();
    await expectRefused(
      () =>
        agent.post('/api/contracts', contractBody(customer.id, [], { startsOn: '2026-06-01', endsOn: '2026-05-31' })),
      400,
      'endsOn',
    );
  });

  it('accepts a one-day contract (endsOn = startsOn)', async () => {
    const customer = await createCustomer();
    const response = await agent.post(
      '/api/contracts',
      contractBody(customer.id, [], { startsOn: '2026-06-01', endsOn: '2026-06-01' }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  });

  it('refuses a duplicate contract number naming `contractNo`', async () => {
    const customer = await createCustomer();
    await agent.post('/api/contracts', contractBody(customer.id, [], { contractNo: 'HT-DUP' }));
    await expectRefused(
      () => agent.post('/api/contracts', contractBody(customer.id, [], { contractNo: 'HT-DUP' })),
      409,
      'contractNo',
    );
  });
});

// ---------- station scoping (§0) ----------

describe('station scoping', () => {
  let unit: { id: number; serialNo: string };

  beforeAll(async () => {
    const model = await createModel();
    const customer = await createCustomer(agent, { name: '北京专属客户' });
    unit = await createEquipment(model.id, customer.id, { serialNo: 'BJ-ONLY-1', acceptanceDate: '2026-01-01' });
  });

  it('hides a BJ unit from a Shanghai agent by id, by serial and in the list', async () => {
    const agentSh = await t.client('agent.sh');
    const byId = await agentSh.get(`/api/equipment/${unit.id}`);
    expect(byId.status).toBe(404);
    expect(byId.body.error.code).toBe('NOT_FOUND');
    expect((await agentSh.get('/api/equipment/by-serial/BJ-ONLY-1')).status).toBe(404);
    expect((await agentSh.get(`/api/equipment/${unit.id}/history`)).status).toBe(404);
    const list = await agentSh.get('/api/equipment?pageSize=200&active=all');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: number }) => item.id)).not.toContain(unit.id);
    expect(list.body.items.every((item: { stationId: number }) => item.stationId === SH)).toBe(true);
    const searched = await agentSh.get('/api/equipment?q=BJ-ONLY');
    expect(searched.body.total).toBe(0);
  });

  it('refuses a Shanghai agent’s edit of a BJ unit with 404', async () => {
    const agentSh = await t.client('agent.sh');
    const before = await tableCounts();
    const response = await agentSh.put(`/api/equipment/${unit.id}`, {
      serialNo: 'HIJACK',
      modelId: 1,
      customerId: 1,
      version: 1,
    });
    expect(response.status).toBe(404);
    expect(await tableCounts()).toEqual(before);
  });

  it('moves a customer’s equipment and contracts to the new station when the customer moves', async () => {
    const admin = await t.client('admin');
    const agentSh = await t.client('agent.sh');
    const model = await createModel();
    const customer = await createCustomer(agent, { name: '迁站客户' });
    const moving = await createEquipment(model.id, customer.id, { serialNo: 'MOVE-1' });
    const contract = await agent.post('/api/contracts', contractBody(customer.id, [moving.id]));
    expect(contract.status).toBe(200);

    const moved = await admin.put(`/api/customers/${customer.id}`, {
      kind: 'organisation',
      name: '迁站客户',
      stationId: SH,
      version: 1,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await t.query('select station_id from equipment where id = $1', [moving.id])).toEqual([{ station_id: SH }]);
    expect((await agentSh.get('/api/equipment/by-serial/MOVE-1')).status).toBe(200);
    expect((await agentSh.get(`/api/contracts/${contract.body.id}`)).status).toBe(200);
    expect((await agent.get('/api/equipment/by-serial/MOVE-1')).status).toBe(404);
    expect((await agent.get(`/api/contracts/${contract.body.id}`)).status).toBe(404);
  });

  it('finds equipment by its customer’s new name after a rename', async () => {
    const model = await createModel();
    const customer = await createCustomer(agent, { name: '改名前机械厂' });
    const unit = await createEquipment(model.id, customer.id);
    const renamed = await agent.put(`/api/customers/${customer.id}`, {
      kind: 'organisation',
      name: '改名后重工集团',
      stationId: BJ,
      version: 1,
    });
    expect(renamed.status).toBe(200);
    const found = await agent.get(`/api/equipment?q=${encodeURIComponent('重工集团')}`);
    expect(found.body.items.map((item: { id: number; customerName: string }) => [item.id, item.customerName])).toEqual([
      [unit.id, '改名后重工集团'],
    ]);
    expect((await agent.get(`/api/equipment?q=${encodeURIComponent('改名前')}`)).body.total).toBe(0);
  });

  it('shows the BJ unit to the BJ agent and to an executive', async () => {
    const exec = await t.client('exec');
    expect((await exec.get(`/api/equipment/${unit.id}`)).status).toBe(200);
    expect((await exec.get('/api/equipment/by-serial/BJ-ONLY-1')).body.id).toBe(unit.id);
    const list = await exec.get('/api/equipment?q=BJ-ONLY');
    expect(list.body.items.map((item: { id: number }) => item.id)).toEqual([unit.id]);
    expect((await agent.get('/api/equipment?q=BJ-ONLY')).body.total).toBe(1);
  });
});
