import { Input, Select } from 'antd';
import { Link } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import {
  type CustomerSummary,
  customerKinds,
  customerLevels,
} from '../../../../server/modules/customers/customers.contract';
import type { DataColumn } from '../../components/DataTable';
import { ExportButton, ImportButton } from '../../components/ImportExport';
import { ActiveFilter, StationFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ActiveTag, LevelTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useInvalidate, useList } from '../../lib/resource';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { addressOf } from './customer-format';
import { customersApi } from './customers.api';

const defaults: ListDefaults = { sort: 'updatedAt', order: 'desc', filters: { active: 'true' } };
const filterKeys = ['q', 'stationId', 'level', 'kind', 'region', 'active'] as const;

export function CustomersPage() {
  const { t } = useLocale();
  const user = useCurrentUser();
  const can = useCan();
  const params = useListParams(defaults);
  const filters = params.filters(filterKeys);
  const list = useList(customersApi, params.pageQuery(filters));
  const invalidate = useInvalidate(customersApi);
  const writable = can('writeCustomers');

  const columns: DataColumn<CustomerSummary>[] = [
    {
      key: 'name',
      title: t('field.name'),
      sortable: true,
      render: (row) => (
        <Link to={`/customers/${row.id}`} data-testid="customer-link">
          {row.name}
        </Link>
      ),
    },
    { key: 'code', title: t('field.code'), sortable: true, render: (row) => row.code },
    { key: 'kind', title: t('field.kind'), render: (row) => t(`customerKind.${row.kind}`) },
    { key: 'level', title: t('field.level'), hideOnPhone: true, render: (row) => <LevelTag level={row.level} /> },
    { key: 'phone', title: t('field.phone'), render: (row) => orDash(row.phone) },
    { key: 'address', title: t('field.address'), render: (row) => orDash(addressOf(row)) },
    { key: 'region', title: t('field.region'), render: (row) => orDash(row.region) },
    { key: 'station', title: t('field.station'), render: (row) => orDash(row.stationName) },
    { key: 'equipmentCount', title: t('field.equipmentCount'), align: 'right', render: (row) => row.equipmentCount },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
    { key: 'updatedAt', title: t('field.updatedAt'), sortable: true, render: (row) => formatDateTime(row.updatedAt) },
  ];

  return (
    <ListPage
      title={t('customers.title')}
      actions={
        <>
          {writable && <ImportButton kind="customers" title={t('customers.importTitle')} onImported={invalidate} />}
          {can('exportData') && (
            <ExportButton kind="customers" filters={{ ...filters, sort: params.sort, order: params.order }} />
          )}
          {writable && <CreateButton to="/customers/new" label={t('customers.new')} testId="customer-new" />}
        </>
      }
      params={params}
      search={{ placeholder: t('customers.searchPlaceholder'), testId: 'customer-search', width: 300 }}
      filters={
        <>
          {seesAllStations(user.roles) && <StationFilter params={params} />}
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('filter.allLevels')}
            value={params.get('level')}
            onChange={(level) => params.update({ level })}
            options={customerLevels.map((level) => ({ value: level, label: t(`customerLevel.${level}`) }))}
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('filter.allKinds')}
            value={params.get('kind')}
            onChange={(kind) => params.update({ kind })}
            options={customerKinds.map((kind) => ({ value: kind, label: t(`customerKind.${kind}`) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 160 }}
            placeholder={t('field.region')}
            defaultValue={params.get('region')}
            key={params.get('region') ?? ''}
            onSearch={(region) => params.update({ region: region.trim() })}
          />
          <ActiveFilter params={params} />
        </>
      }
      query={list}
      columns={columns}
      tableTestId="customer-table"
      cardExtra={(row) => <LevelTag level={row.level} />}
      emptyText={t('customers.empty')}
      emptyAction={writable && <CreateButton to="/customers/new" label={t('customers.new')} />}
    />
  );
}
