/** FBK-3 return visits: the API contract (shared with the web app). */
import { z } from 'zod';
import { optionalText, requiredText, timestamp } from '../../lib/contract.js';
import { pageOf } from '../../lib/pagination.js';

// Same values as return-visits.table.ts (kept here so the web bundle does not pull in Drizzle).
export const returnVisitRules = [
  'after_remote',
  'after_repair',
  'warranty_on_site',
  'post_warranty_on_site',
  'monthly_phone',
  'customer_minimum',
  'key_annual',
  'survey_follow_up',
  'complaint_follow_up',
  'manual',
] as const;
export const returnVisitMethods = ['phone', 'on_site'] as const;
export const returnVisitStatuses = ['open', 'done', 'cancelled'] as const;
export const returnVisitOutcomes = ['satisfied', 'issue_found', 'unhappy', 'no_answer', 'wrong_number'] as const;
/** Queue filter on the due time: overdue, due today, within 7 days, or any. */
export const returnVisitDueFilters = ['overdue', 'today', 'week', 'all'] as const;

export type ReturnVisitRuleValue = (typeof returnVisitRules)[number];
export type ReturnVisitOutcomeValue = (typeof returnVisitOutcomes)[number];

/** `GET /api/return-visits` */
export const returnVisitListQuery = z.object({
  status: z.enum(returnVisitStatuses).default('open'),
  due: z.enum(returnVisitDueFilters).default('all'),
  rule: z.enum(returnVisitRules).optional(),
  method: z.enum(returnVisitMethods).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const returnVisit = z.object({
  id: z.number(),
  rule: z.enum(returnVisitRules),
  method: z.enum(returnVisitMethods),
  status: z.enum(returnVisitStatuses),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueAt: timestamp,
  isOverdue: z.boolean(),
  stationId: z.number(),
  stationName: z.string().nullable(),
  customerId: z.number(),
  customerName: z.string(),
  customerLevel: z.enum(['key', 'regular']),
  /** The number to call: the ticket's contact, else the customer's phone (masked for roles that see masked data). */
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  equipmentId: z.number().nullable(),
  serialNo: z.string().nullable(),
  modelName: z.string().nullable(),
  ticketId: z.number().nullable(),
  ticketNumber: z.string().nullable(),
  reason: z.string().nullable(),
  attempts: z.number(),
  outcome: z.enum(returnVisitOutcomes).nullable(),
  notes: z.string().nullable(),
  completedAt: timestamp.nullable(),
  completedByName: z.string().nullable(),
  complaintId: z.number().nullable(),
  followUpTicketId: z.number().nullable(),
  /** Key-customer annual visits only. */
  needsReport: z.boolean(),
  reportDueAt: timestamp.nullable(),
  report: z.string().nullable(),
  reportSubmittedAt: timestamp.nullable(),
  version: z.number(),
});
export type ReturnVisit = z.output<typeof returnVisit>;
export const returnVisitList = pageOf(returnVisit);

const expectedVersion = z.number().int().positive();

/** `POST /api/return-visits/:id/outcome` */
export const returnVisitOutcomeInput = z.object({
  outcome: z.enum(returnVisitOutcomes),
  notes: optionalText(2000),
  /** 'issue found': the ticket opened for it, when the agent already created one. */
  followUpTicketId: z.number().int().positive().nullish(),
  version: expectedVersion,
});
export type ReturnVisitOutcomeInput = z.input<typeof returnVisitOutcomeInput>;

/** `POST /api/return-visits/:id/report` — the visit report of a key-customer annual visit. */
export const returnVisitReportInput = z.object({ report: requiredText(10_000), version: expectedVersion });
export type ReturnVisitReportInput = z.input<typeof returnVisitReportInput>;

/** `POST /api/return-visits/generate` answers how many visits each rule added. */
export const generationResult = z.object({
  created: z.record(z.string(), z.number()),
  total: z.number(),
  from: z.string(),
  to: z.string(),
  tookMs: z.number(),
});
export type GenerationResult = z.input<typeof generationResult>;
