import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Typography } from 'antd';
import { Link } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import { type Contract, contractStates } from '../../../../server/modules/customers/customers.contract';
import { CustomerSelect } from '../../components/CustomerSelect';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { SearchInput } from '../../components/SearchInput';
import { StationSelect } from '../../components/StationSelect';
import { ContractStateTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, formatFen } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useDetail, useList } from '../../lib/resource';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { customersApi } from '../customers/customers.api';
import { contractsApi } from './contracts.api';

const defaults: ListDefaults = { sort: 'endsOn', order: 'desc' };
const filterKeys = ['q', 'customerId', 'stationId', 'state'] as const;

export function ContractsPage() {
  const { t, locale } = useLocale();
  const user = useCurrentUser();
  const can = useCan();
  const params = useListParams(defaults);
  const filters = params.filters(filterKeys);
  const list = useList(contractsApi, {
    ...filters,
    sort: params.sort,
    order: params.order,
    page: params.page,
    pageSize: params.pageSize,
  });
  const customerId = Number(params.get('customerId')) || undefined;
  const filteredCustomer = useDetail(customersApi, customerId ?? 0);
  const writable = can('writeCustomers');

  const columns: DataColumn<Contract>[] = [
    {
      key: 'contractNo',
      title: t('field.contractNo'),
      sortable: true,
      render: (row) => (
        <Link to={`/contracts/${row.id}`} data-testid="contract-link">
          {row.contractNo}
        </Link>
      ),
    },
    { key: 'title', title: t('field.contractTitle'), render: (row) => row.title },
    {
      key: 'customer',
      title: t('field.customer'),
      render: (row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>,
    },
    { key: 'startsOn', title: t('field.startsOn'), sortable: true, render: (row) => formatDate(row.startsOn) },
    { key: 'endsOn', title: t('field.endsOn'), sortable: true, render: (row) => formatDate(row.endsOn) },
    {
      key: 'state',
      title: t('field.state'),
      hideOnPhone: true,
      render: (row) => <ContractStateTag state={row.state} />,
    },
    { key: 'equipment', title: t('field.equipmentIds'), align: 'right', render: (row) => row.equipmentIds.length },
    { key: 'amount', title: t('field.amountFen'), align: 'right', render: (row) => formatFen(row.amountFen, locale) },
    { key: 'createdAt', title: t('field.createdAt'), sortable: true, render: (row) => formatDateTime(row.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title={t('contracts.title')}
        extra={
          writable && (
            <Link to={customerId ? `/contracts/new?customerId=${customerId}` : '/contracts/new'}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="contract-new">
                {t('contracts.new')}
              </Button>
            </Link>
          )
        }
      />
      <FilterBar
        params={params}
        search={
          <SearchInput
            value={params.get('q')}
            onSearch={(q) => params.update({ q })}
            placeholder={t('contracts.searchPlaceholder')}
            testId="contract-search"
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
          style={{ width: 140 }}
          placeholder={t('filter.allStates')}
          value={params.get('state')}
          onChange={(state) => params.update({ state })}
          options={contractStates.map((state) => ({ value: state, label: t(`contractState.${state}`) }))}
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
      </FilterBar>
      {list.error && !list.data ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          testId="contract-table"
          columns={columns}
          rows={list.data?.items}
          total={list.data?.total}
          loading={list.isFetching}
          rowKey={(row) => row.id}
          params={params}
          cardExtra={(row) => <ContractStateTag state={row.state} />}
          empty={
            <Typography.Text type="secondary">
              {params.hasFilters ? t('common.noMatches') : t('contracts.empty')}
            </Typography.Text>
          }
        />
      )}
    </>
  );
}
