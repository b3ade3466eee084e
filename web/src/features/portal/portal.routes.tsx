import type { RouteObject } from 'react-router';
import { lazyPage } from '../../app/route-helpers';

/** Public pages without an account (FBK-4 portal, FBK-1 survey links), outside the signed-in frame. */
export const portalRoutes: RouteObject[] = [
  // FBK-1: the customer's one-time survey link.
  {
    path: '/s/:token',
    lazy: lazyPage(
      () => import('./SurveyPage'),
      (m) => m.SurveyPage,
    ),
  },
  // FBK-4: the customer portal (request, tracking, own equipment).
  {
    path: '/portal',
    lazy: lazyPage(
      () => import('./PortalLayout'),
      (m) => m.PortalLayout,
    ),
    children: [
      {
        index: true,
        lazy: lazyPage(
          () => import('./PortalRequestPage'),
          (m) => m.PortalRequestPage,
        ),
      },
      {
        path: 'track',
        lazy: lazyPage(
          () => import('./PortalTrackPage'),
          (m) => m.PortalTrackPage,
        ),
      },
      {
        path: 'equipment',
        lazy: lazyPage(
          () => import('./PortalEquipmentPage'),
          (m) => m.PortalEquipmentPage,
        ),
      },
    ],
  },
];
