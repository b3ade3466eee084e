/**
 * The typed settings store (REQUIREMENTS: values marked [X] in the seeds are settings, never
 * constants). Each key has a schema and a default; reading a key never fails, an edit is validated.
 * Later modules (SLA, fees, surveys) add their keys here.
 */
import { z } from 'zod';

type SettingDefinition<T extends z.ZodType> = {
  schema: T;
  default: z.infer<T>;
  group: string;
  label: { zh: string; en: string };
  unit?: { zh: string; en: string };
};

const define = <T extends z.ZodType>(definition: SettingDefinition<T>) => definition;

export const settingDefinitions = {
  'org.name': define({
    schema: z.string().trim().min(1).max(100),
    default: '售后通示范公司',
    group: 'org',
    label: { zh: '公司名称', en: 'Company name' },
  }),
  'org.timeZone': define({
    schema: z.string().refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
    default: 'Asia/Shanghai',
    group: 'org',
    label: { zh: '时区', en: 'Time zone' },
  }),
  'warranty.defaultMonths': define({
    schema: z.number().int().min(0).max(600),
    default: 36,
    group: 'warranty',
    label: { zh: '默认保修期（新型号）', en: 'Default warranty for new models' },
    unit: { zh: '月', en: 'months' },
  }),
  'warranty.expiringSoonDays': define({
    schema: z.number().int().min(0).max(365),
    default: 30,
    group: 'warranty',
    label: { zh: '保修即将到期提示天数', en: 'Warn when warranty ends within' },
    unit: { zh: '天', en: 'days' },
  }),
  'auth.maxFailedSignIns': define({
    schema: z.number().int().min(3).max(100),
    default: 10,
    group: 'security',
    label: { zh: '连续登录失败锁定次数', en: 'Consecutive failed sign-ins before lock-out' },
  }),
  'auth.lockoutMinutes': define({
    schema: z.number().int().min(1).max(1440),
    default: 15,
    group: 'security',
    label: { zh: '登录锁定时长', en: 'Lock-out duration' },
    unit: { zh: '分钟', en: 'minutes' },
  }),
  'auth.sessionHours': define({
    schema: z.number().int().min(1).max(720),
    default: 12,
    group: 'security',
    label: { zh: '登录有效期', en: 'Session lifetime' },
    unit: { zh: '小时', en: 'hours' },
  }),
  'customers.codePrefix': define({
    schema: z.string().regex(/^[A-Z]{1,4}$/),
    default: 'KH',
    group: 'customers',
    label: { zh: '客户编号前缀', en: 'Customer number prefix' },
  }),
  'tickets.routing': define({
    schema: z
      .array(
        z.object({
          productCategory: z.enum(['hardware', 'software', 'data', 'integration', 'undetermined']),
          ticketType: z.string().min(1).nullable(),
          departmentCode: z.string().regex(/^[A-Z]{1,6}$/),
        }),
      )
      .min(1),
    // TKT-4 [001 4.4.1]: hardware → 生产部, software → 研发部, data → 数据工程部, integration → 行业应用部
    // (the integration project manager's department), undetermined → 质量部 coordinates.
    default: [
      { productCategory: 'hardware', ticketType: null, departmentCode: 'SC' },
      { productCategory: 'software', ticketType: null, departmentCode: 'YF' },
      { productCategory: 'data', ticketType: null, departmentCode: 'SJ' },
      { productCategory: 'integration', ticketType: null, departmentCode: 'HY' },
      { productCategory: 'undetermined', ticketType: null, departmentCode: 'ZL' },
    ],
    group: 'tickets',
    label: {
      zh: '工单分派规则（产品类别和类型 → 部门）',
      en: 'Routing rules (product category and type → department)',
    },
  }),
  'tickets.qualityDepartmentCode': define({
    schema: z.string().regex(/^[A-Z]{1,6}$/),
    default: 'ZL',
    group: 'tickets',
    label: { zh: '质量信息处理部门代码', en: 'Department code for quality information' },
  }),
  'tickets.intakeMinutes': define({
    schema: z.number().int().min(1).max(10080),
    default: 120,
    group: 'tickets',
    label: { zh: '客服完成处理单时限', en: 'Agent completes the ticket within' },
    unit: { zh: '分钟', en: 'minutes' },
  }),
  'tickets.qualityAssignmentMinutes': define({
    schema: z.number().int().min(1).max(10080),
    default: 120,
    group: 'tickets',
    label: { zh: '质量信息分析并指定技术人员时限', en: 'Quality information analysed and an engineer assigned within' },
    unit: { zh: '分钟', en: 'minutes' },
  }),
  'tickets.technicalPlanMinutes': define({
    schema: z.number().int().min(1).max(10080),
    default: 240,
    group: 'tickets',
    label: { zh: '技术方案时限', en: 'Technical plan within' },
    unit: { zh: '分钟', en: 'minutes' },
  }),
  'tickets.remoteVerificationMinutes': define({
    schema: z.number().int().min(1).max(43200),
    default: 2880,
    group: 'tickets',
    label: { zh: '远程处理结果与客户确认时限', en: 'Remote result verified with the customer within' },
    unit: { zh: '分钟', en: 'minutes' },
  }),
  // PRT-6 / TKT-9 [001 4.5.3]: a faulty part replaced under warranty is booked back in within 16 h.
  'parts.faultyReturnHours': define({
    schema: z.number().int().min(1).max(720),
    default: 16,
    group: 'parts',
    label: {
      zh: '换下的三包旧件返还入库时限（工程师返回后）',
      en: 'Faulty part replaced under warranty booked back in within (after the engineer returns)',
    },
    unit: { zh: '小时', en: 'hours' },
  }),
  // PRT-5 [000 七(一)]: reorder suggestions look at recent consumption and the supplier's lead time.
  'parts.consumptionLookbackDays': define({
    schema: z.number().int().min(7).max(730),
    default: 90,
    group: 'parts',
    label: { zh: '采购建议参考的近期消耗天数', en: 'Reorder suggestions look at consumption over the last' },
    unit: { zh: '天', en: 'days' },
  }),
  'parts.defaultLeadTimeDays': define({
    schema: z.number().int().min(0).max(365),
    default: 7,
    group: 'parts',
    label: { zh: '默认采购周期（供应商未填交货期时）', en: 'Default lead time (when the supplier has none)' },
    unit: { zh: '天', en: 'days' },
  }),
  // PRT-7 [000 二(二) 4]: parts in stock with no issue for this long are slow movers (呆滞件).
  'parts.slowMoverDays': define({
    schema: z.number().int().min(7).max(3650),
    default: 180,
    group: 'parts',
    label: {
      zh: '超过此天数未出库的在库配件视为呆滞件',
      en: 'Parts in stock not issued for this long are slow movers',
    },
    unit: { zh: '天', en: 'days' },
  }),
  'sla.atRiskPercent': define({
    schema: z.number().int().min(1).max(99),
    default: 80,
    group: 'sla',
    label: { zh: '时限已用比例达到即为“有风险”', en: 'A deadline is at risk once this share of it is used' },
    unit: { zh: '%', en: '%' },
  }),
  'sla.loanerAfterWorkingMinutes': define({
    schema: z.number().int().min(1).max(10080),
    default: 600,
    group: 'sla',
    label: {
      zh: '故障超过此工作时间未排除即提供备用机',
      en: 'Offer a loaner when a fault is not fixed within (working time)',
    },
    unit: { zh: '分钟', en: 'minutes' },
  }),
  'sla.loanerDueMinutes': define({
    schema: z.number().int().min(1).max(10080),
    default: 720,
    group: 'sla',
    label: {
      zh: '备用机须在报修后多久内到位（工作时间）',
      en: 'Loaner in place within (working time from the report)',
    },
    unit: { zh: '分钟', en: 'minutes' },
  }),
  // Customer feedback (FBK-1, FBK-2): surveys and complaints.
  'feedback.surveyDueHours': define({
    schema: z.number().int().min(1).max(720),
    default: 16,
    group: 'feedback',
    label: { zh: '工单关闭后完成满意度调查时限', en: 'Satisfaction survey due after closure within' },
    unit: { zh: '小时', en: 'hours' },
  }),
  'feedback.surveyLinkDays': define({
    schema: z.number().int().min(1).max(90),
    default: 7,
    group: 'feedback',
    label: { zh: '客户评价链接有效期', en: "The customer's survey link is valid for" },
    unit: { zh: '天', en: 'days' },
  }),
  'feedback.publicBaseUrl': define({
    schema: z.url().max(200),
    default: 'http://localhost:3000',
    group: 'feedback',
    label: {
      zh: '发给客户的链接的网址前缀（如 https://service.example.com）',
      en: 'Address prefix of links sent to customers (e.g. https://service.example.com)',
    },
  }),
  'feedback.lowScoreThreshold': define({
    schema: z.enum(['very_satisfied', 'satisfied', 'fair', 'dissatisfied']),
    default: 'dissatisfied',
    group: 'feedback',
    label: {
      zh: '总体评价不高于此等级即为低分（生成投诉草稿并安排回访）',
      en: 'Overall rating at or below this level is a low score (opens a complaint draft and a return visit)',
    },
  }),
  'feedback.lowScoreAnyItem': define({
    schema: z.boolean(),
    default: true,
    group: 'feedback',
    label: {
      zh: '任一单项评价为“不满意”也算低分',
      en: 'Any single question answered "dissatisfied" is a low score too',
    },
  }),
  'feedback.satisfactionTarget': define({
    schema: z.number().min(0).max(100),
    default: 95,
    group: 'feedback',
    label: { zh: '客户满意率目标', en: 'Customer satisfaction rate target' },
    unit: { zh: '%', en: '%' },
  }),
  'feedback.complaintContactHours': define({
    schema: z.number().int().min(1).max(168),
    default: 2,
    group: 'feedback',
    label: { zh: '投诉登记后联系客户时限', en: 'Complaint: customer contacted within (after recording)' },
    unit: { zh: '小时', en: 'hours' },
  }),
  'feedback.investigationReportDays': define({
    schema: z.number().int().min(1).max(60),
    default: 3,
    group: 'feedback',
    label: {
      zh: '投诉调查报告（原因与责任）提交时限（登记后）',
      en: 'Complaint investigation report (cause and responsibility) due after recording',
    },
    unit: { zh: '天', en: 'days' },
  }),
  'feedback.complaintApprovalHours': define({
    schema: z.number().int().min(1).max(720),
    default: 24,
    group: 'feedback',
    label: { zh: '投诉处理方案审批时限', en: 'Complaint solution approved within' },
    unit: { zh: '小时', en: 'hours' },
  }),
  'feedback.complaintReplyHours': define({
    schema: z.number().int().min(1).max(720),
    default: 24,
    group: 'feedback',
    label: { zh: '方案批准后答复客户时限', en: 'Customer replied to within (after approval)' },
    unit: { zh: '小时', en: 'hours' },
  }),
  'feedback.complaintFeedbackDays': define({
    schema: z.number().int().min(1).max(60),
    default: 3,
    group: 'feedback',
    label: {
      zh: '答复后记录客户对处理结果满意度时限',
      en: "Customer's satisfaction with the handling recorded within (after the reply)",
    },
    unit: { zh: '天', en: 'days' },
  }),
  'feedback.complaintCloseHours': define({
    schema: z.number().int().min(1).max(720),
    default: 24,
    group: 'feedback',
    label: { zh: '记录客户反馈后结案时限', en: "Complaint closed within (after the customer's feedback)" },
    unit: { zh: '小时', en: 'hours' },
  }),
  'feedback.complaintExecutiveAfterHours': define({
    schema: z.number().int().min(1).max(720),
    default: 24,
    group: 'feedback',
    label: {
      zh: '投诉逾期后通知站长，再逾期此时长仍未处理则上报总经理',
      en: 'An overdue complaint goes to the station manager, and to the executive this long after',
    },
    unit: { zh: '小时', en: 'hours' },
  }),
  // Return visits (FBK-3) and the customer portal (FBK-4). Intervals are read by return-visits.rules.ts.
  'feedback.afterRemoteCheckHours': define({
    schema: z.number().int().min(1).max(720),
    default: 48,
    group: 'feedback',
    label: { zh: '远程处理解决后回访确认结果时限', en: 'Result check after remote handling is resolved, within' },
    unit: { zh: '小时', en: 'hours' },
  }),
  'feedback.afterRepairVisitHours': define({
    schema: z.number().int().min(1).max(720),
    default: 72,
    group: 'feedback',
    label: { zh: '上门/送修维修解决后回访时限', en: 'Return visit after an on-site or send-in repair, within' },
    unit: { zh: '小时', en: 'hours' },
  }),
  'feedback.warrantyVisitMonths': define({
    schema: z.number().int().min(0).max(24),
    default: 3,
    group: 'feedback',
    label: { zh: '保修期内定期上门回访间隔（0 为不安排）', en: 'In warranty: on-site visit every (0: none)' },
    unit: { zh: '月', en: 'months' },
  }),
  'feedback.postWarrantyVisitMonths': define({
    schema: z.number().int().min(0).max(24),
    default: 6,
    group: 'feedback',
    label: { zh: '保修期满后定期上门回访间隔（0 为不安排）', en: 'After warranty: on-site visit every (0: none)' },
    unit: { zh: '月', en: 'months' },
  }),
  'feedback.phoneVisitMonths': define({
    schema: z.number().int().min(0).max(12),
    default: 1,
    group: 'feedback',
    label: {
      zh: '重点客户电话回访与质量跟踪间隔（0 为不安排）',
      en: 'Key customers: phone visit and quality tracking every (0: none)',
    },
    unit: { zh: '月', en: 'months' },
  }),
  'feedback.keyCustomerMinimumMonths': define({
    schema: z.number().int().min(1).max(24),
    default: 6,
    group: 'feedback',
    label: { zh: '重点客户至少每隔多久回访一次', en: 'Key customers are visited at least every' },
    unit: { zh: '月', en: 'months' },
  }),
  'feedback.customerMinimumMonths': define({
    schema: z.number().int().min(1).max(36),
    default: 12,
    group: 'feedback',
    label: { zh: '其他客户至少每隔多久回访一次', en: 'Other customers are visited at least every' },
    unit: { zh: '月', en: 'months' },
  }),
  'feedback.keyAnnualVisit': define({
    schema: z.boolean(),
    default: true,
    group: 'feedback',
    label: { zh: '为重点客户制订年度走访计划', en: 'Plan an annual visit to every key customer' },
  }),
  'feedback.visitReportDays': define({
    schema: z.number().int().min(1).max(60),
    default: 10,
    group: 'feedback',
    label: { zh: '走访后提交走访报告时限', en: 'Visit report due after the visit within' },
    unit: { zh: '天', en: 'days' },
  }),
  'feedback.returnVisitHorizonMonths': define({
    schema: z.number().int().min(1).max(24),
    default: 12,
    group: 'feedback',
    label: { zh: '回访计划提前生成的月数', en: 'Return visits are planned this far ahead' },
    unit: { zh: '月', en: 'months' },
  }),
  'feedback.returnVisitRetryHours': define({
    schema: z.number().int().min(1).max(168),
    default: 4,
    group: 'feedback',
    label: { zh: '回访无人接听后再次回访间隔', en: 'Call again after no answer in' },
    unit: { zh: '小时', en: 'hours' },
  }),
  'feedback.returnVisitMaxAttempts': define({
    schema: z.number().int().min(1).max(10),
    default: 3,
    group: 'feedback',
    label: { zh: '回访无人接听最多尝试次数', en: 'Attempts before a return visit is given up as unanswered' },
  }),
  'feedback.portalStationCode': define({
    schema: z.string().regex(/^[A-Z0-9]{0,10}$/),
    default: '',
    group: 'feedback',
    label: {
      zh: '客户门户中无法匹配客户的报修交由哪个站点受理（站点代码，留空为第一个站点）',
      en: 'Station that receives portal requests from unknown callers (station code; empty: the first station)',
    },
  }),
  'feedback.portalDepartmentCode': define({
    schema: z.string().regex(/^[A-Z]{1,6}$/),
    default: 'SH',
    group: 'feedback',
    label: {
      zh: '客户门户报修的受理部门代码（工单编号前缀）',
      en: 'Department code receiving portal requests (ticket number prefix)',
    },
  }),
  'feedback.portalChallengeDifficulty': define({
    schema: z.number().int().min(1000).max(10_000_000),
    default: 50_000,
    group: 'feedback',
    label: {
      zh: '客户门户防机器人验证的计算量（越大越难）',
      en: 'Portal anti-bot proof-of-work difficulty (higher is harder)',
    },
  }),
  'attachments.maxMegabytes': define({
    schema: z.number().int().min(1).max(50),
    default: 10,
    group: 'tickets',
    label: { zh: '附件大小上限', en: 'Largest attachment' },
    unit: { zh: 'MB', en: 'MB' },
  }),
  // Notifications (PLT-3). The SMTP password is never a setting: it comes from env SMTP_PASSWORD.
  'notify.staffEmail': define({
    schema: z.boolean(),
    default: false,
    group: 'notify',
    label: {
      zh: '站内通知同时发邮件给员工（需配置邮件服务器）',
      en: 'Also email staff their in-app notifications (needs SMTP)',
    },
  }),
  'notify.retryBaseSeconds': define({
    schema: z.number().int().min(1).max(3600),
    default: 30,
    group: 'notify',
    label: { zh: '发送失败首次重试间隔（之后逐次加倍）', en: 'First retry after a failed send (doubling after that)' },
    unit: { zh: '秒', en: 'seconds' },
  }),
  'notify.maxAttempts': define({
    schema: z.number().int().min(1).max(20),
    default: 8,
    group: 'notify',
    label: { zh: '最多发送次数（之后标记为失败终止）', en: 'Attempts before a message is given up (dead)' },
  }),
  'notify.smtpHost': define({
    schema: z.string().trim().max(253),
    default: '',
    group: 'notify',
    label: { zh: '邮件服务器（SMTP）地址，留空则不发邮件', en: 'SMTP server host (empty: no email)' },
  }),
  'notify.smtpPort': define({
    schema: z.number().int().min(1).max(65535),
    default: 587,
    group: 'notify',
    label: { zh: 'SMTP 端口', en: 'SMTP port' },
  }),
  'notify.smtpSecure': define({
    schema: z.boolean(),
    default: false,
    group: 'notify',
    label: { zh: 'SMTP 使用 TLS 直连（465 端口）；关闭时用 STARTTLS', en: 'SMTP over TLS (port 465); off: STARTTLS' },
  }),
  'notify.smtpUser': define({
    schema: z.string().trim().max(200),
    default: '',
    group: 'notify',
    label: {
      zh: 'SMTP 用户名（密码由环境变量 SMTP_PASSWORD 提供）',
      en: 'SMTP user (password from env SMTP_PASSWORD)',
    },
  }),
  'notify.smtpFrom': define({
    schema: z.string().trim().max(200),
    default: '',
    group: 'notify',
    label: {
      zh: '发件人，如 售后通 <service@example.com>（留空用 SMTP 用户名）',
      en: 'Sender, e.g. Aftercare <service@example.com> (empty: the SMTP user)',
    },
  }),
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingDefinitions)[K]['schema']>;
export const settingKeys = Object.keys(settingDefinitions) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingDefinitions, key);
}

/** A stored value, or the default when it is missing or no longer valid under the current schema. */
export function resolveSetting<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  const definition = settingDefinitions[key];
  if (stored === undefined) return definition.default as SettingValue<K>;
  const parsed = definition.schema.safeParse(stored);
  return (parsed.success ? parsed.data : definition.default) as SettingValue<K>;
}
