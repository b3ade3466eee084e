import { Link } from 'react-router';
import type { Policy } from '../../../../server/modules/sla/sla.contract';
import type { DataColumn } from '../../components/DataTable';
import { ActiveFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ActiveTag } from '../../components/StatusTags';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, pageLocally, useListParams } from '../../lib/list-params';
import { useList } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { policiesApi } from './sla.api';
import { DefaultTag, SlaNav, TargetText } from './sla-ui';

const defaults: ListDefaults = { sort: 'code', order: 'asc', filters: { active: 'true' } };

/** SLA policies (SLA-1): the default first; each with its calendar and level-1 targets at a glance. */
export function PoliciesPage() {
  const { t } = useLocale();
  const params = useListParams(defaults);
  const list = useList(policiesApi, { active: params.get('active') });
  const writable = useCan()('manageSla');
  const { rows, total } = pageLocally(list.data?.items ?? [], params, {
    matches: (policy, q) => [policy.code, policy.name, policy.calendarName].some((v) => v.toLowerCase().includes(q)),
    sortValue: (policy, sort) => (sort === 'name' ? policy.name : `${policy.isDefault ? 0 : 1}${policy.code}`),
  });
  const level = (policy: Policy, n: number) => policy.targets.find((row) => row.level === n && row.region === 'any');

  const columns: DataColumn<Policy>[] = [
    {
      key: 'code',
      title: t('field.code'),
      sortable: true,
      render: (row) => (
        <Link to={`/sla/policies/${row.id}`} data-testid="sla-policy-link">
          {row.code}
        </Link>
      ),
    },
    {
      key: 'name',
      title: t('field.name'),
      sortable: true,
      render: (row) => (
        <>
          {row.name} {row.isDefault && <DefaultTag />}
        </>
      ),
    },
    {
      key: 'calendar',
      title: t('sla.calendar'),
      render: (row) => <Link to={`/sla/calendars/${row.calendarId}`}>{row.calendarName}</Link>,
    },
    {
      key: 'level1Response',
      title: t('sla.level1Response'),
      render: (row) => <TargetText target={level(row, 1)?.response ?? null} />,
    },
    {
      key: 'level1Arrival',
      title: t('sla.level1Arrival'),
      render: (row) => <TargetText target={level(row, 1)?.arrival ?? null} />,
    },
    { key: 'contracts', title: t('sla.contractCount'), align: 'right', render: (row) => row.contractCount },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
  ];

  return (
    <ListPage
      title={t('sla.title')}
      notice={<SlaNav />}
      actions={writable && <CreateButton to="/sla/policies/new" label={t('sla.newPolicy')} testId="sla-policy-new" />}
      params={params}
      search={{ placeholder: t('sla.searchPolicies'), testId: 'sla-policy-search' }}
      filters={<ActiveFilter params={params} />}
      query={list}
      rows={rows}
      total={total}
      columns={columns}
      tableTestId="sla-policy-table"
    />
  );
}
