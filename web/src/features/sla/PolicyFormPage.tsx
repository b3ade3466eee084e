import { Card, Col, Form, Input, Row, Select, Switch } from 'antd';
import {
  type Policy,
  policyInput,
  policyUpdate,
  type SlaTargetInput,
} from '../../../../server/modules/sla/sla.contract';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
import { policiesApi, useCalendarOptions } from './sla.api';
import { TargetGridEditor } from './TargetGridEditor';

type Values = {
  code?: string;
  name?: string;
  description?: string | null;
  calendarId?: number;
  targets: SlaTargetInput[];
  pauseForParts: boolean;
  isDefault: boolean;
};

/** The grid names every bad cell itself, live; a refused save only adds the message on top. */
const mapField = (field: string) => (field.startsWith('targets') ? '_targets' : field);

const h = (hours: number) => hours * 60;
/** A new policy starts from TKT-6's figures (docs/decisions/0004-sla-defaults.md). */
const starterGrid = (): SlaTargetInput[] => [
  {
    level: 1,
    region: 'any',
    response: { minutes: 10, basis: 'calendar' },
    arrival: { minutes: h(2), basis: 'calendar' },
    resolution: { minutes: h(24), basis: 'calendar' },
  },
  {
    level: 2,
    region: 'any',
    response: { minutes: h(1), basis: 'business' },
    arrival: { minutes: h(24), basis: 'calendar' },
    resolution: { minutes: h(48), basis: 'calendar' },
  },
  {
    level: 3,
    region: 'any',
    response: { minutes: h(2), basis: 'business' },
    arrival: { minutes: h(72), basis: 'calendar' },
    resolution: { minutes: h(72), basis: 'calendar' },
  },
  {
    level: 4,
    region: 'any',
    response: { minutes: h(2), basis: 'business' },
    arrival: null,
    resolution: { minutes: h(24), basis: 'calendar' },
  },
];

export function PolicyFormPage() {
  return <EditRecordPage resource={policiesApi} skeletonRows={12} form={PolicyForm} />;
}

function PolicyForm({ record: policy, onReload }: EditRecordProps<Policy>) {
  const { t } = useLocale();
  const { form, save, saving } = useRecordForm<Values>({
    resource: policiesApi,
    record: policy,
    onReload,
    schemas: { create: policyInput, update: policyUpdate },
    path: '/sla/policies',
    created: 'sla.policyCreated',
    mapField,
  });
  const rules = useFieldRules(policyInput);
  const calendars = useCalendarOptions(policy?.calendarId);

  const initialValues: Values = policy
    ? {
        code: policy.code,
        name: policy.name,
        description: policy.description,
        calendarId: policy.calendarId,
        targets: policy.targets as SlaTargetInput[],
        pauseForParts: policy.pauseForParts,
        isDefault: policy.isDefault,
      }
    : { targets: starterGrid(), pauseForParts: false, isDefault: false };

  const half = { xs: 24, md: 12 };
  return (
    <RecordForm<Values>
      title={policy ? t('sla.editPolicy') : t('sla.newPolicy')}
      subtitle={policy?.code}
      backTo={policy ? `/sla/policies/${policy.id}` : '/sla/policies'}
      form={form}
      initialValues={initialValues}
      onFinish={(values) => save(values)}
      saving={saving}
      submitTestId="sla-policy-submit"
    >
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="code" label={t('field.code')} rules={rules('code')} required>
              <Input maxLength={32} data-testid="sla-policy-code" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('field.name')} rules={rules('name')} required>
              <Input maxLength={100} data-testid="sla-policy-name" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="calendarId"
              label={t('sla.calendar')}
              rules={rules('calendarId')}
              required
              extra={t('sla.calendarHint')}
            >
              <Select options={calendars.options} loading={calendars.isPending} data-testid="sla-policy-calendar" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="pauseForParts"
              label={t('field.pauseForParts')}
              valuePropName="checked"
              extra={t('sla.pauseForPartsHint')}
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="isDefault"
              label={t('field.isDefault')}
              valuePropName="checked"
              extra={policy?.isDefault ? t('sla.defaultLocked') : t('sla.defaultHint')}
            >
              <Switch disabled={policy?.isDefault} data-testid="sla-policy-default" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('field.description')} rules={rules('description')}>
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t('sla.targets')} style={{ marginBottom: 16 }}>
        <Form.Item name="targets" style={{ marginBottom: 0 }}>
          <TargetGridEditor />
        </Form.Item>
      </Card>
    </RecordForm>
  );
}
