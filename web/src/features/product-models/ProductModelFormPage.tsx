import { useQuery } from '@tanstack/react-query';
import { Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import {
  type ProductModel,
  productCategories,
  productModelInput,
  productModelUpdate,
} from '../../../../server/modules/customers/customers.contract';
import type { SettingItem } from '../../../../server/modules/org/org.contract';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { api } from '../../lib/api';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
import { productModelsApi } from './product-models.api';

type Values = {
  code?: string;
  name?: string;
  category?: (typeof productCategories)[number];
  productLine?: string | null;
  warrantyMonths?: number | null;
  description?: string | null;
};

export function ProductModelFormPage() {
  return <EditRecordPage resource={productModelsApi} skeletonRows={8} form={ProductModelForm} />;
}

function ProductModelForm({ record: model, onReload }: EditRecordProps<ProductModel>) {
  const { t } = useLocale();
  const { form, save, saving } = useRecordForm<Values>({
    resource: productModelsApi,
    record: model,
    onReload,
    schemas: { create: productModelInput, update: productModelUpdate },
    path: '/product-models',
    created: 'productModels.created',
  });
  const rules = useFieldRules(model ? productModelUpdate : productModelInput);
  // New models get the company's default warranty (a setting) unless one is entered.
  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: () => api.get<{ items: SettingItem[] }>('/api/settings'),
    enabled: !model,
  });
  const defaultMonths = settings.data?.items.find((item) => item.key === 'warranty.defaultMonths')?.value;

  const initialValues: Values = model
    ? {
        code: model.code,
        name: model.name,
        category: model.category,
        productLine: model.productLine,
        warrantyMonths: model.warrantyMonths,
        description: model.description,
      }
    : { category: 'hardware' };

  const submit = (values: Values) => save({ ...values, warrantyMonths: values.warrantyMonths ?? undefined });

  const half = { xs: 24, md: 12 };
  const backTo = model ? `/product-models/${model.id}` : '/product-models';
  return (
    <RecordForm<Values>
      title={model ? t('productModels.edit') : t('productModels.new')}
      subtitle={model?.code}
      backTo={backTo}
      form={form}
      initialValues={initialValues}
      onFinish={submit}
      saving={saving}
      submitTestId="product-model-form-submit"
    >
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="code" label={t('field.code')} rules={rules('code')} required>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('field.name')} rules={rules('name')} required>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="category" label={t('field.category')} rules={rules('category')} required>
              <Select
                options={productCategories.map((category) => ({ value: category, label: t(`category.${category}`) }))}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="productLine" label={t('field.productLine')} rules={rules('productLine')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="warrantyMonths"
              label={t('field.warrantyMonths')}
              rules={rules('warrantyMonths')}
              required={!!model}
              extra={
                !model && typeof defaultMonths === 'number'
                  ? t('productModels.warrantyDefaultHint', { months: defaultMonths })
                  : undefined
              }
            >
              <InputNumber min={0} max={600} precision={0} style={{ width: '100%' }} suffix={t('common.monthsUnit')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('field.description')} rules={rules('description')}>
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </RecordForm>
  );
}
