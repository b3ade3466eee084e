import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Skeleton } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  type EquipmentDetail,
  equipmentInput,
  equipmentUpdate,
} from '../../../../server/modules/customers/customers.contract';
import { computeWarrantyEnd } from '../../../../server/modules/customers/warranty.rules';
import { CustomerSelect } from '../../components/CustomerSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { datePickerProps, formatDate } from '../../lib/format';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSave } from '../../lib/resource';
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
  const { t } = useLocale();
  const id = Number(useParams().id) || undefined;
  const detail = useDetail(equipmentApi, id ?? 0);
  if (!id) return <EquipmentForm />;
  if (detail.error) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <EquipmentForm
      key={`${detail.data.id}:${detail.data.version}`}
      equipment={detail.data}
      onReload={() => detail.refetch()}
      title={t('equipment.edit')}
    />
  );
}

function EquipmentForm({
  equipment,
  onReload,
  title,
}: {
  equipment?: EquipmentDetail;
  onReload?: () => void;
  title?: string;
}) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const rules = useFieldRules(equipmentInput);
  const save = useSave(equipmentApi);
  const onError = useApiErrorHandler();
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

  const submit = (values: Values) => {
    const body = equipment
      ? parseForForm(equipmentUpdate, { ...values, version: equipment.version }, form, language)
      : parseForForm(equipmentInput, values, form, language);
    if (!body) return;
    save.mutate(
      { id: equipment?.id, body },
      {
        onSuccess: (saved) => {
          message.success(equipment ? t('common.saved') : t('equipment.created'));
          navigate(`/equipment/${(saved as EquipmentDetail).id}`, { replace: true });
        },
        onError: (error) => onError(error, { form, onReload }),
      },
    );
  };

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
    <>
      <PageHeader backTo={backTo} title={title ?? t('equipment.new')} subtitle={equipment?.serialNo} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        disabled={save.isPending}
        scrollToFirstError
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
                  model
                    ? t('equipment.overrideHintModel', { months: model.warrantyMonths })
                    : t('equipment.overrideHint')
                }
              >
                <InputNumber
                  min={0}
                  max={600}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix={t('common.monthsUnit')}
                />
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
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(backTo)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="equipment-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
