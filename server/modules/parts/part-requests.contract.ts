/**
 * API contract of parts on tickets and faulty-part returns (PRT-3, PRT-6, DSP-4): zod schemas shared
 * by the server and the web app. Enumerations are repeated here (not imported from the tables) so
 * the web bundle does not pull in Drizzle.
 */
import { z } from 'zod';
import { optionalText, requiredText, timestamp } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';

export const chargeKindValues = ['warranty', 'customer_bought'] as const;
export const partRequestStatusList = ['requested', 'reserved', 'issued', 'consumed', 'returned', 'cancelled'] as const;
export const faultyReturnStatusList = ['due', 'received', 'inspected', 'closed'] as const;
export const responsibilityValues = ['ours', 'customer', 'supplier'] as const;
export const dispositionValues = ['repair', 'scrap', 'return_to_supplier'] as const;

export type ChargeKindValue = (typeof chargeKindValues)[number];
export type PartRequestStatusValue = (typeof partRequestStatusList)[number];
export type FaultyReturnStatusValue = (typeof faultyReturnStatusList)[number];

const id = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive({ error: i18nMessage('positiveInt') });
const quantity = z
  .number({ error: i18nMessage('required') })
  .int({ error: i18nMessage('positiveInt') })
  .positive({ error: i18nMessage('positiveInt') })
  .max(100_000);
const count = z
  .number({ error: i18nMessage('required') })
  .int({ error: i18nMessage('positiveInt') })
  .min(0)
  .max(100_000);
const version = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive();
const serialNo = z
  .string()
  .trim()
  .max(64, { error: i18nMessage('tooLong') })
  .transform((value) => (value === '' ? null : value))
  .nullish();

// ---------- part requests ----------

/** `POST /api/tickets/:id/part-requests` */
export const partRequestCreateInput = z.object({
  partId: id,
  quantity,
  /** Default: 三包件 when the equipment is in warranty, else 客户购买件. */
  chargeKind: z.enum(chargeKindValues).optional(),
  /** Where it should come from (default: chosen by the parts keeper). */
  warehouseId: id.nullish(),
  visitId: id.nullish(),
  note: optionalText(500),
});
export type PartRequestCreateInput = z.input<typeof partRequestCreateInput>;

/** `POST /api/tickets/:id/parts/issue` — the parts keeper hands out a part without a prior request. */
export const directIssueInput = z.object({
  partId: id,
  warehouseId: id,
  quantity,
  chargeKind: z.enum(chargeKindValues).optional(),
  visitId: id.nullish(),
  note: optionalText(500),
});
export type DirectIssueInput = z.input<typeof directIssueInput>;

/** reserve / issue: the warehouse may be chosen (or changed before anything is reserved). */
export const partRequestStockInput = z.object({ version, warehouseId: id.nullish() });
export type PartRequestStockInput = z.input<typeof partRequestStockInput>;

/** `POST /api/part-requests/:id/consume` — what was used on site and what comes back. */
export const partRequestConsumeInput = z.object({
  version,
  consumedQuantity: count,
  /** Default: everything issued and not consumed. */
  returnedQuantity: count.nullish(),
  /** Serialised parts: the serial taken out of the equipment and the one put in. */
  removedSerialNo: serialNo,
  installedSerialNo: serialNo,
  /** Whether the part replaced a faulty one that must come back (default: warranty parts except consumables). */
  replacedFaulty: z.boolean().nullish(),
  visitId: id.nullish(),
  note: optionalText(500),
});
export type PartRequestConsumeInput = z.input<typeof partRequestConsumeInput>;

export const partRequestNoteInput = z.object({ version, note: optionalText(500) });
export type PartRequestNoteInput = z.input<typeof partRequestNoteInput>;

export const partRequestListQuery = z.object({
  status: z.enum(partRequestStatusList).optional(),
  /** `open`: requested, reserved or issued (the parts keeper's queue). */
  open: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  warehouseId: z.coerce.number().int().positive().optional(),
  stationId: z.coerce.number().int().positive().optional(),
  ticketId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type PartRequestListQuery = z.input<typeof partRequestListQuery>;

export const partRequest = z.object({
  id: z.number(),
  ticketId: z.number(),
  ticketNumber: z.string(),
  ticketStatus: z.string(),
  stationId: z.number(),
  visitId: z.number().nullable(),
  visitNumber: z.string().nullable(),
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  partSpec: z.string().nullable(),
  unit: z.string(),
  serialised: z.boolean(),
  warehouseId: z.number().nullable(),
  warehouseCode: z.string().nullable(),
  warehouseName: z.string().nullable(),
  quantity: z.number(),
  issuedQuantity: z.number(),
  consumedQuantity: z.number(),
  returnedQuantity: z.number(),
  chargeKind: z.enum(chargeKindValues),
  unitPriceFen: z.number().nullable(),
  status: z.enum(partRequestStatusList),
  removedSerialNo: z.string().nullable(),
  installedSerialNo: z.string().nullable(),
  equipmentId: z.number().nullable(),
  note: z.string().nullable(),
  requestedBy: z.number(),
  requestedByName: z.string(),
  requestedAt: timestamp,
  issuedBy: z.number().nullable(),
  issuedByName: z.string().nullable(),
  issuedAt: timestamp.nullable(),
  consumedAt: timestamp.nullable(),
  faultyReturnId: z.number().nullable(),
  version: z.number(),
});
export type PartRequest = z.input<typeof partRequest>;
export const partRequestList = z.object({ items: z.array(partRequest) });
export type PartRequestList = z.input<typeof partRequestList>;

/** The answer of a direct issue (lean: the benchmark's hot path). */
export const directIssueResult = z.object({
  id: z.number(),
  ticketId: z.number(),
  ticketNumber: z.string(),
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  warehouseId: z.number().nullable(),
  quantity: z.number(),
  issuedQuantity: z.number(),
  chargeKind: z.enum(chargeKindValues),
  unitPriceFen: z.number().nullable(),
  status: z.enum(partRequestStatusList),
  issuedAt: timestamp.nullable(),
  version: z.number(),
});
export type DirectIssueResult = z.input<typeof directIssueResult>;

export const partOptionsQuery = z.object({
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const partOption = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  serialised: z.boolean(),
  /** Fits the ticket's product model (part_fits). */
  fits: z.boolean(),
  /** Good stock on hand minus reserved in the ticket's station. */
  available: z.number(),
});
export type PartOption = z.input<typeof partOption>;
export const partOptionList = z.object({ items: z.array(partOption) });
export type PartOptionList = z.input<typeof partOptionList>;

/** A consumed catalogue part as it appears on the field service and repair records (DSP-5). */
export const consumedPartLine = z.object({
  partRequestId: z.number(),
  visitId: z.number().nullable(),
  code: z.string(),
  name: z.string(),
  quantity: z.number(),
  kind: z.enum(chargeKindValues),
  unitPriceFen: z.number().nullable(),
  removedSerialNo: z.string().nullable(),
  installedSerialNo: z.string().nullable(),
});
export type ConsumedPartLine = z.input<typeof consumedPartLine>;

// ---------- faulty-part returns (PRT-6) ----------

export const faultyReturnListQuery = z.object({
  status: z.enum(faultyReturnStatusList).optional(),
  /** Only due returns whose time has passed. */
  overdue: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  stationId: z.coerce.number().int().positive().optional(),
  ticketId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type FaultyReturnListQuery = z.input<typeof faultyReturnListQuery>;

export const faultyReceiveInput = z.object({
  version,
  warehouseId: id,
  serialNo,
  note: optionalText(500),
});
export type FaultyReceiveInput = z.input<typeof faultyReceiveInput>;

export const faultyInspectInput = z.object({
  version,
  defectDescription: requiredText(2000),
  cause: requiredText(2000),
  disposition: z.enum(dispositionValues, { error: i18nMessage('required') }),
  responsibility: z.enum(responsibilityValues, { error: i18nMessage('required') }),
  supplierId: id.nullish(),
  /** What the customer is charged when the fault is theirs (fen). */
  chargeFen: z.number().int().min(0).max(1_000_000_000).nullish(),
});
export type FaultyInspectInput = z.input<typeof faultyInspectInput>;

export const faultyCloseInput = z.object({ version, note: optionalText(500) });
export type FaultyCloseInput = z.input<typeof faultyCloseInput>;

export const faultyReturn = z.object({
  id: z.number(),
  partRequestId: z.number(),
  ticketId: z.number(),
  ticketNumber: z.string(),
  customerName: z.string(),
  modelName: z.string().nullable(),
  equipmentSerialNo: z.string().nullable(),
  stationId: z.number(),
  stationName: z.string(),
  partId: z.number(),
  partCode: z.string(),
  partName: z.string(),
  partSpec: z.string().nullable(),
  unit: z.string(),
  quantity: z.number(),
  serialNo: z.string().nullable(),
  engineerId: z.number().nullable(),
  engineerName: z.string().nullable(),
  status: z.enum(faultyReturnStatusList),
  dueAt: timestamp,
  overdue: z.boolean(),
  receivedAt: timestamp.nullable(),
  receivedByName: z.string().nullable(),
  warehouseId: z.number().nullable(),
  warehouseName: z.string().nullable(),
  ncrNumber: z.string().nullable(),
  defectDescription: z.string().nullable(),
  cause: z.string().nullable(),
  disposition: z.enum(dispositionValues).nullable(),
  responsibility: z.enum(responsibilityValues).nullable(),
  supplierId: z.number().nullable(),
  supplierName: z.string().nullable(),
  chargeFen: z.number().nullable(),
  inspectedByName: z.string().nullable(),
  inspectedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  version: z.number(),
});
export type FaultyReturn = z.input<typeof faultyReturn>;
export const faultyReturnList = z.object({ items: z.array(faultyReturn) });
export type FaultyReturnList = z.input<typeof faultyReturnList>;
