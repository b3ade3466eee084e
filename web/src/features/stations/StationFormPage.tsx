import { App, Button, Card, Col, Flex, Form, Input, Row, Select, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { type Station, stationInput, stationTypes, stationUpdate } from '../../../../server/modules/org/org.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSave } from '../../lib/resource';
import { stationsApi, useStationOptions } from './stations.api';

type Values = {
  code?: string;
  name?: string;
  type?: (typeof stationTypes)[number];
  region?: string | null;
  address?: string | null;
  phone?: string | null;
  parentId?: number | null;
};

export function StationFormPage() {
  const { t } = useLocale();
  const id = Number(useParams().id) || undefined;
  const detail = useDetail(stationsApi, id ?? 0);
  if (!id) return <StationForm />;
  if (detail.error) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <StationForm
      key={`${detail.data.id}:${detail.data.version}`}
      station={detail.data}
      onReload={() => detail.refetch()}
      title={t('stations.edit')}
    />
  );
}

function StationForm({ station, onReload, title }: { station?: Station; onReload?: () => void; title?: string }) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const rules = useFieldRules(stationInput);
  const save = useSave(stationsApi);
  const onError = useApiErrorHandler();
  const stations = useStationOptions();

  const initialValues: Values = station
    ? {
        code: station.code,
        name: station.name,
        type: station.type,
        region: station.region,
        address: station.address,
        phone: station.phone,
        parentId: station.parentId,
      }
    : { type: 'station' };

  const submit = (values: Values) => {
    const payload = { ...values, parentId: values.parentId ?? null };
    const body = station
      ? parseForForm(stationUpdate, { ...payload, version: station.version }, form, language)
      : parseForForm(stationInput, payload, form, language);
    if (!body) return;
    save.mutate(
      { id: station?.id, body },
      {
        onSuccess: (saved) => {
          message.success(station ? t('common.saved') : t('stations.created'));
          navigate(`/stations/${(saved as Station).id}`, { replace: true });
        },
        onError: (error) => onError(error, { form, onReload }),
      },
    );
  };

  const half = { xs: 24, md: 12 };
  const backTo = station ? `/stations/${station.id}` : '/stations';
  return (
    <>
      <PageHeader backTo={backTo} title={title ?? t('stations.new')} subtitle={station?.code} />
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
              <Form.Item name="type" label={t('field.type')} rules={rules('type')} required>
                <Select options={stationTypes.map((value) => ({ value, label: t(`stationType.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="parentId" label={t('field.parentId')} rules={rules('parentId')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={stations.isPending}
                  options={stations.options.filter((option) => option.value !== station?.id)}
                />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="region" label={t('field.region')} rules={rules('region')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="phone" label={t('field.phone')} rules={rules('phone')}>
                <Input inputMode="tel" maxLength={30} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="address" label={t('field.address')} rules={rules('address')}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(backTo)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="station-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
