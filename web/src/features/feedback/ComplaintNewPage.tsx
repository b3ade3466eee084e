import { App, Button, Card, Form, Input, InputNumber, Select } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import {
  complaintCategories,
  complaintChannels,
  complaintSeverities,
} from '../../../../server/modules/feedback/complaints.contract';
import { CustomerSelect } from '../../components/CustomerSelect';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { type MessageKey, useT } from '../../lib/i18n';
import { useCreateComplaint } from './complaints.api';

/** FBK-2: record a complaint from any channel; `?ticketId=` fills the ticket (from the ticket page). */
export function ComplaintNewPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const ticketId = params.get('ticketId') ? Number(params.get('ticketId')) : undefined;
  const [form] = Form.useForm();
  const create = useCreateComplaint();
  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));
  const submit = async (values: Record<string, unknown>) => {
    try {
      const created = await create.mutateAsync(values as never);
      navigate(`/feedback/complaints/${created.id}`);
    } catch (error) {
      if (isApiError(error)) {
        form.setFields(error.fields.map((f) => ({ name: f.field, errors: [f.message] })));
        message.error(error.message);
      }
    }
  };
  return (
    <>
      <PageHeader backTo="/feedback/complaints" title={t('complaints.new')} />
      <Card size="small" style={{ maxWidth: 720 }}>
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ channel: 'phone', severity: 'normal', ticketId }}
        >
          <Form.Item name="channel" label={t('complaints.channel')} rules={[{ required: true }]}>
            <Select data-testid="complaint-channel" options={options(complaintChannels, 'complaints.ch')} />
          </Form.Item>
          <Form.Item name="category" label={t('complaints.category')} rules={[{ required: true }]}>
            <Select data-testid="complaint-category" options={options(complaintCategories, 'complaints.cat')} />
          </Form.Item>
          <Form.Item name="severity" label={t('complaints.severity')}>
            <Select options={options(complaintSeverities, 'complaints.sev')} />
          </Form.Item>
          <Form.Item name="ticketId" label={t('complaints.ticketId')}>
            <InputNumber min={1} style={{ width: '100%' }} data-testid="complaint-ticket" />
          </Form.Item>
          {!ticketId && (
            <Form.Item name="customerId" label={t('complaints.customer')}>
              <CustomerSelect />
            </Form.Item>
          )}
          <Form.Item name="description" label={t('complaints.description')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="complaint-description-input" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="complaint-save">
            {t('complaints.new')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
