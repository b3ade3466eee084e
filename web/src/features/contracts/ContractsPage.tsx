import { Select } from 'antd';
import { Link } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import { type Contract, contractStates } from '../../../../server/modules/customers/customers.contract';
import type { DataColumn } from '../../components/DataTable';
import { CustomerFilter, StationFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ContractStateTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, formatFen } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useList } from '../../lib/resource';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { contractsApi } from './contracts.api';

const defaults: ListDefaults = { sort: 'endsOn', order: 'desc' };
const filterKeys = ['q', 'customerId', 'stationId', 'state'] as const;

export function ContractsPage() {
  const { t, locale } = useLocale();
  const user = useCurrentUser();
  const can = useCan();
  const params = useListParams(defaults);
  const filters = params.filters(filterKeys);
  const list = useList(contractsApi, params.pageQuery(filters));
  const customerId = Number(params.get('customerId')) || undefined;
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
    <ListPage
      title={t('contracts.title')}
      actions={
        writable && (
          <CreateButton
            to={customerId ? `/contracts/new?customerId=${customerId}` : '/contracts/new'}
            label={t('contracts.new')}
            testId="contract-new"
          />
        )
      }
      params={params}
      search={{ placeholder: t('contracts.searchPlaceholder'), testId: 'contract-search' }}
      filters={
        <>
          <CustomerFilter params={params} />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('filter.allStates')}
            value={params.get('state')}
            onChange={(state) => params.update({ state })}
            options={contractStates.map((state) => ({ value: state, label: t(`contractState.${state}`) }))}
          />
          {seesAllStations(user.roles) && <StationFilter params={params} />}
        </>
      }
      query={list}
      columns={columns}
      tableTestId="contract-table"
      cardExtra={(row) => <ContractStateTag state={row.state} />}
      emptyText={t('contracts.empty')}
    />
  );
}
