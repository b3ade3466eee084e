import { App, Button, Form, Modal, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Survey } from '../../../../server/modules/feedback/surveys.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { type MessageKey, useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { type SurveyFormValues, SurveyQuestions } from './survey-fields';
import { useRecordPhoneSurvey, useSurveyList } from './surveys.api';

const statuses = ['overdue', 'due', 'pending', 'answered'] as const;

/** FBK-1: the agents' call list (unanswered surveys past due first) and recording a phone survey. */
export function SurveysPage() {
  const t = useT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as (typeof statuses)[number]) ?? 'overdue';
  const page = Number(params.get('page') ?? 1);
  const query = useSurveyList({ status, page, pageSize: 20 });
  const [recording, setRecording] = useState<Survey | null>(null);

  return (
    <>
      <PageHeader title={t('surveys.title')} />
      <Segmented
        data-testid="survey-status"
        value={status}
        onChange={(value) => setParams({ status: String(value) })}
        options={statuses.map((value) => ({ value, label: t(`surveys.status.${value}` as MessageKey) }))}
        style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
      />
      {query.error ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Table<Survey>
          rowKey="id"
          size="small"
          data-testid="survey-table"
          loading={query.isFetching}
          dataSource={query.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: 20,
            total: query.data?.total,
            onChange: (next) => setParams({ status, page: String(next) }),
          }}
          columns={[
            {
              title: t('surveys.ticket'),
              render: (_, row) => <Link to={`/tickets/${row.ticketId}`}>{row.ticketNumber}</Link>,
            },
            { title: t('surveys.customer'), dataIndex: 'customerName' },
            {
              title: t('surveys.contact'),
              render: (_, row) => [row.contactName, row.contactPhone].filter(Boolean).join(' '),
            },
            { title: t('surveys.engineer'), dataIndex: 'engineerName' },
            { title: t('surveys.closedAt'), render: (_, row) => formatDateTime(row.closedAt) },
            {
              title: status === 'answered' ? t('surveys.answeredAt') : t('surveys.dueAt'),
              render: (_, row) =>
                status === 'answered' ? (
                  formatDateTime(row.answeredAt)
                ) : (
                  <span style={row.overdue ? { color: '#cf1322' } : undefined}>{formatDateTime(row.dueAt)}</span>
                ),
            },
            ...(status === 'answered'
              ? [
                  {
                    title: t('surveys.overall'),
                    render: (_: unknown, row: Survey) => (
                      <>
                        <Tag color={row.satisfied ? 'green' : 'red'}>
                          {row.overall ? t(`surveys.level.${row.overall}` as MessageKey) : ''}
                        </Tag>
                        {row.channel && <Tag>{t(`surveys.channel.${row.channel}` as MessageKey)}</Tag>}
                        {row.complaintId && (
                          <Link to={`/feedback/complaints/${row.complaintId}`}>{row.complaintNumber}</Link>
                        )}
                      </>
                    ),
                  },
                ]
              : [
                  {
                    title: '',
                    render: (_: unknown, row: Survey) =>
                      can('recordSurveys') &&
                      row.status === 'pending' && (
                        <Button size="small" data-testid={`record-survey-${row.id}`} onClick={() => setRecording(row)}>
                          {t('surveys.record')}
                        </Button>
                      ),
                  },
                ]),
          ]}
        />
      )}
      {recording && <PhoneSurveyDialog survey={recording} onClose={() => setRecording(null)} />}
    </>
  );
}

function PhoneSurveyDialog({ survey, onClose }: { survey: Survey; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<SurveyFormValues>();
  const record = useRecordPhoneSurvey(survey.id);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const saved = await record.mutateAsync({
        ...(values as Parameters<typeof record.mutateAsync>[0]),
        version: survey.version,
      });
      message.success(
        saved.lowScore ? t('surveys.lowScoreSaved', { number: saved.complaintNumber }) : t('surveys.saved'),
      );
      onClose();
    } catch (error) {
      if (isApiError(error)) {
        form.setFields(error.fields.map((field) => ({ name: field.field as never, errors: [field.message] })));
        message.error(error.message);
      }
    }
  };
  return (
    <Modal
      open
      title={t('surveys.recordTitle', { number: survey.ticketNumber })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={record.isPending}
      okButtonProps={{ 'data-testid': 'survey-submit' } as never}
      width={640}
    >
      <Form form={form} layout="vertical">
        <SurveyQuestions />
      </Form>
    </Modal>
  );
}
