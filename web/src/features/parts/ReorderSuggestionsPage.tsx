/**
 * Reorder suggestions (PRT-5, 000 七(一)): per station warehouse, parts whose available stock
 * (on hand − reserved + on order) is at or below the reorder point or lasts less than the lead time,
 * each explained in words. Selected rows of one supplier become a draft purchase request.
 */
import { ShoppingCartOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { formatFen } from '../../lib/format';
import { useLocale, useT } from '../../lib/i18n';
import { type ReorderSuggestion, useReorderSuggestions } from './purchasing.api';
import { useWarehouseOptions } from './stocktake.api';

/** What the purchase request form receives from here (router state). */
export type PurchaseDraftState = {
  warehouseId: number;
  supplierId: number | null;
  lines: { partId: number; partCode: string; partName: string; quantity: number; unitCostFen: number | null }[];
};

export function ReorderSuggestionsPage() {
  const t = useT();
  const { language } = useLocale();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const warehouses = useWarehouseOptions();
  const stationWarehouses = (warehouses.data?.items ?? []).filter((w) => w.kind === 'station');
  const warehouseId = Number(search.get('warehouseId')) || stationWarehouses[0]?.id;
  const query = useReorderSuggestions(warehouseId);
  const [selected, setSelected] = useState<number[]>([]);
  const rows = query.data?.items ?? [];
  const chosen = rows.filter((row) => selected.includes(row.partId));
  const suppliers = new Set(chosen.map((row) => row.supplierId));
  const oneSupplier = chosen.length > 0 && suppliers.size === 1;

  const createRequest = () => {
    if (!warehouseId || !oneSupplier) return;
    const state: PurchaseDraftState = {
      warehouseId,
      supplierId: chosen[0].supplierId,
      lines: chosen.map((row) => ({
        partId: row.partId,
        partCode: row.partCode,
        partName: row.partName,
        quantity: row.quantity,
        unitCostFen: row.unitCostFen,
      })),
    };
    navigate('/purchase-requests/new', { state });
  };

  return (
    <>
      <PageHeader
        title={t('reorder.title')}
        extra={
          <Button
            type="primary"
            icon={<ShoppingCartOutlined />}
            disabled={!oneSupplier}
            onClick={createRequest}
            data-testid="reorder-create-request"
          >
            {t('reorder.createRequest', { count: chosen.length })}
          </Button>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          style={{ minWidth: 240 }}
          loading={warehouses.isPending}
          value={warehouseId}
          placeholder={t('stocktake.warehouse')}
          onChange={(value) => {
            setSelected([]);
            setSearch({ warehouseId: String(value) }, { replace: true });
          }}
          options={stationWarehouses.map((w) => ({ value: w.id, label: `${w.name}（${w.code}）` }))}
          data-testid="reorder-warehouse"
        />
        {query.data && (
          <Typography.Text type="secondary">{t('reorder.basis', { days: query.data.lookbackDays })}</Typography.Text>
        )}
      </Flex>
      {chosen.length > 0 && !oneSupplier && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('reorder.oneSupplier')} />
      )}
      {query.error ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Table<ReorderSuggestion>
          size="small"
          rowKey="partId"
          loading={query.isFetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="reorder-table"
          locale={{ emptyText: t('reorder.empty') }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          columns={[
            {
              key: 'part',
              title: t('stocktake.part'),
              render: (_, row) => (
                <span data-testid={`reorder-row-${row.partCode}`}>
                  {row.partCode} {row.partName}
                </span>
              ),
            },
            { key: 'onHand', title: t('reorder.onHand'), align: 'right', render: (_, row) => row.onHand },
            { key: 'reserved', title: t('reorder.reserved'), align: 'right', render: (_, row) => row.reserved },
            { key: 'onOrder', title: t('reorder.onOrder'), align: 'right', render: (_, row) => row.onOrder },
            { key: 'available', title: t('reorder.available'), align: 'right', render: (_, row) => row.available },
            {
              key: 'reorderPoint',
              title: t('reorder.reorderPoint'),
              align: 'right',
              render: (_, row) => row.reorderPoint,
            },
            {
              key: 'consumed',
              title: t('reorder.consumed', { days: query.data?.lookbackDays ?? '' }),
              align: 'right',
              render: (_, row) => row.consumed,
            },
            {
              key: 'cover',
              title: t('reorder.cover'),
              align: 'right',
              render: (_, row) => (row.coverDays === null ? '—' : t('reorder.days', { days: row.coverDays })),
            },
            {
              key: 'lead',
              title: t('reorder.leadTime'),
              align: 'right',
              render: (_, row) => t('reorder.days', { days: row.leadTimeDays }),
            },
            {
              key: 'quantity',
              title: t('reorder.quantity'),
              align: 'right',
              render: (_, row) => (
                <Typography.Text strong data-testid={`reorder-quantity-${row.partCode}`}>
                  {row.quantity}
                </Typography.Text>
              ),
            },
            { key: 'supplier', title: t('purchase.supplier'), render: (_, row) => row.supplierName ?? '—' },
            {
              key: 'value',
              title: t('purchase.amount'),
              align: 'right',
              render: (_, row) => (row.unitCostFen === null ? '—' : formatFen(row.unitCostFen * row.quantity)),
            },
            {
              key: 'why',
              title: t('reorder.why'),
              render: (_, row) => (
                <div style={{ minWidth: 260, maxWidth: 420, whiteSpace: 'normal' }}>
                  {row.reasons.map((reason) => (
                    <div key={reason.code}>{language === 'en' ? reason.en : reason.zh}</div>
                  ))}
                </div>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
