/** Receipt with acceptance inspection (验收, PRT-3): only accepted units enter good stock. */
import { App, Button, Card, Flex, Form, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useApiErrorHandler } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { usePartSearch, useReceipt, useSupplierOptions, useWarehouseOptions } from './parts.api';

type Line = {
  partId?: number;
  receivedQuantity?: number;
  acceptedQuantity?: number;
  rejectedQuantity?: number;
  rejectReason?: string;
  unitCost?: number | null;
};
type Values = { warehouseId?: number; supplierId?: number | null; reference?: string; note?: string; lines: Line[] };

/** A part chosen by typing part of its code or name. */
export function PartSelect(props: { value?: number; onChange?: (value: number) => void; testId?: string }) {
  const { t } = useLocale();
  const [q, setQ] = useState('');
  const parts = usePartSearch(q);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('catalogue.searchPlaceholder')}
      loading={parts.isFetching}
      options={parts.options}
      value={props.value}
      onChange={props.onChange}
      style={{ minWidth: 220 }}
      data-testid={props.testId}
    />
  );
}

export function ReceiptPage() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const warehouses = useWarehouseOptions();
  const suppliers = useSupplierOptions();
  const receipt = useReceipt();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();

  const submit = (values: Values) =>
    receipt
      .mutateAsync({
        warehouseId: values.warehouseId!,
        supplierId: values.supplierId ?? null,
        reference: values.reference,
        note: values.note,
        lines: values.lines.map((line) => ({
          partId: line.partId!,
          receivedQuantity: line.receivedQuantity ?? 0,
          acceptedQuantity: line.acceptedQuantity ?? 0,
          rejectedQuantity: line.rejectedQuantity ?? 0,
          rejectReason: line.rejectReason,
          unitCostFen: line.unitCost == null ? null : Math.round(line.unitCost * 100),
        })),
      })
      .then((result) => {
        message.success(t('receipts.done', { number: result.number }));
        navigate(`/stock?warehouseId=${values.warehouseId}`);
      })
      .catch((error) => onError(error, { form }));

  return (
    <>
      <PageHeader title={t('receipts.new')} backTo="/stock" />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ warehouseId: warehouses.options[0]?.value, lines: [{ rejectedQuantity: 0 }] }}
        onFinish={submit}
        onValuesChange={(changed, all) => {
          // Received defaults to accepted + rejected while the keeper types.
          if (changed.lines) {
            const lines = all.lines.map((line) =>
              line && line.acceptedQuantity != null && line.receivedQuantity == null
                ? { ...line, receivedQuantity: line.acceptedQuantity + (line.rejectedQuantity ?? 0) }
                : line,
            );
            form.setFieldValue('lines', lines);
          }
        }}
      >
        <Card style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item name="warehouseId" label={t('stock.warehouse')} rules={[{ required: true }]}>
              <Select style={{ minWidth: 220 }} options={warehouses.options} data-testid="receipt-warehouse" />
            </Form.Item>
            <Form.Item name="supplierId" label={t('suppliers.name')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ minWidth: 220 }}
                options={suppliers.options}
              />
            </Form.Item>
            <Form.Item name="reference" label={t('receipts.reference')}>
              <Input maxLength={64} />
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
                  <Flex
                    key={field.key}
                    gap={8}
                    wrap
                    align="end"
                    style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}
                  >
                    <Form.Item name={[field.name, 'partId']} label={t('catalogue.part')} rules={[{ required: true }]}>
                      <PartSelect testId={`receipt-part-${index}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'receivedQuantity']} label={t('receipts.received')}>
                      <InputNumber min={1} precision={0} data-testid={`receipt-received-${index}`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'acceptedQuantity']}
                      label={t('receipts.accepted')}
                      rules={[{ required: true }]}
                    >
                      <InputNumber min={0} precision={0} data-testid={`receipt-accepted-${index}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'rejectedQuantity']} label={t('receipts.rejected')}>
                      <InputNumber min={0} precision={0} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'rejectReason']} label={t('receipts.rejectReason')}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'unitCost']} label={t('catalogue.costYuan')}>
                      <InputNumber min={0} precision={2} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Form.Item>
                        <Button onClick={() => remove(field.name)}>{t('common.remove')}</Button>
                      </Form.Item>
                    )}
                  </Flex>
                ))}
                <Flex gap={8} wrap>
                  <Button onClick={() => add({ rejectedQuantity: 0 })}>{t('receipts.addLine')}</Button>
                  <Button type="primary" htmlType="submit" loading={receipt.isPending} data-testid="receipt-submit">
                    {t('receipts.submit')}
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
