/** The stock ledger (台账, PRT-3): every movement with who, when, ticket, quantity and balance after. */
import { Button, Card, DatePicker, Flex, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { type LedgerEntry, movementKinds } from '../../../../server/modules/parts/stock.contract';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useLedger, useWarehouseOptions } from './parts.api';

export function LedgerPage() {
  const { t } = useLocale();
  const [searchParams, setSearchParams] = useSearchParams();
  const warehouses = useWarehouseOptions();
  const filters = Object.fromEntries(
    ['warehouseId', 'partId', 'kind', 'ticketId', 'transferId', 'from', 'to'].map((key) => [
      key,
      searchParams.get(key) ?? undefined,
    ]),
  );
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearchParams(next, { replace: true });
  };
  const ledger = useLedger(filters);
  const rows = (ledger.data?.pages ?? []).flatMap((page) => page.items);
  return (
    <>
      <PageHeader title={t('ledger.title')} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ minWidth: 200 }}
            placeholder={t('stock.warehouse')}
            value={filters.warehouseId ? Number(filters.warehouseId) : undefined}
            options={warehouses.options}
            onChange={(value) => set({ warehouseId: value ? String(value) : undefined })}
          />
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('ledger.kind')}
            value={filters.kind}
            options={movementKinds.map((kind) => ({ value: kind, label: t(`ledger.kind.${kind}`) }))}
            onChange={(value) => set({ kind: value })}
            data-testid="ledger-kind"
          />
          <DatePicker.RangePicker
            value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
            onChange={(range) => set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
          />
          {(filters.partId || filters.ticketId || filters.transferId) && (
            <Button onClick={() => set({ partId: undefined, ticketId: undefined, transferId: undefined })}>
              {t('common.clearFilters')}
            </Button>
          )}
        </Flex>
        <Table<LedgerEntry>
          size="small"
          rowKey="id"
          loading={ledger.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          data-testid="ledger-table"
          onRow={(row) => ({ 'data-kind': row.kind, 'data-part-code': row.partCode }) as object}
          columns={[
            { key: 'at', title: t('ledger.at'), render: (_, row) => formatDateTime(row.at as unknown as string) },
            { key: 'kind', title: t('ledger.kind'), render: (_, row) => <Tag>{t(`ledger.kind.${row.kind}`)}</Tag> },
            {
              key: 'part',
              title: t('catalogue.part'),
              render: (_, row) => (
                <Link to={`/parts/${row.partId}`}>
                  {row.partCode} {row.partName}
                </Link>
              ),
            },
            {
              key: 'warehouse',
              title: t('stock.warehouse'),
              render: (_, row) =>
                `${row.warehouseCode}${row.condition === 'defective' ? ` · ${t('stock.defective')}` : ''}`,
            },
            {
              key: 'quantity',
              title: t('stock.quantity'),
              align: 'right',
              render: (_, row) =>
                row.quantity !== 0
                  ? row.quantity > 0
                    ? `+${row.quantity}`
                    : row.quantity
                  : `${t('stock.reserved')} ${row.reservedDelta > 0 ? '+' : ''}${row.reservedDelta}`,
            },
            { key: 'balance', title: t('ledger.balanceAfter'), align: 'right', dataIndex: 'balanceAfter' },
            {
              key: 'ticket',
              title: t('ledger.ticket'),
              render: (_, row) =>
                row.ticketId ? (
                  <Link to={`/tickets/${row.ticketId}`}>{row.ticketNumber}</Link>
                ) : row.transferNumber ? (
                  <Link to={`/transfers/${row.transferId}`}>{row.transferNumber}</Link>
                ) : (
                  ''
                ),
            },
            { key: 'actor', title: t('ledger.actor'), dataIndex: 'actorName' },
            { key: 'note', title: t('field.notes'), render: (_, row) => row.note ?? '' },
          ]}
        />
        {ledger.hasNextPage && (
          <Button
            block
            style={{ marginTop: 12 }}
            loading={ledger.isFetchingNextPage}
            onClick={() => ledger.fetchNextPage()}
          >
            {t('stock.more')}
          </Button>
        )}
      </Card>
    </>
  );
}
