import { z } from 'zod';
import { isoDate, optionalText, timestamp } from '../../lib/contract.js';
import { pageOf, pageQuery } from '../../lib/pagination.js';
/** The four levels of every question [003 第五条 4]: 非常满意 / 满意 / 一般 / 不满意. */
export const satisfactionLevels = ['very_satisfied', 'satisfied', 'fair', 'dissatisfied'] as const;
/** pending → answered (by link or phone); an unanswered survey of a re-closed ticket is superseded. */
export const surveyStatuses = ['pending', 'answered', 'superseded'] as const;
export const surveyChannels = ['link', 'phone'] as const;

const level = z.enum(satisfactionLevels);

/** The answers of a survey (FBK-1): four questions, overall and a comment. */
export const surveyAnswersInput = z.object({
  attitude: level,
  skill: level,
  arrival: level,
  promise: level,
  overall: level,
  comment: optionalText(1000),
});
export type SurveyAnswersInput = z.input<typeof surveyAnswersInput>;

/** An agent records the customer's answers on the phone. */
export const phoneSurveyInput = surveyAnswersInput.extend({ version: z.number().int().positive() });

export const surveyListStatuses = ['pending', 'due', 'overdue', 'answered', 'superseded'] as const;
export const surveyListQuery = z.object({
  ...pageQuery,
  status: z.enum(surveyListStatuses).default('overdue'),
  stationId: z.coerce.number().int().positive().optional(),
});

export const survey = z.object({
  id: z.number(),
  ticketId: z.number(),
  ticketNumber: z.string(),
  closureNo: z.number(),
  stationId: z.number(),
  stationName: z.string(),
  customerId: z.number(),
  customerName: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  engineerId: z.number().nullable(),
  engineerName: z.string().nullable(),
  status: z.enum(surveyStatuses),
  overdue: z.boolean(),
  closedAt: timestamp,
  dueAt: timestamp,
  tokenExpiresAt: timestamp,
  channel: z.enum(surveyChannels).nullable(),
  attitude: level.nullable(),
  skill: level.nullable(),
  arrival: level.nullable(),
  promise: level.nullable(),
  overall: level.nullable(),
  satisfied: z.boolean().nullable(),
  lowScore: z.boolean().nullable(),
  comment: z.string().nullable(),
  answeredAt: timestamp.nullable(),
  answeredBy: z.number().nullable(),
  complaintId: z.number().nullable(),
  complaintNumber: z.string().nullable(),
  version: z.number(),
});
export type Survey = z.output<typeof survey>;
export const surveyList = pageOf(survey);

/** What the customer's link shows: that ticket's survey and nothing else (no personal data). */
export const publicSurvey = z.object({
  ticketNumber: z.string(),
  closedAt: timestamp,
  engineerName: z.string().nullable(),
  companyName: z.string(),
});
export const surveyTokenParam = z.object({ token: z.string().min(1).max(200) });
export const publicSurveyAnswered = z.object({ ok: z.literal(true), lowScore: z.boolean() });

export const satisfactionGroupings = ['station', 'engineer', 'month'] as const;
export const satisfactionQuery = z
  .object({
    groupBy: z.enum(satisfactionGroupings).default('station'),
    from: isoDate.optional(),
    to: isoDate.optional(),
    stationId: z.coerce.number().int().positive().optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    message: 'i18n:dateOrder',
  });

export const satisfactionRow = z.object({
  key: z.string(),
  label: z.string(),
  answered: z.number(),
  satisfied: z.number(),
  /** Percent with one decimal; null without answers. */
  rate: z.number().nullable(),
  meetsTarget: z.boolean().nullable(),
});
export const satisfactionReport = z.object({
  groupBy: z.enum(satisfactionGroupings),
  from: z.string(),
  to: z.string(),
  target: z.number(),
  total: satisfactionRow,
  rows: z.array(satisfactionRow),
});
export type SatisfactionReport = z.output<typeof satisfactionReport>;
