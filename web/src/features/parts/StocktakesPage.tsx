/**
 * Stocktakes (盘点, PRT-4): the list of counts of my stations and starting a new count of a
 * warehouse. One open count per warehouse (the server answers 409 with the open one's number).
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Select, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type StocktakeStatusValue, stocktakeStatuses } from '../../../../server/modules/parts/stocktake.contract';
import type { DataColumn } from '../../components/DataTable';
import { ListPage } from '../../components/ListPage';
import { formatDateTime } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { type MessageKey, useT } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useCan } from '../auth/auth.api';
import { type StocktakeSummary, useStartStocktake, useStocktakes, useWarehouseOptions } from './stocktake.api';

const defaults: ListDefaults = { sort: 'startedAt', order: 'desc', pageSize: 20 };
const statusColors: Record<StocktakeStatusValue, string> = {
  counting: 'processing',
  submitted: 'warning',
  approved: 'success',
  cancelled: 'default',
};

export function StocktakeStatusTag({ status }: { status: StocktakeStatusValue }) {
  const t = useT();
  return (
    <Tag color={statusColors[status]} data-testid="stocktake-status" data-status={status}>
      {t(`stocktake.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function StocktakesPage() {
  const t = useT();
  const can = useCan();
  const params = useListParams(defaults);
  const query = useStocktakes(params.pageQuery(params.filters(['q', 'status', 'warehouseId'])));
  const warehouses = useWarehouseOptions();
  const [starting, setStarting] = useState(false);

  const columns: DataColumn<StocktakeSummary>[] = [
    {
      key: 'number',
      title: t('stocktake.number'),
      render: (row) => (
        <Link to={`/stocktakes/${row.id}`} data-testid={`stocktake-link-${row.number}`}>
          {row.number}
        </Link>
      ),
    },
    {
      key: 'warehouse',
      title: t('stocktake.warehouse'),
      render: (row) => `${row.warehouseName}（${row.warehouseCode}）`,
    },
    { key: 'status', title: t('common.status'), render: (row) => <StocktakeStatusTag status={row.status} /> },
    {
      key: 'progress',
      title: t('stocktake.progress'),
      render: (row) =>
        t('stocktake.progressValue', { counted: row.countedCount, skipped: row.skippedCount, total: row.lineCount }),
    },
    { key: 'startedAt', title: t('stocktake.startedAt'), render: (row) => formatDateTime(row.startedAt) },
    { key: 'startedBy', title: t('stocktake.startedBy'), render: (row) => row.startedByName },
  ];

  return (
    <>
      <ListPage
        title={t('stocktake.title')}
        actions={
          can('keepStock') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setStarting(true)}
              data-testid="stocktake-start"
            >
              {t('stocktake.start')}
            </Button>
          )
        }
        params={params}
        search={{ placeholder: t('stocktake.searchPlaceholder'), testId: 'stocktake-search' }}
        filters={
          <>
            <Select
              allowClear
              placeholder={t('common.status')}
              style={{ width: 140 }}
              value={params.get('status')}
              onChange={(status) => params.update({ status })}
              options={stocktakeStatuses.map((status) => ({ value: status, label: t(`stocktake.status.${status}`) }))}
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
        tableTestId="stocktake-table"
        emptyText={t('stocktake.empty')}
      />
      {starting && <StartDialog onClose={() => setStarting(false)} />}
    </>
  );
}

function StartDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ warehouseId: number; note?: string }>();
  const warehouses = useWarehouseOptions();
  const start = useStartStocktake();
  const onError = useApiErrorHandler();
  return (
    <Modal
      open
      title={t('stocktake.start')}
      okText={t('stocktake.startConfirm')}
      onCancel={onClose}
      confirmLoading={start.isPending}
      okButtonProps={{ 'data-testid': 'stocktake-start-confirm' } as never}
      onOk={() =>
        form.validateFields().then((values) =>
          start.mutate(values, {
            onSuccess: (created) => navigate(`/stocktakes/${created.id}`),
            onError: (error) => onError(error, { form }),
          }),
        )
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="warehouseId"
          label={t('stocktake.warehouse')}
          rules={[{ required: true, message: t('stocktake.chooseWarehouse') }]}
        >
          <Select
            data-testid="stocktake-warehouse"
            loading={warehouses.isPending}
            options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.name}（${w.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('stocktake.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
