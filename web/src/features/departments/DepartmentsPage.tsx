import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Department } from '../../../../server/modules/org/org.contract';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { SearchInput } from '../../components/SearchInput';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, pageLocally, useListParams } from '../../lib/list-params';
import { activeOptions } from '../../lib/options';
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
    <>
      <PageHeader
        title={t('departments.title')}
        extra={
          <Link to="/departments/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="department-new">
              {t('departments.new')}
            </Button>
          </Link>
        }
      />
      <FilterBar
        params={params}
        search={
          <SearchInput
            value={params.get('q')}
            onSearch={(q) => params.update({ q })}
            placeholder={t('departments.searchPlaceholder')}
            testId="department-search"
          />
        }
      >
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
          columns={columns}
          rows={rows}
          total={total}
          loading={list.isFetching}
          rowKey={(row) => row.id}
          params={params}
          empty={<Typography.Text type="secondary">{t('common.noMatches')}</Typography.Text>}
        />
      )}
    </>
  );
}
