import { z } from 'zod';
import {
  idParam,
  optionalDate,
  optionalEmail,
  optionalPhone,
  optionalText,
  requiredText,
  timestamp,
  versioned,
} from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { pageQuery } from '../../lib/pagination.js';

export const customerKinds = ['person', 'organisation'] as const;
export const customerLevels = ['key', 'regular'] as const;
export const productCategories = ['hardware', 'software', 'data', 'integration'] as const;
export const warrantyStatuses = ['in_warranty', 'expiring', 'expired', 'unknown'] as const;
export const contractStates = ['draft', 'upcoming', 'active', 'expired', 'terminated'] as const;
export const activeFilter = z.enum(['true', 'false', 'all']).default('true');

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: i18nMessage('code') });

// ---------- customers (ORG-4) ----------

export const contactInput = z.object({
  id: z.number().int().positive().optional(),
  name: requiredText(50),
  title: optionalText(50),
  phone: optionalPhone,
  mobile: optionalPhone,
  email: optionalEmail,
  isPrimary: z.boolean().default(false),
});

export const customerInput = z.object({
  code: code.optional().or(z.literal('').transform(() => undefined)),
  kind: z.enum(customerKinds),
  name: requiredText(100),
  phone: optionalPhone,
  email: optionalEmail,
  province: optionalText(30),
  city: optionalText(30),
  district: optionalText(30),
  addressDetail: optionalText(200),
  region: optionalText(50),
  level: z.enum(customerLevels).default('regular'),
  stationId: z
    .number({ error: i18nMessage('required') })
    .int()
    .positive(),
  notes: optionalText(2000),
  contacts: z.array(contactInput).max(20).default([]),
});
export const customerUpdate = customerInput.omit({ code: true }).extend(versioned);

export const contact = z.object({
  id: z.number(),
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  isPrimary: z.boolean(),
});

export const customerSummary = z.object({
  id: z.number(),
  code: z.string(),
  kind: z.enum(customerKinds),
  name: z.string(),
  phone: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  addressDetail: z.string().nullable(),
  region: z.string().nullable(),
  level: z.enum(customerLevels),
  stationId: z.number(),
  stationName: z.string().nullable(),
  equipmentCount: z.number(),
  isActive: z.boolean(),
  /** True when personal data in this record is masked for the caller (PPL-4). */
  masked: z.boolean(),
  updatedAt: timestamp,
});
export type CustomerSummary = z.input<typeof customerSummary>;

export const customer = customerSummary.extend({
  email: z.string().nullable(),
  notes: z.string().nullable(),
  contacts: z.array(contact),
  version: z.number(),
  createdAt: timestamp,
});
export type Customer = z.input<typeof customer>;

export const customerListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  stationId: z.coerce.number().int().positive().optional(),
  level: z.enum(customerLevels).optional(),
  kind: z.enum(customerKinds).optional(),
  region: z.string().trim().max(50).optional(),
  active: activeFilter,
  sort: z.enum(['name', 'code', 'createdAt', 'updatedAt']).default('updatedAt'),
});
export type CustomerListQuery = z.input<typeof customerListQuery>;

export const revealedCustomer = z.object({
  phone: z.string().nullable(),
  email: z.string().nullable(),
  addressDetail: z.string().nullable(),
  contacts: z.array(contact.pick({ id: true, phone: true, mobile: true, email: true })),
});

// ---------- product models (ORG-5) ----------

export const productModelInput = z.object({
  code: code,
  name: requiredText(100),
  category: z.enum(productCategories),
  productLine: optionalText(50),
  warrantyMonths: z.number().int().min(0).max(600).optional(),
  description: optionalText(2000),
});
export const productModelUpdate = productModelInput
  .extend({ warrantyMonths: z.number().int().min(0).max(600) })
  .extend(versioned);
export const productModel = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  category: z.enum(productCategories),
  productLine: z.string().nullable(),
  warrantyMonths: z.number(),
  description: z.string().nullable(),
  equipmentCount: z.number(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ProductModel = z.input<typeof productModel>;
export const productModelListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  category: z.enum(productCategories).optional(),
  active: activeFilter,
  sort: z.enum(['code', 'name', 'category', 'createdAt']).default('code'),
});

// ---------- equipment (ORG-6) ----------

export const equipmentInput = z.object({
  serialNo: code.max(64),
  modelId: z
    .number({ error: i18nMessage('required') })
    .int()
    .positive(),
  customerId: z
    .number({ error: i18nMessage('required') })
    .int()
    .positive(),
  projectNo: optionalText(50),
  purchaseDate: optionalDate,
  invoiceNo: optionalText(50),
  deliveryDate: optionalDate,
  acceptanceDate: optionalDate,
  commissioningDate: optionalDate,
  location: optionalText(200),
  warrantyMonthsOverride: z.number().int().min(0).max(600).nullish(),
  notes: optionalText(2000),
});
export const equipmentUpdate = equipmentInput.extend(versioned);

export const equipmentItem = z.object({
  id: z.number(),
  serialNo: z.string(),
  modelId: z.number(),
  modelCode: z.string(),
  modelName: z.string(),
  category: z.enum(productCategories),
  customerId: z.number(),
  customerName: z.string(),
  stationId: z.number(),
  stationName: z.string().nullable(),
  projectNo: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  invoiceNo: z.string().nullable(),
  deliveryDate: z.string().nullable(),
  acceptanceDate: z.string().nullable(),
  commissioningDate: z.string().nullable(),
  location: z.string().nullable(),
  warrantyMonthsOverride: z.number().nullable(),
  warrantyEnd: z.string().nullable(),
  warrantyBasis: z.string().nullable(),
  warrantyStatus: z.enum(warrantyStatuses),
  notes: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type EquipmentItem = z.input<typeof equipmentItem>;

export const equipmentDetail = equipmentItem.extend({
  contracts: z.array(
    z.object({
      id: z.number(),
      contractNo: z.string(),
      title: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      state: z.enum(contractStates),
    }),
  ),
});
export type EquipmentDetail = z.input<typeof equipmentDetail>;

export const equipmentListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(64).optional(),
  serialNo: z.string().trim().max(64).optional(),
  projectNo: z.string().trim().max(50).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  modelId: z.coerce.number().int().positive().optional(),
  category: z.enum(productCategories).optional(),
  stationId: z.coerce.number().int().positive().optional(),
  warranty: z.enum(warrantyStatuses).optional(),
  active: activeFilter,
  sort: z.enum(['serialNo', 'acceptanceDate', 'warrantyEnd', 'createdAt', 'updatedAt']).default('updatedAt'),
});
export type EquipmentListQuery = z.input<typeof equipmentListQuery>;

// ---------- service contracts (ORG-7) ----------

export const contractInput = z
  .object({
    contractNo: code.max(40),
    customerId: z
      .number({ error: i18nMessage('required') })
      .int()
      .positive(),
    title: requiredText(200),
    startsOn: z.iso.date({ error: i18nMessage('date') }),
    endsOn: z.iso.date({ error: i18nMessage('date') }),
    status: z.enum(['draft', 'active']).default('active'),
    scope: optionalText(2000),
    coversParts: z.boolean().default(true),
    coversLabour: z.boolean().default(true),
    coversTravel: z.boolean().default(true),
    extendsWarranty: z.boolean().default(false),
    visitIntervalMonths: z.number().int().min(1).max(60).nullish(),
    amountFen: z.number().int().min(0).nullish(),
    notes: optionalText(2000),
    equipmentIds: z.array(z.number().int().positive()).max(1000).default([]),
    /** SLA-1: the contract's own policy and calendar; null = the default policy / the policy's calendar. */
    slaPolicyId: z.number().int().positive().nullish(),
    calendarId: z.number().int().positive().nullish(),
  })
  .refine((value) => value.endsOn >= value.startsOn, { path: ['endsOn'], error: i18nMessage('dateOrder') });
export const contractUpdate = contractInput.safeExtend(versioned);

export const contract = z.object({
  id: z.number(),
  contractNo: z.string(),
  customerId: z.number(),
  customerName: z.string(),
  stationId: z.number(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(['draft', 'active', 'terminated']),
  state: z.enum(contractStates),
  scope: z.string().nullable(),
  coversParts: z.boolean(),
  coversLabour: z.boolean(),
  coversTravel: z.boolean(),
  extendsWarranty: z.boolean(),
  slaPolicyId: z.number().nullable(),
  calendarId: z.number().nullable(),
  visitIntervalMonths: z.number().nullable(),
  amountFen: z.number().nullable(),
  notes: z.string().nullable(),
  equipmentIds: z.array(z.number()),
  isActive: z.boolean(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Contract = z.input<typeof contract>;

export const contractListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  stationId: z.coerce.number().int().positive().optional(),
  state: z.enum(contractStates).optional(),
  sort: z.enum(['contractNo', 'startsOn', 'endsOn', 'createdAt']).default('endsOn'),
});
export const terminateBody = z.object({ version: z.number().int().positive(), reason: requiredText(500) });

// ---------- import / export (ORG-8) ----------

export const importKinds = ['customers', 'equipment', 'product-models'] as const;
export const importKindParam = z.object({ kind: z.enum(importKinds) });
export const exportFormat = z.enum(['xlsx', 'csv']).default('xlsx');
export const importReport = z.object({
  kind: z.enum(importKinds),
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
export type ImportReport = z.input<typeof importReport>;

export { idParam };
