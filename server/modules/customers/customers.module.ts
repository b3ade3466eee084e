import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SettingsService } from '../org/settings.service.js';
import { customersRoutes } from './customers.routes.js';
import { createCustomersService } from './customers.service.js';
import { createTransfer } from './customers.transfer.js';

export function createCustomersModule(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const customers = createCustomersService(deps);
  const transfer = createTransfer({ db: deps.db, customers });
  return { services: { customers, transfer }, routes: customersRoutes({ db: deps.db, customers, transfer }) };
}
