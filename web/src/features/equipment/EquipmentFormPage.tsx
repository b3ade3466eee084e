import { Alert, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import { useSearchParams } from 'react-router';
import {
  type EquipmentDetail,
  equipmentInput,
  equipmentUpdate,
} from '../../../../server/modules/customers/customers.contract';
import { computeWarrantyEnd } from '../../../../server/modules/customers/warranty.rules';
import { CustomerSelect } from '../../components/CustomerSelect';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { datePickerProps, formatDate } from '../../lib/format';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
import { useDetail } from '../../lib/resource';
import { customersApi } from '../customers/customers.api';
import { useProductModelOptions } from '../product-models/product-models.api';
import { equipmentApi } from './equipment.api';

type Values = {
  serialNo?: string;
  modelId?: number;
  customerId?: number;
  projectNo?: string | null;
  purchaseDate?: string | null;
  invoiceNo?: string | null;
  deliveryDate?: string | null;
  acceptanceDate?: string | null;
  commissioningDate?: string | null;
  location?: string | null;
  warrantyMonthsOverride?: number | null;
  notes?: string | null;
};

export function EquipmentFormPage() {
  return <EditRecordPage resource={equipmentApi} skeletonRows={10} form={EquipmentForm} />;
}

function EquipmentForm({ record: equipment, onReload }: EditRecordProps<EquipmentDetail>) {
  const { t } = useLocale();
  const [search] = useSearchParams();
  const { form, save, saving } = useRecordForm<Values>({
    resource: equipmentApi,
    record: equipment,
    onReload,
    schemas: { create: equipmentInput, update: equipmentUpdate },
    path: '/equipment',
    created: 'equipment.created',
  });
  const rules = useFieldRules(equipmentInput);
  const models = useProductModelOptions();
  const presetCustomerId = Number(search.get('customerId')) || undefined;
  const presetCustomer = useDetail(customersApi, equipment ? 0 : (presetCustomerId ?? 0));

  const initialValues: Values = equipment
    ? {
        serialNo: equipment.serialNo,
        modelId: equipment.modelId,
        customerId: equipment.customerId,
        projectNo: equipment.projectNo,
        purchaseDate: equipment.purchaseDate,
        invoiceNo: equipment.invoiceNo,
        deliveryDate: equipment.deliveryDate,
        acceptanceDate: equipment.acceptanceDate,
        commissioningDate: equipment.commissioningDate,
        location: equipment.location,
        warrantyMonthsOverride: equipment.warrantyMonthsOverride,
        notes: equipment.notes,
      }
    : { customerId: presetCustomerId };

  // Live preview of the warranty end with the same rule the server applies (contracts aside).
  const watched = Form.useWatch([], form) as Values | undefined;
  const model = models.options.find((option) => option.value === watched?.modelId)?.model;
  const preview = model
    ? computeWarrantyEnd({
        acceptanceDate: watched?.acceptanceDate,
        deliveryDate: watched?.deliveryDate,
        purchaseDate: watched?.purchaseDate,
        modelWarrantyMonths: model.warrantyMonths,
        warrantyMonthsOverride: watched?.warrantyMonthsOverride,
      })
    : null;

  const customerLabel = equipment
    ? equipment.customerName
    : presetCustomer.data
      ? `${presetCustomer.data.name} (${presetCustomer.data.code})`
      : undefined;

  const half = { xs: 24, md: 12 };
  const dateField = (name: keyof Values, label: string) => (
    <Col xs={24} sm={12} md={6}>
      <Form.Item name={name} label={label} rules={rules(name)} {...datePickerProps}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
  const backTo = equipment
    ? `/equipment/${equipment.id}`
    : presetCustomerId
      ? `/customers/${presetCustomerId}?tab=equipment`
      : '/equipment';

  return (
    <RecordForm<Values>
      title={equipment ? t('equipment.edit') : t('equipment.new')}
      subtitle={equipment?.serialNo}
      backTo={backTo}
      form={form}
      initialValues={initialValues}
      onFinish={save}
      saving={saving}
      submitTestId="equipment-form-submit"
    >
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item
              name="serialNo"
              label={t('field.serialNo')}
              rules={rules('serialNo')}
              required
              extra={t('equipment.serialHint')}
            >
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="modelId" label={t('field.model')} rules={rules('modelId')} required>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={models.isPending}
                placeholder={t('equipment.pickModel')}
                options={models.options.map(({ value, label }) => ({ value, label }))}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="customerId" label={t('field.customer')} rules={rules('customerId')} required>
              <CustomerSelect initialLabel={customerLabel} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="projectNo"
              label={t('field.projectNo')}
              rules={rules('projectNo')}
              extra={t('equipment.projectHint')}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="invoiceNo" label={t('field.invoiceNo')} rules={rules('invoiceNo')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="location" label={t('field.location')} rules={rules('location')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          {dateField('purchaseDate', t('field.purchaseDate'))}
          {dateField('deliveryDate', t('field.deliveryDate'))}
          {dateField('acceptanceDate', t('field.acceptanceDate'))}
          {dateField('commissioningDate', t('field.commissioningDate'))}
          <Col {...half}>
            <Form.Item
              name="warrantyMonthsOverride"
              label={t('field.warrantyMonthsOverride')}
              rules={rules('warrantyMonthsOverride')}
              extra={
                model ? t('equipment.overrideHintModel', { months: model.warrantyMonths }) : t('equipment.overrideHint')
              }
            >
              <InputNumber min={0} max={600} precision={0} style={{ width: '100%' }} suffix={t('common.monthsUnit')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            {preview && (
              <Alert
                style={{ marginTop: 30 }}
                type={preview.end ? 'info' : 'warning'}
                showIcon
                data-testid="warranty-preview"
                title={
                  preview.end
                    ? t('equipment.warrantyPreview', {
                        end: formatDate(preview.end),
                        basis: t(`warrantyBasis.${preview.basis}`),
                      })
                    : t('equipment.warrantyPreviewNone')
                }
              />
            )}
          </Col>
          <Col xs={24}>
            <Form.Item name="notes" label={t('field.notes')} rules={rules('notes')}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </RecordForm>
  );
}
