import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { slaRoutes } from './sla.routes.js';
import { createSlaService, type RecomputeCalendar } from './sla.service.js';

/**
 * SLA administration: business calendars and policies (SLA-1, SLA-2). `recomputeCalendar` is the
 * deadline engine's recomputation of open tickets after a calendar edit (SlaClocksService's).
 */
export function createSlaModule(deps: { db: Db; clock: Clock; recomputeCalendar?: RecomputeCalendar }) {
  const sla = createSlaService(deps);
  return { services: sla, routes: slaRoutes({ db: deps.db, sla }) };
}
