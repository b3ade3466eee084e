import { Button, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { isApiError } from '../lib/api';
import { useT } from '../lib/i18n';

/** The error of a failed query, with a retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const notFound = isApiError(error) && error.status === 404;
  const forbidden = isApiError(error) && error.status === 403;
  return (
    <Result
      status={notFound ? '404' : forbidden ? '403' : 'error'}
      title={notFound ? t('error.notFoundTitle') : forbidden ? t('error.forbiddenTitle') : t('error.loadFailed')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={
        onRetry && !notFound && !forbidden ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

type QueryLike<T> = { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };

/** Renders a query's loading and error states, and `children(data)` once it has data. */
export function QueryState<T>({
  query,
  children,
  rows = 6,
}: {
  query: QueryLike<T>;
  children: (data: T) => ReactNode;
  rows?: number;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <QueryError error={query.error} onRetry={() => query.refetch()} />;
  return <Skeleton active paragraph={{ rows }} />;
}
