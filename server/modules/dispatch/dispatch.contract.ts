/**
 * The dispatch and field-work API contract (DSP-1, 2, 4, 5): zod schemas shared by the server and
 * the web app. Enumerations live here so the web bundle does not pull in Drizzle.
 */
import { z } from 'zod';
import { idParam, isoDate, optionalText, requiredText, timestamp } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';
import { consumedPartLine } from '../parts/part-requests.contract.js';
import { serviceModes, ticketStatuses, ticketTypes } from '../tickets/tickets.contract.js';

export { idParam };

export const assignmentStatuses = ['offered', 'accepted', 'declined', 'withdrawn', 'completed'] as const;
export const assignmentRoles = ['lead', 'assistant'] as const;
export const visitStatuses = ['planned', 'travelling', 'on_site', 'checked_out', 'cancelled'] as const;
export const visitResults = ['done', 'not_done'] as const;
export const notDoneNextStatuses = ['waiting_parts', 'waiting_customer', 'in_progress'] as const;
export const partKinds = ['warranty', 'customer_bought'] as const;
export const productDamages = ['none', 'some', 'severe'] as const;
export const siteTidiness = ['good', 'poor'] as const;
export const customerSatisfactions = ['satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
export const reasonEffects = ['positive', 'negative', 'blocking', 'neutral'] as const;
export const taskSteps = [
  'accept',
  'start_travel',
  'check_in',
  'start_work',
  'record',
  'work_remotely',
  'waiting',
  'finished',
] as const;

export type AssignmentStatus = (typeof assignmentStatuses)[number];
export type VisitStatusValue = (typeof visitStatuses)[number];
export type TaskStepValue = (typeof taskSteps)[number];

const positiveId = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive({ error: i18nMessage('positiveInt') });
const expectedVersion = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive();

// ---------- suggestions (DSP-1) ----------

export const suggestionsQuery = z.object({
  /** Expected arrival (ISO 8601); leave and qualification are checked at this time. Default: now. */
  at: timestamp.optional(),
});

export const suggestionReason = z.object({
  code: z.string(),
  effect: z.enum(reasonEffects),
  zh: z.string(),
  en: z.string(),
});
export const engineerSuggestion = z.object({
  engineerId: z.number(),
  displayName: z.string(),
  phone: z.string().nullable(),
  stationId: z.number(),
  stationName: z.string(),
  departmentName: z.string().nullable(),
  skills: z.array(z.string()),
  specialty: z.string().nullable(),
  score: z.number(),
  isEligible: z.boolean(),
  isAvailable: z.boolean(),
  openWorkload: z.number(),
  reasons: z.array(suggestionReason),
});
export type EngineerSuggestion = z.input<typeof engineerSuggestion>;
export const suggestionList = z.object({
  ticketId: z.number(),
  productCategory: z.string().nullable(),
  expectedAt: timestamp,
  items: z.array(engineerSuggestion),
});
export type SuggestionList = z.input<typeof suggestionList>;

// ---------- assignments (DSP-1, DSP-2) ----------

/** `POST /api/tickets/:id/assignments` — assign (or reassign) one or more engineers, the lead first. */
export const assignInput = z.object({
  engineerIds: z
    .array(positiveId)
    .min(1, { error: i18nMessage('required') })
    .max(10),
  /** Told to the customer with the engineer's name when the lead accepts (DSP-2). */
  expectedArrivalAt: timestamp.nullish(),
  note: optionalText(1000),
  /** The ticket's version the dispatcher saw (two dispatchers at once: one wins, the other gets 409). */
  expectedVersion,
});
export type AssignInput = z.input<typeof assignInput>;

export const withdrawInput = z.object({ reason: optionalText(500) });
export const declineInput = z.object({ reason: requiredText(500) });
export type DeclineInput = z.input<typeof declineInput>;
export const acceptInput = z.object({
  /** The engineer may correct the expected arrival when accepting. */
  expectedArrivalAt: timestamp.nullish(),
});

export const assignment = z.object({
  id: z.number(),
  ticketId: z.number(),
  engineerId: z.number(),
  engineerName: z.string(),
  engineerPhone: z.string().nullable(),
  role: z.enum(assignmentRoles),
  status: z.enum(assignmentStatuses),
  assignedBy: z.number(),
  assignedByName: z.string().nullable(),
  assignedAt: timestamp,
  expectedArrivalAt: timestamp.nullable(),
  respondedAt: timestamp.nullable(),
  declineReason: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number(),
});
export type Assignment = z.input<typeof assignment>;
export const assignmentList = z.object({ items: z.array(assignment), ticketVersion: z.number() });
export type AssignmentList = z.input<typeof assignmentList>;

/** Where the engineer moves a ticket worked without a visit (remote, send-in, mailed parts). */
export const remoteProgressStatuses = ['in_progress', 'waiting_parts', 'waiting_customer', 'resolved'] as const;
/** `POST /api/assignments/:id/progress` — the engineer works a remote / send-in / parts-by-mail ticket. */
export const remoteProgressInput = z.object({
  to: z.enum(remoteProgressStatuses),
  note: optionalText(2000),
  /** The ticket's version the engineer saw. */
  expectedVersion,
});
export type RemoteProgressInput = z.input<typeof remoteProgressInput>;

// ---------- visits / field service record (DSP-4, DSP-5) ----------

export const partUsed = z.object({
  name: requiredText(100),
  quantity: z
    .number({ error: i18nMessage('required') })
    .positive()
    .max(100_000),
  kind: z.enum(partKinds),
  /** Unit price in fen (customer-bought parts). */
  unitPriceFen: z.number().int().min(0).max(1_000_000_000).optional(),
});
export type PartUsedInput = z.input<typeof partUsed>;

/** `POST /api/tickets/:id/visits` — planned by the dispatcher, or started by the engineer on the way out. */
export const visitCreateInput = z.object({
  /** Default: the calling engineer. */
  engineerId: positiveId.optional(),
  plannedAt: timestamp.nullish(),
  /** The engineer leaves now (ticket en route). */
  startTravel: z.boolean().default(false),
});
export type VisitCreateInput = z.input<typeof visitCreateInput>;

export const checkInInput = z.object({
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  accuracy: z.number().min(0).max(100_000).nullish(),
});
export type CheckInInput = z.input<typeof checkInInput>;

/** `PATCH /api/visits/:id` — only the fields given change. */
export const visitRecordInput = z.object({
  diagnosis: optionalText(5000),
  workDone: optionalText(5000),
  partsUsed: z.array(partUsed).max(50).optional(),
  labourMinutes: z.number().int().min(0).max(100_000).nullish(),
  result: z.enum(visitResults).nullish(),
  resultNote: optionalText(2000),
  /** 工作态度 1 差 · 2 一般 · 3 满意 · 4 好 · 5 很好 [001 6.3]. */
  ratingAttitude: z.number().int().min(1).max(5).nullish(),
  productDamage: z.enum(productDamages).nullish(),
  siteTidy: z.enum(siteTidiness).nullish(),
  customerSatisfaction: z.enum(customerSatisfactions).nullish(),
  customerSuggestion: optionalText(2000),
  expectedVersion,
});
export type VisitRecordInput = z.input<typeof visitRecordInput>;

/** `POST /api/visits/:id/signature` — a PNG drawn on the phone; the time is the server's. */
export const signatureInput = z.object({
  /** `data:image/png;base64,…` */
  image: z
    .string({ error: i18nMessage('required') })
    .min(1, { error: i18nMessage('required') })
    .max(2_000_000, { error: i18nMessage('tooLong') }),
  signedByName: requiredText(50),
});
export type SignatureInput = z.input<typeof signatureInput>;

export const checkOutInput = z.object({
  /** Recorded on the visit first when given. */
  result: z.enum(visitResults).optional(),
  /** When not done: what the ticket waits for now. */
  nextStatus: z.enum(notDoneNextStatuses).nullish(),
  note: optionalText(2000),
  expectedVersion,
});
export type CheckOutInput = z.input<typeof checkOutInput>;

export const visitCancelInput = z.object({ reason: requiredText(500) });

export const visitAttachment = z.object({
  id: z.number(),
  kind: z.enum(['photo', 'file', 'signature']),
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number(),
  createdAt: timestamp,
  url: z.string(),
});

export const visit = z.object({
  id: z.number(),
  number: z.string(),
  ticketId: z.number(),
  ticketNumber: z.string(),
  engineerId: z.number(),
  engineerName: z.string(),
  engineerPhone: z.string().nullable(),
  departmentId: z.number(),
  departmentCode: z.string(),
  departmentName: z.string(),
  status: z.enum(visitStatuses),
  plannedAt: timestamp.nullable(),
  travelStartedAt: timestamp.nullable(),
  checkedInAt: timestamp.nullable(),
  checkInLocation: z
    .object({ latitude: z.number(), longitude: z.number(), accuracy: z.number().optional() })
    .nullable(),
  diagnosis: z.string().nullable(),
  workDone: z.string().nullable(),
  partsUsed: z.array(
    z.object({
      name: z.string(),
      quantity: z.number(),
      kind: z.enum(partKinds),
      unitPriceFen: z.number().optional(),
    }),
  ),
  labourMinutes: z.number().nullable(),
  result: z.enum(visitResults).nullable(),
  resultNote: z.string().nullable(),
  ratingAttitude: z.number().nullable(),
  productDamage: z.enum(productDamages).nullable(),
  siteTidy: z.enum(siteTidiness).nullable(),
  customerSatisfaction: z.enum(customerSatisfactions).nullable(),
  customerSuggestion: z.string().nullable(),
  signatureAttachmentId: z.number().nullable(),
  signatureUrl: z.string().nullable(),
  signedByName: z.string().nullable(),
  signedAt: timestamp.nullable(),
  checkedOutAt: timestamp.nullable(),
  photos: z.array(visitAttachment),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Visit = z.input<typeof visit>;
export const visitList = z.object({ items: z.array(visit) });
export type VisitList = z.input<typeof visitList>;

// ---------- the engineer's tasks (DSP-4) ----------

const taskTicket = z.object({
  id: z.number(),
  number: z.string(),
  status: z.enum(ticketStatuses),
  type: z.enum(ticketTypes),
  serviceMode: z.enum(serviceModes).nullable(),
  faultLevel: z.number(),
  title: z.string(),
  description: z.string(),
  customerName: z.string(),
  contactName: z.string().nullable(),
  /** In full: the assigned engineer calls the customer. */
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  modelName: z.string().nullable(),
  serialNo: z.string().nullable(),
  receivedAt: timestamp,
  version: z.number(),
});
export const task = z.object({
  assignmentId: z.number(),
  assignmentStatus: z.enum(assignmentStatuses),
  role: z.enum(assignmentRoles),
  assignedAt: timestamp,
  expectedArrivalAt: timestamp.nullable(),
  ticket: taskTicket,
  /** The nearest running deadline and whether any is breached (urgency). */
  nextDueAt: timestamp.nullable(),
  nextDueKind: z.string().nullable(),
  isBreached: z.boolean(),
  openVisitId: z.number().nullable(),
  openVisitStatus: z.enum(visitStatuses).nullable(),
  nextStep: z.enum(taskSteps),
});
export type Task = z.input<typeof task>;
export const taskList = z.object({ items: z.array(task) });
export type TaskList = z.input<typeof taskList>;
export const taskDetail = task.extend({ visit: visit.nullable() });
export type TaskDetail = z.input<typeof taskDetail>;

// ---------- qualifications and leaves (DSP-1) ----------

export const userIdParam = z.object({ id: z.coerce.number().int().positive() });
export const userChildParam = z.object({
  id: z.coerce.number().int().positive(),
  itemId: z.coerce.number().int().positive(),
});

export const qualificationInput = z
  .object({
    productCategory: z.enum(['hardware', 'software', 'data', 'integration']),
    certificateNo: optionalText(100),
    validFrom: isoDate,
    validUntil: isoDate.nullish(),
  })
  .refine((value) => !value.validUntil || value.validUntil >= value.validFrom, {
    path: ['validUntil'],
    error: i18nMessage('dateOrder'),
  });
export type QualificationInput = z.input<typeof qualificationInput>;
export const qualification = z.object({
  id: z.number(),
  userId: z.number(),
  productCategory: z.string(),
  certificateNo: z.string().nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  createdAt: timestamp,
});
export type Qualification = z.input<typeof qualification>;

export const leaveInput = z
  .object({
    startsAt: timestamp,
    endsAt: timestamp,
    reason: optionalText(200),
  })
  .refine((value) => value.endsAt > value.startsAt, { path: ['endsAt'], error: i18nMessage('dateOrder') });
export type LeaveInput = z.input<typeof leaveInput>;
export const leave = z.object({
  id: z.number(),
  userId: z.number(),
  startsAt: timestamp,
  endsAt: timestamp,
  reason: z.string().nullable(),
  createdAt: timestamp,
});
export type Leave = z.input<typeof leave>;

// ---------- print: repair record (售后服务维修记录单, DSP-5) ----------

export const repairRecord = z.object({
  ticketId: z.number(),
  ticketNumber: z.string(),
  ticketType: z.enum(ticketTypes),
  serviceMode: z.enum(serviceModes).nullable(),
  /** 维修单位: the department that served (the lead engineer's), or the handling department. */
  serviceUnit: z.string().nullable(),
  customerName: z.string(),
  customerAddress: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** 要求服务时间: the expected arrival told to the customer. */
  requestedServiceAt: timestamp.nullable(),
  modelName: z.string().nullable(),
  serialNo: z.string().nullable(),
  quantity: z.number(),
  invoiceNo: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  receivedAt: timestamp,
  description: z.string(),
  title: z.string(),
  recordedBy: z.string().nullable(),
  result: z.string().nullable(),
  repairFrom: timestamp.nullable(),
  repairTo: timestamp.nullable(),
  /** Free-entry lines of the visits and consumed catalogue parts (with their code) together. */
  warrantyParts: z.array(z.object({ code: z.string().nullable().optional(), name: z.string(), quantity: z.number() })),
  boughtParts: z.array(
    z.object({
      code: z.string().nullable().optional(),
      name: z.string(),
      quantity: z.number(),
      unitPriceFen: z.number().nullable(),
      totalFen: z.number().nullable(),
    }),
  ),
  boughtTotalFen: z.number().nullable(),
  engineers: z.array(z.string()),
  customerOpinion: z.string().nullable(),
  signedByName: z.string().nullable(),
  signedAt: timestamp.nullable(),
  signatureUrl: z.string().nullable(),
  visitNumbers: z.array(z.string()),
  /** Catalogue parts consumed on the ticket (part requests, PRT-3), each with its visit if any. */
  catalogueParts: z.array(consumedPartLine),
});
export type RepairRecord = z.input<typeof repairRecord>;
