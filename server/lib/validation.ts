import type { FastifySchemaCompiler } from 'fastify';
import { type core, z } from 'zod';
import { resolveValidationMessage } from './messages.js';

export type Language = 'zh' | 'en';

/** Carries zod issues from request validation to the error handler. */
export class RequestValidationError extends Error {
  readonly issues: core.$ZodIssue[];
  readonly part: string;
  constructor(issues: core.$ZodIssue[], part: string) {
    super(`invalid ${part}`);
    this.issues = issues;
    this.part = part;
  }
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(result.error.issues, httpPart ?? 'body') };
  };

const locales = { zh: z.locales.zhCN().localeError, en: z.locales.en().localeError };

/** The message of one issue in the caller's language: our own `i18n:` keys first, then zod's locale. */
export function localizeIssue(issue: core.$ZodIssue, language: Language): string {
  const own = resolveValidationMessage(issue.message, language);
  if (own) return own;
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) {
    return language === 'zh' ? '必填' : 'Required';
  }
  const localized = locales[language](issue as never);
  if (typeof localized === 'string') return localized;
  return localized?.message ?? issue.message;
}

export function issuesToFields(issues: readonly core.$ZodIssue[], language: Language) {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: localizeIssue(issue, language),
  }));
}

export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
