import { Tag } from 'antd';
import { Link } from 'react-router';
import type { Department } from '../../../../server/modules/org/org.contract';
import type { DataColumn } from '../../components/DataTable';
import { ActiveFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, pageLocally, useListParams } from '../../lib/list-params';
import { useList } from '../../lib/resource';
import { departmentsApi } from './departments.api';

const defaults: ListDefaults = { sort: 'code', order: 'asc', filters: { active: 'true' } };

export function DepartmentsPage() {
  const { t } = useLocale();
  const params = useListParams(defaults);
  const list = useList(departmentsApi, { active: params.get('active') });
  const { rows, total } = pageLocally(list.data?.items ?? [], params, {
    matches: (department, q) =>
      [department.code, department.name, department.description].some((value) => value?.toLowerCase().includes(q)),
    sortValue: (department, sort) => (sort === 'name' ? department.name : department.code),
  });

  const columns: DataColumn<Department>[] = [
    {
      key: 'code',
      title: t('field.code'),
      sortable: true,
      render: (row) => (
        <Link to={`/departments/${row.id}`}>
          <Tag color="blue">{row.code}</Tag>
        </Link>
      ),
    },
    {
      key: 'name',
      title: t('field.name'),
      sortable: true,
      render: (row) => <Link to={`/departments/${row.id}`}>{row.name}</Link>,
    },
    { key: 'description', title: t('field.description'), render: (row) => orDash(row.description) },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
    { key: 'updatedAt', title: t('field.updatedAt'), render: (row) => formatDateTime(row.updatedAt) },
  ];

  return (
    <ListPage
      title={t('departments.title')}
      actions={<CreateButton to="/departments/new" label={t('departments.new')} testId="department-new" />}
      params={params}
      search={{ placeholder: t('departments.searchPlaceholder'), testId: 'department-search' }}
      filters={<ActiveFilter params={params} />}
      query={list}
      rows={rows}
      total={total}
      columns={columns}
    />
  );
}
