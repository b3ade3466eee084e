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
