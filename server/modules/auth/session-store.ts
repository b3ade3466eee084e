import type { SessionStore } from '@fastify/session';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { sessions } from './auth.table.js';

type StoredSession = { cookie?: { expires?: string | Date | null; originalMaxAge?: number | null } } & Record<
  string,
  unknown
>;

/** @fastify/session store on PostgreSQL, so every app instance shares the sessions. */
export function createSessionStore(db: Db, fallbackLifetimeMs: number): SessionStore {
  const expiryOf = (session: StoredSession) => {
    const expires = session.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + fallbackLifetimeMs);
  };
  return {
    set(sessionId, session, callback) {
      const data = JSON.parse(JSON.stringify(session)) as StoredSession;
      const expiresAt = expiryOf(data);
      db.insert(sessions)
        .values({ id: sessionId, data, expiresAt })
        .onConflictDoUpdate({ target: sessions.id, set: { data, expiresAt } })
        .then(() => callback(), callback);
    },
    get(sessionId, callback) {
      db.select()
        .from(sessions)
        .where(eq(sessions.id, sessionId))
        .then(([row]) => {
          if (!row || row.expiresAt.getTime() <= Date.now()) return callback(null, null);
          callback(null, row.data as never);
        }, callback);
    },
    destroy(sessionId, callback) {
      db.delete(sessions)
        .where(eq(sessions.id, sessionId))
        .then(() => callback(), callback);
    },
  };
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
