import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import {
  type ProductModel,
  productCategories,
  productModelInput,
  productModelUpdate,
} from '../../../../server/modules/customers/customers.contract';
import type { SettingItem } from '../../../../server/modules/org/org.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { api } from '../../lib/api';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSave } from '../../lib/resource';
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
  const { t } = useLocale();
  const id = Number(useParams().id) || undefined;
  const detail = useDetail(productModelsApi, id ?? 0);
  if (!id) return <ProductModelForm />;
  if (detail.error) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <ProductModelForm
      key={`${detail.data.id}:${detail.data.version}`}
      model={detail.data}
      onReload={() => detail.refetch()}
      title={t('productModels.edit')}
    />
  );
}

function ProductModelForm({ model, onReload, title }: { model?: ProductModel; onReload?: () => void; title?: string }) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const rules = useFieldRules(model ? productModelUpdate : productModelInput);
  const save = useSave(productModelsApi);
  const onError = useApiErrorHandler();
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

  const submit = (values: Values) => {
    const payload = { ...values, warrantyMonths: values.warrantyMonths ?? undefined };
    const body = model
      ? parseForForm(productModelUpdate, { ...payload, version: model.version }, form, language)
      : parseForForm(productModelInput, payload, form, language);
    if (!body) return;
    save.mutate(
      { id: model?.id, body },
      {
        onSuccess: (saved) => {
          message.success(model ? t('common.saved') : t('productModels.created'));
          navigate(`/product-models/${(saved as ProductModel).id}`, { replace: true });
        },
        onError: (error) => onError(error, { form, onReload }),
      },
    );
  };

  const half = { xs: 24, md: 12 };
  const backTo = model ? `/product-models/${model.id}` : '/product-models';
  return (
    <>
      <PageHeader backTo={backTo} title={title ?? t('productModels.new')} subtitle={model?.code} />
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
                <InputNumber
                  min={0}
                  max={600}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix={t('common.monthsUnit')}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="description" label={t('field.description')} rules={rules('description')}>
                <Input.TextArea rows={4} maxLength={2000} showCount />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(backTo)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="product-model-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
