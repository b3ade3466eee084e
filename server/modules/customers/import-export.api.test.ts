import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let agent: ApiClient; // agent.bj: imports customers and equipment, exports
let manager: ApiClient; // manager.bj: imports product models
let BJ: number;

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.client('agent.bj');
  manager = await t.client('manager.bj');
  BJ = t.stationId.get('BJ')!;
});
afterAll(() => t.close());

// ---------- helpers ----------

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CUSTOMER_HEADERS = [
  '客户编号',
  '客户名称',
  '类型',
  '电话',
  '邮箱',
  '省',
  '市',
  '区县',
  '详细地址',
  '区域',
  '客户级别',
  '服务站编码',
  '联系人',
  '联系人职务',
  '联系人手机',
  '备注',
];

/** A UTF-8 CSV with a BOM, as Excel writes it. Cells are quoted when needed. */
const csv = (rows: string[][]) =>
  `\uFEFF${rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n')}\r\n`;

async function xlsx(rows: (string | number | null)[][], sheetName = 'Sheet1') {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((row, index) => {
    sheet.getRow(index + 1).values = row as ExcelJS.CellValue[];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readXlsx(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((value) => (value == null ? '' : String(value))));
  });
  return { name: sheet.name, rows };
}

/** A customer row keyed by header, turned into cells in CUSTOMER_HEADERS order. */
const customerRow = (values: Record<string, string>) => CUSTOMER_HEADERS.map((header) => values[header] ?? '');

const importFile = (
  client: ApiClient,
  kind: string,
  filename: string,
  content: string | Buffer,
  dryRun?: boolean,
): Promise<ApiResponse> =>
  client.upload(
    `/api/import/${kind}${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`,
    filename,
    content,
    filename.endsWith('.xlsx') ? XLSX_TYPE : 'text/csv',
  );

async function tableCounts() {
  const [row] = await t.query<Record<string, number>>(
    `select (select count(*) from customers)::int as customers,
            (select count(*) from customer_contacts)::int as contacts,
            (select count(*) from equipment)::int as equipment,
            (select count(*) from product_models)::int as models,
            (select count(*) from audit_log)::int as audit`,
  );
  return row;
}

async function createCustomer(overrides: Record<string, unknown> = {}) {
  const response = await agent.post('/api/customers', {
    kind: 'organisation',
    name: '导入测试',
    stationId: BJ,
    ...overrides,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { id: number; code: string };
}

type ReportRow = { row: number; errors: { field: string; message: string }[] };
const errorsByRow = (rows: ReportRow[]) =>
  Object.fromEntries(rows.filter((r) => r.errors.length).map((r) => [r.row, r.errors.map((e) => e.field)]));

const accessLogCount = async () => (await t.query('select count(*)::int as n from access_log'))[0].n as number;

// ---------- templates ----------

describe('import templates', () => {
  it('serves the customers template as CSV with a BOM and Chinese headers', async () => {
    const response = await agent.get('/api/import/customers/template?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="customers-template.csv"');
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, example] = text.slice(1).split(/\r?\n/);
    expect(header.split(',')).toEqual(CUSTOMER_HEADERS);
    expect(example).toContain('杭州示例机械有限公司');
  });

  it('serves the customers template as xlsx with a Chinese sheet name and headers', async () => {
    const response = await agent.get('/api/import/customers/template?format=xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
    const { name, rows } = await readXlsx(response.body);
    expect(name).toBe('客户');
    expect(rows[0]).toEqual(CUSTOMER_HEADERS);
    expect(rows[1][1]).toBe('杭州示例机械有限公司');
  });

  it.each([
    ['equipment', '设备', ['机号', '型号编码', '客户编号', '项目号(AB号)']],
    ['product-models', '产品型号', ['型号编码', '型号名称', '类别', '产品线', '保修月数']],
  ])('serves the %s template as xlsx', async (kind, sheet, headers) => {
    const response = await manager.get(`/api/import/${kind}/template?format=xlsx`);
    expect(response.status).toBe(200);
    const { name, rows } = await readXlsx(response.body);
    expect(name).toBe(sheet);
    expect(rows[0].slice(0, headers.length)).toEqual(headers);
  });

  it('refuses an unknown format and a role that may not import', async () => {
    const bad = await agent.get('/api/import/customers/template?format=pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toContain('format');
    expect((await (await t.client('engineer.bj')).get('/api/import/customers/template')).status).toBe(403);
    expect((await agent.get('/api/import/product-models/template')).status).toBe(403);
  });
});

// ---------- customers import ----------

describe('importing customers', () => {
  const withErrors = () =>
    csv([
      CUSTOMER_HEADERS,
      customerRow({ 客户名称: '北京正常客户', 类型: '单位', 服务站编码: 'BJ', 电话: '010-88886666' }),
      customerRow({ 客户名称: '电话错误客户', 类型: '单位', 服务站编码: 'BJ', 电话: '12345' }),
      customerRow({ 客户名称: '站点错误客户', 类型: '个人', 服务站编码: 'XX' }),
    ]);

  it('previews a file with errors: every row validated, errors by row (header is row 1) and field, nothing written', async () => {
    const before = await tableCounts();
    const response = await importFile(agent, 'customers', 'customers.csv', withErrors(), true);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      kind: 'customers',
      total: 3,
      valid: 1,
      invalid: 2,
      committed: false,
      created: 0,
    });
    expect(response.body.rows.map((r: ReportRow) => r.row)).toEqual([2, 3, 4]);
    expect(errorsByRow(response.body.rows)).toEqual({ 3: ['phone'], 4: ['stationCode'] });
    expect(response.body.rows[2].errors[0].message).toBe('服务站编码 XX 不存在');
    expect(response.body.rows[1].values).toMatchObject({ name: '电话错误客户', phone: '12345' });
    expect(await tableCounts()).toEqual(before);
  });

  it('previews by default when dryRun is not given', async () => {
    const before = await tableCounts();
    const valid = csv([CUSTOMER_HEADERS, customerRow({ 客户名称: '默认预览', 类型: '单位', 服务站编码: 'BJ' })]);
    const response = await importFile(agent, 'customers', 'preview.csv', valid);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ committed: false, created: 0, valid: 1 });
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses to commit a file with errors: 400 with the report, nothing imported', async () => {
    const before = await tableCounts();
    const response = await importFile(agent, 'customers', 'customers.csv', withErrors(), false);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION');
    expect(response.body.error.message).toBe('有 2 行数据有误，未导入任何数据');
    const report = response.body.error.details.report;
    expect(report).toMatchObject({ total: 3, valid: 1, invalid: 2, committed: false, created: 0 });
    expect(errorsByRow(report.rows)).toEqual({ 3: ['phone'], 4: ['stationCode'] });
    expect(await tableCounts()).toEqual(before);
    const [{ n }] = await t.query(`select count(*)::int as n from customers where name = '北京正常客户'`);
    expect(n).toBe(0);
  });

  it('reports in English when asked', async () => {
    const english = await t.client('agent.bj');
    english.language = 'en-US';
    const response = await importFile(english, 'customers', 'customers.csv', withErrors(), false);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('2 row(s) have errors; nothing was imported');
    const messages = response.body.error.details.report.rows.flatMap((r: ReportRow) => r.errors.map((e) => e.message));
    expect(messages).toEqual(['Not a valid phone number', 'No station with code XX']);
  });

  it('reports a code repeated inside the file and a code already in the database', async () => {
    await createCustomer({ code: 'IMP-EXISTS' });
    const file = csv([
      CUSTOMER_HEADERS,
      customerRow({ 客户编号: 'IMP-DUP', 客户名称: '重复一', 类型: '单位', 服务站编码: 'BJ' }),
      customerRow({ 客户编号: 'IMP-OK', 客户名称: '不重复', 类型: '单位', 服务站编码: 'BJ' }),
      customerRow({ 客户编号: 'IMP-DUP', 客户名称: '重复二', 类型: '单位', 服务站编码: 'BJ' }),
      customerRow({ 客户编号: 'IMP-EXISTS', 客户名称: '已存在', 类型: '单位', 服务站编码: 'BJ' }),
    ]);
    const before = await tableCounts();
    const response = await importFile(agent, 'customers', 'dups.csv', file, false);
    expect(response.status).toBe(400);
    const report = response.body.error.details.report;
    expect(errorsByRow(report.rows)).toEqual({ 4: ['code'], 5: ['code'] });
    const messages = report.rows.map((r: ReportRow) => r.errors[0].message);
    expect(messages).toEqual(['编码 IMP-DUP 与第 2 行重复', '编码 IMP-EXISTS 已存在']);
    expect(await tableCounts()).toEqual(before);
  });

  it('reports a station of another station’s agent, a missing name and an unknown kind', async () => {
    const file = csv([
      CUSTOMER_HEADERS,
      customerRow({ 客户名称: '上海客户', 类型: '单位', 服务站编码: 'SH' }),
      customerRow({ 客户名称: '', 类型: '单位', 服务站编码: 'BJ' }),
      customerRow({ 客户名称: '未知类型', 类型: '机器人', 服务站编码: 'BJ' }),
      customerRow({ 客户名称: '缺站点', 类型: '单位' }),
      customerRow({ 客户名称: '联系人手机错', 类型: '单位', 服务站编码: 'BJ', 联系人: '王伟', 联系人手机: '12' }),
    ]);
    const response = await importFile(agent, 'customers', 'mixed.csv', file, true);
    expect(response.status).toBe(200);
    expect(errorsByRow(response.body.rows)).toEqual({
      2: ['stationCode'],
      3: ['name'],
      4: ['kind'],
      5: ['stationId'],
      6: ['contactMobile'],
    });
  });

  it('imports a valid UTF-8 CSV with a BOM and Chinese labels: every row, with contacts and audit entries', async () => {
    const file = csv([
      CUSTOMER_HEADERS,
      customerRow({
        客户名称: '杭州示例机械有限公司',
        类型: '单位',
        电话: '0571-88886666',
        省: '浙江省',
        市: '杭州市',
        区县: '西湖区',
        详细地址: '文三路 100 号',
        区域: '华东',
        客户级别: '重点',
        服务站编码: 'BJ',
        联系人: '王伟',
        联系人职务: '设备科长',
        联系人手机: '13912345678',
        备注: '含逗号, 和"引号"的备注',
      }),
      customerRow({ 客户编号: 'IMP-OWN-1', 客户名称: '李明', 类型: '个人', 客户级别: '一般', 服务站编码: 'BJ' }),
      customerRow({ 客户名称: '天津滨海设备有限公司', 类型: '企业', 服务站编码: 'BJ', 联系人: '赵丽' }),
    ]);
    const before = await tableCounts();
    const response = await importFile(agent, 'customers', '客户导入.csv', file, false);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ total: 3, valid: 3, invalid: 0, committed: true, created: 3 });
    const after = await tableCounts();
    expect(after.customers).toBe(before.customers + 3);
    expect(after.contacts).toBe(before.contacts + 2);

    const [hz] = await t.query(
      `select c.id, c.code, c.kind, c.level, c.phone, c.address_detail, c.station_id, c.notes,
              k.name as contact, k.title, k.mobile, k.is_primary
         from customers c join customer_contacts k on k.customer_id = c.id where c.name = '杭州示例机械有限公司'`,
    );
    expect(hz).toMatchObject({
      kind: 'organisation',
      level: 'key',
      phone: '0571-88886666',
      address_detail: '文三路 100 号',
      station_id: BJ,
      notes: '含逗号, 和"引号"的备注',
      contact: '王伟',
      title: '设备科长',
      mobile: '13912345678',
      is_primary: true,
    });
    expect(hz.code).toMatch(/^KH\d{6}$/);
    const [person] = await t.query(`select code, kind, level from customers where name = '李明'`);
    expect(person).toEqual({ code: 'IMP-OWN-1', kind: 'person', level: 'regular' });

    const audits = await t.query(
      `select a.action, u.username from audit_log a join customers c on a.entity_type = 'customer' and a.entity_id = c.id::text
         join users u on u.id = a.actor_id
        where c.name in ('杭州示例机械有限公司', '李明', '天津滨海设备有限公司')`,
    );
    expect(audits).toHaveLength(3);
    expect(audits.every((a) => a.action === 'create' && a.username === 'agent.bj')).toBe(true);

    // Imported customers are searchable like any other.
    const found = await agent.get(`/api/customers?q=${encodeURIComponent('滨海')}`);
    expect(found.body.items.map((c: { name: string }) => c.name)).toEqual(['天津滨海设备有限公司']);
  });

  it('imports an xlsx file with English headers', async () => {
    const file = await xlsx([
      ['Name', 'Kind', 'Station code', 'Phone'],
      ['Excel 导入客户', 'organisation', 'BJ', '13700007777'],
    ]);
    const response = await importFile(agent, 'customers', 'customers.xlsx', file, false);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ committed: true, created: 1 });
    const [row] = await t.query(`select phone from customers where name = 'Excel 导入客户'`);
    expect(row.phone).toBe('13700007777');
  });

  it.each([
    [
      'xlsx',
      () =>
        xlsx([
          ['客户名称', '类型', '服务站编码', '电话'],
          ['空行前', '单位', 'BJ', ''],
          [null, null, null, null],
          ['空行后电话错', '单位', 'BJ', '999'],
        ]),
    ],
    ['csv', async () => '客户名称,类型,服务站编码,电话\r\n空行前,单位,BJ,\r\n\r\n空行后电话错,单位,BJ,999\r\n'],
  ])('numbers %s rows as the spreadsheet does, even after a blank row', async (format, file) => {
    const response = await importFile(agent, 'customers', `gaps.${format}`, await file(), true);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(2);
    expect(errorsByRow(response.body.rows)).toEqual({ 4: ['phone'] });
  });

  it('refuses a file that lacks a required column, naming the column', async () => {
    const before = await tableCounts();
    const file = csv([
      ['客户编号', '类型', '服务站编码'],
      ['NO-NAME', '单位', 'BJ'],
    ]);
    const response = await importFile(agent, 'customers', 'no-name.csv', file, true);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('文件缺少必填列：客户名称');
    expect(response.body.error.fields).toEqual([{ field: 'file', message: '文件缺少必填列：客户名称' }]);
    expect(await tableCounts()).toEqual(before);

    const english = await t.client('agent.bj');
    english.language = 'en';
    const inEnglish = await importFile(english, 'customers', 'no-name.csv', file, true);
    expect(inEnglish.body.error.message).toBe('The file lacks required columns: Name');
  });

  it.each([
    ['a .txt file', 'customers.txt', '客户名称,类型,服务站编码\n文本客户,单位,BJ\n'],
    ['an .xlsx that is not a spreadsheet', 'fake.xlsx', 'this is plain text, not a zip archive'],
    ['a CSV with only a header', 'empty.csv', csv([CUSTOMER_HEADERS])],
  ])('refuses %s with 400 naming `file`, writing nothing', async (_label, filename, content) => {
    const before = await tableCounts();
    const response = await importFile(agent, 'customers', filename, content, false);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['file']);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a request without a file', async () => {
    const response = await agent.post('/api/import/customers?dryRun=false', {});
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ field: 'file', message: '请选择要导入的文件' }]);
  });

  it('refuses imports by an engineer', async () => {
    const before = await tableCounts();
    const engineer = await t.client('engineer.bj');
    const file = csv([CUSTOMER_HEADERS, customerRow({ 客户名称: '工程师导入', 类型: '单位', 服务站编码: 'BJ' })]);
    expect((await importFile(engineer, 'customers', 'c.csv', file, false)).status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });
});

// ---------- equipment and product-model import ----------

describe('importing product models and equipment', () => {
  it('imports product models with Chinese category names from xlsx, defaulting the warranty', async () => {
    const file = await xlsx([
      ['型号编码', '型号名称', '类别', '产品线', '保修月数', '说明'],
      ['IMP-HW', 'PLC 控制柜 200 型', '硬件', '电气自动化', 24, ''],
      ['IMP-SW', '组态软件 V3', '软件', '', '', ''],
      ['IMP-DATA', '数据治理项目', '数据', '', '12', ''],
      ['IMP-INT', '产线系统集成', '系统集成', '', '0', ''],
    ]);
    const before = await tableCounts();
    const response = await importFile(manager, 'product-models', 'models.xlsx', file, false);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ committed: true, created: 4 });
    expect((await tableCounts()).models).toBe(before.models + 4);
    const rows = await t.query(
      `select code, category, warranty_months from product_models where code like 'IMP-%' order by code`,
    );
    expect(rows).toEqual([
      { code: 'IMP-DATA', category: 'data', warranty_months: 12 },
      { code: 'IMP-HW', category: 'hardware', warranty_months: 24 },
      { code: 'IMP-INT', category: 'integration', warranty_months: 0 },
      { code: 'IMP-SW', category: 'software', warranty_months: 36 },
    ]);
  });

  it('reports an unknown category, a bad warranty and a duplicate model code', async () => {
    const file = csv([
      ['型号编码', '型号名称', '类别', '保修月数'],
      ['IMP-BAD-1', '家具', '家具', ''],
      ['IMP-BAD-2', '负保修', '硬件', '-3'],
      ['IMP-BAD-3', '文字保修', '硬件', '三年'],
      ['IMP-HW', '重复', '硬件', ''],
    ]);
    const response = await importFile(manager, 'product-models', 'models.csv', file, true);
    expect(response.status).toBe(200);
    expect(errorsByRow(response.body.rows)).toEqual({
      2: ['category'],
      3: ['warrantyMonths'],
      4: ['warrantyMonths'],
      5: ['code'],
    });
  });

  it('imports equipment by model code and customer code, computing the warranty', async () => {
    const customer = await createCustomer({ code: 'IMP-EQ-CUST', name: '设备导入客户' });
    const file = csv([
      ['机号', '型号编码', '客户编号', '项目号(AB号)', '验收日期', '保修月数(特殊约定)'],
      ['IMP-SN-1', 'IMP-HW', 'IMP-EQ-CUST', 'AB2025001', '2025-02-01', ''],
      ['IMP-SN-2', 'IMP-SW', 'IMP-EQ-CUST', '', '2025-02-01', '6'],
    ]);
    const before = await tableCounts();
    const response = await importFile(agent, 'equipment', 'equipment.csv', file, false);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ committed: true, created: 2 });
    expect((await tableCounts()).equipment).toBe(before.equipment + 2);
    const rows = await t.query(
      `select e.serial_no, m.code as model, e.customer_id, e.station_id, e.project_no, e.warranty_end, e.warranty_basis
         from equipment e join product_models m on m.id = e.model_id where e.serial_no like 'IMP-SN-%' order by e.serial_no`,
    );
    expect(rows).toEqual([
      {
        serial_no: 'IMP-SN-1',
        model: 'IMP-HW',
        customer_id: customer.id,
        station_id: BJ,
        project_no: 'AB2025001',
        warranty_end: '2027-01-31',
        warranty_basis: 'acceptance',
      },
      {
        serial_no: 'IMP-SN-2',
        model: 'IMP-SW',
        customer_id: customer.id,
        station_id: BJ,
        project_no: null,
        warranty_end: '2025-07-31',
        warranty_basis: 'acceptance',
      },
    ]);
  });

  it('reads dates typed into Excel as date cells', async () => {
    const file = await xlsx([
      ['机号', '型号编码', '客户编号', '验收日期', '购买日期'],
      [
        'IMP-SN-XL',
        'IMP-HW',
        'IMP-EQ-CUST',
        new Date(Date.UTC(2024, 1, 29)) as never,
        new Date(Date.UTC(2024, 0, 2)) as never,
      ],
    ]);
    const response = await importFile(agent, 'equipment', 'equipment.xlsx', file, false);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [row] = await t.query(
      `select acceptance_date, purchase_date, warranty_end from equipment where serial_no = 'IMP-SN-XL'`,
    );
    expect(row).toEqual({ acceptance_date: '2024-02-29', purchase_date: '2024-01-02', warranty_end: '2026-02-27' });
  });

  it('reports unknown model and customer codes, another station’s customer, a bad date and a known serial', async () => {
    const agentSh = await t.client('agent.sh');
    const shCustomer = await agentSh.post('/api/customers', {
      kind: 'organisation',
      name: '上海设备客户',
      code: 'IMP-SH-CUST',
      stationId: t.stationId.get('SH'),
    });
    expect(shCustomer.status).toBe(200);
    const file = csv([
      ['机号', '型号编码', '客户编号', '验收日期'],
      ['IMP-SN-3', 'NO-SUCH-MODEL', 'IMP-EQ-CUST', ''],
      ['IMP-SN-4', 'IMP-HW', 'NO-SUCH-CUSTOMER', ''],
      ['IMP-SN-5', 'IMP-HW', 'IMP-SH-CUST', ''],
      ['IMP-SN-6', 'IMP-HW', 'IMP-EQ-CUST', '2025/02/01'],
      ['IMP-SN-1', 'IMP-HW', 'IMP-EQ-CUST', ''],
    ]);
    const before = await tableCounts();
    const response = await importFile(agent, 'equipment', 'equipment.csv', file, false);
    expect(response.status).toBe(400);
    expect(errorsByRow(response.body.error.details.report.rows)).toEqual({
      2: ['modelCode'],
      3: ['customerCode'],
      4: ['customerCode'],
      5: ['acceptanceDate'],
      6: ['serialNo'],
    });
    expect(await tableCounts()).toEqual(before);
  });
});

// ---------- export ----------

describe('exporting', () => {
  beforeAll(async () => {
    await createCustomer({ name: '导出筛选甲公司', phone: '13811110000', addressDetail: '长安街 1 号' });
    await createCustomer({ name: '导出筛选乙公司', phone: '13822220000' });
    await createCustomer({ name: '不应导出的公司' });
  });

  it('exports only the filtered customers as xlsx and logs the export', async () => {
    const agentId = (await t.query(`select id from users where username = 'agent.bj'`))[0].id;
    const before = await accessLogCount();
    const response = await agent.get(`/api/export/customers?format=xlsx&sort=name&q=${encodeURIComponent('导出筛选')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const { name, rows } = await readXlsx(response.body);
    expect(name).toBe('客户');
    expect(rows[0]).toEqual([...CUSTOMER_HEADERS, '服务站', '设备数']);
    expect(rows.slice(1).map((row) => row[1])).toEqual(['导出筛选乙公司', '导出筛选甲公司'].sort());
    const jia = rows.find((row) => row[1] === '导出筛选甲公司')!;
    expect(jia[3]).toBe('13811110000');
    expect(jia[8]).toBe('长安街 1 号');
    expect(jia[11]).toBe('BJ');
    expect(jia[16]).toBe('北京售后站');

    expect(await accessLogCount()).toBe(before + 1);
    const [log] = await t.query(`select user_id, action, entity_type, detail from access_log order by id desc limit 1`);
    expect(log).toMatchObject({ user_id: agentId, action: 'export', entity_type: 'customers' });
    expect(log.detail).toMatchObject({ format: 'xlsx', rows: 2, filters: expect.objectContaining({ q: '导出筛选' }) });
  });

  it('exports CSV with a BOM', async () => {
    const response = await agent.get(`/api/export/customers?format=csv&q=${encodeURIComponent('导出筛选甲')}`);
    expect(response.status).toBe(200);
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF客户编号,客户名称')).toBe(true);
    expect(text).toContain('导出筛选甲公司');
    expect(text).not.toContain('导出筛选乙公司');
  });

  it('masks personal data in an export by a role without full access', async () => {
    const exec = await t.client('exec');
    const response = await exec.get(`/api/export/customers?format=xlsx&q=${encodeURIComponent('导出筛选甲')}`);
    expect(response.status).toBe(200);
    const { rows } = await readXlsx(response.body);
    expect(rows).toHaveLength(2);
    expect(rows[1][3]).toBe('138****0000');
    expect(rows[1][8]).toBe('****');
  });

  it('refuses export to an engineer and logs nothing', async () => {
    const engineer = await t.client('engineer.bj');
    const before = await accessLogCount();
    const response = await engineer.get('/api/export/customers?format=xlsx');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    expect(await accessLogCount()).toBe(before);
  });

  it('exports equipment and product models', async () => {
    const models = await manager.get('/api/export/product-models?format=xlsx&q=IMP-');
    expect(models.status).toBe(200);
    const { rows } = await readXlsx(models.body);
    expect(rows[0].slice(0, 3)).toEqual(['型号编码', '型号名称', '类别']);
    expect(rows.slice(1).map((row) => [row[0], row[2]])).toEqual([
      ['IMP-DATA', '数据'],
      ['IMP-HW', '硬件'],
      ['IMP-INT', '系统集成'],
      ['IMP-SW', '软件'],
    ]);
    const equipment = await agent.get('/api/export/equipment?format=xlsx&sort=serialNo&q=IMP-SN');
    expect(equipment.status).toBe(200);
    const exported = await readXlsx(equipment.body);
    expect(exported.rows[0].slice(-3)).toEqual(['客户名称', '保修截止', '保修状态']);
    expect(exported.rows.slice(1).map((row) => [row[0], row[1], row[2]])).toEqual([
      ['IMP-SN-1', 'IMP-HW', 'IMP-EQ-CUST'],
      ['IMP-SN-2', 'IMP-SW', 'IMP-EQ-CUST'],
      ['IMP-SN-XL', 'IMP-HW', 'IMP-EQ-CUST'],
    ]);
  });
});
