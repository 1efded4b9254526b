/**
 * Bounded in-process retries of one TIXNGO call: a few quick attempts with exponential backoff and
 * jitter, honouring Retry-After. Beyond them, Temporal retries the activity. Pure.
 */
export interface RetryPolicy {
  /** Attempts after the first (0 = no in-process retry). */
  maxRetries: number;
  /** Backoff before the first retry; doubled each time, with full jitter. */
  baseDelayMs: number;
  /** Cap of one backoff. */
  maxDelayMs: number;
  /**
   * The longest Retry-After waited for in process; a longer one ends the attempts at once and is
   * handed to Temporal (the error's retryAfterMs) instead of holding the activity.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 10_000,
});

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`retry policy ${name} must be a number >= 0, not ${value}`);
    }
  }
  return policy;
}

/**
 * How long to wait before retry number `retry` (1-based), or undefined when no retry should happen
 * in process. `random` returns [0, 1) (injected so tests are deterministic).
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number | undefined {
  if (retry < 1 || retry > policy.maxRetries) return undefined;
  if (retryAfterMs !== undefined) {
    return retryAfterMs > policy.maxRetryAfterMs ? undefined : retryAfterMs;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // "Equal jitter": at least half the backoff, so retries never bunch up at zero.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
