/** Transfers between warehouses (PRT-3): list, ship form, detail with receive and cancel. */
import { App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Popconfirm, Select, Table, Tag } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import { type TransferSummary, transferStatuses } from '../../../../server/modules/parts/stock.contract';
import type { DataColumn } from '../../components/DataTable';
import { CreateButton, ListPage } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { overviewColumns } from '../../components/RecordDetail';
import { formatDateTime, orDash } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useDetail, useList } from '../../lib/resource';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { transfersApi, useShipTransfer, useTransferAction, useTransferTargets, useWarehouseOptions } from './parts.api';
import { PartSelect } from './ReceiptPage';

const statusColor = { in_transit: 'orange', received: 'green', cancelled: 'default' } as const;
const defaults: ListDefaults = { sort: 'shippedAt', order: 'desc' };

export function TransfersPage() {
  const { t } = useLocale();
  const params = useListParams(defaults);
  const filters = params.filters(['q', 'status']);
  const list = useList(transfersApi, { ...filters, page: params.page, pageSize: params.pageSize });
  const columns: DataColumn<TransferSummary>[] = [
    {
      key: 'number',
      title: t('transfers.number'),
      render: (row) => (
        <Link to={`/transfers/${row.id}`} data-testid="transfer-link">
          {row.number}
        </Link>
      ),
    },
    { key: 'from', title: t('transfers.from'), render: (row) => row.fromWarehouseName },
    { key: 'to', title: t('transfers.to'), render: (row) => row.toWarehouseName },
    { key: 'qty', title: t('stock.quantity'), align: 'right', render: (row) => row.totalQuantity },
    {
      key: 'status',
      title: t('common.status'),
      render: (row) => <Tag color={statusColor[row.status]}>{t(`transfers.status.${row.status}`)}</Tag>,
    },
    {
      key: 'shippedAt',
      title: t('transfers.shippedAt'),
      render: (row) => formatDateTime(row.shippedAt as unknown as string),
    },
  ];
  return (
    <ListPage
      title={t('transfers.title')}
      actions={
        useCan()('keepStock') && <CreateButton to="/transfers/new" label={t('transfers.new')} testId="transfer-new" />
      }
      params={params}
      search={{ placeholder: t('transfers.searchPlaceholder'), testId: 'transfer-search' }}
      filters={
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('common.status')}
          value={params.get('status')}
          onChange={(status) => params.update({ status })}
          options={transferStatuses.map((s) => ({ value: s, label: t(`transfers.status.${s}`) }))}
        />
      }
      query={list}
      columns={columns}
      tableTestId="transfer-table"
      emptyText={t('transfers.empty')}
    />
  );
}

type ShipValues = {
  fromWarehouseId?: number;
  toWarehouseId?: number;
  note?: string;
  lines: { partId?: number; quantity?: number; condition?: 'good' | 'defective' }[];
};

export function TransferFormPage() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const warehouses = useWarehouseOptions();
  const ship = useShipTransfer();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<ShipValues>();
  return (
    <>
      <PageHeader title={t('transfers.new')} backTo="/transfers" />
      <Form<ShipValues>
        form={form}
        layout="vertical"
        initialValues={{ lines: [{ condition: 'good', quantity: 1 }] }}
        onFinish={(values) =>
          ship
            .mutateAsync({
              fromWarehouseId: values.fromWarehouseId!,
              toWarehouseId: values.toWarehouseId!,
              note: values.note,
              lines: values.lines.map((line) => ({
                partId: line.partId!,
                quantity: line.quantity ?? 0,
                condition: line.condition ?? 'good',
              })),
            })
            .then((saved) => {
              message.success(t('transfers.shipped', { number: saved.number }));
              navigate(`/transfers/${saved.id}`);
            })
            .catch((error) => onError(error, { form }))
        }
      >
        <Card style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item name="fromWarehouseId" label={t('transfers.from')} rules={[{ required: true }]}>
              <Select style={{ minWidth: 220 }} options={warehouses.options} data-testid="transfer-from" />
            </Form.Item>
            <Form.Item name="toWarehouseId" label={t('transfers.to')} rules={[{ required: true }]}>
              <TargetSelect />
            </Form.Item>
            <Form.Item name="note" label={t('field.notes')} style={{ flex: 1, minWidth: 200 }}>
              <Input maxLength={500} />
            </Form.Item>
          </Flex>
        </Card>
        <Card title={t('receipts.lines')}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} wrap align="end">
                    <Form.Item name={[field.name, 'partId']} label={t('catalogue.part')} rules={[{ required: true }]}>
                      <PartSelect testId={`transfer-part-${index}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'condition']} label={t('stock.condition')}>
                      <Select
                        style={{ width: 110 }}
                        options={[
                          { value: 'good', label: t('stock.good') },
                          { value: 'defective', label: t('stock.defective') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'quantity']} label={t('stock.quantity')} rules={[{ required: true }]}>
                      <InputNumber min={1} precision={0} data-testid={`transfer-quantity-${index}`} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Form.Item>
                        <Button onClick={() => remove(field.name)}>{t('common.remove')}</Button>
                      </Form.Item>
                    )}
                  </Flex>
                ))}
                <Flex gap={8} wrap>
                  <Button onClick={() => add({ condition: 'good', quantity: 1 })}>{t('receipts.addLine')}</Button>
                  <Button type="primary" htmlType="submit" loading={ship.isPending} data-testid="transfer-submit">
                    {t('transfers.ship')}
                  </Button>
                </Flex>
              </Flex>
            )}
          </Form.List>
        </Card>
      </Form>
    </>
  );
}

/** The target warehouse: any active warehouse of any station. */
function TargetSelect(props: { value?: number; onChange?: (value: number) => void }) {
  const warehouses = useTransferTargets();
  return (
    <Select
      style={{ minWidth: 220 }}
      showSearch={{ optionFilterProp: 'label' }}
      options={warehouses.options}
      value={props.value}
      onChange={props.onChange}
      data-testid="transfer-to"
    />
  );
}

export function TransferDetailPage() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const detail = useDetail(transfersApi, id);
  const action = useTransferAction();
  const onError = useApiErrorHandler();
  const keeps = useCan()('keepStock');
  const user = useCurrentUser();
  // The target station receives, the source station cancels (the server refuses the others).
  const sees = (stationId: number) => seesAllStations(user.roles) || user.stationId === stationId;
  const run = (kind: 'receive' | 'cancel', version: number) =>
    action
      .mutateAsync({ id, action: kind, version })
      .then(() => message.success(t('common.saved')))
      .catch((error) => onError(error, { onReload: () => detail.refetch() }));
  return (
    <QueryState query={detail}>
      {(transfer) => (
        <>
          <PageHeader
            backTo="/transfers"
            title={transfer.number}
            tags={
              <Tag color={statusColor[transfer.status]} data-testid="transfer-status" data-status={transfer.status}>
                {t(`transfers.status.${transfer.status}`)}
              </Tag>
            }
            extra={
              keeps &&
              transfer.status === 'in_transit' && (
                <Flex gap={8}>
                  {sees(transfer.toStationId) && (
                    <Button
                      type="primary"
                      loading={action.isPending}
                      onClick={() => run('receive', transfer.version)}
                      data-testid="transfer-receive"
                    >
                      {t('transfers.receive')}
                    </Button>
                  )}
                  {sees(transfer.fromStationId) && (
                    <Popconfirm title={t('transfers.cancelConfirm')} onConfirm={() => run('cancel', transfer.version)}>
                      <Button danger data-testid="transfer-cancel">
                        {t('transfers.cancel')}
                      </Button>
                    </Popconfirm>
                  )}
                </Flex>
              )
            }
          />
          <Card style={{ marginBottom: 16 }}>
            <Descriptions
              column={overviewColumns}
              items={[
                { key: 'from', label: t('transfers.from'), children: transfer.fromWarehouseName },
                { key: 'to', label: t('transfers.to'), children: transfer.toWarehouseName },
                {
                  key: 'shipped',
                  label: t('transfers.shippedAt'),
                  children: `${formatDateTime(transfer.shippedAt as unknown as string)} · ${transfer.shippedByName}`,
                },
                {
                  key: 'received',
                  label: t(transfer.status === 'cancelled' ? 'transfers.cancelledAt' : 'transfers.receivedAt'),
                  children: transfer.receivedAt
                    ? `${formatDateTime(transfer.receivedAt as unknown as string)} · ${orDash(transfer.receivedByName)}`
                    : '—',
                },
                { key: 'note', label: t('field.notes'), children: orDash(transfer.note) },
                {
                  key: 'ledger',
                  label: t('ledger.title'),
                  children: <Link to={`/stock-ledger?transferId=${transfer.id}`}>{t('common.viewAll')}</Link>,
                },
              ]}
            />
          </Card>
          <Card>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={transfer.lines}
              columns={[
                {
                  key: 'part',
                  title: t('catalogue.part'),
                  render: (_, line) => <Link to={`/parts/${line.partId}`}>{`${line.partCode} ${line.partName}`}</Link>,
                },
                { key: 'condition', title: t('stock.condition'), render: (_, line) => t(`stock.${line.condition}`) },
                {
                  key: 'quantity',
                  title: t('stock.quantity'),
                  align: 'right',
                  render: (_, line) => `${line.quantity} ${line.unit}`,
                },
              ]}
            />
          </Card>
        </>
      )}
    </QueryState>
  );
}
