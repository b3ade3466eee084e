import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Typography } from 'antd';
import { Link } from 'react-router';
import { type ProductModel, productCategories } from '../../../../server/modules/customers/customers.contract';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { ExportButton, ImportButton } from '../../components/ImportExport';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { SearchInput } from '../../components/SearchInput';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { activeOptions } from '../../lib/options';
import { useInvalidate, useList } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { productModelsApi } from './product-models.api';

const defaults: ListDefaults = { sort: 'code', order: 'asc', filters: { active: 'true' } };
const filterKeys = ['q', 'category', 'active'] as const;

export function ProductModelsPage() {
  const { t } = useLocale();
  const can = useCan();
  const params = useListParams(defaults);
  const filters = params.filters(filterKeys);
  const list = useList(productModelsApi, {
    ...filters,
    sort: params.sort,
    order: params.order,
    page: params.page,
    pageSize: params.pageSize,
  });
  const invalidate = useInvalidate(productModelsApi);
  const writable = can('writeProductModels');

  const columns: DataColumn<ProductModel>[] = [
    {
      key: 'code',
      title: t('field.code'),
      sortable: true,
      render: (row) => (
        <Link to={`/product-models/${row.id}`} data-testid="product-model-link">
          {row.code}
        </Link>
      ),
    },
    { key: 'name', title: t('field.name'), sortable: true, render: (row) => row.name },
    { key: 'category', title: t('field.category'), sortable: true, render: (row) => t(`category.${row.category}`) },
    { key: 'productLine', title: t('field.productLine'), render: (row) => orDash(row.productLine) },
    {
      key: 'warrantyMonths',
      title: t('field.warrantyMonths'),
      align: 'right',
      render: (row) => t('common.months', { count: row.warrantyMonths }),
    },
    { key: 'equipmentCount', title: t('field.equipmentCount'), align: 'right', render: (row) => row.equipmentCount },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
    { key: 'createdAt', title: t('field.createdAt'), sortable: true, render: (row) => formatDateTime(row.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title={t('productModels.title')}
        extra={
          <>
            {writable && (
              <ImportButton kind="product-models" title={t('productModels.importTitle')} onImported={invalidate} />
            )}
            {can('exportData') && (
              <ExportButton kind="product-models" filters={{ ...filters, sort: params.sort, order: params.order }} />
            )}
            {writable && (
              <Link to="/product-models/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="product-model-new">
                  {t('productModels.new')}
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
            placeholder={t('productModels.searchPlaceholder')}
            testId="product-model-search"
          />
        }
      >
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('filter.allCategories')}
          value={params.get('category')}
          onChange={(category) => params.update({ category })}
          options={productCategories.map((category) => ({ value: category, label: t(`category.${category}`) }))}
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
          testId="product-model-table"
          columns={columns}
          rows={list.data?.items}
          total={list.data?.total}
          loading={list.isFetching}
          rowKey={(row) => row.id}
          params={params}
          empty={
            <Typography.Text type="secondary">
              {params.hasFilters ? t('common.noMatches') : t('productModels.empty')}
            </Typography.Text>
          }
        />
      )}
    </>
  );
}
