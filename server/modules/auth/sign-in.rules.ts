/**
 * Sign-in throttling: after `maxFailures` consecutive failures for one account or one client
 * address, further attempts are refused (429) until `lockoutMinutes` have passed since the last
 * failure. A successful sign-in resets both counters. Pure: time is a parameter.
 */
export type FailureCounter = { failures: number; lastFailureAt: Date };

export function isLockedOut(
  counter: FailureCounter | undefined,
  now: Date,
  policy: { maxFailures: number; lockoutMinutes: number },
): boolean {
  if (!counter || counter.failures < policy.maxFailures) return false;
  return now.getTime() - counter.lastFailureAt.getTime() < policy.lockoutMinutes * 60_000;
}

/** Minutes until a locked-out key may try again (at least 1). */
export function minutesUntilRetry(counter: FailureCounter, now: Date, lockoutMinutes: number): number {
  const waitMs = counter.lastFailureAt.getTime() + lockoutMinutes * 60_000 - now.getTime();
  return Math.max(1, Math.ceil(waitMs / 60_000));
}

export const accountKey = (login: string) => `account:${login.trim().toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

/** Passwords: at least 8 characters with at least one letter and one digit. */
export function isStrongEnough(password: string): boolean {
  return password.length >= 8 && password.length <= 128 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
