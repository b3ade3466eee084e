import { z } from 'zod';
import { optionalPhone, optionalText, requiredText, timestamp } from '../../lib/contract.js';
import { pageOf, pageQuery } from '../../lib/pagination.js';
/** Where a complaint came from (FBK-2): any channel, a survey with a low score, or a return visit. */
export const complaintChannels = ['phone', 'email', 'web', 'walk_in', 'survey', 'return_visit'] as const;
/**
 * The categories of 003 第六条 (四) ①–⑥, plus product quality (质量异常, handed to the quality
 * department).
 */
export const complaintCategories = [
  'non_quality',
  'negligence',
  'attitude',
  'slow_repair',
  'price_too_high',
  'repair_still_faulty',
  'product_quality',
] as const;
export const complaintSeverities = ['normal', 'major'] as const;
/** See complaints.rules.ts for the edges. */
export const complaintStatuses = [
  'draft',
  'recorded',
  'contacted',
  'investigating',
  'solution_proposed',
  'approved',
  'replied',
  'feedback_recorded',
  'closed',
  'withdrawn',
] as const;
export const complaintResponsibilities = [
  'engineer',
  'station',
  'product',
  'supplier',
  'customer',
  'other',
  'none',
] as const;
export const handlingSatisfactions = ['satisfied', 'fair', 'dissatisfied'] as const;
export const complaintEventKinds = ['created', 'transition', 'escalated', 'handed_over', 'note'] as const;

const id = z.number().int().positive();

/** Recording a complaint from any channel (FBK-2). The customer is taken from the ticket when one is given. */
export const complaintCreateInput = z
  .object({
    channel: z.enum(complaintChannels),
    category: z.enum(complaintCategories),
    severity: z.enum(complaintSeverities).default('normal'),
    customerId: id.optional(),
    ticketId: id.optional(),
    equipmentId: id.optional(),
    engineerId: id.optional(),
    contactName: optionalText(100),
    contactPhone: optionalPhone,
    description: requiredText(4000),
    handlerId: id.optional(),
  })
  .refine((input) => input.customerId !== undefined || input.ticketId !== undefined, {
    path: ['customerId'],
    message: 'i18n:required',
  });
export type ComplaintCreateInput = z.input<typeof complaintCreateInput>;

const version = z.number().int().positive();
const note = optionalText(2000);

/** One step of the flow; the fields each step needs are required by its schema (400 names them). */
export const complaintTransitionInput = z.discriminatedUnion('to', [
  z.object({
    to: z.literal('recorded'),
    version,
    category: z.enum(complaintCategories),
    severity: z.enum(complaintSeverities).default('normal'),
    description: requiredText(4000).optional(),
    note,
  }),
  z.object({ to: z.literal('withdrawn'), version, note: requiredText(2000) }),
  z.object({ to: z.literal('contacted'), version, note: requiredText(2000) }),
  z.object({ to: z.literal('investigating'), version, responsibleDepartmentId: id.optional(), note }),
  z.object({
    to: z.literal('solution_proposed'),
    version,
    rootCause: requiredText(4000),
    responsibility: z.enum(complaintResponsibilities),
    solution: requiredText(4000),
    note,
  }),
  z.object({ to: z.literal('approved'), version, note }),
  z.object({ to: z.literal('replied'), version, reply: requiredText(4000), note }),
  z.object({
    to: z.literal('feedback_recorded'),
    version,
    handlingSatisfaction: z.enum(handlingSatisfactions),
    note,
  }),
  z.object({ to: z.literal('closed'), version, note }),
]);
export type ComplaintTransitionInput = z.input<typeof complaintTransitionInput>;

export const complaintListQuery = z.object({
  ...pageQuery,
  order: z.enum(['asc', 'desc']).default('desc'),
  status: z.enum([...complaintStatuses, 'open']).optional(),
  category: z.enum(complaintCategories).optional(),
  stationId: z.coerce.number().int().positive().optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
  ticketId: z.coerce.number().int().positive().optional(),
});

export const complaint = z.object({
  id: z.number(),
  number: z.string(),
  stationId: z.number(),
  stationName: z.string(),
  channel: z.enum(complaintChannels),
  category: z.enum(complaintCategories).nullable(),
  severity: z.enum(complaintSeverities),
  status: z.enum(complaintStatuses),
  customerId: z.number(),
  customerName: z.string(),
  ticketId: z.number().nullable(),
  ticketNumber: z.string().nullable(),
  equipmentId: z.number().nullable(),
  engineerId: z.number().nullable(),
  engineerName: z.string().nullable(),
  surveyId: z.number().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  description: z.string(),
  handlerId: z.number().nullable(),
  handlerName: z.string().nullable(),
  responsibleDepartmentId: z.number().nullable(),
  responsibleDepartmentName: z.string().nullable(),
  rootCause: z.string().nullable(),
  responsibility: z.enum(complaintResponsibilities).nullable(),
  solution: z.string().nullable(),
  approvedBy: z.number().nullable(),
  approvedAt: timestamp.nullable(),
  reply: z.string().nullable(),
  handlingSatisfaction: z.enum(handlingSatisfactions).nullable(),
  recordedAt: timestamp,
  contactedAt: timestamp.nullable(),
  reportDueAt: timestamp,
  reportedAt: timestamp.nullable(),
  repliedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  stepStartedAt: timestamp,
  stepDueAt: timestamp.nullable(),
  overdue: z.boolean(),
  escalationLevel: z.number(),
  allowedMoves: z.array(z.enum(complaintStatuses)),
  /** Roles that may approve the solution (station manager; executive for a major complaint). */
  approverRoles: z.array(z.string()),
  version: z.number(),
});
export type Complaint = z.output<typeof complaint>;
export const complaintList = pageOf(complaint);

export const complaintEvent = z.object({
  id: z.number(),
  at: timestamp,
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  kind: z.enum(complaintEventKinds),
  fromStatus: z.enum(complaintStatuses).nullable(),
  toStatus: z.enum(complaintStatuses).nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export const complaintTimeline = z.object({ items: z.array(complaintEvent) });
