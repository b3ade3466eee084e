import { Select } from 'antd';
import { Link } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import {
  type EquipmentItem,
  productCategories,
  warrantyStatuses,
} from '../../../../server/modules/customers/customers.contract';
import type { DataColumn } from '../../components/DataTable';
import { ExportButton, ImportButton } from '../../components/ImportExport';
import { ActiveFilter, CustomerFilter, StationFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ActiveTag, WarrantyTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useInvalidate, useList } from '../../lib/resource';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { useProductModelOptions } from '../product-models/product-models.api';
import { equipmentApi } from './equipment.api';

const defaults: ListDefaults = { sort: 'updatedAt', order: 'desc', filters: { active: 'true' } };
const filterKeys = ['q', 'customerId', 'modelId', 'category', 'stationId', 'warranty', 'active'] as const;

export function EquipmentPage() {
  const { t } = useLocale();
  const user = useCurrentUser();
  const can = useCan();
  const params = useListParams(defaults);
  const filters = params.filters(filterKeys);
  const list = useList(equipmentApi, params.pageQuery(filters));
  const invalidate = useInvalidate(equipmentApi);
  const models = useProductModelOptions();
  const customerId = Number(params.get('customerId')) || undefined;
  const writable = can('writeCustomers');

  const columns: DataColumn<EquipmentItem>[] = [
    {
      key: 'serialNo',
      title: t('field.serialNo'),
      sortable: true,
      render: (row) => (
        <Link to={`/equipment/${row.id}`} data-testid="equipment-link">
          {row.serialNo}
        </Link>
      ),
    },
    { key: 'model', title: t('field.model'), render: (row) => `${row.modelCode} · ${row.modelName}` },
    { key: 'category', title: t('field.category'), render: (row) => t(`category.${row.category}`) },
    {
      key: 'customer',
      title: t('field.customer'),
      render: (row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>,
    },
    { key: 'projectNo', title: t('field.projectNo'), render: (row) => orDash(row.projectNo) },
    { key: 'station', title: t('field.station'), render: (row) => orDash(row.stationName) },
    {
      key: 'acceptanceDate',
      title: t('field.acceptanceDate'),
      sortable: true,
      render: (row) => formatDate(row.acceptanceDate),
    },
    { key: 'warrantyEnd', title: t('field.warrantyEnd'), sortable: true, render: (row) => formatDate(row.warrantyEnd) },
    {
      key: 'warrantyStatus',
      title: t('field.warrantyStatus'),
      hideOnPhone: true,
      render: (row) => <WarrantyTag status={row.warrantyStatus} />,
    },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
    { key: 'updatedAt', title: t('field.updatedAt'), sortable: true, render: (row) => formatDateTime(row.updatedAt) },
  ];

  return (
    <ListPage
      title={t('equipment.title')}
      actions={
        <>
          {writable && <ImportButton kind="equipment" title={t('equipment.importTitle')} onImported={invalidate} />}
          {can('exportData') && (
            <ExportButton kind="equipment" filters={{ ...filters, sort: params.sort, order: params.order }} />
          )}
          {writable && (
            <CreateButton
              to={customerId ? `/equipment/new?customerId=${customerId}` : '/equipment/new'}
              label={t('equipment.new')}
              testId="equipment-new"
            />
          )}
        </>
      }
      params={params}
      search={{ placeholder: t('equipment.searchPlaceholder'), testId: 'equipment-search', width: 280 }}
      filters={
        <>
          <CustomerFilter params={params} />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            placeholder={t('filter.allModels')}
            loading={models.isPending}
            value={Number(params.get('modelId')) || undefined}
            onChange={(modelId) => params.update({ modelId })}
            options={models.options.map(({ value, label }) => ({ value, label }))}
          />
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('filter.allCategories')}
            value={params.get('category')}
            onChange={(category) => params.update({ category })}
            options={productCategories.map((category) => ({ value: category, label: t(`category.${category}`) }))}
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('filter.allWarranty')}
            value={params.get('warranty')}
            onChange={(warranty) => params.update({ warranty })}
            options={warrantyStatuses.map((status) => ({ value: status, label: t(`warranty.${status}`) }))}
            data-testid="warranty-filter"
          />
          {seesAllStations(user.roles) && <StationFilter params={params} />}
          <ActiveFilter params={params} />
        </>
      }
      query={list}
      columns={columns}
      tableTestId="equipment-table"
      cardExtra={(row) => <WarrantyTag status={row.warrantyStatus} />}
      emptyText={t('equipment.empty')}
      emptyAction={writable && <CreateButton to="/equipment/new" label={t('equipment.new')} />}
    />
  );
}
