/**
 * The loaner API contract (DSP-7, SLA-4): a station's pool of loaner units (备用机) and the loans
 * of them to a ticket's customer. zod schemas shared by the server and the web app; enumerations are
 * repeated here (same values as parts.table.ts) so the web bundle does not pull in Drizzle.
 */
import { z } from 'zod';
import { idParam, optionalText, requiredText, timestamp } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { pageOf, pageQuery } from '../../lib/pagination.js';

export { idParam };

export const loanerStatuses = ['available', 'lent', 'repair', 'retired'] as const;
/** What a user may set by hand; `lent` follows from lending and returning only. */
export const settableLoanerStatuses = ['available', 'repair', 'retired'] as const;
export const loanerConditions = ['good', 'worn', 'damaged'] as const;
export const loanStatuses = ['lent', 'returned'] as const;

export type LoanerStatus = (typeof loanerStatuses)[number];
export type LoanerCondition = (typeof loanerConditions)[number];

const positiveId = z
  .number({ error: i18nMessage('required') })
  .int({ error: i18nMessage('positiveInt') })
  .positive({ error: i18nMessage('positiveInt') });
const booleanQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();

// ---------- loaner units ----------

export const loanerUnitInput = z.object({
  assetNo: requiredText(40),
  /** Station roles may leave it out: their own station. */
  stationId: positiveId.optional(),
  modelId: positiveId.nullish(),
  serialNo: optionalText(80),
  description: optionalText(500),
  condition: z.enum(loanerConditions).default('good'),
});
export const loanerUnitUpdate = z.object({
  assetNo: requiredText(40).optional(),
  modelId: positiveId.nullish(),
  serialNo: optionalText(80),
  description: optionalText(500),
  condition: z.enum(loanerConditions).optional(),
  status: z.enum(settableLoanerStatuses).optional(),
  version: z
    .number({ error: i18nMessage('required') })
    .int()
    .positive(),
});

export const currentLoan = z.object({
  id: z.number(),
  ticketId: z.number(),
  ticketNumber: z.string().nullable(),
  customerName: z.string(),
  lentAt: timestamp,
  dueBackAt: timestamp.nullable(),
  isOverdue: z.boolean(),
});

export const loanerUnit = z.object({
  id: z.number(),
  assetNo: z.string(),
  stationId: z.number(),
  stationName: z.string(),
  modelId: z.number().nullable(),
  modelCode: z.string().nullable(),
  modelName: z.string().nullable(),
  serialNo: z.string().nullable(),
  description: z.string().nullable(),
  status: z.enum(loanerStatuses),
  condition: z.enum(loanerConditions),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
  currentLoan: currentLoan.nullable(),
});
export type LoanerUnit = z.input<typeof loanerUnit>;

export const loanerUnitListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  stationId: z.coerce.number().int().positive().optional(),
  status: z.enum(loanerStatuses).optional(),
  modelId: z.coerce.number().int().positive().optional(),
  /** Active units only unless false. */
  active: booleanQuery,
  ...pageQuery,
});
export const loanerUnitList = pageOf(loanerUnit);

// ---------- loans ----------

export const lendInput = z.object({
  ticketId: positiveId,
  loanerUnitId: positiveId,
  /** When the unit should be back; must be later than now. */
  dueBackAt: timestamp.nullish(),
  /** The unit's condition as it leaves; default its recorded condition. */
  conditionOut: z.enum(loanerConditions).optional(),
});

export const returnInput = z.object({
  conditionBack: z.enum(loanerConditions, { error: i18nMessage('required') }),
  note: optionalText(1000),
  /** The loan version the client loaded (optional; stale → 409). */
  version: z.number().int().positive().optional(),
});

export const loan = z.object({
  id: z.number(),
  loanerUnitId: z.number(),
  assetNo: z.string(),
  modelName: z.string().nullable(),
  serialNo: z.string().nullable(),
  ticketId: z.number(),
  ticketNumber: z.string().nullable(),
  customerId: z.number(),
  customerName: z.string(),
  stationId: z.number(),
  stationName: z.string(),
  taskId: z.number().nullable(),
  status: z.enum(loanStatuses),
  lentAt: timestamp,
  lentBy: z.number(),
  lentByName: z.string(),
  dueBackAt: timestamp.nullable(),
  conditionOut: z.enum(loanerConditions),
  returnedAt: timestamp.nullable(),
  receivedBy: z.number().nullable(),
  receivedByName: z.string().nullable(),
  conditionBack: z.enum(loanerConditions).nullable(),
  returnNote: z.string().nullable(),
  isOverdue: z.boolean(),
  version: z.number(),
});
export type Loan = z.input<typeof loan>;

export const loanListQuery = z.object({
  stationId: z.coerce.number().int().positive().optional(),
  ticketId: z.coerce.number().int().positive().optional(),
  loanerUnitId: z.coerce.number().int().positive().optional(),
  status: z.enum(loanStatuses).optional(),
  /** Lent and past their due-back time (most overdue first). */
  overdue: booleanQuery,
  ...pageQuery,
});
export const loanList = pageOf(loan);

export type LoanerUnitInput = z.input<typeof loanerUnitInput>;
export type LoanerUnitUpdate = z.input<typeof loanerUnitUpdate>;
export type LoanerUnitList = z.input<typeof loanerUnitList>;
export type LendInput = z.input<typeof lendInput>;
export type ReturnInput = z.input<typeof returnInput>;
export type LoanList = z.input<typeof loanList>;
