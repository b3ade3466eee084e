import { Button, Flex, Form, type FormProps, Skeleton } from 'antd';
import type { ComponentType, ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useT } from '../lib/i18n';
import { type DetailOf, type Resource, useDetail } from '../lib/resource';
import { PageHeader } from './PageHeader';
import { QueryError } from './QueryState';

type EditableResource = Resource<unknown, unknown, { id: number; version: number }>;

/** What EditRecordPage gives its form: the record to edit (none for a new one) and how to reload it. */
export type EditRecordProps<T> = { record?: T; onReload?: () => void };

/**
 * The page of `/new` and `/:id/edit`: without an id the empty form, otherwise the form once the
 * record has loaded, keyed by its version so a reload after a conflict starts from the new values.
 */
export function EditRecordPage<R extends EditableResource>({
  resource,
  skeletonRows,
  form: EditForm,
}: {
  resource: R;
  skeletonRows: number;
  form: ComponentType<EditRecordProps<DetailOf<R>>>;
}) {
  const id = Number(useParams().id) || undefined;
  const detail = useDetail(resource, id ?? 0);
  if (!id) return <EditForm />;
  if (detail.error) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton active paragraph={{ rows: skeletonRows }} />;
  return (
    <EditForm key={`${detail.data.id}:${detail.data.version}`} record={detail.data} onReload={() => detail.refetch()} />
  );
}

type RecordFormProps<Values> = Omit<FormProps<Values>, 'children' | 'title'> & {
  title: string;
  subtitle?: ReactNode;
  /** Shown between the header and the form. */
  notice?: ReactNode;
  /** Where the back arrow and Cancel lead. */
  backTo: string;
  saving: boolean;
  submitTestId: string;
  children: ReactNode;
};

/**
 * A record's form page: the header with a back arrow, then a vertical form that locks while saving,
 * with Cancel and Save at its foot.
 */
export function RecordForm<Values>({
  title,
  subtitle,
  notice,
  backTo,
  saving,
  submitTestId,
  disabled,
  children,
  ...props
}: RecordFormProps<Values>) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader backTo={backTo} title={title} subtitle={subtitle} />
      {notice}
      <Form<Values> layout="vertical" scrollToFirstError {...props} disabled={saving || disabled}>
        {children}
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(backTo)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid={submitTestId}>
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
