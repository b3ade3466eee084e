/** Warehouses and engineers' van stock (PRT-2): list and edit form. */
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Form, Input, Row, Select, Tag } from 'antd';
import { Link } from 'react-router';
import {
  type VanEngineerList,
  type Warehouse,
  warehouseInput,
  warehouseKinds,
  warehouseUpdate,
} from '../../../../server/modules/parts/stock.contract';
import { ActiveToggle } from '../../components/ActiveToggle';
import type { DataColumn } from '../../components/DataTable';
import { ActiveFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { StationSelect } from '../../components/StationSelect';
import { ActiveTag } from '../../components/StatusTags';
import { api } from '../../lib/api';
import { orDash } from '../../lib/format';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useRecordForm } from '../../lib/record-form';
import { useList, useSetActive } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { warehousesApi } from './parts.api';

const defaults: ListDefaults = { sort: 'code', order: 'asc', filters: { active: 'true' } };

export function WarehousesPage() {
  const { t } = useLocale();
  const params = useListParams(defaults);
  const filters = params.filters(['q', 'kind', 'active']);
  const list = useList(warehousesApi, params.pageQuery(filters));
  const setActive = useSetActive(warehousesApi);
  const writable = useCan()('manageCatalogue');
  const columns: DataColumn<Warehouse>[] = [
    {
      key: 'code',
      title: t('field.code'),
      render: (row) => (writable ? <Link to={`/warehouses/${row.id}/edit`}>{row.code}</Link> : row.code),
    },
    {
      key: 'name',
      title: t('field.name'),
      render: (row) => (
        <Link to={`/stock?warehouseId=${row.id}`} data-testid="warehouse-stock-link">
          {row.name}
        </Link>
      ),
    },
    { key: 'kind', title: t('field.type'), render: (row) => <Tag>{t(`warehouses.kind.${row.kind}`)}</Tag> },
    { key: 'station', title: t('field.station'), render: (row) => row.stationName },
    { key: 'engineer', title: t('warehouses.engineer'), render: (row) => orDash(row.engineerName) },
    {
      key: 'isActive',
      title: t('common.status'),
      render: (row) =>
        writable ? (
          <ActiveToggle id={row.id} name={row.name} active={row.isActive} mutation={setActive} />
        ) : (
          <ActiveTag active={row.isActive} />
        ),
    },
  ];
  return (
    <ListPage
      title={t('warehouses.title')}
      actions={writable && <CreateButton to="/warehouses/new" label={t('warehouses.new')} testId="warehouse-new" />}
      params={params}
      search={{ placeholder: t('warehouses.searchPlaceholder'), testId: 'warehouse-search' }}
      filters={
        <>
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('field.type')}
            value={params.get('kind')}
            onChange={(kind) => params.update({ kind })}
            options={warehouseKinds.map((kind) => ({ value: kind, label: t(`warehouses.kind.${kind}`) }))}
          />
          <ActiveFilter params={params} />
        </>
      }
      query={list}
      columns={columns}
      tableTestId="warehouse-table"
      emptyText={t('warehouses.empty')}
    />
  );
}

type Values = {
  code?: string;
  name?: string;
  stationId?: number;
  kind?: (typeof warehouseKinds)[number];
  engineerId?: number | null;
  address?: string | null;
};

export function WarehouseFormPage() {
  return <EditRecordPage resource={warehousesApi} skeletonRows={6} form={WarehouseForm} />;
}

function WarehouseForm({ record, onReload }: EditRecordProps<Warehouse>) {
  const { t } = useLocale();
  const writable = useCan()('manageCatalogue');
  const { form, save, saving } = useRecordForm<Values>({
    resource: warehousesApi,
    record,
    onReload,
    schemas: { create: warehouseInput, update: warehouseUpdate },
    path: '/warehouses',
    created: 'warehouses.created',
  });
  const rules = useFieldRules(record ? warehouseUpdate : warehouseInput);
  const kind = Form.useWatch('kind', form) ?? record?.kind;
  const stationId = Form.useWatch('stationId', form) ?? record?.stationId;
  // The station's engineers by name only (the parts keeper does not read the user list).
  const engineers = useQuery({
    queryKey: ['warehouses', 'van-engineers', stationId],
    queryFn: ({ signal }) => api.get<VanEngineerList>('/api/warehouses/van-engineers', { stationId }, signal),
    enabled: writable && kind === 'van' && !!stationId,
  });
  const half = { xs: 24, md: 12 };
  return (
    <RecordForm<Values>
      title={record ? t('warehouses.edit') : t('warehouses.new')}
      subtitle={record?.code}
      backTo="/warehouses"
      form={form}
      initialValues={record ?? { kind: 'station' }}
      onFinish={(values) =>
        save({ ...values, engineerId: values.kind === 'van' || record?.kind === 'van' ? values.engineerId : null })
      }
      saving={saving}
      submitTestId="warehouse-form-submit"
    >
      <Card>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="code" label={t('field.code')} rules={rules('code')} required={!record}>
              <Input maxLength={40} disabled={!!record} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('field.name')} rules={rules('name')} required>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="stationId" label={t('field.station')} rules={rules('stationId')} required={!record}>
              <StationSelect disabled={!!record} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="kind" label={t('field.type')} required={!record}>
              <Select
                disabled={!!record}
                options={warehouseKinds.map((value) => ({ value, label: t(`warehouses.kind.${value}`) }))}
              />
            </Form.Item>
          </Col>
          {kind === 'van' && (
            <Col {...half}>
              <Form.Item name="engineerId" label={t('warehouses.engineer')} rules={rules('engineerId')} required>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={engineers.isFetching}
                  data-testid="warehouse-engineer"
                  options={
                    engineers.data
                      ? engineers.data.items.map((u) => ({ value: u.id, label: u.displayName }))
                      : record?.engineerId
                        ? [{ value: record.engineerId, label: record.engineerName ?? String(record.engineerId) }]
                        : []
                  }
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="address" label={t('field.address')} rules={rules('address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </RecordForm>
  );
}
