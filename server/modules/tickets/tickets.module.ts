import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SettingsService } from '../org/settings.service.js';
import type { SlaClocksService } from '../sla/sla-clocks.service.js';
import { ticketsRoutes } from './tickets.routes.js';
import { createTicketsService } from './tickets.service.js';

/** Tickets (TKT-1…5, 7…9, 11); deadlines through the app's one SLA engine instance. */
export function createTicketsModule(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  slaClocks: SlaClocksService;
}) {
  const tickets = createTicketsService(deps);
  return { services: tickets, routes: ticketsRoutes({ tickets }) };
}
