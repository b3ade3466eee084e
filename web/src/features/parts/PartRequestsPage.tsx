/**
 * The parts keeper's queue (PRT-3): part requests of the station — open ones (requested, reserved,
 * issued) by default — with reserve and issue; filters in the URL.
 */
import { Button, Card, Flex, Select, Space, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { PartRequest, PartRequestStatusValue } from '../../../../server/modules/parts/part-requests.contract';
import { partRequestStatusList } from '../../../../server/modules/parts/part-requests.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { usePartRequestQueue, useRequestStep, useWarehouseOptions } from './part-requests.api';
import { ChargeKindTag, PartRequestStatusTag } from './TicketPartsPanel';

export function PartRequestsPage() {
  const t = useT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'open') as PartRequestStatusValue | 'open' | 'all';
  const warehouseId = Number(params.get('warehouseId')) || undefined;
  const queue = usePartRequestQueue({
    ...(status === 'open' ? { open: 'true' } : status === 'all' ? {} : { status }),
    warehouseId,
  });
  const warehouses = useWarehouseOptions();
  const step = useRequestStep();
  const onError = useApiErrorHandler();
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const act = (request: PartRequest, action: 'reserve' | 'issue') => {
    const items = warehouses.data?.items ?? [];
    const warehouse = request.warehouseId ?? warehouseId ?? (items.find((w) => w.kind === 'station') ?? items[0])?.id;
    step.mutate(
      { id: request.id, step: action, body: { version: request.version, warehouseId: warehouse } },
      { onError: (error) => onError(error, { onReload: () => queue.refetch() }) },
    );
  };
  return (
    <>
      <PageHeader title={t('partRequests.queueTitle')} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            value={status}
            onChange={(value) => set('status', value === 'open' ? undefined : value)}
            style={{ width: 160 }}
            data-testid="queue-status"
            options={[
              { value: 'open', label: t('partRequests.filter.open') },
              { value: 'all', label: t('partRequests.filter.all') },
              ...partRequestStatusList.map((value) => ({ value, label: t(`partRequests.status.${value}`) })),
            ]}
          />
          <Select
            allowClear
            value={warehouseId}
            onChange={(value) => set('warehouseId', value ? String(value) : undefined)}
            placeholder={t('partRequests.warehouse')}
            style={{ width: 220 }}
            options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.code} ${w.name}` }))}
          />
        </Flex>
        {queue.error ? (
          <QueryError error={queue.error} onRetry={() => queue.refetch()} />
        ) : (
          <Table<PartRequest>
            rowKey="id"
            size="small"
            loading={queue.isFetching && !queue.data}
            dataSource={queue.data?.items ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            data-testid="part-requests-table"
            onRow={(row) => ({ 'data-status': row.status, 'data-part-code': row.partCode }) as object}
            columns={[
              {
                title: t('partRequests.ticket'),
                key: 'ticket',
                render: (_, row) => <Link to={`/tickets/${row.ticketId}`}>{row.ticketNumber}</Link>,
              },
              {
                title: t('partRequests.part'),
                key: 'part',
                render: (_, row) => (
                  <span>
                    {row.partCode} {row.partName}
                  </span>
                ),
              },
              { title: t('partRequests.quantity'), dataIndex: 'quantity', width: 70 },
              {
                title: t('partRequests.chargeKind'),
                key: 'charge',
                render: (_, row) => <ChargeKindTag kind={row.chargeKind} />,
              },
              {
                title: t('partRequests.statusLabel'),
                key: 'status',
                render: (_, row) => <PartRequestStatusTag status={row.status} />,
              },
              { title: t('partRequests.warehouse'), key: 'wh', render: (_, row) => row.warehouseName ?? '—' },
              {
                title: t('partRequests.requestedBy'),
                key: 'by',
                render: (_, row) => (
                  <Typography.Text type="secondary">
                    {row.requestedByName} · {formatDateTime(row.requestedAt)}
                  </Typography.Text>
                ),
              },
              {
                title: '',
                key: 'actions',
                render: (_, row) =>
                  can('keepStock') ? (
                    <Space>
                      {row.status === 'requested' && (
                        <Button size="small" onClick={() => act(row, 'reserve')} data-testid="queue-reserve">
                          {t('partRequests.action.reserve')}
                        </Button>
                      )}
                      {(row.status === 'requested' || row.status === 'reserved') && (
                        <Button
                          size="small"
                          type="primary"
                          onClick={() => act(row, 'issue')}
                          loading={step.isPending && step.variables?.id === row.id}
                          data-testid="queue-issue"
                        >
                          {t('partRequests.action.issue')}
                        </Button>
                      )}
                    </Space>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
