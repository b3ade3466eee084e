/**
 * Forms validate with the same zod schemas as the server and show every error next to its field,
 * in the UI language: `i18n:<key>` messages come from the shared validationMessages, the rest from
 * zod's own locale (configured in lib/i18n).
 */
import { App, type FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { useCallback } from 'react';
import type { core, z } from 'zod';
import { resolveValidationMessage } from '../../../server/lib/messages';
import { ApiError, isApiError } from './api';
import { type Language, useLocale } from './i18n';

export type NamePath = (string | number)[];

export function localizeIssue(issue: core.$ZodIssue, language: Language): string {
  const own = resolveValidationMessage(issue.message, language);
  if (own) return own;
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) {
    return language === 'zh' ? '必填' : 'Required';
  }
  return issue.message;
}

export const toNamePath = (field: string): NamePath =>
  field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** An antd rule that runs one field's zod schema. */
export function zodRule(schema: z.ZodType, language: Language): Rule {
  return {
    validator: async (_rule, value) => {
      // Cleared inputs hold null; "not given" is undefined to the schemas (optional vs nullish).
      const result = schema.safeParse(value === null ? undefined : value, { reportInput: true });
      if (!result.success) throw new Error(localizeIssue(result.error.issues[0], language));
    },
  };
}

/** Rules for `name` taken from an object schema's shape (empty when the schema has no such field). */
export function useFieldRules(schema: z.ZodObject) {
  const { language } = useLocale();
  return useCallback(
    (name: string): Rule[] => {
      const field = (schema.shape as Record<string, z.ZodType | undefined>)[name];
      return field ? [zodRule(field, language)] : [];
    },
    [schema, language],
  );
}

type FieldMapper = (field: string) => string;

/**
 * Parses `payload` with `schema`; on failure puts each issue next to its field and returns null.
 * `mapField` maps an API field (e.g. `amountFen`) to the form field showing it (`amountYuan`).
 */
export function parseForForm<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  form: FormInstance,
  language: Language,
  mapField?: FieldMapper,
): z.output<S> | null {
  const result = schema.safeParse(payload, { reportInput: true });
  if (result.success) return result.data;
  const byField = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const field = mapField ? mapField(issue.path.map(String).join('.')) : issue.path.map(String).join('.');
    const messages = byField.get(field) ?? [];
    messages.push(localizeIssue(issue, language));
    byField.set(field, messages);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: toNamePath(field), errors })));
  const first = [...byField.keys()][0];
  if (first) form.scrollToField(toNamePath(first), { block: 'center' });
  return null;
}

export type ErrorHandlerOptions = {
  form?: FormInstance;
  mapField?: FieldMapper;
  /** Offered on 409 (someone else changed the record): reload the latest version. */
  onReload?: () => void;
};

/** Shows a failed request the way the house style asks: field errors in place, the message on top. */
export function useApiErrorHandler() {
  const { message, modal } = App.useApp();
  const { t } = useLocale();
  return useCallback(
    (error: unknown, options: ErrorHandlerOptions = {}) => {
      if (!isApiError(error)) {
        message.error(error instanceof Error ? error.message : String(error));
        return;
      }
      if (error.status === 409 && options.onReload) {
        const reload = options.onReload;
        modal.confirm({
          title: t('error.conflictTitle'),
          content: error.message,
          okText: t('common.reload'),
          cancelText: t('common.cancel'),
          onOk: reload,
        });
        return;
      }
      if (options.form && error.fields.length > 0) {
        const byField = new Map<string, string[]>();
        for (const field of error.fields) {
          const name = options.mapField ? options.mapField(field.field) : field.field;
          byField.set(name, [...(byField.get(name) ?? []), field.message]);
        }
        options.form.setFields([...byField].map(([name, errors]) => ({ name: toNamePath(name), errors })));
      }
      message.error(error.message);
    },
    [message, modal, t],
  );
}

export { ApiError };
