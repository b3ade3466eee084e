import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Typography } from 'antd';
import { Link } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import {
  type CustomerSummary,
  customerKinds,
  customerLevels,
} from '../../../../server/modules/customers/customers.contract';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { ExportButton, ImportButton } from '../../components/ImportExport';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { SearchInput } from '../../components/SearchInput';
import { StationSelect } from '../../components/StationSelect';
import { ActiveTag, LevelTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { activeOptions } from '../../lib/options';
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
  const query = { ...filters, sort: params.sort, order: params.order, page: params.page, pageSize: params.pageSize };
  const list = useList(customersApi, query);
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
    <>
      <PageHeader
        title={t('customers.title')}
        extra={
          <>
            {writable && <ImportButton kind="customers" title={t('customers.importTitle')} onImported={invalidate} />}
            {can('exportData') && (
              <ExportButton kind="customers" filters={{ ...filters, sort: params.sort, order: params.order }} />
            )}
            {writable && (
              <Link to="/customers/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="customer-new">
                  {t('customers.new')}
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
            placeholder={t('customers.searchPlaceholder')}
            testId="customer-search"
            width={300}
          />
        }
      >
        {seesAllStations(user.roles) && (
          <StationSelect
            allowClear
            style={{ width: 180 }}
            placeholder={t('filter.allStations')}
            value={params.get('stationId') ? Number(params.get('stationId')) : undefined}
            onChange={(stationId) => params.update({ stationId })}
          />
        )}
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
          testId="customer-table"
          columns={columns}
          rows={list.data?.items}
          total={list.data?.total}
          loading={list.isFetching}
          rowKey={(row) => row.id}
          params={params}
          cardExtra={(row) => <LevelTag level={row.level} />}
          empty={
            <Flex vertical align="center" gap={8} style={{ padding: 24 }}>
              <Typography.Text type="secondary">
                {params.hasFilters ? t('common.noMatches') : t('customers.empty')}
              </Typography.Text>
              {!params.hasFilters && writable && (
                <Link to="/customers/new">
                  <Button type="primary" icon={<PlusOutlined />}>
                    {t('customers.new')}
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
