import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import { Link } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import {
  type EquipmentItem,
  productCategories,
  warrantyStatuses,
} from '../../../../server/modules/customers/customers.contract';
import { CustomerSelect } from '../../components/CustomerSelect';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { ExportButton, ImportButton } from '../../components/ImportExport';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { SearchInput } from '../../components/SearchInput';
import { StationSelect } from '../../components/StationSelect';
import { ActiveTag, WarrantyTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { activeOptions } from '../../lib/options';
import { useDetail, useInvalidate, useList } from '../../lib/resource';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { customersApi } from '../customers/customers.api';
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
  const list = useList(equipmentApi, {
    ...filters,
    sort: params.sort,
    order: params.order,
    page: params.page,
    pageSize: params.pageSize,
  });
  const invalidate = useInvalidate(equipmentApi);
  const models = useProductModelOptions();
  const customerId = Number(params.get('customerId')) || undefined;
  const filteredCustomer = useDetail(customersApi, customerId ?? 0);
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
    <>
      <PageHeader
        title={t('equipment.title')}
        extra={
          <>
            {writable && <ImportButton kind="equipment" title={t('equipment.importTitle')} onImported={invalidate} />}
            {can('exportData') && (
              <ExportButton kind="equipment" filters={{ ...filters, sort: params.sort, order: params.order }} />
            )}
            {writable && (
              <Link to={customerId ? `/equipment/new?customerId=${customerId}` : '/equipment/new'}>
                <Button type="primary" icon={<PlusOutlined />} data-testid="equipment-new">
                  {t('equipment.new')}
                </Button>
              </Link>
            )}
          </>
        }
      />
      <FilterBar
        params={params}
        search={
          <SearchInput
            value={params.get('q')}
            onSearch={(q) => params.update({ q })}
            placeholder={t('equipment.searchPlaceholder')}
            testId="equipment-search"
            width={280}
          />
        }
      >
        <CustomerSelect
          allowClear
          style={{ width: 220 }}
          placeholder={t('filter.allCustomers')}
          value={customerId}
          initialLabel={
            filteredCustomer.data ? `${filteredCustomer.data.name} (${filteredCustomer.data.code})` : undefined
          }
          onChange={(value) => params.update({ customerId: value })}
        />
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
        {seesAllStations(user.roles) && (
          <StationSelect
            allowClear
            style={{ width: 180 }}
            placeholder={t('filter.allStations')}
            value={Number(params.get('stationId')) || undefined}
            onChange={(stationId) => params.update({ stationId })}
          />
        )}
        <Select
          style={{ width: 120 }}
          value={params.get('active')}
          onChange={(active) => params.update({ active })}
          options={activeOptions(t)}
        />
      </FilterBar>
      {list.error && !list.data ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          testId="equipment-table"
          columns={columns}
          rows={list.data?.items}
          total={list.data?.total}
          loading={list.isFetching}
          rowKey={(row) => row.id}
          params={params}
          cardExtra={(row) => <WarrantyTag status={row.warrantyStatus} />}
          empty={
            <Flex vertical align="center" gap={8} style={{ padding: 24 }}>
              <Typography.Text type="secondary">
                {params.hasFilters ? t('common.noMatches') : t('equipment.empty')}
              </Typography.Text>
              {!params.hasFilters && writable && (
                <Link to="/equipment/new">
                  <Button type="primary" icon={<PlusOutlined />}>
                    {t('equipment.new')}
                  </Button>
                </Link>
              )}
            </Flex>
          }
        />
      )}
    </>
  );
}
