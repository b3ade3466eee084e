/**
 * The ticket's loaner units (DSP-7, SLA-4): the loaner task raised by the SLA watcher with a "lend
 * a unit" action (an available unit of the ticket's station; lending completes the task), the
 * loans of the ticket and their return. Shown when the ticket has a loaner task or a loan, and to
 * those who keep stock on an open ticket (a unit may be lent before the task is raised).
 */
import { Button, Card, DatePicker, Empty, Flex, Form, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type Loan, loanerConditions } from '../../../../server/modules/parts/loans.contract';
import type { Ticket } from '../../../../server/modules/tickets/tickets.contract';
import { QueryError } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { ResponsiveDialog } from '../tickets/ResponsiveDialog';
import { ReturnLoanDialog } from './LoansPage';
import { useLend, useLoanerUnits, useTicketLoans } from './loans.api';

export function TicketLoansPanel({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const can = useCan();
  const loans = useTicketLoans(ticket.id);
  const [lending, setLending] = useState(false);
  const [returning, setReturning] = useState<Loan | null>(null);
  const task = ticket.tasks.find((item) => item.kind === 'loaner');
  const items = loans.data?.items ?? [];
  const finished = ticket.status === 'closed' || ticket.status === 'cancelled';
  // DSP-7: a unit may be lent on any open ticket (the customer asks for one), not only on the SLA-4 task.
  const mayLend = !finished && can('keepStock');
  if (!task && items.length === 0 && !mayLend) return null;
  const taskOverdue = task?.status === 'open' && new Date(task.dueAt).getTime() < Date.now();
  return (
    <Card title={t('loans.panelTitle')} data-testid="ticket-loans">
      <Flex vertical gap={12}>
        {task && (
          <Flex gap={8} wrap align="center" data-testid="ticket-loaner-task">
            <Typography.Text strong>{t('loans.task')}</Typography.Text>
            <Tag color={task.status === 'done' ? 'green' : taskOverdue ? 'red' : 'orange'}>
              {task.status === 'done' ? t('loans.taskDone') : taskOverdue ? t('loans.overdue') : t('loans.taskOpen')}
            </Tag>
            <Typography.Text type="secondary">{t('loans.taskDue', { at: formatDateTime(task.dueAt) })}</Typography.Text>
          </Flex>
        )}
        {mayLend && (
          <Flex>
            <Button
              type={task?.status === 'open' ? 'primary' : 'default'}
              onClick={() => setLending(true)}
              data-testid="lend-unit"
            >
              {t('loans.lend')}
            </Button>
          </Flex>
        )}
        {loans.error ? (
          <QueryError error={loans.error} onRetry={() => loans.refetch()} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('loans.noneOnTicket')} />
        ) : (
          items.map((loan) => (
            <Flex
              key={loan.id}
              gap={8}
              wrap
              align="center"
              justify="space-between"
              data-testid="ticket-loan"
              data-status={loan.status}
            >
              <Flex vertical>
                <Typography.Text strong>
                  {loan.assetNo} {loan.modelName ?? ''}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('loans.lentOn', { at: formatDateTime(loan.lentAt), by: loan.lentByName })}
                  {loan.dueBackAt && ` · ${t('loans.dueBack', { at: formatDateTime(loan.dueBackAt) })}`}
                </Typography.Text>
              </Flex>
              <Flex gap={4} align="center">
                {loan.status === 'lent' ? (
                  <Tag color={loan.isOverdue ? 'red' : 'blue'}>
                    {loan.isOverdue ? t('loans.overdue') : t('loans.loanStatus.lent')}
                  </Tag>
                ) : (
                  <Tag color={loan.conditionBack === 'damaged' ? 'red' : undefined}>
                    {t('loans.loanStatus.returned')}
                    {loan.conditionBack && ` · ${t(`loans.condition.${loan.conditionBack}`)}`}
                  </Tag>
                )}
                {loan.status === 'lent' && can('keepStock') && (
                  <Button size="small" onClick={() => setReturning(loan)} data-testid="ticket-loan-return">
                    {t('loans.return')}
                  </Button>
                )}
              </Flex>
            </Flex>
          ))
        )}
      </Flex>
      {lending && <LendDialog ticket={ticket} onClose={() => setLending(false)} />}
      {returning && <ReturnLoanDialog loan={returning} onClose={() => setReturning(null)} />}
    </Card>
  );
}

type LendForm = {
  loanerUnitId?: number;
  dueBackAt?: dayjs.Dayjs | null;
  conditionOut?: (typeof loanerConditions)[number];
};

function LendDialog({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<LendForm>();
  const units = useLoanerUnits({ status: 'available', stationId: ticket.stationId, pageSize: 200 });
  const lend = useLend();
  const onError = useApiErrorHandler();
  const options = (units.data?.items ?? []).map((unit) => ({
    value: unit.id,
    label: `${unit.assetNo}${unit.modelName ? ` · ${unit.modelName}` : ''}${unit.serialNo ? ` · ${unit.serialNo}` : ''}`,
  }));
  return (
    <ResponsiveDialog
      open
      title={t('loans.lend')}
      onClose={onClose}
      onOk={() => form.submit()}
      confirmLoading={lend.isPending}
      okTestId="lend-submit"
    >
      <Form<LendForm>
        form={form}
        layout="vertical"
        initialValues={{ dueBackAt: dayjs().add(7, 'day').hour(18).minute(0).second(0) }}
        onFinish={(values) =>
          lend.mutate(
            {
              ticketId: ticket.id,
              loanerUnitId: values.loanerUnitId!,
              dueBackAt: values.dueBackAt ? values.dueBackAt.toISOString() : null,
              ...(values.conditionOut ? { conditionOut: values.conditionOut } : {}),
            },
            { onSuccess: onClose, onError: (error) => onError(error, { form }) },
          )
        }
      >
        <Form.Item
          name="loanerUnitId"
          label={t('loans.unit')}
          rules={[{ required: true, message: t('loans.unitRequired') }]}
          extra={!units.isPending && options.length === 0 ? t('loans.noAvailableUnit') : undefined}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={units.isPending}
            options={options}
            data-testid="lend-unit-select"
          />
        </Form.Item>
        <Form.Item name="dueBackAt" label={t('loans.dueBackAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="conditionOut" label={t('loans.conditionOut')}>
          <Select
            allowClear
            placeholder={t('loans.conditionAsRecorded')}
            options={loanerConditions.map((value) => ({ value, label: t(`loans.condition.${value}`) }))}
          />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}
