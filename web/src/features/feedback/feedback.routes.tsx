import type { RouteObject } from 'react-router';

/** Staff pages of customer feedback (§7), spread into the signed-in part of the router. */
export const feedbackRoutes: RouteObject[] = [];
