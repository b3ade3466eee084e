import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Select, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { roles } from '../../../../server/lib/roles';
import type { User } from '../../../../server/modules/org/org.contract';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { SearchInput } from '../../components/SearchInput';
import { StationSelect } from '../../components/StationSelect';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { activeOptions } from '../../lib/options';
import { useList } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { usersApi } from './users.api';

const defaults: ListDefaults = { sort: 'username', order: 'asc', filters: { active: 'true' } };
const filterKeys = ['q', 'role', 'stationId', 'active'] as const;

export function UsersPage() {
  const { t } = useLocale();
  const can = useCan();
  const admin = can('manageOrg');
  const params = useListParams(defaults);
  const filters = params.filters(filterKeys);
  const list = useList(usersApi, {
    ...filters,
    sort: params.sort,
    order: params.order,
    page: params.page,
    pageSize: params.pageSize,
  });

  const columns: DataColumn<User>[] = [
    {
      key: 'username',
      title: t('field.username'),
      sortable: true,
      render: (row) => (
        <Link to={`/users/${row.id}`} data-testid="user-link">
          {row.username}
        </Link>
      ),
    },
    { key: 'displayName', title: t('field.displayName'), sortable: true, render: (row) => row.displayName },
    {
      key: 'roles',
      title: t('field.roles'),
      render: (row) => (
        <Flex gap={4} wrap>
          {row.roles.map((role) => (
            <Tag key={role}>{t(`role.${role}`)}</Tag>
          ))}
        </Flex>
      ),
    },
    { key: 'station', title: t('field.station'), render: (row) => orDash(row.stationName) },
    { key: 'department', title: t('field.department'), render: (row) => orDash(row.departmentName) },
    { key: 'phone', title: t('field.phone'), render: (row) => orDash(row.phone) },
    { key: 'lastSignInAt', title: t('field.lastSignInAt'), render: (row) => formatDateTime(row.lastSignInAt) },
    {
      key: 'isActive',
      title: t('common.status'),
      hideOnPhone: true,
      render: (row) => <ActiveTag active={row.isActive} />,
    },
    { key: 'createdAt', title: t('field.createdAt'), sortable: true, render: (row) => formatDateTime(row.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          admin && (
            <Link to="/users/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="user-new">
                {t('users.new')}
              </Button>
            </Link>
          )
        }
      />
      {!admin && <Alert type="info" showIcon title={t('users.readOnlyHint')} style={{ marginBottom: 16 }} />}
      <FilterBar
        params={params}
        search={
          <SearchInput
            value={params.get('q')}
            onSearch={(q) => params.update({ q })}
            placeholder={t('users.searchPlaceholder')}
            testId="user-search"
          />
        }
      >
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('filter.allRoles')}
          value={params.get('role')}
          onChange={(role) => params.update({ role })}
          options={roles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        />
        {admin && (
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
          testId="user-table"
          columns={columns}
          rows={list.data?.items}
          total={list.data?.total}
          loading={list.isFetching}
          rowKey={(row) => row.id}
          params={params}
          cardExtra={(row) => <ActiveTag active={row.isActive} />}
          empty={<Typography.Text type="secondary">{t('common.noMatches')}</Typography.Text>}
        />
      )}
    </>
  );
}
