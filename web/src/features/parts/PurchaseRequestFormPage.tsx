/**
 * A draft purchase request (采购计划, PRT-5): new (by hand or prefilled from reorder suggestions) or
 * edited while still a draft. One supplier, one warehouse, lines of part / quantity / unit cost.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, InputNumber, Select, Spin } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { fenToYuanString, yuanToFen } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import {
  type PartOption,
  type PurchaseDetail,
  searchParts,
  useCreatePurchaseRequest,
  usePurchaseRequest,
  useSupplierOptions,
  useUpdatePurchaseRequest,
} from './purchasing.api';
import type { PurchaseDraftState } from './ReorderSuggestionsPage';
import { useWarehouseOptions } from './stocktake.api';

type LineValues = { partId?: number; quantity?: number; unitCost?: string | null };
type FormValues = { supplierId?: number; warehouseId?: number; note?: string; lines: LineValues[] };

export function PurchaseRequestFormPage() {
  const id = Number(useParams().id);
  const editing = Number.isInteger(id) && id > 0;
  const query = usePurchaseRequest(editing ? id : 0);
  if (!editing) return <PurchaseForm />;
  return <QueryState query={query}>{(request) => <PurchaseForm request={request} />}</QueryState>;
}

function PurchaseForm({ request }: { request?: PurchaseDetail }) {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const draft = location.state as PurchaseDraftState | null;
  const [form] = Form.useForm<FormValues>();
  const suppliers = useSupplierOptions();
  const warehouses = useWarehouseOptions();
  const create = useCreatePurchaseRequest();
  const update = useUpdatePurchaseRequest(request?.id ?? 0);
  const onError = useApiErrorHandler();

  // Parts already on the request, so their selects show a label before any search.
  const known = useMemo(() => {
    const options = new Map<number, string>();
    for (const line of request?.lines ?? []) options.set(line.partId, `${line.partCode} ${line.partName}`);
    for (const line of draft?.lines ?? []) options.set(line.partId, `${line.partCode} ${line.partName}`);
    return options;
  }, [request, draft]);

  const initialValues: FormValues = request
    ? {
        supplierId: request.supplierId,
        warehouseId: request.warehouseId,
        note: request.note ?? '',
        lines: request.lines.map((line) => ({
          partId: line.partId,
          quantity: line.quantity,
          unitCost: fenToYuanString(line.unitCostFen),
        })),
      }
    : {
        supplierId: draft?.supplierId ?? undefined,
        warehouseId: draft?.warehouseId,
        lines: draft?.lines.map((line) => ({
          partId: line.partId,
          quantity: line.quantity,
          unitCost: fenToYuanString(line.unitCostFen),
        })) ?? [{}],
      };

  const save = (values: FormValues) => {
    const lines = values.lines.map((line) => ({
      partId: line.partId as number,
      quantity: line.quantity as number,
      unitCostFen: line.unitCost ? yuanToFen(line.unitCost) : null,
    }));
    const onSuccess = (saved: PurchaseDetail) => navigate(`/purchase-requests/${saved.id}`);
    const handle = { onSuccess, onError: (error: unknown) => onError(error, { form }) };
    if (request) {
      update.mutate(
        { version: request.version, supplierId: values.supplierId as number, note: values.note ?? null, lines },
        handle,
      );
    } else {
      create.mutate(
        {
          supplierId: values.supplierId as number,
          warehouseId: values.warehouseId as number,
          note: values.note ?? null,
          lines,
        },
        handle,
      );
    }
  };

  return (
    <div style={{ maxWidth: 900 }}>
      <PageHeader
        title={request ? `${t('purchase.edit')} ${request.number}` : t('purchase.new')}
        backTo={request ? `/purchase-requests/${request.id}` : '/purchase-requests'}
      />
      <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={save}>
        <Card size="small">
          <Flex gap={12} wrap>
            <Form.Item
              name="supplierId"
              label={t('purchase.supplier')}
              rules={[{ required: true, message: t('purchase.chooseSupplier') }]}
              style={{ flex: 1, minWidth: 220 }}
            >
              <Select
                showSearch
                optionFilterProp="label"
                loading={suppliers.isPending}
                options={(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))}
                data-testid="purchase-supplier"
              />
            </Form.Item>
            <Form.Item
              name="warehouseId"
              label={t('stocktake.warehouse')}
              rules={[{ required: true, message: t('stocktake.chooseWarehouse') }]}
              style={{ flex: 1, minWidth: 220 }}
            >
              <Select
                disabled={!!request}
                loading={warehouses.isPending}
                options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.name}（${w.code}）` }))}
                data-testid="purchase-warehouse"
              />
            </Form.Item>
          </Flex>
          <Form.Item name="note" label={t('stocktake.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Card>
        <Card size="small" title={t('purchase.lines')} style={{ marginTop: 12 }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} wrap align="start" data-testid={`purchase-line-${index}`}>
                    <Form.Item
                      name={[field.name, 'partId']}
                      rules={[{ required: true, message: t('purchase.choosePart') }]}
                      style={{ flex: 3, minWidth: 220 }}
                    >
                      <PartSelect known={known} placeholder={t('purchase.choosePart')} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'quantity']}
                      rules={[{ required: true, message: t('purchase.quantity') }]}
                      style={{ flex: 1, minWidth: 100 }}
                    >
                      <InputNumber
                        min={1}
                        precision={0}
                        inputMode="numeric"
                        placeholder={t('purchase.quantity')}
                        style={{ width: '100%' }}
                        data-testid="purchase-line-quantity"
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'unitCost']} style={{ flex: 1, minWidth: 120 }}>
                      <Input prefix="¥" inputMode="decimal" placeholder={t('purchase.unitCost')} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('common.remove')}
                      disabled={fields.length === 1}
                      onClick={() => remove(index)}
                    />
                  </Flex>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="purchase-add-line">
                  {t('purchase.addLine')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Flex justify="flex-end" gap={8} style={{ marginTop: 12 }}>
          <Button
            type="primary"
            htmlType="submit"
            loading={create.isPending || update.isPending}
            data-testid="purchase-save"
          >
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}

/** A part chosen by searching the catalogue (code or name). */
function PartSelect({
  known,
  value,
  onChange,
  placeholder,
}: {
  known: Map<number, string>;
  value?: number;
  onChange?: (value: number) => void;
  placeholder: string;
}) {
  const [options, setOptions] = useState<PartOption[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const search = (q: string) => {
    clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = setTimeout(() => {
      setLoading(true);
      searchParts(q.trim())
        .then((page) => setOptions(page.items))
        .catch(() => setOptions([]))
        .finally(() => setLoading(false));
    }, 250);
  };
  const merged = [
    ...(value !== undefined && known.has(value) && !options.some((o) => o.id === value)
      ? [{ value, label: known.get(value) as string }]
      : []),
    ...options.map((part) => ({ value: part.id, label: `${part.code} ${part.name}` })),
  ];
  return (
    <Select
      showSearch
      filterOption={false}
      value={value}
      onChange={onChange}
      onSearch={search}
      placeholder={placeholder}
      notFoundContent={loading ? <Spin size="small" /> : null}
      options={merged}
      data-testid="purchase-line-part"
    />
  );
}
