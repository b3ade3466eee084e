/**
 * The parts catalogue on the wire (PRT-1): parts, suppliers, the price list versioned by effective
 * date, which product models a part fits, import/export. Shared with the web forms.
 */
import { z } from 'zod';
import {
  idParam,
  isoDate,
  optionalPhone,
  optionalText,
  requiredText,
  timestamp,
  versioned,
} from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { pageQuery } from '../../lib/pagination.js';

/** Same values as parts.table.ts (kept here so the web bundle does not import the tables). */
export const partCategories = ['mechanical', 'electrical', 'electronic', 'consumable', 'software', 'other'] as const;
export const activeFilter = z.enum(['true', 'false', 'all']).default('true');

const code = z
  .string({ error: i18nMessage('required') })
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,32}$/, { error: i18nMessage('code') });
const quantity = z
  .number()
  .int({ error: i18nMessage('positiveInt') })
  .min(0)
  .max(1_000_000);
const fen = z.number().int().min(0).max(1_000_000_000);
const optionalId = z.number().int().positive().nullish();

// ---------- parts ----------

export const partInput = z.object({
  code,
  name: requiredText(100),
  spec: optionalText(200),
  unit: requiredText(10).default('个'),
  category: z.enum(partCategories),
  serialised: z.boolean().default(false),
  reorderPoint: quantity.default(0),
  reorderQuantity: quantity.default(0),
  defaultSupplierId: optionalId,
  notes: optionalText(2000),
});
export type PartInput = z.input<typeof partInput>;
/** The code is the part's identity in imports, orders and labels: it does not change. */
export const partUpdate = partInput.omit({ code: true }).extend(versioned);

export const partSummary = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  category: z.enum(partCategories),
  serialised: z.boolean(),
  reorderPoint: z.number(),
  reorderQuantity: z.number(),
  defaultSupplierId: z.number().nullable(),
  defaultSupplierName: z.string().nullable(),
  /** Price and cost on today's date (null when the part has no price yet). */
  priceFen: z.number().nullable(),
  costFen: z.number().nullable(),
  /** Good stock on hand over the warehouses the caller sees. */
  onHand: z.number(),
  available: z.number(),
  isActive: z.boolean(),
  version: z.number(),
  updatedAt: timestamp,
});
export type PartSummary = z.input<typeof partSummary>;

export const partSupplierLink = z.object({
  supplierId: z.number(),
  supplierCode: z.string(),
  supplierName: z.string(),
  supplierPartNo: z.string().nullable(),
  leadTimeDays: z.number().nullable(),
});
export const partFit = z.object({ modelId: z.number(), code: z.string(), name: z.string() });

export const part = partSummary.extend({
  notes: z.string().nullable(),
  createdAt: timestamp,
  suppliers: z.array(partSupplierLink),
  fits: z.array(partFit),
});
export type Part = z.input<typeof part>;

export const partListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  category: z.enum(partCategories).optional(),
  modelId: z.coerce.number().int().positive().optional(),
  supplierId: z.coerce.number().int().positive().optional(),
  active: activeFilter,
  sort: z.enum(['code', 'name', 'updatedAt']).default('code'),
});
export type PartListQuery = z.input<typeof partListQuery>;

// ---------- price list ----------

export const priceInput = z.object({
  effectiveFrom: isoDate,
  priceFen: fen,
  costFen: fen,
});
export type PriceInput = z.input<typeof priceInput>;
export const price = z.object({
  id: z.number(),
  partId: z.number(),
  effectiveFrom: z.string(),
  priceFen: z.number(),
  costFen: z.number(),
  createdBy: z.number().nullable(),
  createdByName: z.string().nullable(),
  createdAt: timestamp,
});
export type Price = z.input<typeof price>;
export const priceQuery = z.object({ on: isoDate.optional() });
export const priceList = z.object({
  /** The day asked about (today in the organisation's time zone when not given). */
  on: z.string(),
  /** The price in force on that day: the row with the latest effective date ≤ the day. */
  current: price.nullable(),
  /** Every price row, newest effective date first (future ones included). */
  items: z.array(price),
});

// ---------- fits and supplier links ----------

export const fitsInput = z.object({ modelIds: z.array(z.number().int().positive()).max(500) });
export const fitsList = z.object({ items: z.array(partFit) });
export const partSuppliersInput = z.object({
  items: z
    .array(
      z.object({
        supplierId: z.number().int().positive(),
        supplierPartNo: optionalText(64),
        leadTimeDays: z.number().int().min(0).max(365).nullish(),
      }),
    )
    .max(50),
});
export const partSuppliersList = z.object({ items: z.array(partSupplierLink) });

// ---------- suppliers ----------

export const supplierInput = z.object({
  code,
  name: requiredText(100),
  contactName: optionalText(50),
  phone: optionalPhone,
  address: optionalText(200),
  notes: optionalText(2000),
});
export type SupplierInput = z.input<typeof supplierInput>;
export const supplierUpdate = supplierInput.omit({ code: true }).extend(versioned);
export const supplier = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  partCount: z.number(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Supplier = z.input<typeof supplier>;
export const supplierListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  active: activeFilter,
});
export type SupplierListQuery = z.input<typeof supplierListQuery>;

// ---------- import / export ----------

export const partsImportReport = z.object({
  kind: z.literal('parts'),
  total: z.number(),
  valid: z.number(),
  invalid: z.number(),
  committed: z.boolean(),
  created: z.number(),
  rows: z.array(
    z.object({
      row: z.number(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
      values: z.record(z.string(), z.unknown()),
    }),
  ),
});

export { idParam };
