import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SettingsService } from '../org/settings.service.js';

/**
 * Customer feedback (§7): surveys, complaints, return visits and the customer portal. Each part is a
 * service + routes pair in its own files, added here.
 */
export function createFeedbackModule(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  void deps;
  const services = {};
  const plugins: FastifyPluginAsync[] = [];
  const routes: FastifyPluginAsync = async (app) => {
    for (const plugin of plugins) await app.register(plugin);
  };
  return { services, routes };
}
