/**
 * PLT-3 notification templates: each template has a payload schema (what the calling module must
 * give) and a text in zh-CN and en-US. Rendering is pure — the time zone is a parameter — and happens
 * when the message is delivered, in the recipient's language; times are shown in the org time zone.
 */
import { z } from 'zod';
import type { NotificationLocale, NotificationTemplate } from './notify.contract.js';

export { type NotificationTemplate, notificationTemplates } from './notify.contract.js';

/** A point in time in a payload: a Date or an ISO 8601 string, stored as an ISO string. */
const instant = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (typeof value === 'string' ? new Date(value) : value).toISOString());

const ticketRef = {
  ticketId: z.number().int().positive(),
  /** The ticket number customers and staff know, e.g. YX250301. */
  ticketNumber: z.string().min(1).max(50),
};

/** The SLA clocks a deadline message is about (SLA-1). */
export const slaClocks = ['response', 'arrival', 'resolution'] as const;
export type SlaClock = (typeof slaClocks)[number];

export const notificationPayloadSchemas = {
  /** To the customer: the request was recorded. */
  'ticket.received': z.object({ ...ticketRef }),
  /** To the customer: who comes, how to reach them, when. */
  'ticket.assigned_customer': z.object({
    ...ticketRef,
    engineerName: z.string().min(1).max(100),
    engineerPhone: z.string().max(30).nullish(),
    expectedArrivalAt: instant.nullish(),
  }),
  /** To the engineer: a new task. */
  'ticket.assigned_engineer': z.object({
    ...ticketRef,
    customerName: z.string().min(1).max(200),
    /** Fault level 1–4 (TKT-6). */
    faultLevel: z.number().int().min(1).max(4),
  }),
  /** To the customer: the work is done (with the survey link when there is one). */
  'ticket.resolved': z.object({ ...ticketRef, surveyUrl: z.url().nullish() }),
  /** To the assignee: a deadline is at risk. */
  'sla.at_risk': z.object({
    ...ticketRef,
    clock: z.enum(slaClocks),
    dueAt: instant,
    minutesLeft: z.number().int().min(0),
  }),
  /** To the station manager: a deadline was missed. */
  'sla.breached': z.object({
    ...ticketRef,
    clock: z.enum(slaClocks),
    dueAt: instant,
    minutesLate: z.number().int().min(0),
  }),
  /** To the station manager or assignee: a loaner unit is due (SLA-4). */
  'ticket.loaner_due': z.object({ ...ticketRef, dueAt: instant }),
  /** To staff: an escalation with free text, about a ticket or not. */
  'ticket.escalated': z.object({
    ticketId: ticketRef.ticketId.optional(),
    ticketNumber: ticketRef.ticketNumber.optional(),
    text: z.string().trim().min(1).max(1000),
  }),
  /** To the customer: the one-time satisfaction survey link (FBK-1). */
  'survey.invite': z.object({ ...ticketRef, surveyUrl: z.url(), expiresAt: instant }),
  /** To staff: a complaint needs them — overdue step (manager, then executive), quality handover, approval (FBK-2). */
  'complaint.alert': z.object({
    complaintId: z.number().int().positive(),
    complaintNumber: z.string().min(1).max(50),
    reason: z.enum(['overdue', 'overdue_executive', 'quality_handover', 'approval_needed', 'low_score']),
    /** The step (complaint status) concerned. */
    step: z.string().min(1).max(50),
    dueAt: instant.nullish(),
  }),
  /** To a portal visitor: the one-time code that verifies their phone (FBK-4). */
  'portal.code': z.object({ code: z.string().regex(/^\d{6}$/), minutes: z.number().int().positive() }),
} as const satisfies Record<NotificationTemplate, z.ZodType>;

/** What a caller passes (dates may be Date objects). */
export type NotificationPayloadInput<T extends NotificationTemplate> = z.input<(typeof notificationPayloadSchemas)[T]>;
/** What is stored and rendered (dates are ISO strings). */
export type NotificationPayload<T extends NotificationTemplate> = z.output<(typeof notificationPayloadSchemas)[T]>;

export type TicketReceivedPayload = NotificationPayloadInput<'ticket.received'>;
export type TicketAssignedCustomerPayload = NotificationPayloadInput<'ticket.assigned_customer'>;
export type TicketAssignedEngineerPayload = NotificationPayloadInput<'ticket.assigned_engineer'>;
export type TicketResolvedPayload = NotificationPayloadInput<'ticket.resolved'>;
export type SlaAtRiskPayload = NotificationPayloadInput<'sla.at_risk'>;
export type SlaBreachedPayload = NotificationPayloadInput<'sla.breached'>;
export type TicketLoanerDuePayload = NotificationPayloadInput<'ticket.loaner_due'>;
export type TicketEscalatedPayload = NotificationPayloadInput<'ticket.escalated'>;

export function isNotificationTemplate(value: string): value is NotificationTemplate {
  return Object.hasOwn(notificationPayloadSchemas, value);
}

export type RenderedNotification = {
  title: string;
  body: string;
  /** A path of the web app (staff only; customers have no account there). */
  link?: string;
  entity?: { type: 'ticket' | 'complaint'; id: number };
};

// ---------- formatting ----------

/** `2026年3月5日 14:30` / `5 Mar 2026, 14:30` in the given time zone (built from parts: stable across ICU versions). */
export function formatInstant(iso: string, locale: NotificationLocale, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  const time = `${parts.hour}:${parts.minute}`;
  if (locale === 'zh-CN') return `${parts.year}年${parts.month}月${parts.day}日 ${time}`;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    Number(parts.month) - 1
  ];
  return `${parts.day} ${month} ${parts.year}, ${time}`;
}

/** 95 → `1小时35分钟` / `1 h 35 min`; days from 24 h on. */
export function formatMinutes(total: number, locale: NotificationLocale): string {
  const minutes = Math.max(0, Math.round(total));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const units =
    locale === 'zh-CN' ? { d: '天', h: '小时', m: '分钟', sep: '' } : { d: ' d', h: ' h', m: ' min', sep: ' ' };
  const parts: string[] = [];
  if (days) parts.push(`${days}${units.d}`);
  if (hours) parts.push(`${hours}${units.h}`);
  if (rest || parts.length === 0) parts.push(`${rest}${units.m}`);
  return parts.join(units.sep);
}

const clockNames: Record<SlaClock, { zh: string; en: string }> = {
  response: { zh: '响应', en: 'response' },
  arrival: { zh: '到场', en: 'arrival' },
  resolution: { zh: '解决', en: 'resolution' },
};

// ---------- templates ----------

type Texts = { zh: { title: string; body: string }; en: { title: string; body: string } };
type Renderer<T extends NotificationTemplate> = (
  payload: NotificationPayload<T>,
  at: (iso: string) => { zh: string; en: string },
) => Texts;

const renderers: { [T in NotificationTemplate]: Renderer<T> } = {
  'ticket.received': (p) => ({
    zh: { title: '服务请求已受理', body: `您的服务请求已受理，单号 ${p.ticketNumber}。我们会尽快与您联系。` },
    en: {
      title: 'Service request received',
      body: `Your service request has been received, reference number ${p.ticketNumber}. We will contact you shortly.`,
    },
  }),
  'ticket.assigned_customer': (p, at) => {
    const arrival = p.expectedArrivalAt ? at(p.expectedArrivalAt) : null;
    return {
      zh: {
        title: '已为您安排工程师',
        body:
          `您的服务请求 ${p.ticketNumber} 已安排工程师 ${p.engineerName}` +
          (p.engineerPhone ? `（电话 ${p.engineerPhone}）` : '') +
          (arrival ? `，预计 ${arrival.zh} 到达。` : '，工程师将与您联系确认时间。'),
      },
      en: {
        title: 'An engineer has been assigned',
        body:
          `Engineer ${p.engineerName}` +
          (p.engineerPhone ? ` (phone ${p.engineerPhone})` : '') +
          ` will handle your service request ${p.ticketNumber}` +
          (arrival ? ` and is expected to arrive at ${arrival.en}.` : ' and will contact you to agree on a time.'),
      },
    };
  },
  'ticket.assigned_engineer': (p) => ({
    zh: {
      title: `新任务：${p.ticketNumber}`,
      body: `工单 ${p.ticketNumber}（客户：${p.customerName}，故障等级 ${p.faultLevel} 级）已派给您，请及时处理。`,
    },
    en: {
      title: `New task: ${p.ticketNumber}`,
      body: `Ticket ${p.ticketNumber} (customer: ${p.customerName}, fault level ${p.faultLevel}) has been assigned to you.`,
    },
  }),
  'ticket.resolved': (p) => ({
    zh: {
      title: '服务已完成',
      body:
        `您的服务请求 ${p.ticketNumber} 已处理完成，感谢您的耐心。` +
        (p.surveyUrl ? `欢迎评价本次服务：${p.surveyUrl}` : ''),
    },
    en: {
      title: 'Service completed',
      body:
        `Your service request ${p.ticketNumber} has been resolved. Thank you for your patience.` +
        (p.surveyUrl ? ` Please rate our service: ${p.surveyUrl}` : ''),
    },
  }),
  'sla.at_risk': (p, at) => {
    const due = at(p.dueAt);
    const clock = clockNames[p.clock];
    return {
      zh: {
        title: `即将超时：${p.ticketNumber}`,
        body: `工单 ${p.ticketNumber} 的${clock.zh}时限将于 ${due.zh} 到期，剩余 ${formatMinutes(p.minutesLeft, 'zh-CN')}。`,
      },
      en: {
        title: `At risk: ${p.ticketNumber}`,
        body: `The ${clock.en} deadline of ticket ${p.ticketNumber} is due at ${due.en}; ${formatMinutes(p.minutesLeft, 'en-US')} left.`,
      },
    };
  },
  'sla.breached': (p, at) => {
    const due = at(p.dueAt);
    const clock = clockNames[p.clock];
    return {
      zh: {
        title: `已超时：${p.ticketNumber}`,
        body: `工单 ${p.ticketNumber} 的${clock.zh}时限已于 ${due.zh} 到期，已超时 ${formatMinutes(p.minutesLate, 'zh-CN')}。`,
      },
      en: {
        title: `Deadline missed: ${p.ticketNumber}`,
        body: `The ${clock.en} deadline of ticket ${p.ticketNumber} passed at ${due.en}; ${formatMinutes(p.minutesLate, 'en-US')} late.`,
      },
    };
  },
  'ticket.loaner_due': (p, at) => {
    const due = at(p.dueAt);
    return {
      zh: {
        title: `备用机任务：${p.ticketNumber}`,
        body: `工单 ${p.ticketNumber} 需在 ${due.zh} 前为客户提供备用机。`,
      },
      en: {
        title: `Loaner task: ${p.ticketNumber}`,
        body: `Ticket ${p.ticketNumber} needs a loaner unit for the customer by ${due.en}.`,
      },
    };
  },
  'ticket.escalated': (p) => ({
    zh: { title: p.ticketNumber ? `工单升级：${p.ticketNumber}` : '升级提醒', body: p.text },
    en: { title: p.ticketNumber ? `Escalated: ${p.ticketNumber}` : 'Escalation', body: p.text },
  }),
  'survey.invite': (p, at) => {
    const until = at(p.expiresAt);
    return {
      zh: {
        title: '服务满意度评价',
        body: `您的服务请求 ${p.ticketNumber} 已完成，请您评价本次服务（${until.zh}前有效，仅可提交一次）：${p.surveyUrl}`,
      },
      en: {
        title: 'How did we do?',
        body: `Your service request ${p.ticketNumber} is complete. Please rate our service (valid once, until ${until.en}): ${p.surveyUrl}`,
      },
    };
  },
  'portal.code': (p) => ({
    zh: {
      title: '验证码',
      body: `您的售后服务门户验证码为 ${p.code}，${p.minutes} 分钟内有效。如非本人操作，请忽略。`,
    },
    en: {
      title: 'Verification code',
      body: `Your service portal code is ${p.code}, valid for ${p.minutes} minutes. If you did not ask for it, ignore this message.`,
    },
  }),
  'complaint.alert': (p, at) => {
    const due = p.dueAt ? at(p.dueAt) : null;
    const texts = {
      overdue: {
        zh: `投诉 ${p.complaintNumber} 的当前步骤已逾期${due ? `（应于 ${due.zh} 完成）` : ''}，请督办。`,
        en: `The current step of complaint ${p.complaintNumber} is overdue${due ? ` (was due at ${due.en})` : ''}; please follow it up.`,
      },
      overdue_executive: {
        zh: `投诉 ${p.complaintNumber} 逾期仍未处理${due ? `（应于 ${due.zh} 完成）` : ''}，已上报总经理。`,
        en: `Complaint ${p.complaintNumber} is still overdue${due ? ` (was due at ${due.en})` : ''} and is escalated to the executive.`,
      },
      quality_handover: {
        zh: `产品质量投诉 ${p.complaintNumber} 已转交质量部门调查。`,
        en: `Product quality complaint ${p.complaintNumber} is handed over to the quality department.`,
      },
      approval_needed: {
        zh: `投诉 ${p.complaintNumber} 的处理方案待您审批。`,
        en: `The solution of complaint ${p.complaintNumber} awaits your approval.`,
      },
      low_score: {
        zh: `满意度调查低分，已生成投诉草稿 ${p.complaintNumber}，请联系客户。`,
        en: `A low survey score opened complaint draft ${p.complaintNumber}; please contact the customer.`,
      },
    }[p.reason];
    const escalated = p.reason === 'overdue' || p.reason === 'overdue_executive';
    return {
      zh: { title: `${escalated ? '投诉逾期' : '投诉'}：${p.complaintNumber}`, body: texts.zh },
      en: { title: `${escalated ? 'Complaint overdue' : 'Complaint'}: ${p.complaintNumber}`, body: texts.en },
    };
  },
};

/** The title, text and web link of a notification in the given language. */
export function renderNotification<T extends NotificationTemplate>(
  template: T,
  payload: NotificationPayload<T>,
  locale: NotificationLocale,
  timeZone = 'Asia/Shanghai',
): RenderedNotification {
  const at = (iso: string) => ({
    zh: formatInstant(iso, 'zh-CN', timeZone),
    en: formatInstant(iso, 'en-US', timeZone),
  });
  const texts = (renderers[template] as Renderer<T>)(payload, at);
  const text = locale === 'en-US' ? texts.en : texts.zh;
  const complaintId = (payload as { complaintId?: number }).complaintId;
  if (complaintId) {
    return { ...text, link: `/feedback/complaints/${complaintId}`, entity: { type: 'complaint', id: complaintId } };
  }
  const ticketId = (payload as { ticketId?: number }).ticketId;
  return ticketId ? { ...text, link: `/tickets/${ticketId}`, entity: { type: 'ticket', id: ticketId } } : { ...text };
}

/** Parses a stored or given payload of a template; a failure names the template. */
export function parsePayload<T extends NotificationTemplate>(template: T, payload: unknown): NotificationPayload<T> {
  const result = notificationPayloadSchemas[template].safeParse(payload);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid payload for notification ${template}: ${issues}`);
  }
  return result.data as NotificationPayload<T>;
}

/** An SMS carries the sender's signature in 【】, as Chinese carriers require. */
export function smsText(rendered: RenderedNotification, signature: string): string {
  return `【${signature}】${rendered.body}`;
}
