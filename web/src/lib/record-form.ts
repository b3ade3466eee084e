/**
 * The create/edit form of a master-data record: validate with the shared schema, save, then show the
 * saved record; a failed save puts its errors next to the fields (and offers a reload on 409).
 */
import { App, Form } from 'antd';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { parseForForm, useApiErrorHandler } from './forms';
import { type MessageKey, useLocale } from './i18n';
import { type AnyResource, useSave } from './resource';

type SavedRecord = { id: number; version: number };

type Options = {
  resource: AnyResource;
  /** The record being edited; absent for a new one. */
  record?: SavedRecord;
  /** Reloads the record after someone else changed it (offered on 409). */
  onReload?: () => void;
  schemas: { create: z.ZodType; update: z.ZodType };
  /** The list path; the saved record is shown at `${path}/${id}`. */
  path: string;
  /** The message after creating a record (an edit says "saved"). */
  created: MessageKey;
  /** Maps an API field to the form field showing it (see parseForForm). */
  mapField?: (field: string) => string;
};

export function useRecordForm<Values>({ resource, record, onReload, schemas, path, created, mapField }: Options) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const mutation = useSave(resource);
  const onError = useApiErrorHandler();

  /** Validates `payload` (an edit adds the record's version) and saves it. */
  const save = (payload: object) => {
    const body = record
      ? parseForForm(schemas.update, { ...payload, version: record.version }, form, language, mapField)
      : parseForForm(schemas.create, payload, form, language, mapField);
    if (!body) return;
    // mutateAsync, not mutate's per-call callbacks: saving a new version remounts the edit form
    // (it is keyed by version), and TanStack Query drops the callbacks of an unmounted observer.
    mutation
      .mutateAsync({ id: record?.id, body })
      .then((saved) => {
        message.success(record ? t('common.saved') : t(created));
        navigate(`${path}/${(saved as SavedRecord).id}`, { replace: true });
      })
      .catch((error) => onError(error, { form, onReload, mapField }));
  };

  return { form, save, saving: mutation.isPending };
}
