import type { RouteObject } from 'react-router';
import { guarded, lazyPage } from '../../app/route-helpers';

/** Pages of this feature, spread into the signed-in part of the router (web/src/app/router.tsx). */
export const ticketRoutes: RouteObject[] = [
  {
    path: 'tickets',
    lazy: lazyPage(
      () => import('./TicketsPage'),
      (m) => m.TicketsPage,
    ),
  },
  {
    path: 'tickets/board',
    lazy: lazyPage(
      () => import('./TicketBoardPage'),
      (m) => m.TicketBoardPage,
    ),
  },
  {
    path: 'tickets/:id',
    lazy: lazyPage(
      () => import('./TicketDetailPage'),
      (m) => m.TicketDetailPage,
    ),
  },
  guarded('writeTickets', [
    {
      path: 'tickets/new',
      lazy: lazyPage(
        () => import('./TicketIntakePage'),
        (m) => m.TicketIntakePage,
      ),
    },
  ]),
];
