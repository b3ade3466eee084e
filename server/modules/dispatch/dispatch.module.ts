import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SettingsService } from '../org/settings.service.js';
import type { SlaClocksService } from '../sla/sla-clocks.service.js';
import { dispatchRoutes } from './dispatch.routes.js';
import { createDispatchService } from './dispatch.service.js';
import { createVisitsService } from './visits.service.js';

export function createDispatchModule(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  slaClocks: SlaClocksService;
}) {
  const dispatch = createDispatchService(deps);
  const visits = createVisitsService(deps);
  return { services: { dispatch, visits }, routes: dispatchRoutes({ dispatch, visits }) };
}
