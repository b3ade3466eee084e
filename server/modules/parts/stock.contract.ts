/**
 * Warehouses, stock and the ledger on the wire (PRT-2, PRT-3): stock views, the ledger (台账),
 * receipts with acceptance inspection (验收), transfers, scrap and mailing a part to a customer.
 */
import { z } from 'zod';
import { isoDate, optionalText, requiredText, timestamp, versioned } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { pageQuery } from '../../lib/pagination.js';

/** Same values as parts.table.ts (kept here so the web bundle does not import the tables). */
export const warehouseKinds = ['station', 'van'] as const;
export const stockConditions = ['good', 'defective'] as const;
export const chargeKinds = ['warranty', 'customer_bought'] as const;
export const movementKinds = [
  'receipt',
  'reserve',
  'unreserve',
  'issue',
  'return',
  'transfer_out',
  'transfer_in',
  'mail',
  'scrap',
  'adjustment',
  'defective_in',
  'defective_out',
] as const;
export const transferStatuses = ['in_transit', 'received', 'cancelled'] as const;

const code = z
  .string({ error: i18nMessage('required') })
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/, { error: i18nMessage('code') });
const id = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive();
const positive = z
  .number({ error: i18nMessage('required') })
  .int({ error: i18nMessage('positiveInt') })
  .min(1, { error: i18nMessage('positiveInt') })
  .max(1_000_000);
const count = z
  .number({ error: i18nMessage('required') })
  .int()
  .min(0)
  .max(1_000_000);
const booleanQuery = z.enum(['true', 'false']).optional();

// ---------- warehouses ----------

export const warehouseInput = z.object({
  code,
  name: requiredText(100),
  stationId: id,
  kind: z.enum(warehouseKinds).default('station'),
  /** The engineer whose van stock it is (van only). */
  engineerId: id.nullish(),
  address: optionalText(200),
});
export type WarehouseInput = z.input<typeof warehouseInput>;
/** Code, station and kind identify where stock is: they do not change. */
export const warehouseUpdate = z
  .object({ name: requiredText(100), engineerId: id.nullish(), address: optionalText(200) })
  .extend(versioned);

export const warehouse = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  stationId: z.number(),
  stationName: z.string(),
  kind: z.enum(warehouseKinds),
  engineerId: z.number().nullable(),
  engineerName: z.string().nullable(),
  address: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Warehouse = z.input<typeof warehouse>;
export const warehouseListQuery = z.object({
  ...pageQuery,
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(50).optional(),
  stationId: z.coerce.number().int().positive().optional(),
  kind: z.enum(warehouseKinds).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  /** `true`: active warehouses of every station, as transfer targets (any caller may ship to them). */
  targets: z.enum(['true', 'false']).default('false'),
});
export type WarehouseListQuery = z.input<typeof warehouseListQuery>;

/**
 * Who may keep a van stock of a station: its active engineers, by id and name only — what the
 * warehouse form needs, without the user list (phone, email, roles) that only user managers read.
 */
export const vanEngineerQuery = z.object({ stationId: z.coerce.number().int().positive() });
export const vanEngineerList = z.object({
  items: z.array(z.object({ id: z.number(), displayName: z.string() })),
});
export type VanEngineerList = z.input<typeof vanEngineerList>;

// ---------- stock views ----------

export const partStockRow = z.object({
  warehouseId: z.number(),
  warehouseCode: z.string(),
  warehouseName: z.string(),
  warehouseKind: z.enum(warehouseKinds),
  stationId: z.number(),
  stationName: z.string(),
  onHand: z.number(),
  reserved: z.number(),
  available: z.number(),
  defective: z.number(),
  /** Good units shipped to this warehouse by open transfers. */
  inTransit: z.number(),
});
export const partStock = z.object({
  partId: z.number(),
  items: z.array(partStockRow),
  totals: partStockRow.pick({ onHand: true, reserved: true, available: true, defective: true, inTransit: true }),
});
export type PartStock = z.input<typeof partStock>;

export const warehouseStockQuery = z.object({
  q: z.string().trim().max(50).optional(),
  /** Only parts whose available good stock is at or below their reorder point. */
  belowReorder: booleanQuery,
  /** Good stock (default) or defective stock rows. */
  condition: z.enum(stockConditions).default('good'),
  /** Keyset cursor: the last part code of the previous page. */
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type WarehouseStockQuery = z.input<typeof warehouseStockQuery>;
export const warehouseStockRow = z.object({
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  condition: z.enum(stockConditions),
  onHand: z.number(),
  reserved: z.number(),
  available: z.number(),
  reorderPoint: z.number(),
  belowReorder: z.boolean(),
  lastMovementAt: timestamp.nullable(),
});
export const warehouseStock = z.object({
  warehouseId: z.number(),
  items: z.array(warehouseStockRow),
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type WarehouseStock = z.input<typeof warehouseStock>;

// ---------- ledger ----------

export const ledgerQuery = z.object({
  warehouseId: z.coerce.number().int().positive().optional(),
  partId: z.coerce.number().int().positive().optional(),
  kind: z.enum(movementKinds).optional(),
  ticketId: z.coerce.number().int().positive().optional(),
  transferId: z.coerce.number().int().positive().optional(),
  condition: z.enum(stockConditions).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Keyset cursor: entries with a smaller id than this (the previous page's last id). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LedgerQuery = z.input<typeof ledgerQuery>;
export const ledgerEntry = z.object({
  id: z.number(),
  at: timestamp,
  kind: z.enum(movementKinds),
  warehouseId: z.number(),
  warehouseCode: z.string(),
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  condition: z.enum(stockConditions),
  quantity: z.number(),
  reservedDelta: z.number(),
  balanceAfter: z.number(),
  unitCostFen: z.number().nullable(),
  chargeKind: z.enum(chargeKinds).nullable(),
  ticketId: z.number().nullable(),
  ticketNumber: z.string().nullable(),
  transferId: z.number().nullable(),
  transferNumber: z.string().nullable(),
  partRequestId: z.number().nullable(),
  purchaseRequestId: z.number().nullable(),
  stocktakeId: z.number().nullable(),
  faultyReturnId: z.number().nullable(),
  serialNo: z.string().nullable(),
  actorId: z.number(),
  actorName: z.string(),
  note: z.string().nullable(),
});
export type LedgerEntry = z.input<typeof ledgerEntry>;
export const ledgerPage = z.object({ items: z.array(ledgerEntry), nextCursor: z.number().nullable() });

// ---------- movements ----------

export const receiptLineInput = z.object({
  partId: id,
  receivedQuantity: positive,
  acceptedQuantity: count,
  rejectedQuantity: count.default(0),
  rejectReason: optionalText(200),
  unitCostFen: z.number().int().min(0).max(1_000_000_000).nullish(),
});
export const receiptInput = z.object({
  warehouseId: id,
  supplierId: id.nullish(),
  /** The supplier's delivery note (送货单) or other paper reference. */
  reference: optionalText(64),
  note: optionalText(500),
  lines: z
    .array(receiptLineInput)
    .min(1, { error: i18nMessage('required') })
    .max(200),
});
export type ReceiptInput = z.input<typeof receiptInput>;
export const postedEntry = z.object({
  ledgerId: z.number(),
  partId: z.number(),
  warehouseId: z.number(),
  condition: z.enum(stockConditions),
  onHand: z.number(),
  reserved: z.number(),
});
export const receiptResult = z.object({ number: z.string(), entries: z.array(postedEntry) });

export const scrapInput = z.object({
  warehouseId: id,
  partId: id,
  condition: z.enum(stockConditions).default('defective'),
  quantity: positive,
  reason: requiredText(200),
});
export type ScrapInput = z.input<typeof scrapInput>;

export const mailInput = z.object({
  warehouseId: id,
  partId: id,
  ticketId: id,
  quantity: positive,
  chargeKind: z.enum(chargeKinds),
  /** Courier and tracking number (快递单号). */
  trackingNo: optionalText(64),
  note: optionalText(500),
});
export type MailInput = z.input<typeof mailInput>;
export const movementResult = z.object({ entry: postedEntry });

// ---------- transfers ----------

export const transferLineInput = z.object({
  partId: id,
  condition: z.enum(stockConditions).default('good'),
  quantity: positive,
});
export const transferInput = z.object({
  fromWarehouseId: id,
  toWarehouseId: id,
  note: optionalText(500),
  lines: z
    .array(transferLineInput)
    .min(1, { error: i18nMessage('required') })
    .max(200),
});
export type TransferInput = z.input<typeof transferInput>;
export const transferAction = z.object(versioned);

export const transferLine = z.object({
  id: z.number(),
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  unit: z.string(),
  condition: z.enum(stockConditions),
  quantity: z.number(),
});
export const transferSummary = z.object({
  id: z.number(),
  number: z.string(),
  fromWarehouseId: z.number(),
  fromWarehouseName: z.string(),
  /** The source station ships and cancels; the target station receives. */
  fromStationId: z.number(),
  toWarehouseId: z.number(),
  toWarehouseName: z.string(),
  toStationId: z.number(),
  status: z.enum(transferStatuses),
  note: z.string().nullable(),
  lineCount: z.number(),
  totalQuantity: z.number(),
  shippedBy: z.number(),
  shippedByName: z.string(),
  shippedAt: timestamp,
  receivedBy: z.number().nullable(),
  receivedByName: z.string().nullable(),
  receivedAt: timestamp.nullable(),
  version: z.number(),
});
export type TransferSummary = z.input<typeof transferSummary>;
export const transfer = transferSummary.extend({ lines: z.array(transferLine) });
export type Transfer = z.input<typeof transfer>;
export const transferListQuery = z.object({
  ...pageQuery,
  order: z.enum(['asc', 'desc']).default('desc'),
  q: z.string().trim().max(50).optional(),
  status: z.enum(transferStatuses).optional(),
  warehouseId: z.coerce.number().int().positive().optional(),
  /** Transfers coming in to (`in`) or going out of (`out`) the given warehouse. */
  direction: z.enum(['in', 'out']).optional(),
});
export type TransferListQuery = z.input<typeof transferListQuery>;
