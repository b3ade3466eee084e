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
