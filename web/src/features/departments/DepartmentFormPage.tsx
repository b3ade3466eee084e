import { App, Button, Card, Col, Flex, Form, Input, Row, Skeleton } from 'antd';
import { useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { type Department, departmentInput, departmentUpdate } from '../../../../server/modules/org/org.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSave } from '../../lib/resource';
import { departmentsApi, suggestDepartmentCode } from './departments.api';

type Values = { code?: string; name?: string; description?: string | null };

export function DepartmentFormPage() {
  const { t } = useLocale();
  const id = Number(useParams().id) || undefined;
  const detail = useDetail(departmentsApi, id ?? 0);
  if (!id) return <DepartmentForm />;
  if (detail.error) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <DepartmentForm
      key={`${detail.data.id}:${detail.data.version}`}
      department={detail.data}
      onReload={() => detail.refetch()}
      title={t('departments.edit')}
    />
  );
}

function DepartmentForm({
  department,
  onReload,
  title,
}: {
  department?: Department;
  onReload?: () => void;
  title?: string;
}) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const rules = useFieldRules(departmentInput);
  const save = useSave(departmentsApi);
  const onError = useApiErrorHandler();
  // The code follows the name (ORG-2 pinyin initials) until the user types a code of their own.
  const suggested = useRef<string | undefined>(department?.code);

  const suggestCode = async () => {
    const name = form.getFieldValue('name')?.trim();
    const code = form.getFieldValue('code');
    if (!name || (code && code !== suggested.current)) return;
    try {
      const suggestion = await suggestDepartmentCode(name);
      if (form.getFieldValue('code') && form.getFieldValue('code') !== suggested.current) return;
      suggested.current = suggestion.code;
      form.setFields([{ name: 'code', value: suggestion.code, errors: [] }]);
    } catch {
      // no suggestion; the user types the code
    }
  };

  const submit = (values: Values) => {
    const payload = { ...values, code: values.code?.trim().toUpperCase() };
    const body = department
      ? parseForForm(departmentUpdate, { ...payload, version: department.version }, form, language)
      : parseForForm(departmentInput, payload, form, language);
    if (!body) return;
    save.mutate(
      { id: department?.id, body },
      {
        onSuccess: (saved) => {
          message.success(department ? t('common.saved') : t('departments.created'));
          navigate(`/departments/${(saved as Department).id}`, { replace: true });
        },
        onError: (error) => onError(error, { form, onReload }),
      },
    );
  };

  const half = { xs: 24, md: 12 };
  const backTo = department ? `/departments/${department.id}` : '/departments';
  return (
    <>
      <PageHeader backTo={backTo} title={title ?? t('departments.new')} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          department ? { code: department.code, name: department.name, description: department.description } : {}
        }
        onFinish={submit}
        disabled={save.isPending}
        scrollToFirstError
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item name="name" label={t('field.name')} rules={rules('name')} required>
                <Input maxLength={100} onBlur={suggestCode} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item
                name="code"
                label={t('field.code')}
                rules={rules('code')}
                required
                extra={t('departments.codeHint')}
                normalize={(value: string) => value?.toUpperCase()}
              >
                <Input maxLength={6} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="description" label={t('field.description')} rules={rules('description')}>
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(backTo)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="department-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
