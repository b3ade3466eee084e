import { describe, expect, it } from 'vitest';
import { afterFailure, MAX_RETRY_DELAY_SECONDS, retryDelaySeconds } from './outbox.rules.js';

describe('outbox retries (PLT-3)', () => {
  it('doubles the pause after each failed attempt, up to a day', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt, 30))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(40, 30)).toBe(MAX_RETRY_DELAY_SECONDS);
  });

  it('gives up after the last attempt, or at once on a permanent failure', () => {
    const settings = { maxAttempts: 3, retryBaseSeconds: 10 };
    expect(afterFailure(1, settings)).toEqual({ status: 'failed', retryInSeconds: 10 });
    expect(afterFailure(2, settings)).toEqual({ status: 'failed', retryInSeconds: 20 });
    expect(afterFailure(3, settings)).toEqual({ status: 'dead' });
    expect(afterFailure(1, settings, true)).toEqual({ status: 'dead' });
  });
});
