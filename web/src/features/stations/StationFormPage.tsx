import { Card, Col, Form, Input, Row, Select } from 'antd';
import { type Station, stationInput, stationTypes, stationUpdate } from '../../../../server/modules/org/org.contract';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
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
  return <EditRecordPage resource={stationsApi} skeletonRows={8} form={StationForm} />;
}

function StationForm({ record: station, onReload }: EditRecordProps<Station>) {
  const { t } = useLocale();
  const { form, save, saving } = useRecordForm<Values>({
    resource: stationsApi,
    record: station,
    onReload,
    schemas: { create: stationInput, update: stationUpdate },
    path: '/stations',
    created: 'stations.created',
  });
  const rules = useFieldRules(stationInput);
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

  const submit = (values: Values) => save({ ...values, parentId: values.parentId ?? null });

  const half = { xs: 24, md: 12 };
  const backTo = station ? `/stations/${station.id}` : '/stations';
  return (
    <RecordForm<Values>
      title={station ? t('stations.edit') : t('stations.new')}
      subtitle={station?.code}
      backTo={backTo}
      form={form}
      initialValues={initialValues}
      onFinish={submit}
      saving={saving}
      submitTestId="station-form-submit"
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
    </RecordForm>
  );
}
