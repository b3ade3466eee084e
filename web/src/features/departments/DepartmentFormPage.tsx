import { Card, Col, Form, Input, Row } from 'antd';
import { useRef } from 'react';
import { type Department, departmentInput, departmentUpdate } from '../../../../server/modules/org/org.contract';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
import { departmentsApi, suggestDepartmentCode } from './departments.api';

type Values = { code?: string; name?: string; description?: string | null };

export function DepartmentFormPage() {
  return <EditRecordPage resource={departmentsApi} skeletonRows={6} form={DepartmentForm} />;
}

function DepartmentForm({ record: department, onReload }: EditRecordProps<Department>) {
  const { t } = useLocale();
  const { form, save, saving } = useRecordForm<Values>({
    resource: departmentsApi,
    record: department,
    onReload,
    schemas: { create: departmentInput, update: departmentUpdate },
    path: '/departments',
    created: 'departments.created',
  });
  const rules = useFieldRules(departmentInput);
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

  const submit = (values: Values) => save({ ...values, code: values.code?.trim().toUpperCase() });

  const half = { xs: 24, md: 12 };
  const backTo = department ? `/departments/${department.id}` : '/departments';
  return (
    <RecordForm<Values>
      title={department ? t('departments.edit') : t('departments.new')}
      backTo={backTo}
      form={form}
      initialValues={
        department ? { code: department.code, name: department.name, description: department.description } : {}
      }
      onFinish={submit}
      saving={saving}
      submitTestId="department-form-submit"
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
    </RecordForm>
  );
}
