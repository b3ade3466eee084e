import { Button, Flex, Result, Spin } from 'antd';
import { isRouteErrorResponse, Link, Outlet, useRouteError } from 'react-router';
import { useCan } from '../features/auth/auth.api';
import type { Capability } from '../lib/access';
import { useT } from '../lib/i18n';

export function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('error.pageNotFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** Pages a role may not use answer 403 instead of a broken page (the server refuses them anyway). */
export function RequireCapability({ capability }: { capability: Capability }) {
  const t = useT();
  const can = useCan();
  if (!can(capability)) {
    return (
      <Result
        status="403"
        title={t('error.forbiddenTitle')}
        subTitle={t('error.forbiddenPage')}
        extra={
          <Link to="/">
            <Button type="primary">{t('error.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return <Outlet />;
}

/** Rendering errors and failed chunk loads (e.g. after a new release): offer a reload. */
export function RouteError() {
  const t = useT();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const detail =
    error instanceof Error ? error.message : isRouteErrorResponse(error) ? error.statusText : String(error);
  return (
    <Result
      status="error"
      title={t('error.pageFailed')}
      subTitle={detail}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}

/** Shown while the first page's code loads and while the session is being checked. */
export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ height: '100%', minHeight: 240 }}>
      <Spin size="large" />
    </Flex>
  );
}
