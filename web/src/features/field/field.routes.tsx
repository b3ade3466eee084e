import type { RouteObject } from 'react-router';
import { guarded, lazyPage } from '../../app/route-helpers';

/** Pages of this feature, spread into the signed-in part of the router (web/src/app/router.tsx). */
export const fieldRoutes: RouteObject[] = [
  guarded('fieldWork', [
    {
      path: 'my-tasks',
      lazy: lazyPage(
        () => import('./MyTasksPage'),
        (m) => m.MyTasksPage,
      ),
    },
    {
      path: 'my-tasks/:assignmentId',
      lazy: lazyPage(
        () => import('./TaskPage'),
        (m) => m.TaskPage,
      ),
    },
  ]),
  // Printable A4 forms (DSP-5); the app's frame is hidden when printing.
  {
    path: 'print/visits/:id',
    lazy: lazyPage(
      () => import('./PrintPages'),
      (m) => m.PrintVisitPage,
    ),
  },
  {
    path: 'print/tickets/:id/repair-record',
    lazy: lazyPage(
      () => import('./PrintPages'),
      (m) => m.PrintRepairRecordPage,
    ),
  },
];
