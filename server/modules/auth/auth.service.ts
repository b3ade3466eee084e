import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { personalDataLevel, type Role } from '../../lib/roles.js';
import { recordAudit } from '../audit/audit.service.js';
import { stations, users } from '../org/org.table.js';
import type { SettingsService } from '../org/settings.service.js';
import type { SessionUser } from './auth.contract.js';
import { sessions, signInFailures } from './auth.table.js';
import { hashPassword, timingDummyHash, verifyPassword } from './password.js';
import { actorColumns, toActor } from './session-store.js';
import { accountKey, addressKey, isLockedOut, minutesUntilRetry } from './sign-in.rules.js';

export function createAuthService(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  const { db, clock, settings } = deps;

  async function throttlePolicy() {
    return {
      maxFailures: await settings.get('auth.maxFailedSignIns'),
      lockoutMinutes: await settings.get('auth.lockoutMinutes'),
    };
  }

  async function recordFailure(keys: string[]) {
    const policy = await throttlePolicy();
    const now = clock.now();
    const windowStart = new Date(now.getTime() - policy.lockoutMinutes * 60_000);
    for (const key of keys) {
      await db
        .insert(signInFailures)
        .values({ key, failures: 1, lastFailureAt: now })
        .onConflictDoUpdate({
          target: signInFailures.key,
          set: {
            // A failure after the lock-out window has passed starts a new count.
            failures: sql`case when ${signInFailures.lastFailureAt} < ${windowStart} then 1 else ${signInFailures.failures} + 1 end`,
            lastFailureAt: now,
          },
        });
    }
  }

  /** Actor for a session's user id, or undefined when the user no longer exists or is deactivated. */
  async function loadActor(userId: number): Promise<Actor | undefined> {
    const [row] = await db
      .select(actorColumns)
      .from(users)
      .where(and(eq(users.id, userId), eq(users.isActive, true)));
    return row ? toActor(row) : undefined;
  }

  async function describe(userId: number): Promise<SessionUser> {
    const [row] = await db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        roles: users.roles,
        stationId: users.stationId,
        stationName: stations.name,
        departmentId: users.departmentId,
        locale: users.locale,
        mustChangePassword: users.mustChangePassword,
      })
      .from(users)
      .innerJoin(stations, eq(stations.id, users.stationId))
      .where(eq(users.id, userId));
    if (!row) throw new AppError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in' });
    const userRoles = row.roles as Role[];
    return { ...row, roles: userRoles, personalData: personalDataLevel(userRoles) };
  }

  return {
    loadActor,
    describe,

    /** Checks credentials with throttling; returns the user id. Never says which part was wrong. */
    async verifySignIn(login: string, password: string, address: string): Promise<number> {
      const keys = [accountKey(login), addressKey(address)];
      const policy = await throttlePolicy();
      const counters = await db.select().from(signInFailures).where(inArray(signInFailures.key, keys));
      const now = clock.now();
      const locked = counters.find((counter) => isLockedOut(counter, now, policy));
      if (locked) {
        const minutes = minutesUntilRetry(locked, now, policy.lockoutMinutes);
        throw new AppError(
          'RATE_LIMITED',
          {
            zh: `连续登录失败次数过多，请 ${minutes} 分钟后再试`,
            en: `Too many failed sign-ins; try again in ${minutes} minute(s)`,
          },
          { details: { retryAfterMinutes: minutes } },
        );
      }
      const normalized = login.trim();
      const [user] = await db
        .select({ id: users.id, passwordHash: users.passwordHash, isActive: users.isActive })
        .from(users)
        .where(or(sql`lower(${users.username}) = lower(${normalized})`, eq(users.phone, normalized)))
        .limit(1);
      const valid = user
        ? await verifyPassword(user.passwordHash, password)
        : await verifyPassword(await timingDummyHash(), password).then(() => false);
      if (!user || !valid || !user.isActive) {
        await recordFailure(keys);
        throw new AppError('UNAUTHENTICATED', {
          zh: '用户名（或手机号）或密码错误',
          en: 'Wrong username (or phone) or password',
        });
      }
      await db.delete(signInFailures).where(inArray(signInFailures.key, keys));
      await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
      return user.id;
    },

    async changePassword(actor: Actor, currentPassword: string, newPassword: string, keepSessionId: string) {
      const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
      if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AppError(
          'VALIDATION',
          { zh: '当前密码不正确', en: 'The current password is wrong' },
          { fields: [{ field: 'currentPassword', message: 'The current password is wrong' }] },
        );
      }
      if (currentPassword === newPassword) {
        throw new AppError(
          'VALIDATION',
          { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
          { fields: [{ field: 'newPassword', message: 'same as current' }] },
        );
      }
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ passwordHash, mustChangePassword: false, passwordChangedAt: clock.now(), updatedAt: clock.now() })
          .where(eq(users.id, actor.id));
        // Other sessions of this user end: a changed password locks out whoever else had it.
        await tx
          .delete(sessions)
          .where(and(sql`(${sessions.data}->>'userId')::int = ${actor.id}`, ne(sessions.id, keepSessionId)));
        await recordAudit(tx, {
          entityType: 'user',
          entityId: actor.id,
          action: 'update',
          actor,
          before: {},
          after: { passwordChanged: true },
        });
      });
    },

    async setLocale(actor: Actor, locale: 'zh-CN' | 'en-US') {
      await db.update(users).set({ locale }).where(eq(users.id, actor.id));
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
