/** Suppliers of parts (PRT-1): list and edit form. */
import { Card, Col, Form, Input, Row } from 'antd';
import { Link } from 'react-router';
import { type Supplier, supplierInput, supplierUpdate } from '../../../../server/modules/parts/catalogue.contract';
import { ActiveToggle } from '../../components/ActiveToggle';
import type { DataColumn } from '../../components/DataTable';
import { ActiveFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { ActiveTag } from '../../components/StatusTags';
import { orDash } from '../../lib/format';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useRecordForm } from '../../lib/record-form';
import { useList, useSetActive } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { suppliersApi } from './parts.api';

const defaults: ListDefaults = { sort: 'code', order: 'asc', filters: { active: 'true' } };

export function SuppliersPage() {
  const { t } = useLocale();
  const params = useListParams(defaults);
  const filters = params.filters(['q', 'active']);
  const list = useList(suppliersApi, params.pageQuery(filters));
  const setActive = useSetActive(suppliersApi);
  const writable = useCan()('manageCatalogue');
  const columns: DataColumn<Supplier>[] = [
    {
      key: 'code',
      title: t('field.code'),
      render: (row) => (writable ? <Link to={`/suppliers/${row.id}/edit`}>{row.code}</Link> : row.code),
    },
    {
      key: 'name',
      title: t('suppliers.name'),
      render: (row) => <Link to={`/parts?supplierId=${row.id}`}>{row.name}</Link>,
    },
    { key: 'contact', title: t('field.contactName'), render: (row) => orDash(row.contactName) },
    { key: 'phone', title: t('field.phone'), render: (row) => orDash(row.phone) },
    { key: 'partCount', title: t('suppliers.partCount'), align: 'right', render: (row) => row.partCount },
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
      title={t('suppliers.title')}
      actions={writable && <CreateButton to="/suppliers/new" label={t('suppliers.new')} testId="supplier-new" />}
      params={params}
      search={{ placeholder: t('suppliers.searchPlaceholder'), testId: 'supplier-search' }}
      filters={<ActiveFilter params={params} />}
      query={list}
      columns={columns}
      tableTestId="supplier-table"
      emptyText={t('suppliers.empty')}
    />
  );
}

type Values = {
  code?: string;
  name?: string;
  contactName?: string | null;
  phone?: string | null;
  address?: string | null;
  notes?: string | null;
};

export function SupplierFormPage() {
  return <EditRecordPage resource={suppliersApi} skeletonRows={6} form={SupplierForm} />;
}

function SupplierForm({ record, onReload }: EditRecordProps<Supplier>) {
  const { t } = useLocale();
  const { form, save, saving } = useRecordForm<Values>({
    resource: suppliersApi,
    record,
    onReload,
    schemas: { create: supplierInput, update: supplierUpdate },
    // The list is the supplier's page.
    path: '/suppliers',
    created: 'suppliers.created',
  });
  const rules = useFieldRules(record ? supplierUpdate : supplierInput);
  const half = { xs: 24, md: 12 };
  return (
    <RecordForm<Values>
      title={record ? t('suppliers.edit') : t('suppliers.new')}
      subtitle={record?.code}
      backTo="/suppliers"
      form={form}
      initialValues={record ?? {}}
      onFinish={save}
      saving={saving}
      submitTestId="supplier-form-submit"
    >
      <Card>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="code" label={t('field.code')} rules={rules('code')} required={!record}>
              <Input maxLength={32} disabled={!!record} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('suppliers.name')} rules={rules('name')} required>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="contactName" label={t('field.contactName')} rules={rules('contactName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="phone" label={t('field.phone')} rules={rules('phone')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t('field.address')} rules={rules('address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="notes" label={t('field.notes')} rules={rules('notes')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </RecordForm>
  );
}
