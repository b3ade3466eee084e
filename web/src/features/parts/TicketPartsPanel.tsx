/**
 * Parts on a ticket (PRT-3, DSP-4): the requests with their status and the actions each role may
 * take — request (engineer, desk), reserve / issue / direct issue (parts keeper), consume and return
 * (engineer on site, or the keeper taking parts back), cancel. `compact` is the engineer's phone
 * version on the task page (390 px): one card per part, big buttons.
 *
 *   <TicketPartsPanel ticketId={ticket.id} ticketStatus={ticket.status} />
 *   <TicketPartsPanel ticketId={task.ticket.id} ticketStatus={task.ticket.status} compact />
 */
import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import type {
  ChargeKindValue,
  PartRequest,
  PartRequestStatusValue,
} from '../../../../server/modules/parts/part-requests.contract';
import { QueryError } from '../../components/QueryState';
import { formatDateTime, formatFen } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { ResponsiveDialog } from '../tickets/ResponsiveDialog';
import {
  type RequestStep,
  useDirectIssue,
  usePartOptions,
  useRequestPart,
  useRequestStep,
  useTicketPartRequests,
  useWarehouseOptions,
} from './part-requests.api';

const statusColors: Record<PartRequestStatusValue, string> = {
  requested: 'blue',
  reserved: 'purple',
  issued: 'orange',
  consumed: 'green',
  returned: 'default',
  cancelled: 'default',
};

export function PartRequestStatusTag({ status }: { status: PartRequestStatusValue }) {
  const t = useT();
  return (
    <Tag color={statusColors[status]} data-testid="part-request-status">
      {t(`partRequests.status.${status}`)}
    </Tag>
  );
}

export function ChargeKindTag({ kind }: { kind: ChargeKindValue }) {
  const t = useT();
  return <Tag color={kind === 'warranty' ? 'cyan' : 'gold'}>{t(`partRequests.charge.${kind}`)}</Tag>;
}

type Props = {
  ticketId: number;
  ticketStatus?: string;
  /** The engineer's phone version (task page). */
  compact?: boolean;
  /** The visit the engineer is on (the part goes onto its field service record). */
  visitId?: number | null;
};

type Dialog =
  | { kind: 'request' }
  | { kind: 'direct' }
  | { kind: 'stock'; step: 'reserve' | 'issue'; request: PartRequest }
  | { kind: 'consume'; request: PartRequest }
  | null;

export function TicketPartsPanel({ ticketId, ticketStatus, compact = false, visitId = null }: Props) {
  const t = useT();
  const can = useCan();
  const requests = useTicketPartRequests(ticketId);
  const step = useRequestStep();
  const onError = useApiErrorHandler();
  const [dialog, setDialog] = useState<Dialog>(null);
  const open = ticketStatus !== 'closed' && ticketStatus !== 'cancelled';
  const mayRequest = can('requestParts') && open;
  const keeps = can('keepStock');

  const simple = (request: PartRequest, action: RequestStep) =>
    step.mutate(
      { id: request.id, step: action, body: { version: request.version } },
      { onError: (error) => onError(error, { onReload: () => requests.refetch() }) },
    );

  const actionsOf = (request: PartRequest): ReactNode[] => {
    const buttons: ReactNode[] = [];
    const button = (key: string, label: string, onClick: () => void, primary = false, danger = false) => (
      <Button
        key={key}
        size={compact ? 'middle' : 'small'}
        type={primary ? 'primary' : 'default'}
        danger={danger}
        onClick={onClick}
        loading={step.isPending && step.variables?.id === request.id}
        data-testid={`part-action-${key}`}
      >
        {label}
      </Button>
    );
    if (keeps && request.status === 'requested' && open) {
      buttons.push(
        button('reserve', t('partRequests.action.reserve'), () =>
          setDialog({ kind: 'stock', step: 'reserve', request }),
        ),
      );
    }
    if (keeps && (request.status === 'requested' || request.status === 'reserved') && open) {
      buttons.push(
        button(
          'issue',
          t('partRequests.action.issue'),
          () =>
            request.status === 'reserved'
              ? simple(request, 'issue')
              : setDialog({ kind: 'stock', step: 'issue', request }),
          true,
        ),
      );
    }
    if ((can('requestParts') || keeps) && request.status === 'issued') {
      buttons.push(
        button('consume', t('partRequests.action.consume'), () => setDialog({ kind: 'consume', request }), true),
        button('return', t('partRequests.action.return'), () => simple(request, 'return')),
      );
    }
    if ((can('requestParts') || keeps) && (request.status === 'requested' || request.status === 'reserved')) {
      buttons.push(button('cancel', t('partRequests.action.cancel'), () => simple(request, 'cancel'), false, true));
    }
    return buttons;
  };

  return (
    <Card
      size={compact ? 'small' : undefined}
      title={t('partRequests.panelTitle')}
      data-testid="ticket-parts-panel"
      extra={
        <Flex gap={8} wrap>
          {mayRequest && (
            <Button
              size="small"
              type={compact ? 'primary' : 'default'}
              icon={<PlusOutlined />}
              onClick={() => setDialog({ kind: 'request' })}
              data-testid="parts-request-open"
            >
              {t('partRequests.request')}
            </Button>
          )}
          {keeps && open && !compact && (
            <Button size="small" onClick={() => setDialog({ kind: 'direct' })} data-testid="parts-direct-issue-open">
              {t('partRequests.directIssue')}
            </Button>
          )}
        </Flex>
      }
    >
      {requests.error ? (
        <QueryError error={requests.error} onRetry={() => requests.refetch()} />
      ) : requests.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : requests.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('partRequests.none')} />
      ) : (
        <Flex vertical gap={10}>
          {requests.data.items.map((request) => (
            <div
              key={request.id}
              className="part-request-row"
              data-testid="part-request-row"
              data-status={request.status}
              data-part-code={request.partCode}
              style={{ borderBottom: '1px solid rgba(5,5,5,0.06)', paddingBottom: 8 }}
            >
              <Flex justify="space-between" align="start" gap={8} wrap>
                <div style={{ minWidth: 0, flex: '1 1 180px' }}>
                  <Typography.Text strong>
                    {request.partCode} {request.partName}
                  </Typography.Text>{' '}
                  <Typography.Text>
                    ×{request.quantity}
                    {request.unit}
                  </Typography.Text>
                  <div>
                    <PartRequestStatusTag status={request.status} />
                    <ChargeKindTag kind={request.chargeKind} />
                    {request.faultyReturnId && <Tag color="red">{t('partRequests.faultyDue')}</Tag>}
                  </div>
                </div>
                {!compact && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {request.requestedByName} · {formatDateTime(request.requestedAt)}
                  </Typography.Text>
                )}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {[
                  request.warehouseName ? `${t('partRequests.warehouse')}：${request.warehouseName}` : null,
                  request.issuedQuantity > 0
                    ? t('partRequests.quantities', {
                        issued: request.issuedQuantity,
                        consumed: request.consumedQuantity,
                        returned: request.returnedQuantity,
                      })
                    : null,
                  request.unitPriceFen != null
                    ? `${t('partRequests.unitPrice')}：${formatFen(request.unitPriceFen)}`
                    : null,
                  request.installedSerialNo
                    ? `${t('partRequests.serialSwap')}：${request.removedSerialNo ?? '—'} → ${request.installedSerialNo}`
                    : null,
                  request.note,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
              {actionsOf(request).length > 0 && (
                <Space wrap style={{ marginTop: 6 }}>
                  {actionsOf(request)}
                </Space>
              )}
            </div>
          ))}
        </Flex>
      )}
      {dialog?.kind === 'request' && (
        <RequestDialog ticketId={ticketId} visitId={visitId} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'direct' && <DirectIssueDialog ticketId={ticketId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'stock' && (
        <StockDialog step={dialog.step} request={dialog.request} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'consume' && (
        <ConsumeDialog request={dialog.request} visitId={visitId} onClose={() => setDialog(null)} />
      )}
    </Card>
  );
}

/** Catalogue search by code or name; parts fitting the ticket's model first, with available stock. */
function PartPicker({
  ticketId,
  value,
  onChange,
}: {
  ticketId: number;
  value?: number;
  onChange?: (value: number) => void;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const options = usePartOptions(ticketId, q, true);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('partRequests.searchPart')}
      loading={options.isFetching}
      notFoundContent={options.isFetching ? <Skeleton.Input active size="small" /> : t('partRequests.noPart')}
      data-testid="part-search"
      options={(options.data?.items ?? []).map((part) => ({
        value: part.id,
        label: `${part.code} ${part.name}${part.fits ? ` ★` : ''} (${t('partRequests.available')} ${part.available})`,
      }))}
      style={{ width: '100%' }}
    />
  );
}

function WarehousePicker({ value, onChange }: { value?: number; onChange?: (value: number) => void }) {
  const t = useT();
  const warehouses = useWarehouseOptions();
  return (
    <Select
      value={value}
      onChange={onChange}
      placeholder={t('partRequests.chooseWarehouse')}
      loading={warehouses.isPending}
      data-testid="warehouse-select"
      options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.code} ${w.name}` }))}
      style={{ width: '100%' }}
    />
  );
}

function ChargeKindField({ auto = true }: { auto?: boolean }) {
  const t = useT();
  return (
    <Form.Item name="chargeKind" label={t('partRequests.chargeKind')}>
      <Radio.Group
        options={[
          ...(auto ? [{ value: 'auto', label: t('partRequests.charge.auto') }] : []),
          { value: 'warranty', label: t('partRequests.charge.warranty') },
          { value: 'customer_bought', label: t('partRequests.charge.customer_bought') },
        ]}
      />
    </Form.Item>
  );
}

type RequestValues = { partId?: number; quantity?: number; chargeKind?: string; note?: string; warehouseId?: number };

function RequestDialog({
  ticketId,
  visitId,
  onClose,
}: {
  ticketId: number;
  visitId: number | null;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<RequestValues>();
  const request = useRequestPart();
  const onError = useApiErrorHandler();
  const submit = (values: RequestValues) =>
    request.mutate(
      {
        ticketId,
        body: {
          partId: values.partId as number,
          quantity: values.quantity as number,
          chargeKind: values.chargeKind === 'auto' ? undefined : (values.chargeKind as ChargeKindValue),
          visitId,
          note: values.note ?? null,
        },
      },
      { onSuccess: onClose, onError: (error) => onError(error, { form }) },
    );
  return (
    <ResponsiveDialog
      open
      title={t('partRequests.request')}
      onClose={onClose}
      onOk={() => form.submit()}
      confirmLoading={request.isPending}
      okTestId="part-request-submit"
    >
      <Form form={form} layout="vertical" initialValues={{ quantity: 1, chargeKind: 'auto' }} onFinish={submit}>
        <Form.Item
          name="partId"
          label={t('partRequests.part')}
          rules={[{ required: true, message: t('partRequests.partRequired') }]}
        >
          <PartPicker ticketId={ticketId} />
        </Form.Item>
        <Form.Item name="quantity" label={t('partRequests.quantity')} rules={[{ required: true }]}>
          <InputNumber
            min={1}
            max={100000}
            precision={0}
            style={{ width: '100%' }}
            data-testid="part-request-quantity"
          />
        </Form.Item>
        <ChargeKindField />
        <Form.Item name="note" label={t('partRequests.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}

function DirectIssueDialog({ ticketId, onClose }: { ticketId: number; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<RequestValues>();
  const issue = useDirectIssue();
  const onError = useApiErrorHandler();
  const submit = (values: RequestValues) =>
    issue.mutate(
      {
        ticketId,
        body: {
          partId: values.partId as number,
          warehouseId: values.warehouseId as number,
          quantity: values.quantity as number,
          chargeKind: values.chargeKind === 'auto' ? undefined : (values.chargeKind as ChargeKindValue),
          note: values.note ?? null,
        },
      },
      { onSuccess: onClose, onError: (error) => onError(error, { form }) },
    );
  return (
    <ResponsiveDialog
      open
      title={t('partRequests.directIssue')}
      onClose={onClose}
      onOk={() => form.submit()}
      confirmLoading={issue.isPending}
      okTestId="direct-issue-submit"
    >
      <Form form={form} layout="vertical" initialValues={{ quantity: 1, chargeKind: 'auto' }} onFinish={submit}>
        <Form.Item
          name="partId"
          label={t('partRequests.part')}
          rules={[{ required: true, message: t('partRequests.partRequired') }]}
        >
          <PartPicker ticketId={ticketId} />
        </Form.Item>
        <Form.Item name="warehouseId" label={t('partRequests.warehouse')} rules={[{ required: true }]}>
          <WarehousePicker />
        </Form.Item>
        <Form.Item name="quantity" label={t('partRequests.quantity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <ChargeKindField />
        <Form.Item name="note" label={t('partRequests.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}

function StockDialog({
  step: action,
  request,
  onClose,
}: {
  step: 'reserve' | 'issue';
  request: PartRequest;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ warehouseId?: number }>();
  const step = useRequestStep();
  const onError = useApiErrorHandler();
  return (
    <ResponsiveDialog
      open
      title={`${t(`partRequests.action.${action}`)} ${request.partCode} ×${request.quantity}`}
      onClose={onClose}
      onOk={() => form.submit()}
      confirmLoading={step.isPending}
      okTestId="stock-step-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ warehouseId: request.warehouseId ?? undefined }}
        onFinish={(values) =>
          step.mutate(
            { id: request.id, step: action, body: { version: request.version, warehouseId: values.warehouseId } },
            { onSuccess: onClose, onError: (error) => onError(error, { form }) },
          )
        }
      >
        <Form.Item name="warehouseId" label={t('partRequests.warehouse')} rules={[{ required: true }]}>
          <WarehousePicker />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}

type ConsumeValues = {
  consumedQuantity?: number;
  removedSerialNo?: string;
  installedSerialNo?: string;
  replacedFaulty?: boolean;
  note?: string;
};

function ConsumeDialog({
  request,
  visitId,
  onClose,
}: {
  request: PartRequest;
  visitId: number | null;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<ConsumeValues>();
  const step = useRequestStep();
  const onError = useApiErrorHandler();
  const consumed = Form.useWatch('consumedQuantity', form) ?? request.issuedQuantity;
  return (
    <ResponsiveDialog
      open
      title={`${t('partRequests.action.consume')} ${request.partCode} ${request.partName}`}
      onClose={onClose}
      onOk={() => form.submit()}
      confirmLoading={step.isPending}
      okTestId="consume-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ consumedQuantity: request.issuedQuantity, replacedFaulty: true }}
        onFinish={(values) =>
          step.mutate(
            {
              id: request.id,
              step: 'consume',
              body: {
                version: request.version,
                consumedQuantity: values.consumedQuantity ?? 0,
                returnedQuantity: request.issuedQuantity - (values.consumedQuantity ?? 0),
                removedSerialNo: values.removedSerialNo ?? null,
                installedSerialNo: values.installedSerialNo ?? null,
                replacedFaulty: request.chargeKind === 'warranty' ? (values.replacedFaulty ?? null) : null,
                visitId: request.visitId ? undefined : visitId,
                note: values.note ?? null,
              },
            },
            { onSuccess: onClose, onError: (error) => onError(error, { form }) },
          )
        }
      >
        <Form.Item
          name="consumedQuantity"
          label={t('partRequests.consumedQuantity')}
          extra={t('partRequests.returnedAuto', { returned: Math.max(0, request.issuedQuantity - consumed) })}
        >
          <InputNumber
            min={0}
            max={request.issuedQuantity}
            precision={0}
            style={{ width: '100%' }}
            data-testid="consume-quantity"
          />
        </Form.Item>
        {request.serialised && consumed > 0 && (
          <>
            <Form.Item name="removedSerialNo" label={t('partRequests.removedSerialNo')}>
              <Input maxLength={64} data-testid="consume-removed-serial" />
            </Form.Item>
            <Form.Item
              name="installedSerialNo"
              label={t('partRequests.installedSerialNo')}
              rules={[{ required: true }]}
            >
              <Input maxLength={64} data-testid="consume-installed-serial" />
            </Form.Item>
          </>
        )}
        {request.chargeKind === 'warranty' && consumed > 0 && (
          <Form.Item name="replacedFaulty" label={t('partRequests.replacedFaulty')} valuePropName="checked">
            <Switch data-testid="consume-replaced-faulty" />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('partRequests.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}
