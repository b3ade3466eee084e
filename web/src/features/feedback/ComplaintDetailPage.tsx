import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Select, Spin, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Complaint } from '../../../../server/modules/feedback/complaints.contract';
import {
  complaintCategories,
  complaintResponsibilities,
  complaintSeverities,
  handlingSatisfactions,
} from '../../../../server/modules/feedback/complaints.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { type MessageKey, useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { useDepartmentOptions } from '../departments/departments.api';
import { ComplaintStatusTag } from './ComplaintsPage';
import { useComplaint, useComplaintStep, useComplaintTimeline } from './complaints.api';

type Move = Complaint['allowedMoves'][number];

/** FBK-2: one complaint — its facts, due times, the next steps and the timeline. */
export function ComplaintDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const query = useComplaint(id);
  const timeline = useComplaintTimeline(id);
  const can = useCan();
  const [move, setMove] = useState<Move | null>(null);
  if (query.error) return <QueryError error={query.error} onRetry={() => query.refetch()} />;
  const complaint = query.data;
  if (!complaint) return <Spin />;
  const field = (key: MessageKey, value: React.ReactNode) => ({ key, label: t(key), children: value ?? '—' });
  return (
    <>
      <PageHeader
        backTo="/feedback/complaints"
        title={complaint.number}
        tags={<ComplaintStatusTag complaint={complaint} />}
      />
      {can('viewFeedback') && complaint.allowedMoves.length > 0 && (
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          {complaint.allowedMoves.map((next) => (
            <Button
              key={next}
              type={
                next === 'withdrawn' || (next === 'investigating' && complaint.status !== 'contacted')
                  ? 'default'
                  : 'primary'
              }
              data-testid={`complaint-step-${next}`}
              onClick={() => setMove(next)}
            >
              {t(`complaints.action.${next}` as MessageKey)}
            </Button>
          ))}
        </Flex>
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            field(
              'complaints.category',
              complaint.category ? t(`complaints.cat.${complaint.category}` as MessageKey) : null,
            ),
            field('complaints.severity', t(`complaints.sev.${complaint.severity}` as MessageKey)),
            field('complaints.channel', t(`complaints.ch.${complaint.channel}` as MessageKey)),
            field('complaints.customer', complaint.customerName),
            field(
              'complaints.ticket',
              complaint.ticketId && <Link to={`/tickets/${complaint.ticketId}`}>{complaint.ticketNumber}</Link>,
            ),
            field('complaints.engineer', complaint.engineerName),
            field('complaints.station', complaint.stationName),
            field('complaints.recordedAt', formatDateTime(complaint.recordedAt)),
            field(
              'complaints.stepDueAt',
              <span data-testid="complaint-step-due" style={complaint.overdue ? { color: '#cf1322' } : undefined}>
                {formatDateTime(complaint.stepDueAt)}
                {complaint.escalationLevel > 0 &&
                  ` · ${t('complaints.escalation', { level: complaint.escalationLevel })}`}
              </span>,
            ),
            field('complaints.reportDueAt', formatDateTime(complaint.reportDueAt)),
            field('complaints.department', complaint.responsibleDepartmentName),
            field(
              'complaints.responsibility',
              complaint.responsibility && t(`complaints.resp.${complaint.responsibility}` as MessageKey),
            ),
            field('complaints.rootCause', complaint.rootCause),
            field('complaints.solution', complaint.solution),
            field('complaints.reply', complaint.reply),
            field(
              'complaints.handlingSatisfaction',
              complaint.handlingSatisfaction && t(`complaints.hs.${complaint.handlingSatisfaction}` as MessageKey),
            ),
          ]}
        />
        <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }} data-testid="complaint-description">
          {complaint.description}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('complaints.timeline')}>
        <Timeline
          data-testid="complaint-timeline"
          items={(timeline.data?.items ?? []).map((event) => ({
            key: event.id,
            color: event.kind === 'escalated' ? 'red' : 'blue',
            children: (
              <>
                <Typography.Text strong>
                  {event.kind === 'transition' && event.toStatus
                    ? t(`complaints.status.${event.toStatus}` as MessageKey)
                    : t(`complaints.event.${event.kind}` as MessageKey)}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {formatDateTime(event.at)} · {event.actorName ?? t('complaints.system')}
                </Typography.Text>
                {event.note && <div>{event.note}</div>}
              </>
            ),
          }))}
        />
      </Card>
      {move && <StepDialog complaint={complaint} move={move} onClose={() => setMove(null)} />}
    </>
  );
}

function StepDialog({ complaint, move, onClose }: { complaint: Complaint; move: Move; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const step = useComplaintStep(complaint.id);
  const departments = useDepartmentOptions();
  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await step.mutateAsync({ ...values, to: move, version: complaint.version });
      message.success(t('complaints.saved'));
      onClose();
    } catch (error) {
      if (isApiError(error)) {
        form.setFields(error.fields.map((f) => ({ name: f.field, errors: [f.message] })));
        message.error(error.message);
      }
    }
  };
  const required = [{ required: true }];
  const noteRequired = move === 'contacted' || move === 'withdrawn';
  return (
    <Modal
      open
      title={t(`complaints.action.${move}` as MessageKey)}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={step.isPending}
      okButtonProps={{ 'data-testid': 'complaint-step-submit' } as never}
    >
      {move === 'approved' && (
        <Typography.Paragraph type="secondary">
          {t('complaints.approvers', {
            roles: complaint.approverRoles.map((role) => t(`role.${role}` as MessageKey)).join(' / '),
          })}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          category: complaint.category ?? undefined,
          severity: complaint.severity,
          responsibleDepartmentId: complaint.responsibleDepartmentId ?? undefined,
        }}
      >
        {move === 'recorded' && (
          <>
            <Form.Item name="category" label={t('complaints.category')} rules={required}>
              <Select data-testid="complaint-category" options={options(complaintCategories, 'complaints.cat')} />
            </Form.Item>
            <Form.Item name="severity" label={t('complaints.severity')} rules={required}>
              <Select options={options(complaintSeverities, 'complaints.sev')} />
            </Form.Item>
          </>
        )}
        {move === 'investigating' && (
          <Form.Item name="responsibleDepartmentId" label={t('complaints.department')} rules={required}>
            <Select data-testid="complaint-department" options={departments.options} loading={departments.isPending} />
          </Form.Item>
        )}
        {move === 'solution_proposed' && (
          <>
            <Form.Item name="rootCause" label={t('complaints.rootCause')} rules={required}>
              <Input.TextArea rows={2} data-testid="complaint-root-cause" />
            </Form.Item>
            <Form.Item name="responsibility" label={t('complaints.responsibility')} rules={required}>
              <Select
                data-testid="complaint-responsibility"
                options={options(complaintResponsibilities, 'complaints.resp')}
              />
            </Form.Item>
            <Form.Item name="solution" label={t('complaints.solution')} rules={required}>
              <Input.TextArea rows={2} data-testid="complaint-solution" />
            </Form.Item>
          </>
        )}
        {move === 'replied' && (
          <Form.Item name="reply" label={t('complaints.reply')} rules={required}>
            <Input.TextArea rows={3} data-testid="complaint-reply" />
          </Form.Item>
        )}
        {move === 'feedback_recorded' && (
          <Form.Item name="handlingSatisfaction" label={t('complaints.handlingSatisfaction')} rules={required}>
            <Select data-testid="complaint-handling" options={options(handlingSatisfactions, 'complaints.hs')} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('complaints.note')} rules={noteRequired ? required : undefined}>
          <Input.TextArea rows={2} data-testid="complaint-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
