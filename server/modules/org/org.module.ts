import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { orgRoutes } from './org.routes.js';
import { createOrgService } from './org.service.js';
import type { SettingsService } from './settings.service.js';

export function createOrgModule(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const org = createOrgService(deps);
  return { services: org, routes: orgRoutes({ db: deps.db, org, settings: deps.settings }) };
}
