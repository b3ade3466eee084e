/**
 * Import and export of the parts catalogue (PRT-1, like ORG-8 for the registries) as .xlsx or .csv.
 * Import previews first (every row validated, errors by row and field) and commits all rows or none.
 * A row may carry its default supplier (by code), the models it fits (codes, comma-separated) and a
 * price and cost in yuan, which become the part's first price, effective today.
 */
import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { fromDatabaseError } from '../../lib/db-errors.js';
import { readTable, type Table, writeTable } from '../../lib/spreadsheet.js';
import { issuesToFields, type Language } from '../../lib/validation.js';
import { productModels } from '../customers/customers.table.js';
import { type partCategories, partInput, type partsImportReport } from './catalogue.contract.js';
import type { CatalogueService } from './catalogue.service.js';
import { partFits, partPrices, parts, suppliers } from './parts.table.js';

type Column = { key: string; zh: string; en: string; required?: boolean; example?: string };
type RowError = { field: string; message: string };
type Report = z.input<typeof partsImportReport>;

export const MAX_PART_IMPORT_ROWS = 5000;
export const MAX_PART_EXPORT_ROWS = 50_000;

export const categoryNames: Record<(typeof partCategories)[number], string[]> = {
  mechanical: ['机械件', '机械', 'mechanical'],
  electrical: ['电气件', '电气', 'electrical'],
  electronic: ['电子件', '电子', 'electronic'],
  consumable: ['耗材', '易耗品', 'consumable'],
  software: ['软件', 'software'],
  other: ['其他', 'other'],
};
const yes = ['是', 'y', 'yes', 'true', '1'];
const no = ['否', 'n', 'no', 'false', '0', ''];

export const partColumns: Column[] = [
  { key: 'code', zh: '配件编码', en: 'Code', required: true, example: 'PLC-CPU-224' },
  { key: 'name', zh: '配件名称', en: 'Name', required: true, example: 'PLC CPU 模块' },
  { key: 'spec', zh: '规格型号', en: 'Spec', example: 'CPU224 DC/DC/DC' },
  { key: 'unit', zh: '单位', en: 'Unit', example: '个' },
  { key: 'category', zh: '类别', en: 'Category', required: true, example: '电子件' },
  { key: 'serialised', zh: '序列号管理', en: 'Serialised', example: '是' },
  { key: 'reorderPoint', zh: '再订货点', en: 'Reorder point', example: '2' },
  { key: 'reorderQuantity', zh: '订货批量', en: 'Reorder quantity', example: '5' },
  { key: 'supplierCode', zh: '默认供应商编码', en: 'Default supplier code', example: '' },
  { key: 'fits', zh: '适用型号', en: 'Fits models', example: 'HW-PLC-200' },
  { key: 'price', zh: '销售价(元)', en: 'Price (yuan)', example: '1280.00' },
  { key: 'cost', zh: '成本价(元)', en: 'Cost (yuan)', example: '860.00' },
  { key: 'notes', zh: '备注', en: 'Notes', example: '' },
];

function fromLabel<T extends string>(labels: Record<T, string[]>, value: string): T | string {
  const lower = value.trim().toLowerCase();
  for (const [key, names] of Object.entries(labels) as [T, string[]][])
    if (names.some((name) => name.toLowerCase() === lower)) return key;
  return value;
}

/** "12.5" yuan → 1250 fen; undefined when blank; NaN when not an amount. */
export function yuanToFen(text: string | undefined): number | undefined {
  const value = (text ?? '').trim();
  if (value === '') return undefined;
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(value)) return Number.NaN;
  const [whole, cents = ''] = value.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}
export const fenToYuan = (fen: number | null) => (fen == null ? '' : (fen / 100).toFixed(2));

const toInteger = (value: string | undefined) => {
  const text = (value ?? '').trim();
  if (text === '') return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
};

export function createPartsTransfer(deps: { db: Db; catalogue: CatalogueService }) {
  const { db, catalogue } = deps;

  function mapHeaders(headers: string[], language: Language) {
    const byName = new Map<string, string>();
    for (const column of partColumns) {
      byName.set(column.zh.toLowerCase(), column.key);
      byName.set(column.en.toLowerCase(), column.key);
      byName.set(column.key.toLowerCase(), column.key);
    }
    const keys = headers.map((header) => byName.get(header.trim().toLowerCase()));
    const missing = partColumns.filter((column) => column.required && !keys.includes(column.key));
    if (missing.length) {
      const names = missing.map((column) => (language === 'zh' ? column.zh : column.en)).join(', ');
      throw new AppError(
        'VALIDATION',
        { zh: `文件缺少必填列：${names}`, en: `The file lacks required columns: ${names}` },
        { fields: [{ field: 'file', message: names }] },
      );
    }
    return keys;
  }

  async function validateRows(table: Table, language: Language) {
    const keys = mapHeaders(table.headers, language);
    if (table.rows.length > MAX_PART_IMPORT_ROWS) {
      throw new AppError(
        'VALIDATION',
        {
          zh: `一次最多导入 ${MAX_PART_IMPORT_ROWS} 行，文件有 ${table.rows.length} 行`,
          en: `At most ${MAX_PART_IMPORT_ROWS} rows per import; the file has ${table.rows.length}`,
        },
        { fields: [{ field: 'file', message: 'too many rows' }] },
      );
    }
    const text = (zh: string, en: string) => (language === 'zh' ? zh : en);
    const records = table.rows.map((cells) => {
      const record: Record<string, string> = {};
      keys.forEach((key, index) => {
        if (key) record[key] = cells[index] ?? '';
      });
      return record;
    });
    const distinct = (values: string[]) => [...new Set(values.filter((v) => v !== ''))];
    const codes = distinct(records.map((r) => r.code ?? ''));
    const supplierCodes = distinct(records.map((r) => r.supplierCode ?? ''));
    const modelCodes = distinct(records.flatMap((r) => (r.fits ?? '').split(/[,，;；\s]+/)));
    const [existing, supplierRows, modelRows] = await Promise.all([
      codes.length ? db.select({ code: parts.code }).from(parts).where(inArray(parts.code, codes)) : [],
      supplierCodes.length
        ? db
            .select({ id: suppliers.id, code: suppliers.code, isActive: suppliers.isActive })
            .from(suppliers)
            .where(inArray(suppliers.code, supplierCodes))
        : [],
      modelCodes.length
        ? db
            .select({ id: productModels.id, code: productModels.code })
            .from(productModels)
            .where(inArray(productModels.code, modelCodes))
        : [],
    ]);
    const existingCodes = new Set(existing.map((row) => row.code));
    const seen = new Map<string, number>();

    return records.map((record, index) => {
      const row = table.rowNumbers?.[index] ?? index + 2;
      const errors: RowError[] = [];
      const supplier = supplierRows.find((s) => s.code === record.supplierCode);
      if (record.supplierCode && !supplier?.isActive)
        errors.push({
          field: 'supplierCode',
          message: text(
            `供应商编码 ${record.supplierCode} 不存在或已停用`,
            `No active supplier ${record.supplierCode}`,
          ),
        });
      const fitCodes = distinct((record.fits ?? '').split(/[,，;；\s]+/));
      const modelIds: number[] = [];
      for (const fit of fitCodes) {
        const model = modelRows.find((m) => m.code === fit);
        if (model) modelIds.push(model.id);
        else errors.push({ field: 'fits', message: text(`型号编码 ${fit} 不存在`, `No product model ${fit}`) });
      }
      const serialisedText = (record.serialised ?? '').trim().toLowerCase();
      if (![...yes, ...no].includes(serialisedText))
        errors.push({ field: 'serialised', message: text('应填“是”或“否”', 'Must be yes or no') });
      const priceFen = yuanToFen(record.price);
      const costFen = yuanToFen(record.cost);
      for (const [field, value] of [
        ['price', priceFen],
        ['cost', costFen],
      ] as const) {
        if (Number.isNaN(value))
          errors.push({ field, message: text('金额格式不正确（元，最多两位小数）', 'Not an amount in yuan') });
      }
      if ((priceFen === undefined) !== (costFen === undefined))
        errors.push({
          field: priceFen === undefined ? 'price' : 'cost',
          message: text('销售价和成本价须同时填写', 'Give both the price and the cost, or neither'),
        });
      const input = {
        code: record.code ?? '',
        name: record.name ?? '',
        spec: record.spec,
        unit: (record.unit ?? '').trim() === '' ? undefined : record.unit,
        category: fromLabel(categoryNames, record.category ?? ''),
        serialised: yes.includes(serialisedText),
        reorderPoint: toInteger(record.reorderPoint),
        reorderQuantity: toInteger(record.reorderQuantity),
        defaultSupplierId: supplier?.id ?? null,
        notes: record.notes,
      };
      const parsed = partInput.safeParse(input, { reportInput: true });
      if (!parsed.success) errors.push(...issuesToFields(parsed.error.issues, language));
      if (record.code) {
        if (existingCodes.has(record.code))
          errors.push({
            field: 'code',
            message: text(`配件编码 ${record.code} 已存在`, `Part code ${record.code} already exists`),
          });
        const first = seen.get(record.code);
        if (first !== undefined)
          errors.push({
            field: 'code',
            message: text(
              `配件编码 ${record.code} 与第 ${first} 行重复`,
              `Part code ${record.code} repeats row ${first}`,
            ),
          });
        else seen.set(record.code, row);
      }
      return {
        row,
        errors,
        values: record,
        input: parsed.success ? parsed.data : undefined,
        modelIds,
        price: priceFen !== undefined && costFen !== undefined ? { priceFen, costFen } : undefined,
      };
    });
  }

  async function importFile(
    actor: Actor,
    file: { buffer: Buffer; filename: string },
    dryRun: boolean,
    language: Language,
  ): Promise<Report> {
    const name = file.filename.toLowerCase();
    const format = name.endsWith('.csv') ? 'csv' : name.endsWith('.xlsx') ? 'xlsx' : undefined;
    if (!format)
      throw new AppError(
        'VALIDATION',
        { zh: '只支持 .xlsx 或 .csv 文件', en: 'Only .xlsx and .csv files can be imported' },
        { fields: [{ field: 'file', message: 'format' }] },
      );
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
    if (table.rows.length === 0)
      throw new AppError(
        'VALIDATION',
        { zh: '文件中没有数据行', en: 'The file has no data rows' },
        { fields: [{ field: 'file', message: 'empty' }] },
      );
    const results = await validateRows(table, language);
    const invalid = results.filter((r) => r.errors.length > 0).length;
    const report: Report = {
      kind: 'parts',
      total: results.length,
      valid: results.length - invalid,
      invalid,
      committed: false,
      created: 0,
      rows: results.map(({ row, errors, values }) => ({ row, errors, values })),
    };
    if (dryRun) return report;
    if (invalid > 0)
      throw new AppError(
        'VALIDATION',
        { zh: `有 ${invalid} 行数据有误，未导入任何数据`, en: `${invalid} row(s) have errors; nothing was imported` },
        { details: { report: { ...report, rows: report.rows.filter((r) => r.errors.length) } } },
      );
    try {
      await db.transaction(async (tx) => {
        const day = await catalogue.today(tx);
        for (const result of results) {
          const id = await catalogue.insertPart(tx, actor, result.input!);
          if (result.modelIds.length)
            await tx.insert(partFits).values(result.modelIds.map((modelId) => ({ partId: id, modelId })));
          if (result.price)
            await tx
              .insert(partPrices)
              .values({ partId: id, effectiveFrom: day, ...result.price, createdBy: actor.id });
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

  async function exportFile(actor: Actor, query: Record<string, unknown>, format: 'xlsx' | 'csv', language: Language) {
    const rows = await catalogue.exportParts(actor, query, MAX_PART_EXPORT_ROWS);
    const label = (column: Column) => (language === 'zh' ? column.zh : column.en);
    const yesNo = (value: boolean) => (language === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no');
    const table: Table = {
      headers: [
        ...partColumns.map(label),
        language === 'zh' ? '库存' : 'On hand',
        language === 'zh' ? '可用' : 'Available',
        language === 'zh' ? '状态' : 'Status',
      ],
      rows: rows.map((r) => [
        r.code,
        r.name,
        r.spec ?? '',
        r.unit,
        language === 'zh' ? categoryNames[r.category][0] : r.category,
        yesNo(r.serialised),
        String(r.reorderPoint),
        String(r.reorderQuantity),
        r.supplierCode ?? '',
        r.fits,
        fenToYuan(r.priceFen),
        fenToYuan(r.costFen),
        r.notes ?? '',
        String(r.onHand),
        String(r.available),
        r.isActive ? (language === 'zh' ? '启用' : 'active') : language === 'zh' ? '停用' : 'inactive',
      ]),
    };
    return { buffer: await writeTable(table, format, '配件'), rowCount: table.rows.length };
  }

  async function template(format: 'xlsx' | 'csv') {
    return writeTable(
      { headers: partColumns.map((c) => c.zh), rows: [partColumns.map((c) => c.example ?? '')] },
      format,
      '配件',
    );
  }

  return { importFile, exportFile, template };
}
export type PartsTransfer = ReturnType<typeof createPartsTransfer>;
