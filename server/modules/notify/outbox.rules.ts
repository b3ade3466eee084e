/**
 * PLT-3 delivery retries: a failed send is tried again after an exponentially growing pause
 * (base, 2·base, 4·base, … capped at a day) until the last allowed attempt, after which the message
 * is dead and only an admin's retry sends it again. Attempts count claims, so a message whose
 * sending keeps crashing the process also ends up dead instead of looping forever.
 */

export const MAX_RETRY_DELAY_SECONDS = 86_400;

/** Seconds to wait after failed attempt number `attempt` (1 = the first try). */
export function retryDelaySeconds(attempt: number, baseSeconds: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(MAX_RETRY_DELAY_SECONDS, baseSeconds * 2 ** Math.min(exponent, 30));
}

export type FailureOutcome = { status: 'failed'; retryInSeconds: number } | { status: 'dead' };

/** What becomes of a message whose attempt number `attempt` failed. */
export function afterFailure(
  attempt: number,
  settings: { maxAttempts: number; retryBaseSeconds: number },
  permanent = false,
): FailureOutcome {
  if (permanent || attempt >= settings.maxAttempts) return { status: 'dead' };
  return { status: 'failed', retryInSeconds: retryDelaySeconds(attempt, settings.retryBaseSeconds) };
}
