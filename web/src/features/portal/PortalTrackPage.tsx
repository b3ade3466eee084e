import { Alert, Button, Card, Form, Input, Steps, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { type MessageKey, useT } from '../../lib/i18n';
import { type PortalTracking, useTrackRequest } from './portal.api';

/** FBK-4: track a request with its number and the phone on it (nothing else is shown without both). */
export function PortalTrackPage() {
  const t = useT();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ number: string; phone: string }>();
  const track = useTrackRequest();
  const result: PortalTracking | undefined = track.data;
  const error = track.error;

  return (
    <Card>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ number: params.get('number') ?? '' }}
        onFinish={(values) => track.mutate({ number: values.number.trim(), phone: values.phone })}
        requiredMark={false}
      >
        <Form.Item
          name="number"
          label={t('portal.track.number')}
          rules={[{ required: true, message: t('portal.required') }]}
        >
          <Input maxLength={30} data-testid="portal-track-number" />
        </Form.Item>
        <Form.Item name="phone" label={t('portal.phone')} rules={[{ required: true, message: t('portal.required') }]}>
          <Input inputMode="tel" maxLength={20} data-testid="portal-track-phone" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={track.isPending} data-testid="portal-track-submit">
          {t('portal.track.submit')}
        </Button>
      </Form>
      {error && (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          data-testid="portal-track-error"
          title={isApiError(error) && error.status === 404 ? t('portal.track.notFound') : error.message}
        />
      )}
      {result && (
        <div style={{ marginTop: 16 }} data-testid="portal-tracking">
          <Typography.Title level={5}>
            {result.number} · {result.title}
          </Typography.Title>
          <Steps
            orientation="vertical"
            size="small"
            current={Math.max(0, result.milestones.filter((m) => m.done).length - 1)}
            items={result.milestones.map((milestone) => ({
              title: (
                <span data-testid={`milestone-${milestone.key}`} data-done={milestone.done}>
                  {t(`portal.milestone.${milestone.key}` as MessageKey)}
                </span>
              ),
              status: milestone.done ? 'finish' : 'wait',
              description: [
                milestone.at ? formatDateTime(milestone.at) : null,
                milestone.key === 'engineer_assigned' && result.engineerName
                  ? t('portal.track.engineer', { name: result.engineerName })
                  : null,
                milestone.key === 'engineer_assigned' && result.expectedArrivalAt
                  ? t('portal.track.eta', { at: formatDateTime(result.expectedArrivalAt) })
                  : null,
              ]
                .filter(Boolean)
                .join(' · '),
            }))}
          />
          {result.surveyPending && (
            <Alert type="info" showIcon title={t('portal.track.survey')} data-testid="portal-survey" />
          )}
        </div>
      )}
    </Card>
  );
}
