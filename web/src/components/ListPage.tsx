import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../lib/i18n';
import type { ListParams } from '../lib/list-params';
import { type DataColumn, DataTable } from './DataTable';
import { FilterBar } from './FilterBar';
import { PageHeader } from './PageHeader';
import { QueryError } from './QueryState';
import { SearchInput } from './SearchInput';

/** The primary "new …" button of a list. */
export function CreateButton({ to, label, testId }: { to: string; label: string; testId?: string }) {
  return (
    <Link to={to}>
      <Button type="primary" icon={<PlusOutlined />} data-testid={testId}>
        {label}
      </Button>
    </Link>
  );
}

type ListQuery<T> = {
  data?: { items: T[]; total?: number };
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
};

type Props<T> = {
  title: string;
  /** Header buttons: new, import, export. */
  actions?: ReactNode;
  /** Shown between the header and the filters. */
  notice?: ReactNode;
  params: ListParams;
  /** The search box, bound to the `q` parameter. */
  search: { placeholder: string; testId: string; width?: number };
  /** Filters beside the search. */
  filters: ReactNode;
  query: ListQuery<T>;
  /** A list paged in the browser passes its page; by default the rows and total come from the query. */
  rows?: T[];
  total?: number;
  columns: DataColumn<T>[];
  tableTestId?: string;
  cardExtra?: (row: T) => ReactNode;
  /** The empty list without filters (with filters it says there are no matches). */
  emptyText?: string;
  /** Offered under `emptyText` (e.g. a "new" button); the empty state is then a centred block. */
  emptyAction?: ReactNode;
};

/** A list page: header, search and filters, and the table (or the error of its query, with a retry). */
export function ListPage<T extends { id: number }>({
  title,
  actions,
  notice,
  params,
  search,
  filters,
  query,
  rows = query.data?.items,
  total = query.data?.total,
  columns,
  tableTestId,
  cardExtra,
  emptyText,
  emptyAction,
}: Props<T>) {
  const t = useT();
  const text = (
    <Typography.Text type="secondary">
      {params.hasFilters || !emptyText ? t('common.noMatches') : emptyText}
    </Typography.Text>
  );
  return (
    <>
      <PageHeader title={title} extra={actions} />
      {notice}
      <FilterBar
        params={params}
        search={<SearchInput value={params.get('q')} onSearch={(q) => params.update({ q })} {...search} />}
      >
        {filters}
      </FilterBar>
      {query.error && !query.data ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <DataTable
          testId={tableTestId}
          columns={columns}
          rows={rows}
          total={total}
          loading={query.isFetching}
          rowKey={(row) => row.id}
          params={params}
          cardExtra={cardExtra}
          empty={
            emptyAction === undefined ? (
              text
            ) : (
              <Flex vertical align="center" gap={8} style={{ padding: 24 }}>
                {text}
                {!params.hasFilters && emptyAction}
              </Flex>
            )
          }
        />
      )}
    </>
  );
}
