import type { RouteObject } from 'react-router';
import { guarded, lazyPage } from '../../app/route-helpers';

/** Staff pages of customer feedback (§7), spread into the signed-in part of the router. */
export const feedbackRoutes: RouteObject[] = [
  // Surveys, satisfaction and complaints (FBK-1, FBK-2)
  guarded('viewFeedback', [
    {
      path: 'feedback/surveys',
      lazy: lazyPage(
        () => import('./SurveysPage'),
        (m) => m.SurveysPage,
      ),
    },
    {
      path: 'feedback/satisfaction',
      lazy: lazyPage(
        () => import('./SatisfactionPage'),
        (m) => m.SatisfactionPage,
      ),
    },
    {
      path: 'feedback/complaints',
      lazy: lazyPage(
        () => import('./ComplaintsPage'),
        (m) => m.ComplaintsPage,
      ),
    },
    {
      path: 'feedback/complaints/:id',
      lazy: lazyPage(
        () => import('./ComplaintDetailPage'),
        (m) => m.ComplaintDetailPage,
      ),
    },
  ]),
  guarded('recordComplaints', [
    {
      path: 'feedback/complaints/new',
      lazy: lazyPage(
        () => import('./ComplaintNewPage'),
        (m) => m.ComplaintNewPage,
      ),
    },
  ]),
  // end surveys and complaints
  // Return visits (FBK-3)
  guarded('viewReturnVisits', [
    {
      path: 'feedback/return-visits',
      lazy: lazyPage(
        () => import('./ReturnVisitsPage'),
        (m) => m.ReturnVisitsPage,
      ),
    },
  ]),
];
