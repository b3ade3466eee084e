import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SettingsService } from '../org/settings.service.js';

/**
 * Parts and inventory (§5, DSP-7). Each part of the module is a service + routes pair in its own
 * files; all stock changes go through `postMovement` (stock-ledger.ts).
 */
export function createPartsModule(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  void deps;
  const services = {};
  const plugins: FastifyPluginAsync[] = [];
  const routes: FastifyPluginAsync = async (app) => {
    for (const plugin of plugins) await app.register(plugin);
  };
  return { services, routes };
}
