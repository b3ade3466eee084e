import { RedoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Select, Tag, Typography } from 'antd';
import {
  notificationTemplates,
  type OutboxStatus,
  outboxChannels,
  outboxStatuses,
} from '../../../../server/modules/notify/notify.contract';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { type OutboxItem, useOutbox, useRetryMessage } from './notifications.api';

const defaults: ListDefaults = { sort: 'id', order: 'desc' };

const statusColors: Record<OutboxStatus, string> = {
  pending: 'blue',
  sending: 'processing',
  sent: 'green',
  failed: 'orange',
  dead: 'red',
};

/** 消息发送记录 (admins): every outgoing message, its delivery status and last error; retry failed ones. */
export function OutboxPage() {
  const { t, tOptional } = useLocale();
  const { message } = App.useApp();
  const params = useListParams(defaults);
  const filters = params.filters(['status', 'channel', 'template']);
  const list = useOutbox({ ...filters, page: params.page, pageSize: params.pageSize });
  const retry = useRetryMessage();

  const retryButton = (row: OutboxItem) =>
    (row.status === 'failed' || row.status === 'dead') && (
      <Popconfirm
        title={t('outbox.retryConfirm')}
        onConfirm={() =>
          retry.mutateAsync(row.id).then(
            () => message.success(t('outbox.retried')),
            (error: Error) => message.error(error.message),
          )
        }
      >
        <Button size="small" icon={<RedoOutlined />} data-testid="outbox-retry">
          {t('outbox.retry')}
        </Button>
      </Popconfirm>
    );

  const columns: DataColumn<OutboxItem>[] = [
    {
      key: 'template',
      title: t('outbox.field.template'),
      render: (row) => tOptional(`notifyTemplate.${row.template}`) ?? row.template,
    },
    {
      key: 'status',
      title: t('common.status'),
      hideOnPhone: true,
      render: (row) => <Tag color={statusColors[row.status]}>{t(`outboxStatus.${row.status}`)}</Tag>,
    },
    { key: 'channel', title: t('outbox.field.channel'), render: (row) => t(`outboxChannel.${row.channel}`) },
    { key: 'recipient', title: t('outbox.field.recipient'), render: (row) => orDash(row.userName ?? row.address) },
    { key: 'createdAt', title: t('outbox.field.createdAt'), render: (row) => formatDateTime(row.createdAt) },
    { key: 'attempts', title: t('outbox.field.attempts'), align: 'right', render: (row) => row.attempts },
    {
      key: 'nextAttemptAt',
      title: t('outbox.field.nextAttemptAt'),
      render: (row) => (row.status === 'failed' || row.status === 'pending' ? formatDateTime(row.nextAttemptAt) : '—'),
    },
    { key: 'sentAt', title: t('outbox.field.sentAt'), render: (row) => formatDateTime(row.sentAt) },
    {
      key: 'lastError',
      title: t('outbox.field.lastError'),
      render: (row) =>
        row.lastError ? (
          <Typography.Text
            type="danger"
            style={{ display: 'inline-block', maxWidth: 280, whiteSpace: 'normal', overflowWrap: 'anywhere' }}
          >
            {row.lastError}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { key: 'actions', title: '', hideOnPhone: true, render: (row) => retryButton(row) },
  ];

  return (
    <>
      <PageHeader title={t('outbox.title')} subtitle={t('outbox.subtitle')} />
      <Alert type="info" showIcon title={t('outbox.hint')} style={{ marginBottom: 16 }} />
      <FilterBar params={params} search={null}>
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('outbox.allStatuses')}
          value={filters.status}
          onChange={(status) => params.update({ status })}
          options={outboxStatuses.map((status) => ({ value: status, label: t(`outboxStatus.${status}`) }))}
          data-testid="outbox-status-filter"
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('outbox.allChannels')}
          value={filters.channel}
          onChange={(channel) => params.update({ channel })}
          options={outboxChannels.map((channel) => ({ value: channel, label: t(`outboxChannel.${channel}`) }))}
        />
        <Select
          allowClear
          style={{ width: 190 }}
          placeholder={t('outbox.allTemplates')}
          value={filters.template}
          onChange={(template) => params.update({ template })}
          options={notificationTemplates.map((template) => ({
            value: template,
            label: t(`notifyTemplate.${template}`),
          }))}
        />
      </FilterBar>
      {list.error && !list.data ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          testId="outbox-table"
          columns={columns}
          rows={list.data?.items}
          total={list.data?.total}
          loading={list.isFetching}
          rowKey={(row) => row.id}
          params={params}
          cardExtra={(row) => (
            <>
              <Tag color={statusColors[row.status]}>{t(`outboxStatus.${row.status}`)}</Tag>
              {retryButton(row)}
            </>
          )}
        />
      )}
    </>
  );
}
