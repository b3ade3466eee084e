import { Alert, App, Button, Form, Input, Modal, Radio, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { type MessageKey, useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import {
  type ReturnVisitRow,
  useGenerateReturnVisits,
  useRecordOutcome,
  useReturnVisits,
  useSubmitReport,
} from './return-visits.api';

const dueFilters = ['overdue', 'today', 'week', 'all'] as const;
const statusFilters = ['open', 'done'] as const;
const outcomes = ['satisfied', 'issue_found', 'unhappy', 'no_answer', 'wrong_number'] as const;

/** FBK-3: the agents' return-visit queue — due first, a call script per kind, outcomes and reports. */
export function ReturnVisitsPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const due = (params.get('due') as (typeof dueFilters)[number]) ?? 'week';
  const status = (params.get('status') as (typeof statusFilters)[number]) ?? 'open';
  const page = Number(params.get('page') ?? 1);
  const query = useReturnVisits({ status, due: status === 'open' ? due : 'all', page, pageSize: 20 });
  const generate = useGenerateReturnVisits();
  const [working, setWorking] = useState<ReturnVisitRow | null>(null);
  const [reporting, setReporting] = useState<ReturnVisitRow | null>(null);
  const set = (next: Record<string, string>) => setParams({ status, due, ...next });

  const runGeneration = async () => {
    try {
      const result = await generate.mutateAsync();
      message.success(t('returnVisits.generated', { total: result.total }));
    } catch (error) {
      if (isApiError(error)) message.error(error.message);
    }
  };

  return (
    <>
      <PageHeader
        title={t('returnVisits.title')}
        extra={
          can('planReturnVisits') && (
            <Button data-testid="return-visits-generate" loading={generate.isPending} onClick={runGeneration}>
              {t('returnVisits.generate')}
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          data-testid="return-visit-status"
          value={status}
          onChange={(value) => set({ status: String(value), page: '1' })}
          options={statusFilters.map((value) => ({ value, label: t(`returnVisits.status.${value}` as MessageKey) }))}
        />
        {status === 'open' && (
          <Segmented
            data-testid="return-visit-due"
            value={due}
            onChange={(value) => set({ due: String(value), page: '1' })}
            options={dueFilters.map((value) => ({ value, label: t(`returnVisits.due.${value}` as MessageKey) }))}
          />
        )}
      </Space>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Table<ReturnVisitRow>
          rowKey="id"
          size="small"
          data-testid="return-visit-table"
          loading={query.isFetching}
          dataSource={query.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: 20,
            total: query.data?.total,
            onChange: (next) => set({ page: String(next) }),
          }}
          columns={[
            {
              title: t('returnVisits.dueAt'),
              render: (_, row) => (
                <span style={row.isOverdue ? { color: '#cf1322' } : undefined}>{formatDateTime(row.dueAt)}</span>
              ),
            },
            {
              title: t('returnVisits.kind'),
              render: (_, row) => (
                <>
                  <Tag color={row.method === 'on_site' ? 'blue' : 'default'}>
                    {t(`returnVisits.rule.${row.rule}` as MessageKey)}
                  </Tag>
                  {row.customerLevel === 'key' && <Tag color="gold">{t('returnVisits.keyCustomer')}</Tag>}
                </>
              ),
            },
            { title: t('returnVisits.customer'), dataIndex: 'customerName' },
            {
              title: t('returnVisits.contact'),
              render: (_, row) => [row.contactName, row.contactPhone].filter(Boolean).join(' '),
            },
            {
              title: t('returnVisits.equipment'),
              render: (_, row) => [row.serialNo, row.modelName].filter(Boolean).join(' · '),
            },
            {
              title: t('returnVisits.ticket'),
              render: (_, row) => row.ticketId && <Link to={`/tickets/${row.ticketId}`}>{row.ticketNumber}</Link>,
            },
            {
              title: status === 'open' ? t('returnVisits.attempts') : t('returnVisits.outcome'),
              render: (_, row) =>
                status === 'open' ? (
                  row.attempts
                ) : (
                  <Space size={4} wrap>
                    {row.outcome && <Tag>{t(`returnVisits.outcome.${row.outcome}` as MessageKey)}</Tag>}
                    {row.complaintId && (
                      <Link to={`/feedback/complaints/${row.complaintId}`}>{t('returnVisits.complaint')}</Link>
                    )}
                    {row.needsReport &&
                      (row.reportSubmittedAt ? (
                        <Tag color="green">{t('returnVisits.reportDone')}</Tag>
                      ) : (
                        <Tag color="orange">{t('returnVisits.reportDue', { at: formatDateTime(row.reportDueAt) })}</Tag>
                      ))}
                  </Space>
                ),
            },
            {
              title: '',
              render: (_, row) =>
                can('recordReturnVisits') &&
                (row.status === 'open' ? (
                  <Button
                    size="small"
                    type="primary"
                    data-testid={`work-visit-${row.id}`}
                    onClick={() => setWorking(row)}
                  >
                    {t('returnVisits.work')}
                  </Button>
                ) : (
                  row.needsReport &&
                  !row.reportSubmittedAt &&
                  row.reportDueAt && (
                    <Button size="small" data-testid={`report-visit-${row.id}`} onClick={() => setReporting(row)}>
                      {t('returnVisits.writeReport')}
                    </Button>
                  )
                )),
            },
          ]}
        />
      )}
      {working && <OutcomeDialog visit={working} onClose={() => setWorking(null)} />}
      {reporting && <ReportDialog visit={reporting} onClose={() => setReporting(null)} />}
    </>
  );
}

type OutcomeValues = { outcome: (typeof outcomes)[number]; notes?: string };

function OutcomeDialog({ visit, onClose }: { visit: ReturnVisitRow; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<OutcomeValues>();
  const record = useRecordOutcome(visit.id);
  const outcome = Form.useWatch('outcome', form);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const saved = await record.mutateAsync({ ...values, notes: values.notes || null, version: visit.version });
      message.success(
        saved.complaintId
          ? t('returnVisits.savedComplaint')
          : saved.status === 'open'
            ? t('returnVisits.savedRetry', { at: formatDateTime(saved.dueAt) })
            : t('returnVisits.saved'),
      );
      onClose();
    } catch (error) {
      if (isApiError(error)) {
        form.setFields(error.fields.map((field) => ({ name: field.field as never, errors: [field.message] })));
        message.error(error.message);
      }
    }
  };
  const newTicket = `/tickets/new?customerId=${visit.customerId}${visit.equipmentId ? `&equipmentId=${visit.equipmentId}` : ''}`;
  return (
    <Modal
      open
      title={t('returnVisits.workTitle', { customer: visit.customerName })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={record.isPending}
      okButtonProps={{ 'data-testid': 'visit-outcome-submit' } as never}
      width={600}
    >
      <Alert
        type="info"
        showIcon
        data-testid="visit-script"
        style={{ marginBottom: 12 }}
        title={t('returnVisits.script')}
        description={t(`returnVisits.script.${visit.rule}` as MessageKey, {
          customer: visit.customerName,
          ticket: visit.ticketNumber ?? '',
          equipment: [visit.modelName, visit.serialNo].filter(Boolean).join(' '),
        })}
      />
      {visit.reason && <Typography.Paragraph type="secondary">{visit.reason}</Typography.Paragraph>}
      <Form form={form} layout="vertical">
        <Form.Item
          name="outcome"
          label={t('returnVisits.outcome')}
          rules={[{ required: true, message: t('returnVisits.pickOutcome') }]}
        >
          <Radio.Group data-testid="visit-outcome">
            <Space orientation="vertical">
              {outcomes.map((value) => (
                <Radio key={value} value={value} data-testid={`outcome-${value}`}>
                  {t(`returnVisits.outcome.${value}` as MessageKey)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        {outcome === 'issue_found' && (
          <Alert
            type="warning"
            style={{ marginBottom: 12 }}
            title={
              <Link to={newTicket} target="_blank" data-testid="visit-new-ticket">
                {t('returnVisits.newTicket')}
              </Link>
            }
          />
        )}
        {outcome === 'unhappy' && (
          <Alert type="error" style={{ marginBottom: 12 }} title={t('returnVisits.unhappyHint')} />
        )}
        <Form.Item name="notes" label={t('returnVisits.notes')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="visit-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReportDialog({ visit, onClose }: { visit: ReturnVisitRow; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ report: string }>();
  const submitReport = useSubmitReport(visit.id);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await submitReport.mutateAsync({ report: values.report, version: visit.version });
      message.success(t('returnVisits.reportSaved'));
      onClose();
    } catch (error) {
      if (isApiError(error)) message.error(error.message);
    }
  };
  return (
    <Modal
      open
      title={t('returnVisits.reportTitle', { customer: visit.customerName })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={submitReport.isPending}
      okButtonProps={{ 'data-testid': 'visit-report-submit' } as never}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="report"
          label={t('returnVisits.report')}
          rules={[{ required: true, message: t('returnVisits.reportRequired') }]}
        >
          <Input.TextArea rows={8} maxLength={10_000} data-testid="visit-report" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
