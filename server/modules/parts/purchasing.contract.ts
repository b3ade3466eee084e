/**
 * Replenishment on the wire (PRT-5): reorder suggestions and purchase requests (采购计划) with their
 * receipts. Shared with the web forms.
 */
import { z } from 'zod';
import { optionalText, requiredText, timestamp, versioned } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { pageQuery } from '../../lib/pagination.js';

export const purchaseStatuses = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'partially_received',
  'received',
  'closed',
] as const;
export type PurchaseStatusValue = (typeof purchaseStatuses)[number];

const positiveId = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive({ error: i18nMessage('positiveInt') });
const positiveQuantity = z
  .number({ error: i18nMessage('required') })
  .int({ error: i18nMessage('positiveInt') })
  .positive({ error: i18nMessage('positiveInt') })
  .max(1_000_000);
const quantity = z
  .number({ error: i18nMessage('required') })
  .int({ error: i18nMessage('positiveInt') })
  .min(0)
  .max(1_000_000);

// ---------- reorder suggestions ----------

export const suggestionsQuery = z.object({ warehouseId: z.coerce.number().int().positive() });

export const reorderSuggestion = z.object({
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  onHand: z.number(),
  reserved: z.number(),
  onOrder: z.number(),
  available: z.number(),
  reorderPoint: z.number(),
  reorderQuantity: z.number(),
  consumed: z.number(),
  lookbackDays: z.number(),
  dailyConsumption: z.number(),
  coverDays: z.number().nullable(),
  leadTimeDays: z.number(),
  quantity: z.number(),
  supplierId: z.number().nullable(),
  supplierName: z.string().nullable(),
  unitCostFen: z.number().nullable(),
  reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
});
export type ReorderSuggestion = z.input<typeof reorderSuggestion>;
export const suggestionList = z.object({
  warehouseId: z.number(),
  lookbackDays: z.number(),
  items: z.array(reorderSuggestion),
});

// ---------- purchase requests ----------

export const purchaseListQuery = z.object({
  ...pageQuery,
  order: z.enum(['asc', 'desc']).default('desc'),
  status: z.enum(purchaseStatuses).optional(),
  warehouseId: z.coerce.number().int().positive().optional(),
  supplierId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(100).optional(),
});

export const purchaseLineInput = z.object({
  partId: positiveId,
  quantity: positiveQuantity,
  /** Defaults to today's cost on the price list. */
  unitCostFen: z.number().int().min(0).max(1_000_000_000).nullish(),
});
export const purchaseCreateInput = z.object({
  supplierId: positiveId,
  warehouseId: positiveId,
  note: optionalText(1000),
  lines: z
    .array(purchaseLineInput)
    .min(1, { error: i18nMessage('required') })
    .max(500),
});
export type PurchaseCreateInput = z.input<typeof purchaseCreateInput>;
export const purchaseUpdateInput = purchaseCreateInput.omit({ warehouseId: true }).extend(versioned);
export type PurchaseUpdateInput = z.input<typeof purchaseUpdateInput>;

export const purchaseVersionInput = z.object(versioned);
export const decisionInput = z.object({ ...versioned, note: optionalText(500) });
export const purchaseRejectInput = z.object({ ...versioned, note: requiredText(500) });
export const closeInput = z.object({ ...versioned, note: requiredText(500) });

export const receiptInput = z.object({
  ...versioned,
  /** 验收 note: who inspected, what was found. */
  inspectionNote: optionalText(1000),
  lines: z
    .array(
      z.object({
        lineId: positiveId,
        /** Delivered now = accepted + rejected. */
        receivedQuantity: positiveQuantity,
        acceptedQuantity: quantity,
        rejectedQuantity: quantity.default(0),
      }),
    )
    .min(1, { error: i18nMessage('required') })
    .max(500),
});
export type ReceiptInput = z.input<typeof receiptInput>;

export const purchaseSummary = z.object({
  id: z.number(),
  number: z.string(),
  stationId: z.number(),
  stationName: z.string(),
  warehouseId: z.number(),
  warehouseCode: z.string(),
  warehouseName: z.string(),
  supplierId: z.number(),
  supplierName: z.string(),
  status: z.enum(purchaseStatuses),
  note: z.string().nullable(),
  requestedBy: z.number(),
  requestedByName: z.string(),
  requestedAt: timestamp,
  decidedByName: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  decisionNote: z.string().nullable(),
  /** Closing keeps its own note; the approval's decisionNote stays. */
  closedByName: z.string().nullable(),
  closedAt: timestamp.nullable(),
  closeNote: z.string().nullable(),
  lineCount: z.number(),
  totalFen: z.number(),
  version: z.number(),
});
export type PurchaseSummary = z.input<typeof purchaseSummary>;

export const purchaseLine = z.object({
  id: z.number(),
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  quantity: z.number(),
  receivedQuantity: z.number(),
  rejectedQuantity: z.number(),
  outstanding: z.number(),
  unitCostFen: z.number().nullable(),
});
export type PurchaseLine = z.input<typeof purchaseLine>;

export const purchaseReceipt = z.object({
  at: timestamp,
  byName: z.string().nullable(),
  inspectionNote: z.string().nullable(),
  lines: z.array(
    z.object({
      partCode: z.string(),
      receivedQuantity: z.number(),
      acceptedQuantity: z.number(),
      rejectedQuantity: z.number(),
    }),
  ),
});

export const purchaseDetail = purchaseSummary.extend({
  lines: z.array(purchaseLine),
  receipts: z.array(purchaseReceipt),
});
export type PurchaseDetail = z.input<typeof purchaseDetail>;
