/** Purchase requests (采购计划, PRT-5) of my stations: search, status and warehouse filters. */
import { Select, Tag } from 'antd';
import { Link } from 'react-router';
import { type PurchaseStatusValue, purchaseStatuses } from '../../../../server/modules/parts/purchasing.contract';
import type { DataColumn } from '../../components/DataTable';
import { CreateButton, ListPage } from '../../components/ListPage';
import { formatDateTime, formatFen } from '../../lib/format';
import { type MessageKey, useT } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useCan } from '../auth/auth.api';
import { type PurchaseSummary, usePurchaseRequests } from './purchasing.api';
import { useWarehouseOptions } from './stocktake.api';

const defaults: ListDefaults = { sort: 'requestedAt', order: 'desc', pageSize: 20 };
const statusColors: Record<PurchaseStatusValue, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'blue',
  rejected: 'red',
  partially_received: 'orange',
  received: 'success',
  closed: 'default',
};

export function PurchaseStatusTag({ status }: { status: PurchaseStatusValue }) {
  const t = useT();
  return (
    <Tag color={statusColors[status]} data-testid="purchase-status">
      {t(`purchase.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function PurchaseRequestsPage() {
  const t = useT();
  const can = useCan();
  const params = useListParams(defaults);
  const query = usePurchaseRequests(params.pageQuery(params.filters(['q', 'status', 'warehouseId'])));
  const warehouses = useWarehouseOptions();
  const columns: DataColumn<PurchaseSummary>[] = [
    {
      key: 'number',
      title: t('purchase.number'),
      render: (row) => (
        <Link to={`/purchase-requests/${row.id}`} data-testid={`purchase-link-${row.number}`}>
          {row.number}
        </Link>
      ),
    },
    { key: 'supplier', title: t('purchase.supplier'), render: (row) => row.supplierName },
    { key: 'warehouse', title: t('stocktake.warehouse'), render: (row) => row.warehouseName },
    { key: 'status', title: t('common.status'), render: (row) => <PurchaseStatusTag status={row.status} /> },
    { key: 'lines', title: t('purchase.lineCount'), align: 'right', render: (row) => row.lineCount },
    { key: 'total', title: t('purchase.amount'), align: 'right', render: (row) => formatFen(row.totalFen) },
    {
      key: 'requestedAt',
      title: t('purchase.requestedAt'),
      render: (row) => `${formatDateTime(row.requestedAt)} · ${row.requestedByName}`,
    },
  ];
  return (
    <ListPage
      title={t('purchase.title')}
      actions={
        can('keepStock') && (
          <>
            <Link to="/reorder-suggestions">{t('reorder.title')}</Link>
            <CreateButton to="/purchase-requests/new" label={t('purchase.new')} testId="purchase-new" />
          </>
        )
      }
      params={params}
      search={{ placeholder: t('purchase.searchPlaceholder'), testId: 'purchase-search' }}
      filters={
        <>
          <Select
            allowClear
            placeholder={t('common.status')}
            style={{ width: 140 }}
            value={params.get('status')}
            onChange={(status) => params.update({ status })}
            options={purchaseStatuses.map((status) => ({ value: status, label: t(`purchase.status.${status}`) }))}
          />
          <Select
            allowClear
            placeholder={t('stocktake.warehouse')}
            style={{ width: 200 }}
            value={params.get('warehouseId') ? Number(params.get('warehouseId')) : undefined}
            onChange={(warehouseId) => params.update({ warehouseId })}
            options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.name}（${w.code}）` }))}
          />
        </>
      }
      query={query}
      columns={columns}
      tableTestId="purchase-table"
      emptyText={t('purchase.empty')}
    />
  );
}
