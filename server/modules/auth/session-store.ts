import type { SessionStore } from '@fastify/session';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import type { Role } from '../../lib/roles.js';
import { users } from '../org/org.table.js';
import { sessions } from './auth.table.js';

/** The columns of a signed-in user that make an `Actor`. */
export const actorColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  roles: users.roles,
  stationId: users.stationId,
  departmentId: users.departmentId,
  mustChangePassword: users.mustChangePassword,
};

export const toActor = (row: { roles: string[] } & Omit<Actor, 'roles'>): Actor => ({
  ...row,
  roles: row.roles as Role[],
});

/**
 * The session key under which `get` hands over the session's user (active, or null), read in the
 * same query as the session so a request costs one lookup; `set` never persists it.
 */
export const loadedActorKey = 'loadedActor';

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
  // Every request reads its session: a named prepared statement, built and planned once per connection.
  const loadSession = db
    .select({ data: sessions.data, expiresAt: sessions.expiresAt, actor: actorColumns })
    .from(sessions)
    .leftJoin(users, and(eq(users.id, sql`(${sessions.data}->>'userId')::int`), eq(users.isActive, true)))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('session_with_user');
  return {
    set(sessionId, session, callback) {
      const data = JSON.parse(JSON.stringify(session)) as StoredSession;
      delete data[loadedActorKey];
      const expiresAt = expiryOf(data);
      db.insert(sessions)
        .values({ id: sessionId, data, expiresAt })
        .onConflictDoUpdate({ target: sessions.id, set: { data, expiresAt } })
        .then(() => callback(), callback);
    },
    get(sessionId, callback) {
      loadSession.execute({ id: sessionId }).then(([row]) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) return callback(null, null);
        const data = row.data as StoredSession;
        callback(null, { ...data, [loadedActorKey]: row.actor ? toActor(row.actor) : null } as never);
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
