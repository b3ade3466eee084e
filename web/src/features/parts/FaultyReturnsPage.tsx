/**
 * Faulty-part returns (PRT-6): what is due and overdue per station, booking into defective stock,
 * the inspection with its nonconformance report (不合格品报告处理单) and closing.
 */
import { PrinterOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { FaultyReturn, FaultyReturnStatusValue } from '../../../../server/modules/parts/part-requests.contract';
import {
  dispositionValues,
  faultyReturnStatusList,
  responsibilityValues,
} from '../../../../server/modules/parts/part-requests.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { formatDateTime, formatFen, yuanToFen } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { ResponsiveDialog } from '../tickets/ResponsiveDialog';
import { useFaultyReturns, useFaultyStep, useSupplierOptions, useWarehouseOptions } from './part-requests.api';

const statusColors: Record<FaultyReturnStatusValue, string> = {
  due: 'orange',
  received: 'blue',
  inspected: 'purple',
  closed: 'default',
};

export function FaultyReturnsPage() {
  const t = useT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'open') as FaultyReturnStatusValue | 'open' | 'overdue' | 'all';
  const list = useFaultyReturns(
    status === 'overdue' ? { overdue: 'true' } : status === 'open' || status === 'all' ? {} : { status },
  );
  const rows = (list.data?.items ?? []).filter((row) => status !== 'open' || row.status !== 'closed');
  const [dialog, setDialog] = useState<{ kind: 'receive' | 'inspect'; row: FaultyReturn } | null>(null);
  const step = useFaultyStep();
  const onError = useApiErrorHandler();
  return (
    <>
      <PageHeader title={t('faultyReturns.title')} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            value={status}
            style={{ width: 180 }}
            data-testid="faulty-status"
            onChange={(value) => setParams(value === 'open' ? {} : { status: value }, { replace: true })}
            options={[
              { value: 'open', label: t('faultyReturns.filter.open') },
              { value: 'overdue', label: t('faultyReturns.filter.overdue') },
              { value: 'all', label: t('faultyReturns.filter.all') },
              ...faultyReturnStatusList.map((value) => ({ value, label: t(`faultyReturns.status.${value}`) })),
            ]}
          />
        </Flex>
        {list.error ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<FaultyReturn>
            rowKey="id"
            size="small"
            loading={list.isPending}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 1000 }}
            data-testid="faulty-returns-table"
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
                render: (_, row) => `${row.partCode} ${row.partName} ×${row.quantity}`,
              },
              { title: t('faultyReturns.engineer'), key: 'engineer', render: (_, row) => row.engineerName ?? '—' },
              {
                title: t('faultyReturns.dueAt'),
                key: 'due',
                render: (_, row) => (
                  <span>
                    {formatDateTime(row.dueAt)} {row.overdue && <Tag color="red">{t('faultyReturns.overdue')}</Tag>}
                  </span>
                ),
              },
              {
                title: t('partRequests.statusLabel'),
                key: 'status',
                render: (_, row) => (
                  <Tag color={statusColors[row.status]} data-testid="faulty-status-tag">
                    {t(`faultyReturns.status.${row.status}`)}
                  </Tag>
                ),
              },
              {
                title: t('faultyReturns.ncr'),
                key: 'ncr',
                render: (_, row) =>
                  row.ncrNumber ? (
                    <Link to={`/print/faulty-returns/${row.id}`} data-testid="faulty-ncr-print">
                      <PrinterOutlined /> {row.ncrNumber}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('faultyReturns.responsibility'),
                key: 'resp',
                render: (_, row) =>
                  row.responsibility
                    ? `${t(`faultyReturns.responsibilityValue.${row.responsibility}`)}${
                        row.chargeFen ? ` ${formatFen(row.chargeFen)}` : ''
                      }${row.supplierName ? ` ${row.supplierName}` : ''}`
                    : '—',
              },
              {
                title: '',
                key: 'actions',
                render: (_, row) => (
                  <Space>
                    {row.status === 'due' && can('keepStock') && (
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => setDialog({ kind: 'receive', row })}
                        data-testid="faulty-receive"
                      >
                        {t('faultyReturns.receive')}
                      </Button>
                    )}
                    {(row.status === 'received' || row.status === 'inspected') && can('inspectFaultyParts') && (
                      <Button
                        size="small"
                        onClick={() => setDialog({ kind: 'inspect', row })}
                        data-testid="faulty-inspect"
                      >
                        {t('faultyReturns.inspect')}
                      </Button>
                    )}
                    {row.status === 'inspected' && can('inspectFaultyParts') && (
                      <Button
                        size="small"
                        onClick={() =>
                          step.mutate(
                            { id: row.id, step: 'close', body: { version: row.version } },
                            { onError: (error) => onError(error, { onReload: () => list.refetch() }) },
                          )
                        }
                        data-testid="faulty-close"
                      >
                        {t('faultyReturns.close')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {dialog?.kind === 'receive' && <ReceiveDialog row={dialog.row} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'inspect' && <InspectDialog row={dialog.row} onClose={() => setDialog(null)} />}
    </>
  );
}

function ReceiveDialog({ row, onClose }: { row: FaultyReturn; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ warehouseId?: number; serialNo?: string; note?: string }>();
  const warehouses = useWarehouseOptions();
  const step = useFaultyStep();
  const onError = useApiErrorHandler();
  const stationWarehouses = (warehouses.data?.items ?? []).filter((w) => w.stationId === row.stationId);
  return (
    <ResponsiveDialog
      open
      title={`${t('faultyReturns.receive')} ${row.partCode} ×${row.quantity}`}
      onClose={onClose}
      onOk={() => form.submit()}
      confirmLoading={step.isPending}
      okTestId="faulty-receive-submit"
    >
      {/* The form mounts once the warehouses are known, so the station's warehouse is preselected. */}
      {warehouses.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            warehouseId: (stationWarehouses.find((w) => w.kind === 'station') ?? stationWarehouses[0])?.id,
            serialNo: row.serialNo ?? undefined,
          }}
          onFinish={(values) =>
            step.mutate(
              {
                id: row.id,
                step: 'receive',
                body: {
                  version: row.version,
                  warehouseId: values.warehouseId as number,
                  serialNo: values.serialNo ?? null,
                  note: values.note ?? null,
                },
              },
              { onSuccess: onClose, onError: (error) => onError(error, { form }) },
            )
          }
        >
          <Form.Item name="warehouseId" label={t('partRequests.warehouse')} rules={[{ required: true }]}>
            <Select
              data-testid="faulty-warehouse"
              options={stationWarehouses.map((w) => ({ value: w.id, label: `${w.code} ${w.name}` }))}
            />
          </Form.Item>
          <Form.Item name="serialNo" label={t('partRequests.removedSerialNo')}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="note" label={t('partRequests.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </ResponsiveDialog>
  );
}

type InspectValues = {
  defectDescription?: string;
  cause?: string;
  disposition?: (typeof dispositionValues)[number];
  responsibility?: (typeof responsibilityValues)[number];
  supplierId?: number;
  charge?: number;
};

function InspectDialog({ row, onClose }: { row: FaultyReturn; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<InspectValues>();
  const step = useFaultyStep();
  const onError = useApiErrorHandler();
  const responsibility = Form.useWatch('responsibility', form);
  const disposition = Form.useWatch('disposition', form);
  return (
    <ResponsiveDialog
      open
      title={`${t('faultyReturns.inspect')} ${row.partCode} ${row.partName}`}
      onClose={onClose}
      onOk={() => form.submit()}
      confirmLoading={step.isPending}
      okTestId="faulty-inspect-submit"
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          defectDescription: row.defectDescription ?? undefined,
          cause: row.cause ?? undefined,
          disposition: row.disposition ?? 'scrap',
          responsibility: row.responsibility ?? 'ours',
          supplierId: row.supplierId ?? undefined,
          charge: row.chargeFen != null ? row.chargeFen / 100 : undefined,
        }}
        onFinish={(values) =>
          step.mutate(
            {
              id: row.id,
              step: 'inspect',
              body: {
                version: row.version,
                defectDescription: values.defectDescription ?? '',
                cause: values.cause ?? '',
                disposition: values.disposition ?? 'scrap',
                responsibility: values.responsibility ?? 'ours',
                supplierId: values.supplierId ?? null,
                chargeFen:
                  values.responsibility === 'customer' && values.charge != null ? yuanToFen(values.charge) : null,
              },
            },
            {
              onSuccess: onClose,
              onError: (error) =>
                onError(error, { form, mapField: (field) => (field === 'chargeFen' ? 'charge' : field) }),
            },
          )
        }
      >
        <Form.Item name="defectDescription" label={t('faultyReturns.defect')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="faulty-defect" />
        </Form.Item>
        <Form.Item name="cause" label={t('faultyReturns.cause')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="faulty-cause" />
        </Form.Item>
        <Form.Item name="disposition" label={t('faultyReturns.disposition')}>
          <Radio.Group
            options={dispositionValues.map((value) => ({ value, label: t(`faultyReturns.dispositionValue.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="responsibility" label={t('faultyReturns.responsibility')}>
          <Radio.Group
            options={responsibilityValues.map((value) => ({
              value,
              label: t(`faultyReturns.responsibilityValue.${value}`),
            }))}
          />
        </Form.Item>
        {responsibility === 'customer' && (
          <Form.Item name="charge" label={t('faultyReturns.charge')} rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
        )}
        {(responsibility === 'supplier' || disposition === 'return_to_supplier') && (
          <Form.Item name="supplierId" label={t('faultyReturns.supplier')} rules={[{ required: true }]}>
            <SupplierSelect />
          </Form.Item>
        )}
        <Typography.Text type="secondary">{t('faultyReturns.ledgerHint')}</Typography.Text>
      </Form>
    </ResponsiveDialog>
  );
}

/** Suppliers from the catalogue (helper A's /api/suppliers). */
function SupplierSelect({ value, onChange }: { value?: number; onChange?: (value: number) => void }) {
  const [q, setQ] = useState('');
  const suppliers = useSupplierOptions(q);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      options={(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
    />
  );
}
