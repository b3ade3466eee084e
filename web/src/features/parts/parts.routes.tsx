import type { RouteObject } from 'react-router';

/** Pages of parts and inventory (§5, DSP-7), spread into the signed-in part of the router. */
export const partsRoutes: RouteObject[] = [];
