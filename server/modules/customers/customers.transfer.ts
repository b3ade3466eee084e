/**
 * ORG-8 import and export of customers, equipment and product models as .xlsx or .csv. Import is a
 * preview (every row validated, every error reported with its row and field) and an all-or-nothing
 * commit: one transaction, refused whole when any row has an error.
 */
import { and, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { type Actor, canSeeStation, scopeToStation } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { fromDatabaseError } from '../../lib/db-errors.js';
import { readTable, type Table, writeTable } from '../../lib/spreadsheet.js';
import { issuesToFields, type Language } from '../../lib/validation.js';
import { stations } from '../org/org.table.js';
import {
  customerInput,
  equipmentInput,
  type ImportReport,
  type importKinds,
  productModelInput,
} from './customers.contract.js';
import type { CustomersService } from './customers.service.js';
import { customers, equipment, productModels } from './customers.table.js';

export type ImportKind = (typeof importKinds)[number];
type Column = { key: string; zh: string; en: string; required?: boolean; example?: string };
type RowError = { field: string; message: string };

export const MAX_IMPORT_ROWS = 5000;
export const MAX_EXPORT_ROWS = 100_000;

const kindNames = {
  person: ['个人', 'person'],
  organisation: ['单位', '企业', '机构', 'organisation', 'organization', 'company'],
};
const levelNames = { key: ['重点', '重点客户', 'key'], regular: ['一般', '一般客户', '普通', 'regular'] };
const categoryNames = {
  hardware: ['硬件', 'hardware'],
  software: ['软件', 'software'],
  data: ['数据', '数据项目', 'data'],
  integration: ['系统集成', '集成', 'integration'],
};

function fromLabel<T extends string>(labels: Record<T, string[]>, value: string): T | string {
  const lower = value.trim().toLowerCase();
  for (const [key, names] of Object.entries(labels) as [T, string[]][])
    if (names.some((name) => name.toLowerCase() === lower)) return key;
  return value;
}
const toLabel = <T extends string>(labels: Record<T, string[]>, key: T) => labels[key][0];

export const columns: Record<ImportKind, Column[]> = {
  customers: [
    { key: 'code', zh: '客户编号', en: 'Code', example: '' },
    { key: 'name', zh: '客户名称', en: 'Name', required: true, example: '杭州示例机械有限公司' },
    { key: 'kind', zh: '类型', en: 'Kind', required: true, example: '单位' },
    { key: 'phone', zh: '电话', en: 'Phone', example: '0571-88886666' },
    { key: 'email', zh: '邮箱', en: 'Email', example: '' },
    { key: 'province', zh: '省', en: 'Province', example: '浙江省' },
    { key: 'city', zh: '市', en: 'City', example: '杭州市' },
    { key: 'district', zh: '区县', en: 'District', example: '西湖区' },
    { key: 'addressDetail', zh: '详细地址', en: 'Address', example: '文三路 100 号' },
    { key: 'region', zh: '区域', en: 'Region', example: '华东' },
    { key: 'level', zh: '客户级别', en: 'Level', example: '一般' },
    { key: 'stationCode', zh: '服务站编码', en: 'Station code', required: true, example: 'SH' },
    { key: 'contactName', zh: '联系人', en: 'Contact', example: '王伟' },
    { key: 'contactTitle', zh: '联系人职务', en: 'Contact title', example: '设备科长' },
    { key: 'contactMobile', zh: '联系人手机', en: 'Contact mobile', example: '13912345678' },
    { key: 'notes', zh: '备注', en: 'Notes', example: '' },
  ],
  equipment: [
    { key: 'serialNo', zh: '机号', en: 'Serial no.', required: true, example: 'SN2025000001' },
    { key: 'modelCode', zh: '型号编码', en: 'Model code', required: true, example: 'HW-PLC-200' },
    { key: 'customerCode', zh: '客户编号', en: 'Customer code', required: true, example: 'KH000001' },
    { key: 'projectNo', zh: '项目号(AB号)', en: 'Project no.', example: 'AB2025001' },
    { key: 'purchaseDate', zh: '购买日期', en: 'Purchase date', example: '2025-01-10' },
    { key: 'invoiceNo', zh: '发票号', en: 'Invoice no.', example: '' },
    { key: 'deliveryDate', zh: '发货日期', en: 'Delivery date', example: '2025-01-15' },
    { key: 'acceptanceDate', zh: '验收日期', en: 'Acceptance date', example: '2025-02-01' },
    { key: 'commissioningDate', zh: '投运日期', en: 'Commissioning date', example: '2025-02-10' },
    { key: 'location', zh: '安装位置', en: 'Location', example: '一号车间' },
    { key: 'warrantyMonthsOverride', zh: '保修月数(特殊约定)', en: 'Warranty months (override)', example: '' },
    { key: 'notes', zh: '备注', en: 'Notes', example: '' },
  ],
  'product-models': [
    { key: 'code', zh: '型号编码', en: 'Code', required: true, example: 'HW-PLC-200' },
    { key: 'name', zh: '型号名称', en: 'Name', required: true, example: 'PLC 控制柜 200 型' },
    { key: 'category', zh: '类别', en: 'Category', required: true, example: '硬件' },
    { key: 'productLine', zh: '产品线', en: 'Product line', example: '电气自动化' },
    { key: 'warrantyMonths', zh: '保修月数', en: 'Warranty months', example: '36' },
    { key: 'description', zh: '说明', en: 'Description', example: '' },
  ],
};

const sheetNames: Record<ImportKind, string> = { customers: '客户', equipment: '设备', 'product-models': '产品型号' };

export function templateTable(kind: ImportKind): Table {
  return { headers: columns[kind].map((c) => c.zh), rows: [columns[kind].map((c) => c.example ?? '')] };
}

/** Maps header cells (Chinese or English names, any case) to column keys; reports missing required columns. */
function mapHeaders(kind: ImportKind, headers: string[], language: Language) {
  const byName = new Map<string, string>();
  for (const column of columns[kind]) {
    byName.set(column.zh.toLowerCase(), column.key);
    byName.set(column.en.toLowerCase(), column.key);
    byName.set(column.key.toLowerCase(), column.key);
  }
  const keys = headers.map((header) => byName.get(header.trim().toLowerCase()));
  const missing = columns[kind].filter((column) => column.required && !keys.includes(column.key));
  if (missing.length) {
    const names = missing.map((column) => (language === 'zh' ? column.zh : column.en)).join(', ');
    throw new AppError(
      'VALIDATION',
      { zh: `文件缺少必填列：${names}`, en: `The file lacks required columns: ${names}` },
      {
        fields: [{ field: 'file', message: names }],
      },
    );
  }
  return keys;
}

const blankToUndefined = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
const toInteger = (value: string | undefined) => {
  const text = blankToUndefined(value);
  if (text === undefined) return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
};

export function createTransfer(deps: { db: Db; customers: CustomersService }) {
  const { db } = deps;
  const service = deps.customers;

  async function validateRows(actor: Actor, kind: ImportKind, table: Table, language: Language) {
    const keys = mapHeaders(kind, table.headers, language);
    if (table.rows.length > MAX_IMPORT_ROWS) {
      throw new AppError('VALIDATION', {
        zh: `一次最多导入 ${MAX_IMPORT_ROWS} 行，文件有 ${table.rows.length} 行`,
        en: `At most ${MAX_IMPORT_ROWS} rows per import; the file has ${table.rows.length}`,
      });
    }
    const records = table.rows.map((cells) => {
      const record: Record<string, string> = {};
      keys.forEach((key, index) => {
        if (key) record[key] = cells[index] ?? '';
      });
      return record;
    });
    const text = (zh: string, en: string) => (language === 'zh' ? zh : en);

    // Look up every reference once.
    const distinct = (key: string) => [...new Set(records.map((r) => r[key]).filter((v): v is string => !!v))];
    const stationRows = kind === 'customers' ? await db.select().from(stations) : [];
    const modelRows =
      kind === 'equipment' && distinct('modelCode').length
        ? await db
            .select()
            .from(productModels)
            .where(inArray(productModels.code, distinct('modelCode')))
        : [];
    const customerRows =
      kind === 'equipment' && distinct('customerCode').length
        ? await db
            .select({ id: customers.id, code: customers.code, isActive: customers.isActive })
            .from(customers)
            .where(and(inArray(customers.code, distinct('customerCode')), scopeToStation(actor, customers.stationId)))
        : [];
    const uniqueKey = kind === 'equipment' ? 'serialNo' : 'code';
    const existing = new Set<string>();
    const candidates = distinct(uniqueKey);
    if (candidates.length) {
      const table = kind === 'equipment' ? equipment : kind === 'customers' ? customers : productModels;
      const column =
        kind === 'equipment' ? equipment.serialNo : kind === 'customers' ? customers.code : productModels.code;
      const found = await db.select({ value: column }).from(table).where(inArray(column, candidates));
      for (const row of found) existing.add(row.value);
    }
    const seen = new Map<string, number>();

    const results = records.map((record, index) => {
      const errors: RowError[] = [];
      let input: unknown;
      if (kind === 'customers') {
        const station = stationRows.find((s) => s.code.toLowerCase() === record.stationCode?.toLowerCase());
        if (record.stationCode && !station?.isActive)
          errors.push({
            field: 'stationCode',
            message: text(`服务站编码 ${record.stationCode} 不存在`, `No station with code ${record.stationCode}`),
          });
        else if (station && !canSeeStation(actor, station.id))
          errors.push({
            field: 'stationCode',
            message: text('只能导入本站客户', 'You can only import customers of your own station'),
          });
        input = {
          code: blankToUndefined(record.code),
          name: record.name ?? '',
          kind: fromLabel(kindNames, record.kind ?? ''),
          phone: record.phone,
          email: record.email,
          province: record.province,
          city: record.city,
          district: record.district,
          addressDetail: record.addressDetail,
          region: record.region,
          level: blankToUndefined(record.level) ? fromLabel(levelNames, record.level) : undefined,
          stationId: station?.id ?? 0,
          notes: record.notes,
          contacts: record.contactName
            ? [{ name: record.contactName, title: record.contactTitle, mobile: record.contactMobile, isPrimary: true }]
            : [],
        };
      } else if (kind === 'equipment') {
        const model = modelRows.find((m) => m.code === record.modelCode);
        const owner = customerRows.find((c) => c.code === record.customerCode);
        if (record.modelCode && !model?.isActive)
          errors.push({
            field: 'modelCode',
            message: text(`型号编码 ${record.modelCode} 不存在或已停用`, `No active product model ${record.modelCode}`),
          });
        if (record.customerCode && !owner?.isActive)
          errors.push({
            field: 'customerCode',
            message: text(
              `客户编号 ${record.customerCode} 不存在或已停用`,
              `No active customer ${record.customerCode}`,
            ),
          });
        input = {
          serialNo: record.serialNo ?? '',
          modelId: model?.id ?? 0,
          customerId: owner?.id ?? 0,
          projectNo: record.projectNo,
          purchaseDate: record.purchaseDate,
          invoiceNo: record.invoiceNo,
          deliveryDate: record.deliveryDate,
          acceptanceDate: record.acceptanceDate,
          commissioningDate: record.commissioningDate,
          location: record.location,
          warrantyMonthsOverride: toInteger(record.warrantyMonthsOverride),
          notes: record.notes,
        };
      } else {
        input = {
          code: record.code ?? '',
          name: record.name ?? '',
          category: fromLabel(categoryNames, record.category ?? ''),
          productLine: record.productLine,
          warrantyMonths: toInteger(record.warrantyMonths),
          description: record.description,
        };
      }
      const schema = kind === 'customers' ? customerInput : kind === 'equipment' ? equipmentInput : productModelInput;
      const parsed = (schema as z.ZodType).safeParse(input, { reportInput: true });
      if (!parsed.success) {
        for (const issue of issuesToFields(parsed.error.issues, language)) {
          // References were reported by their code column above.
          if (['stationId', 'modelId', 'customerId'].includes(issue.field) && errors.length) continue;
          const field = issue.field.startsWith('contacts.0.')
            ? `contact${issue.field.slice(11, 12).toUpperCase()}${issue.field.slice(12)}`
            : issue.field;
          errors.push({ field, message: issue.message });
        }
      }
      const unique = record[uniqueKey];
      if (unique) {
        const label = kind === 'equipment' ? text('机号', 'Serial no.') : text('编码', 'Code');
        if (existing.has(unique))
          errors.push({
            field: uniqueKey,
            message: text(`${label} ${unique} 已存在`, `${label} ${unique} already exists`),
          });
        const firstRow = seen.get(unique);
        if (firstRow !== undefined)
          errors.push({
            field: uniqueKey,
            message: text(`${label} ${unique} 与第 ${firstRow} 行重复`, `${label} ${unique} repeats row ${firstRow}`),
          });
        else seen.set(unique, table.rowNumbers?.[index] ?? index + 2);
      }
      return {
        row: table.rowNumbers?.[index] ?? index + 2,
        errors,
        values: record,
        input: parsed.success ? parsed.data : undefined,
      };
    });
    return results;
  }

  async function importFile(
    actor: Actor,
    kind: ImportKind,
    file: { buffer: Buffer; filename: string },
    dryRun: boolean,
    language: Language,
  ): Promise<ImportReport> {
    const format = file.filename.toLowerCase().endsWith('.csv')
      ? 'csv'
      : file.filename.toLowerCase().endsWith('.xlsx')
        ? 'xlsx'
        : undefined;
    if (!format) {
      throw new AppError(
        'VALIDATION',
        { zh: '只支持 .xlsx 或 .csv 文件', en: 'Only .xlsx and .csv files can be imported' },
        { fields: [{ field: 'file', message: 'format' }] },
      );
    }
    let table: Table;
    try {
      table = await readTable(file.buffer, format);
    } catch {
      throw new AppError(
        'VALIDATION',
        { zh: '无法读取文件，请确认是有效的 Excel 或 CSV 文件', en: 'The file could not be read as Excel or CSV' },
        { fields: [{ field: 'file', message: 'unreadable' }] },
      );
    }
    if (table.rows.length === 0) {
      throw new AppError(
        'VALIDATION',
        { zh: '文件中没有数据行', en: 'The file has no data rows' },
        { fields: [{ field: 'file', message: 'empty' }] },
      );
    }
    const results = await validateRows(actor, kind, table, language);
    const invalid = results.filter((r) => r.errors.length > 0).length;
    const report: ImportReport = {
      kind,
      total: results.length,
      valid: results.length - invalid,
      invalid,
      committed: false,
      created: 0,
      rows: results.map(({ row, errors, values }) => ({ row, errors, values })),
    };
    if (dryRun) return report;
    if (invalid > 0) {
      throw new AppError(
        'VALIDATION',
        { zh: `有 ${invalid} 行数据有误，未导入任何数据`, en: `${invalid} row(s) have errors; nothing was imported` },
        { details: { report: { ...report, rows: report.rows.filter((r) => r.errors.length) } } },
      );
    }
    try {
      await db.transaction(async (tx) => {
        for (const result of results) {
          if (kind === 'customers') await service.insertCustomer(tx, actor, result.input as never);
          else if (kind === 'equipment') await service.insertEquipment(tx, actor, result.input as never);
          else await service.insertProductModel(tx, actor, result.input as never);
        }
      });
    } catch (error) {
      const appError = error instanceof AppError ? error : fromDatabaseError(error);
      if (!appError) throw error;
      throw new AppError('CONFLICT', {
        zh: `导入未完成，未写入任何数据：${appError.text.zh}`,
        en: `Import failed and nothing was written: ${appError.text.en}`,
      });
    }
    return { ...report, committed: true, created: results.length, rows: [] };
  }

  async function exportFile(
    actor: Actor,
    kind: ImportKind,
    query: Record<string, unknown>,
    format: 'xlsx' | 'csv',
    language: Language,
  ) {
    const headers = (extra: Column[]) => [...columns[kind], ...extra].map((c) => (language === 'zh' ? c.zh : c.en));
    let table: Table;
    if (kind === 'customers') {
      const rows = await service.exportCustomers(actor, query, MAX_EXPORT_ROWS);
      table = {
        headers: headers([
          { key: 'stationName', zh: '服务站', en: 'Station' },
          { key: 'equipmentCount', zh: '设备数', en: 'Equipment' },
        ]),
        rows: rows.map((r) => [
          r.code,
          r.name,
          toLabel(kindNames, r.kind),
          r.phone ?? '',
          r.email ?? '',
          r.province ?? '',
          r.city ?? '',
          r.district ?? '',
          r.addressDetail ?? '',
          r.region ?? '',
          toLabel(levelNames, r.level),
          r.stationCode ?? '',
          '',
          '',
          '',
          r.notes ?? '',
          r.stationName ?? '',
          String(r.equipmentCount),
        ]),
      };
    } else if (kind === 'equipment') {
      const rows = await service.exportEquipment(actor, query, MAX_EXPORT_ROWS);
      const customerCodes = new Map(
        (rows.length
          ? await db
              .select({ id: customers.id, code: customers.code })
              .from(customers)
              .where(inArray(customers.id, [...new Set(rows.map((r) => r.customerId))]))
          : []
        ).map((c) => [c.id, c.code]),
      );
      table = {
        headers: headers([
          { key: 'customerName', zh: '客户名称', en: 'Customer' },
          { key: 'warrantyEnd', zh: '保修截止', en: 'Warranty end' },
          { key: 'warrantyStatus', zh: '保修状态', en: 'Warranty status' },
        ]),
        rows: rows.map((r) => [
          r.serialNo,
          r.modelCode,
          customerCodes.get(r.customerId) ?? '',
          r.projectNo ?? '',
          r.purchaseDate ?? '',
          r.invoiceNo ?? '',
          r.deliveryDate ?? '',
          r.acceptanceDate ?? '',
          r.commissioningDate ?? '',
          r.location ?? '',
          r.warrantyMonthsOverride == null ? '' : String(r.warrantyMonthsOverride),
          r.notes ?? '',
          r.customerName,
          r.warrantyEnd ?? '',
          {
            in_warranty: language === 'zh' ? '在保' : 'In warranty',
            expiring: language === 'zh' ? '即将到期' : 'Expiring',
            expired: language === 'zh' ? '已过保' : 'Expired',
            unknown: language === 'zh' ? '未知' : 'Unknown',
          }[r.warrantyStatus],
        ]),
      };
    } else {
      const rows = await service.exportProductModels(query, MAX_EXPORT_ROWS);
      table = {
        headers: headers([{ key: 'equipmentCount', zh: '设备数', en: 'Equipment' }]),
        rows: rows.map((r) => [
          r.code,
          r.name,
          toLabel(categoryNames, r.category),
          r.productLine ?? '',
          String(r.warrantyMonths),
          r.description ?? '',
          String(r.equipmentCount),
        ]),
      };
    }
    const buffer = await writeTable(table, format, sheetNames[kind]);
    return { buffer, rowCount: table.rows.length };
  }

  return {
    importFile,
    exportFile,
    template: (kind: ImportKind, format: 'xlsx' | 'csv') => writeTable(templateTable(kind), format, sheetNames[kind]),
  };
}
export type Transfer = ReturnType<typeof createTransfer>;
