/**
 * Stocktake on the wire (盘点, PRT-4). The count sheet never carries book quantities; the variance
 * view (approvers only, after submission) does. Shared with the web forms.
 */
import { z } from 'zod';
import { optionalText, requiredText, timestamp, versioned } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { pageQuery } from '../../lib/pagination.js';

export const stocktakeStatuses = ['counting', 'submitted', 'approved', 'cancelled'] as const;
export const stockConditionValues = ['good', 'defective'] as const;
export type StocktakeStatusValue = (typeof stocktakeStatuses)[number];

const positiveId = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive({ error: i18nMessage('positiveInt') });
const count = z
  .number({ error: i18nMessage('required') })
  .int({ error: i18nMessage('positiveInt') })
  .min(0)
  .max(1_000_000);

export const stocktakeListQuery = z.object({
  ...pageQuery,
  order: z.enum(['asc', 'desc']).default('desc'),
  warehouseId: z.coerce.number().int().positive().optional(),
  status: z.enum(stocktakeStatuses).optional(),
  /** Number or warehouse name/code. */
  q: z.string().trim().max(50).optional(),
});

export const stocktakeCreateInput = z.object({
  warehouseId: positiveId,
  note: optionalText(500),
});
export type StocktakeCreateInput = z.input<typeof stocktakeCreateInput>;

/**
 * Enter (or re-enter) a count. Name the line, or the part by id or code (scanned); a part not yet on
 * the sheet is added. `skip: true` marks a line as not counted this time.
 */
export const countInput = z
  .object({
    lineId: z.number().int().positive().optional(),
    partId: z.number().int().positive().optional(),
    partCode: z.string().trim().min(1).max(64).optional(),
    condition: z.enum(stockConditionValues).default('good'),
    countedQuantity: count.nullish(),
    skip: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if (value.lineId === undefined && value.partId === undefined && value.partCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['partCode'], message: i18nMessage('required') });
    }
    if (!value.skip && (value.countedQuantity === undefined || value.countedQuantity === null)) {
      ctx.addIssue({ code: 'custom', path: ['countedQuantity'], message: i18nMessage('required') });
    }
  });
export type CountInput = z.input<typeof countInput>;

export const versionInput = z.object(versioned);
export const rejectInput = z.object({ ...versioned, note: requiredText(500) });
export const cancelInput = z.object({ ...versioned, note: optionalText(500) });

export const reasonEntry = z.object({ lineId: positiveId, reason: optionalText(500) });
export const reasonsInput = z.object({ ...versioned, reasons: z.array(reasonEntry).max(5000) });
export const approveInput = z.object({ ...versioned, reasons: z.array(reasonEntry).max(5000).default([]) });
export type ApproveInput = z.input<typeof approveInput>;

export const stocktakeSummary = z.object({
  id: z.number(),
  number: z.string(),
  warehouseId: z.number(),
  warehouseCode: z.string(),
  warehouseName: z.string(),
  stationId: z.number(),
  stationName: z.string(),
  status: z.enum(stocktakeStatuses),
  note: z.string().nullable(),
  startedBy: z.number(),
  startedByName: z.string(),
  startedAt: timestamp,
  submittedAt: timestamp.nullable(),
  approvedAt: timestamp.nullable(),
  approvedByName: z.string().nullable(),
  lineCount: z.number(),
  countedCount: z.number(),
  skippedCount: z.number(),
  version: z.number(),
});
export type StocktakeSummary = z.input<typeof stocktakeSummary>;

/** A count sheet line: what the counter sees (no book quantity). */
export const countLine = z.object({
  id: z.number(),
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  condition: z.enum(stockConditionValues),
  state: z.enum(['open', 'counted', 'skipped']),
  countedQuantity: z.number().nullable(),
  countedByName: z.string().nullable(),
  countedAt: timestamp.nullable(),
});
export type CountLine = z.input<typeof countLine>;

export const stocktakeDetail = stocktakeSummary.extend({ lines: z.array(countLine) });
export type StocktakeDetail = z.input<typeof stocktakeDetail>;

export const varianceLine = countLine.extend({
  bookQuantity: z.number().nullable(),
  variance: z.number(),
  kind: z.enum(['surplus', 'shortage', 'none']),
  /** Cost per unit on today's price list (null without a price). */
  unitCostFen: z.number().nullable(),
  valueFen: z.number().nullable(),
  varianceReason: z.string().nullable(),
});
export type VarianceLine = z.input<typeof varianceLine>;

export const varianceView = stocktakeSummary.extend({
  lines: z.array(varianceLine),
  surplusQuantity: z.number(),
  shortageQuantity: z.number(),
  surplusValueFen: z.number(),
  shortageValueFen: z.number(),
});
export type VarianceView = z.input<typeof varianceView>;
