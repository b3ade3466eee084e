import { describe, expect, it } from 'vitest';
import { isLockedOut, isStrongEnough, minutesUntilRetry } from './sign-in.rules.js';

const policy = { maxFailures: 10, lockoutMinutes: 15 };
const now = new Date('2026-03-01T08:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('sign-in throttling', () => {
  it('locks out from the 10th consecutive failure until the window passes', () => {
    expect(isLockedOut(undefined, now, policy)).toBe(false);
    expect(isLockedOut({ failures: 9, lastFailureAt: minutesAgo(0) }, now, policy)).toBe(false);
    expect(isLockedOut({ failures: 10, lastFailureAt: minutesAgo(0) }, now, policy)).toBe(true);
    expect(isLockedOut({ failures: 10, lastFailureAt: minutesAgo(14.9) }, now, policy)).toBe(true);
    expect(isLockedOut({ failures: 10, lastFailureAt: minutesAgo(15) }, now, policy)).toBe(false);
    expect(isLockedOut({ failures: 50, lastFailureAt: minutesAgo(16) }, now, policy)).toBe(false);
  });

  it('tells how many minutes remain, at least one', () => {
    expect(minutesUntilRetry({ failures: 10, lastFailureAt: minutesAgo(0) }, now, 15)).toBe(15);
    expect(minutesUntilRetry({ failures: 10, lastFailureAt: minutesAgo(14.99) }, now, 15)).toBe(1);
  });

  it('accepts passwords of 8+ characters with letters and digits', () => {
    expect(isStrongEnough('Demo2026')).toBe(true);
    expect(isStrongEnough('demo202')).toBe(false);
    expect(isStrongEnough('abcdefgh')).toBe(false);
    expect(isStrongEnough('12345678')).toBe(false);
  });
});
