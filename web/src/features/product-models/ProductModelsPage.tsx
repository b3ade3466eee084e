import { Select } from 'antd';
import { Link } from 'react-router';
import { type ProductModel, productCategories } from '../../../../server/modules/customers/customers.contract';
import type { DataColumn } from '../../components/DataTable';
import { ExportButton, ImportButton } from '../../components/ImportExport';
import { ActiveFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
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
  const list = useList(productModelsApi, params.pageQuery(filters));
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
    <ListPage
      title={t('productModels.title')}
      actions={
        <>
          {writable && (
            <ImportButton kind="product-models" title={t('productModels.importTitle')} onImported={invalidate} />
          )}
          {can('exportData') && (
            <ExportButton kind="product-models" filters={{ ...filters, sort: params.sort, order: params.order }} />
          )}
          {writable && (
            <CreateButton to="/product-models/new" label={t('productModels.new')} testId="product-model-new" />
          )}
        </>
      }
      params={params}
      search={{ placeholder: t('productModels.searchPlaceholder'), testId: 'product-model-search' }}
      filters={
        <>
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('filter.allCategories')}
            value={params.get('category')}
            onChange={(category) => params.update({ category })}
            options={productCategories.map((category) => ({ value: category, label: t(`category.${category}`) }))}
          />
          <ActiveFilter params={params} />
        </>
      }
      query={list}
      columns={columns}
      tableTestId="product-model-table"
      emptyText={t('productModels.empty')}
    />
  );
}
