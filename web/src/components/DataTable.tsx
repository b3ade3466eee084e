import { Card, Empty, Flex, List, Pagination, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import type { ReactNode } from 'react';
import { useT } from '../lib/i18n';
import { type ListParams, pageSizeOptions } from '../lib/list-params';
import { useIsPhone } from '../lib/responsive';

export type DataColumn<T> = {
  /** Column id; for sortable columns also the API's `sort` value. */
  key: string;
  title: ReactNode;
  render: (row: T) => ReactNode;
  sortable?: boolean;
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Left out of the phone card list (e.g. a column already shown as the card title). */
  hideOnPhone?: boolean;
};

type Props<T> = {
  columns: DataColumn<T>[];
  rows: T[] | undefined;
  total: number | undefined;
  loading: boolean;
  rowKey: (row: T) => string | number;
  /** URL-bound list state; when absent the list is neither paged nor sortable (e.g. embedded tabs). */
  params?: ListParams;
  /** The card title on phones; defaults to the first column. */
  cardTitle?: (row: T) => ReactNode;
  cardExtra?: (row: T) => ReactNode;
  empty?: ReactNode;
  testId?: string;
};

/** A server-paged, server-sorted table on desktop; a card list with the same data on phones. */
export function DataTable<T extends object>({
  columns,
  rows,
  total,
  loading,
  rowKey,
  params,
  cardTitle,
  cardExtra,
  empty,
  testId,
}: Props<T>) {
  const t = useT();
  const isPhone = useIsPhone();
  const emptyNode = empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />;

  if (isPhone) {
    const [titleColumn, ...rest] = columns;
    const sortable = columns.filter((column) => column.sortable);
    return (
      <Flex vertical gap={12} data-testid={testId}>
        {params && sortable.length > 0 && (
          <Select
            size="small"
            style={{ alignSelf: 'flex-end', minWidth: 180 }}
            aria-label={t('common.sortBy')}
            value={`${params.sort}:${params.order}`}
            onChange={(value: string) => {
              const [sort, order] = value.split(':');
              params.update({ sort, order });
            }}
            options={sortable.flatMap((column) => [
              { value: `${column.key}:asc`, label: `${t('common.sortBy')}: ${textOf(column.title)} ↑` },
              { value: `${column.key}:desc`, label: `${t('common.sortBy')}: ${textOf(column.title)} ↓` },
            ])}
          />
        )}
        <List
          loading={loading}
          dataSource={rows ?? []}
          locale={{ emptyText: emptyNode }}
          rowKey={(row) => rowKey(row)}
          renderItem={(row) => (
            <List.Item style={{ padding: '0 0 12px', border: 'none' }}>
              <Card
                size="small"
                style={{ width: '100%' }}
                title={cardTitle ? cardTitle(row) : titleColumn?.render(row)}
                extra={cardExtra?.(row)}
              >
                <Flex vertical gap={4}>
                  {(cardTitle ? columns : rest)
                    .filter((column) => !column.hideOnPhone)
                    .map((column) => (
                      <Flex key={column.key} gap={8} justify="space-between" align="baseline">
                        <Typography.Text type="secondary" style={{ flexShrink: 0 }}>
                          {column.title}
                        </Typography.Text>
                        <span style={{ textAlign: 'right', minWidth: 0, overflowWrap: 'anywhere' }}>
                          {column.render(row)}
                        </span>
                      </Flex>
                    ))}
                </Flex>
              </Card>
            </List.Item>
          )}
        />
        {params && (total ?? 0) > 0 && (
          <Pagination
            simple
            align="center"
            current={params.page}
            pageSize={params.pageSize}
            total={total}
            onChange={(page, pageSize) =>
              params.update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize })
            }
          />
        )}
      </Flex>
    );
  }

  const tableColumns: ColumnsType<T> = columns.map((column) => ({
    key: column.key,
    title: column.title,
    width: column.width,
    align: column.align,
    render: (_value: unknown, row: T) => column.render(row),
    sorter: column.sortable && params ? true : undefined,
    sortOrder:
      column.sortable && params && params.sort === column.key ? (params.order === 'asc' ? 'ascend' : 'descend') : null,
    sortDirections: ['ascend', 'descend', 'ascend'],
  }));

  return (
    <Table<T>
      data-testid={testId}
      size="middle"
      columns={tableColumns}
      dataSource={rows}
      loading={loading}
      rowKey={(row) => rowKey(row)}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: emptyNode }}
      pagination={
        params
          ? {
              current: params.page,
              pageSize: params.pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions,
              showTotal: (count) => t('common.total', { total: count }),
            }
          : false
      }
      onChange={(pagination, _filters, sorter, extra) => {
        if (!params) return;
        if (extra.action === 'sort') {
          const single = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T> | undefined;
          if (single?.order && single.columnKey) {
            params.update({ sort: String(single.columnKey), order: single.order === 'ascend' ? 'asc' : 'desc' });
          } else {
            params.update({ sort: undefined, order: undefined });
          }
        } else if (extra.action === 'paginate') {
          const pageSize = pagination.pageSize ?? params.pageSize;
          params.update(
            pageSize !== params.pageSize ? { page: 1, pageSize } : { page: pagination.current ?? 1, pageSize },
          );
        }
      }}
    />
  );
}

function textOf(node: ReactNode): string {
  return typeof node === 'string' || typeof node === 'number' ? String(node) : '';
}
