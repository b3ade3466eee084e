/** config → database → migrate → seed (first start) → buildApp → listen; stops cleanly on signals. */
import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createDb, migrateDatabase, projectRoot } from './db/database.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './db/embedded.js';
import { ensureSessionSecret } from './db/secrets.js';
import { seedDemoDataIfEmpty } from './db/seed.js';
import { systemClock } from './lib/clock.js';
import { purgeExpiredSessions } from './modules/auth/session-store.js';

const startedAt = performance.now();
const config = loadConfig();
let embedded: EmbeddedPostgres | undefined;

try {
  let connection: { connectionString?: string } & Record<string, unknown>;
  if (config.databaseUrl) {
    connection = { connectionString: config.databaseUrl };
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, database: 'aftercare' });
    connection = embedded.connection('aftercare') as typeof connection;
  }
  const db = createDb(connection);
  await migrateDatabase(db);
  if (config.seedDemo) await seedDemoDataIfEmpty(db, (message) => console.log(`[seed] ${message}`));
  const app = await buildApp({
    db,
    clock: systemClock,
    sessionSecret: config.sessionSecret ?? (await ensureSessionSecret(db)),
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    webDist: config.webDist ?? path.join(projectRoot(), 'dist', 'web'),
    logger: { level: config.logLevel },
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal} received, stopping`);
    await app.services.notify.worker.stop().catch((error) => app.log.error(error));
    await app.close().catch((error) => app.log.error(error));
    await db.$client.end().catch(() => undefined);
    await embedded?.stop().catch((error) => console.error('[db] stop failed', error));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Expired sessions are refused when read; this only keeps the table small.
  const purge = () => purgeExpiredSessions(db).catch((error) => app.log.warn(error, 'session purge failed'));
  void purge();
  setInterval(purge, 3_600_000).unref();

  await app.listen({ port: config.port, host: config.host });
  // Delivers the outbox (PLT-3); messages enqueued while the app was down go out now.
  app.services.notify.worker.start();
  // The SLA watcher (at risk, breached, loaner tasks); safe to run in every instance.
  const sweepSla = () =>
    app.services.slaClocks.sweep(new Date()).catch((error) => app.log.error(error, 'SLA sweep failed'));
  setInterval(sweepSla, 30_000).unref();
  void sweepSla();
  // FBK-3: plans the periodic return visits (idempotent; one instance at a time via an advisory lock).
  const planReturnVisits = () =>
    app.services.feedback.returnVisits
      .generate(null)
      .catch((error) => app.log.warn(error, 'return-visit planning skipped or failed'));
  setTimeout(planReturnVisits, 60_000).unref();
  setInterval(planReturnVisits, 24 * 3_600_000).unref();
  // Overdue complaint steps escalate (FBK-2): station manager, then executive; safe in every instance.
  const sweepComplaints = () =>
    app.services.feedback.complaints
      .sweep(new Date())
      .catch((error) => app.log.error(error, 'complaint escalation sweep failed'));
  setInterval(sweepComplaints, 60_000).unref();
  void sweepComplaints();
  const where = config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
  console.log(
    `售后通 Aftercare is ready on http://localhost:${config.port} — database: ${where} — started in ${Math.round(performance.now() - startedAt)} ms`,
  );
} catch (error) {
  console.error('Start-up failed:', error);
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
}
