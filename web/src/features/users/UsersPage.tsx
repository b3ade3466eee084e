import { Alert, Flex, Select, Tag } from 'antd';
import { Link } from 'react-router';
import { roles } from '../../../../server/lib/roles';
import type { User } from '../../../../server/modules/org/org.contract';
import type { DataColumn } from '../../components/DataTable';
import { ActiveFilter, StationFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
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
  const list = useList(usersApi, params.pageQuery(filters));

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
    <ListPage
      title={t('users.title')}
      actions={admin && <CreateButton to="/users/new" label={t('users.new')} testId="user-new" />}
      notice={!admin && <Alert type="info" showIcon title={t('users.readOnlyHint')} style={{ marginBottom: 16 }} />}
      params={params}
      search={{ placeholder: t('users.searchPlaceholder'), testId: 'user-search' }}
      filters={
        <>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('filter.allRoles')}
            value={params.get('role')}
            onChange={(role) => params.update({ role })}
            options={roles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          />
          {admin && <StationFilter params={params} />}
          <ActiveFilter params={params} />
        </>
      }
      query={list}
      columns={columns}
      tableTestId="user-table"
      cardExtra={(row) => <ActiveTag active={row.isActive} />}
    />
  );
}
