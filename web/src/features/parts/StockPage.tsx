/** A warehouse's stock (PRT-2): choose a warehouse, search, low-stock filter, good or defective stock. */
import { App, Button, Card, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useIsPhone } from '../../lib/responsive';
import { useCan } from '../auth/auth.api';
import { useScrap, useWarehouseOptions, useWarehouseStock } from './parts.api';

type Row = {
  partId: number;
  partCode: string;
  partName: string;
  spec: string | null;
  unit: string;
  condition: 'good' | 'defective';
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  belowReorder: boolean;
  lastMovementAt: string | Date | null;
};

export function StockPage() {
  const { t } = useLocale();
  const isPhone = useIsPhone();
  const can = useCan();
  const [searchParams, setSearchParams] = useSearchParams();
  const warehouses = useWarehouseOptions();
  const chosen = Number(searchParams.get('warehouseId')) || warehouses.options[0]?.value;
  const q = searchParams.get('q') ?? '';
  const belowReorder = searchParams.get('belowReorder') === 'true';
  const condition = searchParams.get('condition') === 'defective' ? 'defective' : 'good';
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearchParams(next, { replace: true });
  };
  const stock = useWarehouseStock(chosen, {
    q: q || undefined,
    belowReorder: belowReorder ? 'true' : undefined,
    condition,
  });
  const rows = (stock.data?.pages ?? []).flatMap((page) => page.items) as Row[];
  const [scrapping, setScrapping] = useState<Row | null>(null);

  return (
    <>
      <PageHeader
        title={t('stock.title')}
        extra={
          can('keepStock') && (
            <Flex gap={8} wrap>
              <Link to="/receipts/new">
                <Button type="primary" data-testid="stock-receive">
                  {t('receipts.new')}
                </Button>
              </Link>
              <Link to="/transfers/new">
                <Button>{t('transfers.new')}</Button>
              </Link>
            </Flex>
          )
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            style={{ minWidth: 220 }}
            value={chosen}
            loading={warehouses.isPending}
            options={warehouses.options}
            onChange={(value) => set({ warehouseId: String(value) })}
            data-testid="stock-warehouse"
          />
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('catalogue.searchPlaceholder')}
            defaultValue={q}
            onSearch={(value) => set({ q: value || undefined })}
            data-testid="stock-search"
          />
          <Segmented
            value={condition}
            onChange={(value) => set({ condition: value === 'defective' ? 'defective' : undefined })}
            options={[
              { value: 'good', label: t('stock.good') },
              { value: 'defective', label: t('stock.defective') },
            ]}
          />
          <Flex gap={4} align="center">
            <Switch
              checked={belowReorder}
              onChange={(checked) => set({ belowReorder: checked ? 'true' : undefined })}
              data-testid="stock-low"
            />
            {t('stock.belowReorder')}
          </Flex>
          {chosen && <Link to={`/stock-ledger?warehouseId=${chosen}`}>{t('ledger.title')}</Link>}
        </Flex>
        <Table<Row>
          size="small"
          rowKey="partId"
          loading={stock.isPending && !!chosen}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          data-testid="stock-table"
          columns={[
            {
              key: 'part',
              title: t('catalogue.part'),
              render: (_, row) => (
                <Flex vertical>
                  <Link to={`/parts/${row.partId}`}>{row.partCode}</Link>
                  <span>{row.partName}</span>
                </Flex>
              ),
            },
            ...(isPhone
              ? []
              : [{ key: 'spec', title: t('catalogue.spec'), render: (_: unknown, row: Row) => row.spec ?? '' }]),
            {
              key: 'onHand',
              title: t('stock.onHand'),
              align: 'right',
              render: (_, row) => `${row.onHand} ${row.unit}`,
            },
            { key: 'reserved', title: t('stock.reserved'), align: 'right', dataIndex: 'reserved' },
            {
              key: 'available',
              title: t('stock.available'),
              align: 'right',
              render: (_, row) => (row.belowReorder ? <Tag color="red">{row.available}</Tag> : row.available),
            },
            ...(isPhone
              ? []
              : [
                  {
                    key: 'reorderPoint',
                    title: t('catalogue.reorderPoint'),
                    align: 'right' as const,
                    dataIndex: 'reorderPoint',
                  },
                  {
                    key: 'last',
                    title: t('stock.lastMovement'),
                    render: (_: unknown, row: Row) => formatDateTime(row.lastMovementAt as string | null),
                  },
                ]),
            ...(can('keepStock')
              ? [
                  {
                    key: 'actions',
                    title: '',
                    render: (_: unknown, row: Row) =>
                      row.onHand - row.reserved > 0 && (
                        <Button size="small" danger onClick={() => setScrapping(row)}>
                          {t('stock.scrap')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
        {stock.hasNextPage && (
          <Button
            block
            style={{ marginTop: 12 }}
            loading={stock.isFetchingNextPage}
            onClick={() => stock.fetchNextPage()}
          >
            {t('stock.more')}
          </Button>
        )}
      </Card>
      {scrapping && chosen && <ScrapDialog row={scrapping} warehouseId={chosen} onClose={() => setScrapping(null)} />}
    </>
  );
}

function ScrapDialog({ row, warehouseId, onClose }: { row: Row; warehouseId: number; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const scrap = useScrap();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<{ quantity: number; reason: string }>();
  return (
    <Modal
      open
      title={`${t('stock.scrap')} · ${row.partCode}`}
      onCancel={onClose}
      okButtonProps={{ danger: true, loading: scrap.isPending }}
      onOk={() =>
        form.validateFields().then((values) =>
          scrap
            .mutateAsync({ warehouseId, partId: row.partId, condition: row.condition, ...values })
            .then(() => {
              message.success(t('common.saved'));
              onClose();
            })
            .catch((error) => onError(error, { form })),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ quantity: 1 }}>
        <Form.Item name="quantity" label={t('stock.quantity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={row.available} precision={0} />
        </Form.Item>
        <Form.Item name="reason" label={t('stock.scrapReason')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
