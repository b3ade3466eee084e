/**
 * Parts statistics (PRT-7 [000 二(二) 4]): consumption by part, product model, station and month;
 * stock value; slow movers; warranty-part cost per product model. Shared by the server and the web.
 */
import { z } from 'zod';
import { isoDate } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { pageOf, pageQuery } from '../../lib/pagination.js';

export const consumptionGroups = ['part', 'model', 'station', 'month'] as const;
export type ConsumptionGroup = (typeof consumptionGroups)[number];
export const statsReports = ['consumption', 'stock-value', 'slow-movers', 'warranty-cost'] as const;
export type StatsReport = (typeof statsReports)[number];

const optionalId = z.coerce.number().int().positive().optional();

/** A period of whole days in the company's time zone, both ends included (default: the last 12 months). */
export const periodQuery = {
  from: isoDate.optional(),
  to: isoDate.optional(),
};
const checkPeriod = (value: { from?: string; to?: string }) => !value.from || !value.to || value.from <= value.to;
const periodError = { path: ['to'], error: i18nMessage('dateOrder') };

export const consumptionFilters = z.object({
  ...periodQuery,
  groupBy: z.enum(consumptionGroups).default('part'),
  stationId: optionalId,
  warehouseId: optionalId,
  partId: optionalId,
  modelId: optionalId,
  /** At most this many rows, largest consumption first. */
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export const consumptionQuery = consumptionFilters.refine(checkPeriod, periodError);

export const consumptionRow = z.object({
  /** part id, model id, station id or YYYY-MM; null: movements of no product model. */
  key: z.string().nullable(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  unit: z.string().nullable(),
  issued: z.number(),
  returned: z.number(),
  mailed: z.number(),
  /** issued − returned + mailed. */
  net: z.number(),
  /** 三包件 (free under warranty) and 客户购买件 (the customer pays), net. */
  warrantyQuantity: z.number(),
  customerQuantity: z.number(),
  costFen: z.number(),
  warrantyCostFen: z.number(),
  customerCostFen: z.number(),
});
export type ConsumptionRow = z.input<typeof consumptionRow>;

const period = z.object({ from: z.string(), to: z.string() });

export const consumptionReport = z.object({
  period,
  groupBy: z.enum(consumptionGroups),
  items: z.array(consumptionRow),
  totals: consumptionRow,
  /** More groups than `limit`: the smallest were left out (the totals count them). */
  truncated: z.boolean(),
});

export const stockValueQuery = z.object({
  stationId: optionalId,
  warehouseId: optionalId,
});
export const stockValueRow = z.object({
  warehouseId: z.number(),
  warehouseCode: z.string(),
  warehouseName: z.string(),
  warehouseKind: z.string(),
  stationId: z.number(),
  stationCode: z.string(),
  stationName: z.string(),
  /** Parts with good stock on hand. */
  parts: z.number(),
  onHand: z.number(),
  reserved: z.number(),
  /** Good stock × the cost of the price list valid today. */
  valueFen: z.number(),
  /** Parts in stock without a price valid today (valued at 0). */
  unpricedParts: z.number(),
  defectiveOnHand: z.number(),
});
export const stationValueRow = z.object({
  stationId: z.number(),
  stationCode: z.string(),
  stationName: z.string(),
  warehouses: z.number(),
  onHand: z.number(),
  reserved: z.number(),
  valueFen: z.number(),
  unpricedParts: z.number(),
  defectiveOnHand: z.number(),
});
export const stockValueReport = z.object({
  /** The price list day (today in the company's time zone). */
  priceDay: z.string(),
  warehouses: z.array(stockValueRow),
  stations: z.array(stationValueRow),
  totalValueFen: z.number(),
});

export const slowMoversQuery = z.object({
  stationId: optionalId,
  warehouseId: optionalId,
  /** Default: the setting parts.slowMoverDays. */
  days: z.coerce.number().int().min(1).max(3650).optional(),
  ...pageQuery,
});
export const slowMover = z.object({
  warehouseId: z.number(),
  warehouseCode: z.string(),
  stationId: z.number(),
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  unit: z.string(),
  onHand: z.number(),
  lastIssueAt: z.string().nullable(),
  lastMovementAt: z.string().nullable(),
  valueFen: z.number(),
});
export const slowMoverList = pageOf(slowMover).extend({ days: z.number(), since: z.string() });

export const warrantyCostFilters = z.object({ ...periodQuery, stationId: optionalId, modelId: optionalId });
export const warrantyCostQuery = warrantyCostFilters.refine(checkPeriod, periodError);
export const warrantyCostRow = z.object({
  modelId: z.number().nullable(),
  modelCode: z.string().nullable(),
  modelName: z.string().nullable(),
  tickets: z.number(),
  quantity: z.number(),
  costFen: z.number(),
});
export const warrantyCostReport = z.object({
  period,
  items: z.array(warrantyCostRow),
  totalQuantity: z.number(),
  totalCostFen: z.number(),
});

export const statsExportFormat = z.enum(['xlsx', 'csv']).default('xlsx');
/** Each report's export: its filters and the file format. */
export const statsExportQueries = {
  consumption: consumptionFilters.extend({ format: statsExportFormat }).refine(checkPeriod, periodError),
  'stock-value': stockValueQuery.extend({ format: statsExportFormat }),
  'slow-movers': slowMoversQuery
    .omit({ page: true, pageSize: true, order: true })
    .extend({ format: statsExportFormat }),
  'warranty-cost': warrantyCostFilters.extend({ format: statsExportFormat }).refine(checkPeriod, periodError),
} as const;

export type ConsumptionReport = z.input<typeof consumptionReport>;
export type StockValueReport = z.input<typeof stockValueReport>;
export type SlowMoverList = z.input<typeof slowMoverList>;
export type WarrantyCostReport = z.input<typeof warrantyCostReport>;
