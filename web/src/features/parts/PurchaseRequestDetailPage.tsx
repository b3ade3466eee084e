/**
 * One purchase request (采购计划, PRT-5): lines with what is received and outstanding, receipts
 * with their acceptance inspection, and the actions of its status — edit/submit (draft), approve or
 * reject (station manager), receive a delivery (partial receipts), close (the rest is cancelled).
 */
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { isApiError } from '../../lib/api';
import { formatDateTime, formatFen } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { PurchaseStatusTag } from './PurchaseRequestsPage';
import { type PurchaseDetail, usePurchaseAction, usePurchaseRequest, useReceive } from './purchasing.api';

type Line = PurchaseDetail['lines'][number];

export function PurchaseRequestDetailPage() {
  const id = Number(useParams().id);
  const query = usePurchaseRequest(id);
  return <QueryState query={query}>{(request) => <Detail request={request} />}</QueryState>;
}

function Detail({ request }: { request: PurchaseDetail }) {
  const t = useT();
  const can = useCan();
  const action = usePurchaseAction(request.id);
  const onError = useApiErrorHandler();
  const [noteFor, setNoteFor] = useState<'approve' | 'reject' | 'close' | null>(null);
  const [receiving, setReceiving] = useState(false);
  const run = (name: 'submit' | 'approve' | 'reject' | 'close', note?: string) =>
    action.mutate(
      { action: name, body: { version: request.version, note: note ?? null } },
      { onSuccess: () => setNoteFor(null), onError: (error) => onError(error) },
    );
  const { status } = request;
  const keeper = can('keepStock');
  const approver = can('approveParts');

  return (
    <div style={{ maxWidth: 1100 }}>
      <PageHeader
        title={`${t('purchase.request')} ${request.number}`}
        backTo="/purchase-requests"
        tags={<PurchaseStatusTag status={status} />}
        extra={
          <>
            {status === 'draft' && keeper && (
              <>
                <Link to={`/purchase-requests/${request.id}/edit`}>
                  <Button data-testid="purchase-edit">{t('common.edit')}</Button>
                </Link>
                <Button
                  type="primary"
                  loading={action.isPending}
                  onClick={() => run('submit')}
                  data-testid="purchase-submit"
                >
                  {t('purchase.submit')}
                </Button>
              </>
            )}
            {status === 'submitted' && approver && (
              <>
                <Button danger onClick={() => setNoteFor('reject')} data-testid="purchase-reject">
                  {t('purchase.reject')}
                </Button>
                <Button type="primary" onClick={() => setNoteFor('approve')} data-testid="purchase-approve">
                  {t('purchase.approve')}
                </Button>
              </>
            )}
            {(status === 'approved' || status === 'partially_received') && keeper && (
              <Button type="primary" onClick={() => setReceiving(true)} data-testid="purchase-receive">
                {t('purchase.receive')}
              </Button>
            )}
            {['draft', 'submitted', 'approved', 'partially_received'].includes(status) && keeper && (
              <Button onClick={() => setNoteFor('close')} data-testid="purchase-close">
                {t('purchase.close')}
              </Button>
            )}
          </>
        }
      />
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('purchase.supplier')}>{request.supplierName}</Descriptions.Item>
        <Descriptions.Item label={t('stocktake.warehouse')}>
          {request.warehouseName}（{request.warehouseCode}）
        </Descriptions.Item>
        <Descriptions.Item label={t('purchase.amount')}>{formatFen(request.totalFen)}</Descriptions.Item>
        <Descriptions.Item label={t('purchase.requestedAt')}>
          {formatDateTime(request.requestedAt)} · {request.requestedByName}
        </Descriptions.Item>
        {request.decidedAt && (
          <Descriptions.Item label={t('purchase.decided')}>
            {formatDateTime(request.decidedAt)} · {request.decidedByName}
          </Descriptions.Item>
        )}
        {request.decisionNote && (
          <Descriptions.Item label={t('purchase.decisionNote')}>
            <span data-testid="purchase-decision-note">{request.decisionNote}</span>
          </Descriptions.Item>
        )}
        {request.closedAt && (
          <Descriptions.Item label={t('purchase.closedAt')}>
            {formatDateTime(request.closedAt)} · {request.closedByName}
          </Descriptions.Item>
        )}
        {request.closeNote && (
          <Descriptions.Item label={t('purchase.closeNote')}>
            <span data-testid="purchase-close-note">{request.closeNote}</span>
          </Descriptions.Item>
        )}
        {request.note && <Descriptions.Item label={t('stocktake.note')}>{request.note}</Descriptions.Item>}
      </Descriptions>
      <Table<Line>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={request.lines}
        data-testid="purchase-lines"
        columns={[
          { key: 'part', title: t('stocktake.part'), render: (_, line) => `${line.partCode} ${line.partName}` },
          {
            key: 'quantity',
            title: t('purchase.quantity'),
            align: 'right',
            render: (_, line) => `${line.quantity} ${line.unit}`,
          },
          {
            key: 'received',
            title: t('purchase.received'),
            align: 'right',
            render: (_, line) => line.receivedQuantity,
          },
          {
            key: 'rejected',
            title: t('purchase.rejectedQuantity'),
            align: 'right',
            render: (_, line) => line.rejectedQuantity,
          },
          {
            key: 'outstanding',
            title: t('purchase.outstanding'),
            align: 'right',
            render: (_, line) =>
              status === 'closed' && line.outstanding > 0 ? (
                <Typography.Text delete>{line.outstanding}</Typography.Text>
              ) : (
                line.outstanding
              ),
          },
          {
            key: 'cost',
            title: t('purchase.unitCost'),
            align: 'right',
            render: (_, line) => formatFen(line.unitCostFen),
          },
          {
            key: 'amount',
            title: t('purchase.amount'),
            align: 'right',
            render: (_, line) => formatFen(line.unitCostFen === null ? null : line.unitCostFen * line.quantity),
          },
        ]}
      />
      <Card size="small" title={t('purchase.receipts')} style={{ marginTop: 12 }}>
        <List
          dataSource={request.receipts}
          locale={{ emptyText: t('purchase.noReceipts') }}
          renderItem={(receipt) => (
            <List.Item>
              <Flex vertical gap={2}>
                <Typography.Text strong>
                  {formatDateTime(receipt.at)} · {receipt.byName}
                </Typography.Text>
                {receipt.lines.map((line) => (
                  <Typography.Text key={line.partCode}>
                    {t('purchase.receiptLine', {
                      part: line.partCode,
                      received: line.receivedQuantity,
                      accepted: line.acceptedQuantity,
                      rejected: line.rejectedQuantity,
                    })}
                  </Typography.Text>
                ))}
                {receipt.inspectionNote && (
                  <Typography.Text type="secondary">
                    {t('purchase.inspectionNote')}：{receipt.inspectionNote}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      </Card>
      {noteFor && (
        <NoteDialog
          title={t(`purchase.${noteFor}`)}
          required={noteFor !== 'approve'}
          loading={action.isPending}
          onCancel={() => setNoteFor(null)}
          onOk={(note) => run(noteFor, note)}
        />
      )}
      {receiving && <ReceiveDialog request={request} onClose={() => setReceiving(false)} />}
    </div>
  );
}

function NoteDialog({
  title,
  required,
  loading,
  onCancel,
  onOk,
}: {
  title: string;
  required: boolean;
  loading: boolean;
  onCancel: () => void;
  onOk: (note: string) => void;
}) {
  const t = useT();
  const [note, setNote] = useState('');
  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      confirmLoading={loading}
      okButtonProps={{ disabled: required && !note.trim(), 'data-testid': 'purchase-note-ok' } as never}
      onOk={() => onOk(note)}
    >
      <Input.TextArea
        rows={3}
        maxLength={500}
        value={note}
        placeholder={required ? t('purchase.noteRequired') : t('purchase.noteOptional')}
        onChange={(event) => setNote(event.target.value)}
        data-testid="purchase-note"
      />
    </Modal>
  );
}

type ReceiveValues = {
  inspectionNote?: string;
  lines: { lineId: number; accepted?: number | null; rejected?: number | null }[];
};

/** A delivery: per outstanding line the accepted and rejected units (received = accepted + rejected). */
function ReceiveDialog({ request, onClose }: { request: PurchaseDetail; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ReceiveValues>();
  const receive = useReceive(request.id);
  const onError = useApiErrorHandler();
  // A refusal of the whole delivery (e.g. the request was closed meanwhile) stays in the dialog.
  const [refusal, setRefusal] = useState<string | null>(null);
  const [open] = useState(() => request.lines.filter((line) => line.outstanding > 0));
  const receivable = request.status === 'approved' || request.status === 'partially_received';
  const submit = (values: ReceiveValues) => {
    const lines = values.lines
      .map((entry) => {
        const accepted = entry.accepted ?? 0;
        const rejected = entry.rejected ?? 0;
        return {
          lineId: entry.lineId,
          receivedQuantity: accepted + rejected,
          acceptedQuantity: accepted,
          rejectedQuantity: rejected,
        };
      })
      .filter((entry) => entry.receivedQuantity > 0);
    receive.mutate(
      { version: request.version, inspectionNote: values.inspectionNote ?? null, lines },
      {
        onSuccess: onClose,
        onError: (error) => {
          if (isApiError(error) && error.status === 409 && error.fields.length === 0) setRefusal(error.message);
          else onError(error);
        },
      },
    );
  };
  return (
    <Modal
      open
      width={720}
      title={t('purchase.receive')}
      onCancel={onClose}
      confirmLoading={receive.isPending}
      okButtonProps={{ disabled: !receivable, 'data-testid': 'purchase-receive-ok' } as never}
      onOk={() => form.submit()}
    >
      {refusal && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={refusal}
          data-testid="purchase-receive-refused"
        />
      )}
      <Form<ReceiveValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ lines: open.map((line) => ({ lineId: line.id, accepted: line.outstanding, rejected: 0 })) }}
      >
        <Form.List name="lines">
          {(fields) =>
            fields.map((field, index) => {
              const line = open[index];
              return (
                <Flex key={field.key} gap={8} wrap align="end" data-testid={`receive-line-${line.partCode}`}>
                  <Form.Item name={[field.name, 'lineId']} hidden>
                    <InputNumber />
                  </Form.Item>
                  <div style={{ flex: 2, minWidth: 200, paddingBottom: 24 }}>
                    <Typography.Text strong>
                      {line.partCode} {line.partName}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {t('purchase.outstanding')}：{line.outstanding} {line.unit}
                      </Typography.Text>
                    </div>
                  </div>
                  <Form.Item
                    name={[field.name, 'accepted']}
                    label={t('purchase.accepted')}
                    style={{ flex: 1, minWidth: 100 }}
                  >
                    <InputNumber
                      min={0}
                      precision={0}
                      inputMode="numeric"
                      style={{ width: '100%' }}
                      data-testid="receive-accepted"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'rejected']}
                    label={t('purchase.rejectedQuantity')}
                    style={{ flex: 1, minWidth: 100 }}
                  >
                    <InputNumber
                      min={0}
                      precision={0}
                      inputMode="numeric"
                      style={{ width: '100%' }}
                      data-testid="receive-rejected"
                    />
                  </Form.Item>
                </Flex>
              );
            })
          }
        </Form.List>
        <Form.Item name="inspectionNote" label={t('purchase.inspectionNote')}>
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('purchase.inspectionPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
