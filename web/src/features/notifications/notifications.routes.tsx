import type { RouteObject } from 'react-router';
import { guarded, lazyPage } from '../../app/route-helpers';

/** Pages of this feature, spread into the signed-in part of the router (web/src/app/router.tsx). */
export const notificationRoutes: RouteObject[] = [
  {
    path: 'notifications',
    lazy: lazyPage(
      () => import('./NotificationsPage'),
      (m) => m.NotificationsPage,
    ),
  },
  guarded('manageOutbox', [
    {
      path: 'outbox',
      lazy: lazyPage(
        () => import('./OutboxPage'),
        (m) => m.OutboxPage,
      ),
    },
  ]),
];
