import { Navigate, type RouteObject } from 'react-router';
import { guarded, lazyPage } from '../../app/route-helpers';

/** Pages of this feature, spread into the signed-in part of the router (web/src/app/router.tsx). */
export const slaRoutes: RouteObject[] = [
  { path: 'sla', element: <Navigate to="/sla/policies" replace /> },
  {
    path: 'sla/policies',
    lazy: lazyPage(
      () => import('./PoliciesPage'),
      (m) => m.PoliciesPage,
    ),
  },
  {
    path: 'sla/policies/:id',
    lazy: lazyPage(
      () => import('./PolicyDetailPage'),
      (m) => m.PolicyDetailPage,
    ),
  },
  {
    path: 'sla/calendars',
    lazy: lazyPage(
      () => import('./CalendarsPage'),
      (m) => m.CalendarsPage,
    ),
  },
  {
    path: 'sla/calendars/:id',
    lazy: lazyPage(
      () => import('./CalendarDetailPage'),
      (m) => m.CalendarDetailPage,
    ),
  },
  guarded('manageSla', [
    {
      path: 'sla/policies/new',
      lazy: lazyPage(
        () => import('./PolicyFormPage'),
        (m) => m.PolicyFormPage,
      ),
    },
    {
      path: 'sla/policies/:id/edit',
      lazy: lazyPage(
        () => import('./PolicyFormPage'),
        (m) => m.PolicyFormPage,
      ),
    },
    {
      path: 'sla/calendars/new',
      lazy: lazyPage(
        () => import('./CalendarFormPage'),
        (m) => m.CalendarFormPage,
      ),
    },
    {
      path: 'sla/calendars/:id/edit',
      lazy: lazyPage(
        () => import('./CalendarFormPage'),
        (m) => m.CalendarFormPage,
      ),
    },
  ]),
];
