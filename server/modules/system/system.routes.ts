import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';

const health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({
    ok: z.boolean(),
    latencyMs: z.number().nullable(),
    version: z.string().nullable(),
    error: z.string().optional(),
  }),
  uptimeSeconds: z.number(),
});

export const systemRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

    app.get(
      '/api/health',
      {
        config: { access: 'public' },
        schema: { tags: ['system'], summary: 'Health and database status', response: { 200: health, 503: health } },
      },
      async (_request, reply) => {
        const started = performance.now();
        try {
          const result = await deps.db.execute<{ version: string }>(
            sql`select current_setting('server_version') as version`,
          );
          return {
            status: 'ok' as const,
            database: {
              ok: true,
              latencyMs: Math.round((performance.now() - started) * 10) / 10,
              version: result.rows[0]?.version ?? null,
            },
            uptimeSeconds: Math.round(process.uptime()),
          };
        } catch (error) {
          return reply.status(503).send({
            status: 'degraded' as const,
            database: { ok: false, latencyMs: null, version: null, error: (error as Error).message },
            uptimeSeconds: Math.round(process.uptime()),
          });
        }
      },
    );
  };
