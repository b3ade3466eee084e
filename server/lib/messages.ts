/**
 * Messages that zod schemas refer to as `i18n:<key>` (custom validation errors). Shared by the
 * server (error responses) and the web app (form validation), so both speak the same words.
 */
export const validationMessages = {
  required: { zh: '必填', en: 'Required' },
  phone: { zh: '电话号码格式不正确（手机 11 位或带区号的固定电话）', en: 'Not a valid phone number' },
  mobile: { zh: '手机号格式不正确（11 位，以 1 开头）', en: 'Not a valid mobile number (11 digits starting with 1)' },
  email: { zh: '邮箱格式不正确', en: 'Not a valid email address' },
  date: { zh: '日期格式应为 YYYY-MM-DD', en: 'Date must be YYYY-MM-DD' },
  deptCode: { zh: '部门代码应为 1–6 个大写拼音字母', en: 'Department code must be 1–6 upper-case letters' },
  code: {
    zh: '编码只能包含字母、数字、-、_，最长 32 位',
    en: 'Code may contain letters, digits, - and _ (at most 32)',
  },
  username: { zh: '用户名为 3–32 位字母、数字、.、_、-', en: 'Username must be 3–32 letters, digits, ., _ or -' },
  password: {
    zh: '密码至少 8 位，且须同时包含字母和数字',
    en: 'Password needs at least 8 characters with letters and digits',
  },
  nonEmpty: { zh: '不能为空', en: 'Must not be empty' },
  tooLong: { zh: '内容过长', en: 'Too long' },
  roles: { zh: '至少选择一个角色', en: 'Choose at least one role' },
  dateOrder: { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' },
  positiveInt: { zh: '应为正整数', en: 'Must be a positive whole number' },
} as const;
export type ValidationMessageKey = keyof typeof validationMessages;

export const i18nMessage = (key: ValidationMessageKey) => `i18n:${key}`;

export function resolveValidationMessage(message: string, language: 'zh' | 'en'): string | undefined {
  if (!message.startsWith('i18n:')) return undefined;
  const entry = validationMessages[message.slice(5) as ValidationMessageKey];
  return entry?.[language];
}
