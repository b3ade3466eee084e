/**
 * The tickets API contract (TKT-1…5, 7…9, 11): zod schemas shared by the server and the web app.
 * Enumerations live here (not in the table file) so the web bundle does not pull in Drizzle; the
 * table file re-exports them under the same names.
 */
import { z } from 'zod';
import { idParam, optionalPhone, optionalText, requiredText, timestamp } from '../../lib/contract.js';
import { i18nMessage } from '../../lib/messages.js';

// ---------- enumerations ----------

/** TKT-1 */
export const ticketChannels = ['phone', 'email', 'web', 'walk_in', 'dealer', 'wechat'] as const;
/** TKT-2 */
export const ticketTypes = [
  'consultation',
  'complaint',
  'repair',
  'installation',
  'training',
  'maintenance',
  'return_exchange',
  'parts_by_mail',
  'information',
] as const;
/** TKT-3 */
export const ticketClassifications = ['technical', 'quality'] as const;
/** TKT-7; the allowed moves are in ticket-lifecycle.rules.ts. */
export const ticketStatuses = [
  'received',
  'classified',
  'assigned',
  'accepted',
  'en_route',
  'on_site',
  'in_progress',
  'waiting_parts',
  'waiting_customer',
  'resolved',
  'customer_accepted',
  'closed',
  'cancelled',
  'reopened',
] as const;
/** TKT-8 */
export const serviceModes = ['remote', 'on_site', 'send_in', 'parts_by_mail'] as const;
export const warrantySnapshots = ['in_warranty', 'expiring', 'expired', 'unknown'] as const;
/** SLA-1 regions (same values as sla.table's slaRegions). */
export const ticketRegions = ['any', 'urban', 'suburban'] as const;
/** Routing input (TKT-4): a model's category, or 'undetermined' when none is known. */
export const routingCategories = ['hardware', 'software', 'data', 'integration', 'undetermined'] as const;
export const ticketEventKinds = [
  'created',
  'transition',
  'classified',
  'responded',
  'planned',
  'comment',
  'updated',
  'level_changed',
  'assigned',
  'assignment_accepted',
  'assignment_declined',
  'assignment_withdrawn',
  'visit',
  'attachment',
  'clock_at_risk',
  'clock_breached',
  'task',
  'notification',
  /** Parts on the ticket (PRT-3): requested, issued, consumed (with serial swaps), returned. */
  'parts',
] as const;
export const clockKinds = [
  // SLA-1 targets
  'response',
  'arrival',
  'resolution',
  // TKT-9 internal deadlines
  'intake',
  'quality_assignment',
  'technical_plan',
  'remote_verification',
  // SLA-4: a fault not fixed within N working hours raises a loaner task when this clock runs out
  'loaner',
] as const;
export const clockOutcomes = ['met', 'breached'] as const;
export const clockStates = ['running', 'paused', 'at_risk', 'breached', 'met', 'stopped'] as const;
/** State of a running deadline on list rows and the board. */
export const deadlineStates = ['running', 'at_risk', 'breached'] as const;
export const pauseReasons = ['waiting_customer', 'waiting_parts'] as const;
export const taskKinds = ['loaner', 'follow_up'] as const;
export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export const attachmentKinds = ['photo', 'file', 'signature'] as const;
/** How the first response reached the customer. */
export const responseMethods = ['phone', 'sms', 'email', 'wechat', 'in_person', 'other'] as const;
export const ticketSorts = ['receivedAt', 'number', 'faultLevel', 'updatedAt'] as const;

export type TicketChannel = (typeof ticketChannels)[number];
export type TicketType = (typeof ticketTypes)[number];
export type TicketClassification = (typeof ticketClassifications)[number];
export type TicketStatusValue = (typeof ticketStatuses)[number];
export type ServiceModeValue = (typeof serviceModes)[number];
export type ClockKindValue = (typeof clockKinds)[number];

// ---------- shared pieces ----------

const positiveId = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive({ error: i18nMessage('positiveInt') });
const faultLevel = z.number().int().min(1).max(4);
const expectedVersion = z
  .number({ error: i18nMessage('required') })
  .int()
  .positive();
/** A yes/no query flag (`true` / `false`). */
const queryFlag = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();
/** Comma-separated values of an enumeration in a query string, e.g. `status=received,classified`. */
const queryList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .trim()
    .transform((value) => value.split(',').filter((item) => item !== ''))
    .pipe(z.array(z.enum(values)).max(values.length))
    .optional();
const queryInstant = z.iso.datetime({ offset: true }).or(z.iso.date()).optional();

export const sendInReceipt = z.object({
  itemDescription: requiredText(500),
  accessories: optionalText(500),
  condition: optionalText(500),
  /** When the item was taken in (ISO 8601). */
  receivedAt: z.iso.datetime({ offset: true }),
  returnedAt: z.iso.datetime({ offset: true }).nullish(),
});
export type SendInReceipt = z.input<typeof sendInReceipt>;

// ---------- intake (TKT-1…5) ----------

/** `POST /api/tickets` */
export const ticketCreateInput = z.object({
  channel: z.enum(ticketChannels),
  type: z.enum(ticketTypes),
  /** Quality information goes to the quality department (setting `tickets.qualityDepartmentCode`). */
  classification: z.enum(ticketClassifications).default('technical'),
  customerId: positiveId,
  /** A contact of the customer, or a free contact name/phone (one of them; both may be empty). */
  contactId: positiveId.nullish(),
  contactName: optionalText(50),
  contactPhone: optionalPhone,
  /** Must belong to the customer. Without equipment, the product model (routing input). */
  equipmentId: positiveId.nullish(),
  productModelId: positiveId.nullish(),
  title: requiredText(200),
  description: optionalText(5000),
  faultLevel: faultLevel.default(3),
  serviceMode: z.enum(serviceModes).nullish(),
  region: z.enum(ticketRegions).default('any'),
  /** Defaults to the customer's address. */
  address: optionalText(300),
  /** When the request reached us; defaults to now, never in the future, at most 30 days back. */
  receivedAt: timestamp.optional(),
  /** Repeat of an earlier ticket on the same equipment (free within warranty, TKT-7). */
  repeatOfTicketId: positiveId.nullish(),
  sendInReceipt: sendInReceipt.nullish(),
});
export type TicketCreateInput = z.input<typeof ticketCreateInput>;

/** What `POST /api/tickets` answers: enough to open the ticket. */
export const ticketCreated = z.object({
  id: z.number(),
  number: z.string(),
  status: z.enum(ticketStatuses),
  version: z.number(),
  receivedAt: timestamp,
});
export type TicketCreated = z.input<typeof ticketCreated>;

export const intakeContextQuery = z.object({
  customerId: z.coerce.number().int().positive(),
  equipmentId: z.coerce.number().int().positive().optional(),
});
export const intakeLookupQuery = z.object({ q: z.string().trim().min(1).max(64) });

// ---------- commands on a ticket (TKT-3, TKT-7, TKT-9) ----------

/** `POST /api/tickets/:id/transitions` — the manual moves; cancel/reopen need `reason`. */
export const transitionInput = z.object({
  to: z.enum(ticketStatuses),
  note: optionalText(2000),
  reason: optionalText(500),
  expectedVersion,
});
export type TransitionInput = z.input<typeof transitionInput>;

/** `POST /api/tickets/:id/classify` — completes the ticket (stops the intake clock) and routes it. */
export const classifyInput = z.object({
  classification: z.enum(ticketClassifications),
  type: z.enum(ticketTypes),
  faultLevel,
  serviceMode: z.enum(serviceModes),
  region: z.enum(ticketRegions),
  /** Overrides the category taken from the equipment/model (routing input). */
  productCategory: z.enum(routingCategories).nullish(),
  /** Overrides the routing rules' department. */
  handlingDepartmentId: positiveId.nullish(),
  note: optionalText(2000),
  expectedVersion,
});
export type ClassifyInput = z.input<typeof classifyInput>;

/** `POST /api/tickets/:id/respond` — the first response to the customer (stops the response clock). */
export const respondInput = z.object({
  method: z.enum(responseMethods),
  note: requiredText(2000),
  /** When we responded; defaults to now. */
  at: timestamp.optional(),
  expectedVersion,
});
export type RespondInput = z.input<typeof respondInput>;

/** `POST /api/tickets/:id/plan` — the technical plan (stops the technical-plan clock); may be revised. */
export const planInput = z.object({ plan: requiredText(5000), expectedVersion });
export type PlanInput = z.input<typeof planInput>;

/** `PATCH /api/tickets/:id` — only the fields given change; a level/region/mode change recomputes the deadlines. */
export const ticketUpdateInput = z.object({
  type: z.enum(ticketTypes).optional(),
  channel: z.enum(ticketChannels).optional(),
  title: requiredText(200).optional(),
  description: optionalText(5000),
  faultLevel: faultLevel.optional(),
  serviceMode: z.enum(serviceModes).nullish(),
  region: z.enum(ticketRegions).optional(),
  address: optionalText(300),
  contactId: positiveId.nullish(),
  contactName: optionalText(50),
  contactPhone: optionalPhone,
  equipmentId: positiveId.nullish(),
  productModelId: positiveId.nullish(),
  sendInReceipt: sendInReceipt.nullish(),
  /** Recorded on the timeline with the change (required for a level change). */
  note: optionalText(2000),
  expectedVersion,
});
export type TicketUpdateInput = z.input<typeof ticketUpdateInput>;

/** `POST /api/tickets/:id/cancel` and `/reopen`. */
export const reasonInput = z.object({ reason: requiredText(500), expectedVersion });
export type ReasonInput = z.input<typeof reasonInput>;

/** `POST /api/tickets/:id/comments` — does not change the ticket's version. */
export const commentInput = z.object({ note: requiredText(2000) });

// ---------- outputs ----------

/** The next running deadline of a list row (the earliest due running clock). */
export const nextDeadline = z.object({
  kind: z.enum(clockKinds),
  dueAt: timestamp,
  state: z.enum(deadlineStates),
});

/** A row of the ticket list. */
export const ticketSummary = z.object({
  id: z.number(),
  number: z.string(),
  type: z.enum(ticketTypes),
  channel: z.enum(ticketChannels),
  classification: z.enum(ticketClassifications),
  status: z.enum(ticketStatuses),
  faultLevel: z.number(),
  serviceMode: z.enum(serviceModes).nullable(),
  region: z.enum(ticketRegions),
  stationId: z.number(),
  stationName: z.string().nullable(),
  customerId: z.number(),
  customerName: z.string(),
  contactName: z.string().nullable(),
  equipmentId: z.number().nullable(),
  serialNo: z.string().nullable(),
  modelName: z.string().nullable(),
  title: z.string(),
  warrantyStatus: z.enum(warrantySnapshots),
  isFreeRepeat: z.boolean(),
  receivedAt: timestamp,
  /** Engineers with a live (offered/accepted) assignment. */
  engineerNames: z.array(z.string()),
  nextDeadline: nextDeadline.nullable(),
  version: z.number(),
  updatedAt: timestamp,
});
export type TicketSummary = z.input<typeof ticketSummary>;

/** One segment of a clock's ledger ("why is this deadline X?"). */
export const ledgerEntry = z.object({
  start: z.string(),
  end: z.string(),
  kind: z.enum(['running', 'paused', 'outside_hours', 'non_working_day', 'holiday']),
  reason: z.string().optional(),
  holidayName: z.string().optional(),
  minutes: z.number(),
});
export const clockView = z.object({
  kind: z.enum(clockKinds),
  basis: z.enum(['business', 'calendar']),
  targetMinutes: z.number(),
  startedAt: z.string(),
  dueAt: z.string().nullable(),
  atRiskAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  outcome: z.enum(clockOutcomes).nullable(),
  state: z.enum(clockStates),
  usedMinutes: z.number(),
  remainingMinutes: z.number(),
  ledger: z.array(ledgerEntry),
  explanation: z.object({ zh: z.string(), en: z.string() }),
});
export type ClockViewItem = z.input<typeof clockView>;

export const attachmentMeta = z.object({
  id: z.number(),
  ticketId: z.number(),
  visitId: z.number().nullable(),
  kind: z.enum(attachmentKinds),
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number(),
  uploadedBy: z.number().nullable(),
  uploadedByName: z.string().nullable(),
  createdAt: timestamp,
  /** Download address (`GET /api/attachments/:id`). */
  url: z.string(),
});
export type AttachmentMeta = z.input<typeof attachmentMeta>;

const departmentRef = z.object({ id: z.number(), code: z.string(), name: z.string() });

export const ticketAssignment = z.object({
  id: z.number(),
  engineerId: z.number(),
  engineerName: z.string(),
  role: z.enum(['lead', 'assistant']),
  status: z.enum(['offered', 'accepted', 'declined', 'withdrawn', 'completed']),
  assignedAt: timestamp,
  expectedArrivalAt: timestamp.nullable(),
  respondedAt: timestamp.nullable(),
  declineReason: z.string().nullable(),
});
export const ticketVisit = z.object({
  id: z.number(),
  number: z.string(),
  engineerId: z.number(),
  engineerName: z.string(),
  status: z.enum(['planned', 'travelling', 'on_site', 'checked_out', 'cancelled']),
  plannedAt: timestamp.nullable(),
  checkedInAt: timestamp.nullable(),
  checkedOutAt: timestamp.nullable(),
  result: z.enum(['done', 'not_done']).nullable(),
});
export const ticketTask = z.object({
  id: z.number(),
  kind: z.enum(taskKinds),
  status: z.enum(taskStatuses),
  dueAt: timestamp,
  note: z.string().nullable(),
});

/** `GET /api/tickets/:id` (and the answer of every command on a ticket). */
export const ticket = ticketSummary.extend({
  receivingDepartment: departmentRef,
  handlingDepartment: departmentRef.nullable(),
  contactId: z.number().nullable(),
  /** Masked for roles without full access to personal data (PPL-4). */
  contactPhone: z.string().nullable(),
  customerPhone: z.string().nullable(),
  masked: z.boolean(),
  modelCode: z.string().nullable(),
  productModelId: z.number().nullable(),
  productCategory: z.string().nullable(),
  /** Warranty of the equipment now (the snapshot at receipt is `warrantyStatus`). */
  warrantyEnd: z.string().nullable(),
  contractId: z.number().nullable(),
  contractNo: z.string().nullable(),
  description: z.string(),
  address: z.string().nullable(),
  receivedBy: z.object({ id: z.number(), name: z.string() }),
  slaPolicy: z.object({ id: z.number(), name: z.string() }),
  calendar: z.object({ id: z.number(), name: z.string() }),
  repeatOf: z.object({ id: z.number(), number: z.string() }).nullable(),
  repeats: z.array(z.object({ id: z.number(), number: z.string() })),
  cancelReason: z.string().nullable(),
  reopenCount: z.number(),
  firstResponseAt: timestamp.nullable(),
  technicalPlan: z.string().nullable(),
  technicalPlanAt: timestamp.nullable(),
  arrivedAt: timestamp.nullable(),
  resolvedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  sendInReceipt: z
    .object({
      itemDescription: z.string(),
      accessories: z.string().nullish(),
      condition: z.string().nullish(),
      receivedAt: z.string(),
      returnedAt: z.string().nullish(),
    })
    .nullable(),
  allowedNextStatuses: z.array(z.enum(ticketStatuses)),
  clocks: z.array(clockView),
  assignments: z.array(ticketAssignment),
  visits: z.array(ticketVisit),
  attachments: z.array(attachmentMeta),
  tasks: z.array(ticketTask),
  createdAt: timestamp,
});
export type Ticket = z.input<typeof ticket>;

export const timelineEvent = z.object({
  id: z.number(),
  at: timestamp,
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  kind: z.enum(ticketEventKinds),
  fromStatus: z.enum(ticketStatuses).nullable(),
  toStatus: z.enum(ticketStatuses).nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEvent = z.input<typeof timelineEvent>;
export const timeline = z.object({ items: z.array(timelineEvent) });

// ---------- lists, search, board, saved views (TKT-11) ----------

/**
 * `GET /api/tickets`. The default order (receivedAt desc) pages by `cursor` (keyset: pass the
 * previous answer's `nextCursor`); every order also accepts `page` numbers.
 */
export const ticketListQuery = z.object({
  /** Number (exact/prefix), customer name, phone or serial-number fragment. */
  q: z.string().trim().max(64).optional(),
  status: queryList(ticketStatuses),
  /** Only tickets that are not closed or cancelled. */
  open: queryFlag,
  faultLevel: queryList(['1', '2', '3', '4'] as const),
  type: queryList(ticketTypes),
  channel: queryList(ticketChannels),
  classification: z.enum(ticketClassifications).optional(),
  serviceMode: z.enum(serviceModes).optional(),
  stationId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  equipmentId: z.coerce.number().int().positive().optional(),
  /** Tickets with an offered or accepted assignment of this engineer. */
  engineerId: z.coerce.number().int().positive().optional(),
  /** The signed-in engineer's tickets. */
  mine: queryFlag,
  receivedFrom: queryInstant,
  receivedTo: queryInstant,
  /** A running deadline is past due. */
  overdue: queryFlag,
  /** A running deadline is at risk (or past due). */
  atRisk: queryFlag,
  sort: z.enum(ticketSorts).default('receivedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TicketListQuery = z.input<typeof ticketListQuery>;

export const ticketPage = z.object({
  items: z.array(ticketSummary),
  /** Total matches, counted up to 10 000 (a search `q`: up to 500); null on a keyset (cursor) page. */
  total: z.number().nullable(),
  /** True when there are more matches than `total` (show “10 000+” or “500+”). */
  totalIsLowerBound: z.boolean(),
  /** The page number; 0 on a keyset (cursor) page. */
  page: z.number(),
  pageSize: z.number(),
  /** Pass as `cursor` for the next page (default order only); null on the last page. */
  nextCursor: z.string().nullable(),
});
export type TicketPage = z.input<typeof ticketPage>;

export const boardQuery = z.object({ stationId: z.coerce.number().int().positive().optional() });
export const boardItem = z.object({
  ticketId: z.number(),
  number: z.string(),
  title: z.string(),
  status: z.enum(ticketStatuses),
  faultLevel: z.number(),
  customerName: z.string(),
  stationId: z.number(),
  stationName: z.string().nullable(),
  kind: z.enum(clockKinds),
  dueAt: timestamp,
  atRiskAt: timestamp.nullable(),
  state: z.enum(['at_risk', 'breached']),
});
export const boardTask = z.object({
  id: z.number(),
  ticketId: z.number(),
  number: z.string(),
  kind: z.enum(taskKinds),
  dueAt: timestamp,
  stationId: z.number(),
  note: z.string().nullable(),
  isOverdue: z.boolean(),
});
/** `GET /api/tickets/board`: what is breached or at risk now (most urgent first), and open loaner tasks. */
export const ticketBoard = z.object({
  /** The most urgent 100 of each section; the totals count up to 1 000 (then `totalsAreLowerBounds`). */
  breached: z.array(boardItem),
  atRisk: z.array(boardItem),
  breachedTotal: z.number(),
  atRiskTotal: z.number(),
  totalsAreLowerBounds: z.boolean(),
  loanerTasks: z.array(boardTask),
  generatedAt: timestamp,
});
export type TicketBoard = z.input<typeof ticketBoard>;

export const savedViewInput = z.object({
  name: requiredText(50),
  /** The list's URL query string, e.g. `status=received&overdue=true`. */
  query: z.string().trim().max(2000),
});
export const savedView = z.object({ id: z.number(), name: z.string(), query: z.string(), createdAt: timestamp });
export type SavedView = z.input<typeof savedView>;
export const savedViewList = z.object({ items: z.array(savedView) });

// ---------- intake helpers ----------

const intakeEquipment = z.object({
  id: z.number(),
  serialNo: z.string(),
  modelId: z.number(),
  modelCode: z.string(),
  modelName: z.string(),
  category: z.string(),
  location: z.string().nullable(),
  warrantyEnd: z.string().nullable(),
  warrantyStatus: z.enum(warrantySnapshots),
  /** An active contract covering the unit (its SLA policy applies). */
  contractId: z.number().nullable(),
  contractNo: z.string().nullable(),
});

/** `GET /api/tickets/intake-context` — what the intake form shows once a customer (and unit) is picked. */
export const intakeContext = z.object({
  customer: z.object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    level: z.string(),
    stationId: z.number(),
    stationName: z.string().nullable(),
    /** The customer's address (province city district detail), the intake default. */
    address: z.string().nullable(),
  }),
  contacts: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      phone: z.string().nullable(),
      mobile: z.string().nullable(),
      isPrimary: z.boolean(),
    }),
  ),
  equipment: z.array(intakeEquipment),
  /** Open tickets of the customer (or, with equipmentId, of that unit first). */
  openTickets: z.array(ticketSummary),
  /** The unit's recent tickets that are resolved/closed: repeat candidates. */
  repeatCandidates: z.array(ticketSummary.extend({ resolvedAt: timestamp.nullable() })),
  masked: z.boolean(),
});
export type IntakeContext = z.input<typeof intakeContext>;

/** `GET /api/tickets/intake-lookup?q=` — customers by name/phone fragment and equipment by serial number. */
export const intakeLookup = z.object({
  customers: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      phone: z.string().nullable(),
      stationId: z.number(),
      stationName: z.string().nullable(),
    }),
  ),
  equipment: z.array(
    z.object({
      id: z.number(),
      serialNo: z.string(),
      modelName: z.string(),
      customerId: z.number(),
      customerName: z.string(),
      warrantyStatus: z.enum(warrantySnapshots),
    }),
  ),
});
export type IntakeLookup = z.input<typeof intakeLookup>;

/** `GET /api/tickets/routing-preview` — the department the routing rules pick (classify form). */
export const routingPreviewQuery = z.object({
  classification: z.enum(ticketClassifications).default('technical'),
  type: z.enum(ticketTypes),
  productCategory: z.enum(routingCategories).default('undetermined'),
});
export const routingPreview = z.object({ department: departmentRef.nullable(), departmentCode: z.string() });

export const attachmentUploadQuery = z.object({
  kind: z.enum(attachmentKinds).default('file'),
});

export { idParam };
