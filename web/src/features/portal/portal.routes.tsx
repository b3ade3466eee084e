import type { RouteObject } from 'react-router';

/** Public pages without an account (FBK-4 portal, FBK-1 survey links), outside the signed-in frame. */
export const portalRoutes: RouteObject[] = [];
