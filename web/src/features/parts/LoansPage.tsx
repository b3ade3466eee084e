/**
 * Loans of loaner units (DSP-7): what is out, what is overdue (most overdue first), and taking a
 * unit back with its condition checked (damaged units go to repair).
 */
import { Button, Card, Flex, Form, Input, Radio, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Loan, loanerConditions } from '../../../../server/modules/parts/loans.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { ResponsiveDialog } from '../tickets/ResponsiveDialog';
import { useLoans, useReturnLoan } from './loans.api';

type Filter = 'open' | 'overdue' | 'returned' | 'all';
const filterQuery: Record<Filter, Record<string, string>> = {
  open: { status: 'lent' },
  overdue: { overdue: 'true' },
  returned: { status: 'returned' },
  all: {},
};

export function LoansPage() {
  const t = useT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const filter = (params.get('filter') ?? 'open') as Filter;
  const [page, setPage] = useState(1);
  const loans = useLoans({ ...filterQuery[filter], page, pageSize: 50 });
  const [returning, setReturning] = useState<Loan | null>(null);
  return (
    <>
      <PageHeader
        title={t('loans.loansTitle')}
        extra={
          <Link to="/parts/loaners">
            <Button>{t('loans.unitsTitle')}</Button>
          </Link>
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            value={filter}
            style={{ width: 180 }}
            data-testid="loans-filter"
            onChange={(value) => {
              setPage(1);
              setParams(value === 'open' ? {} : { filter: value }, { replace: true });
            }}
            options={(['open', 'overdue', 'returned', 'all'] as const).map((value) => ({
              value,
              label: t(`loans.filter.${value}`),
            }))}
          />
        </Flex>
        {loans.error ? (
          <QueryError error={loans.error} onRetry={() => loans.refetch()} />
        ) : (
          <Table<Loan>
            rowKey="id"
            size="small"
            loading={loans.isPending}
            dataSource={loans.data?.items ?? []}
            scroll={{ x: 900 }}
            data-testid="loans-table"
            onRow={(row) => ({ 'data-asset-no': row.assetNo, 'data-status': row.status }) as object}
            pagination={{
              current: page,
              pageSize: 50,
              total: loans.data?.total ?? 0,
              onChange: setPage,
              hideOnSinglePage: true,
            }}
            columns={[
              {
                title: t('loans.assetNo'),
                key: 'asset',
                render: (_, row) => (
                  <Flex vertical>
                    <Typography.Text strong>{row.assetNo}</Typography.Text>
                    <Typography.Text type="secondary">{row.modelName ?? ''}</Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('loans.ticket'),
                key: 'ticket',
                render: (_, row) => (
                  <Flex vertical>
                    <Link to={`/tickets/${row.ticketId}`}>{row.ticketNumber}</Link>
                    <Typography.Text type="secondary">{row.customerName}</Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('loans.lentAt'),
                key: 'lent',
                render: (_, row) => `${formatDateTime(row.lentAt)} · ${row.lentByName}`,
              },
              {
                title: t('loans.dueBackAt'),
                key: 'due',
                render: (_, row) => (
                  <span>
                    {row.dueBackAt ? formatDateTime(row.dueBackAt) : '—'}{' '}
                    {row.isOverdue && <Tag color="red">{t('loans.overdue')}</Tag>}
                  </span>
                ),
              },
              {
                title: t('common.status'),
                key: 'status',
                render: (_, row) =>
                  row.status === 'lent' ? (
                    <Tag color="blue">{t('loans.loanStatus.lent')}</Tag>
                  ) : (
                    <Flex vertical>
                      <span>
                        <Tag>{t('loans.loanStatus.returned')}</Tag>
                        {row.conditionBack && (
                          <Tag color={row.conditionBack === 'damaged' ? 'red' : undefined}>
                            {t(`loans.condition.${row.conditionBack}`)}
                          </Tag>
                        )}
                      </span>
                      <Typography.Text type="secondary">
                        {formatDateTime(row.returnedAt)} {row.returnNote ?? ''}
                      </Typography.Text>
                    </Flex>
                  ),
              },
              {
                title: '',
                key: 'actions',
                render: (_, row) =>
                  row.status === 'lent' &&
                  can('keepStock') && (
                    <Button size="small" type="primary" onClick={() => setReturning(row)} data-testid="loan-return">
                      {t('loans.return')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {returning && <ReturnLoanDialog loan={returning} onClose={() => setReturning(null)} />}
    </>
  );
}

/** Takes a unit back: the condition (good / worn / damaged → repair) and a note. */
export function ReturnLoanDialog({ loan, onClose }: { loan: Loan; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ conditionBack: (typeof loanerConditions)[number]; note?: string }>();
  const returnLoan = useReturnLoan();
  const onError = useApiErrorHandler();
  return (
    <ResponsiveDialog
      open
      title={`${t('loans.return')} ${loan.assetNo}`}
      onClose={onClose}
      onOk={() => form.submit()}
      confirmLoading={returnLoan.isPending}
      okTestId="loan-return-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ conditionBack: 'good' }}
        onFinish={(values) =>
          returnLoan.mutate(
            {
              id: loan.id,
              input: { conditionBack: values.conditionBack, note: values.note ?? '', version: loan.version },
            },
            { onSuccess: onClose, onError: (error) => onError(error, { form }) },
          )
        }
      >
        <Form.Item name="conditionBack" label={t('loans.conditionBack')}>
          <Radio.Group data-testid="loan-condition">
            {loanerConditions.map((value) => (
              <Radio.Button key={value} value={value}>
                {t(`loans.condition.${value}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('loans.damagedGoesToRepair')}</Typography.Paragraph>
        <Form.Item name="note" label={t('loans.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} data-testid="loan-return-note" />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}
