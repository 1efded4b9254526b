import { DEFAULT_RETRY_POLICY, retryDelayMs, retryPolicy } from '../../../src/tixngo/retryPolicy';

describe('in-process retries of one TIXNGO call', () => {
  const policy = retryPolicy({ maxRetries: 4, baseDelayMs: 100, maxDelayMs: 500 });

  it('defaults to 2 retries', () => {
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBe(2);
  });

  it.each([
    // retry, random, expected delay: half the backoff + jitter over the other half
    [1, 0, 50],
    [1, 0.999, 100],
    [2, 0, 100],
    [3, 0.5, 300],
    [4, 1, 500],
  ])('retry %i with random %s waits %i ms (exponential, capped, jittered)', (retry, random, expected) => {
    expect(retryDelayMs(retry, policy, () => random)).toBe(expected);
  });

  it.each([0, 5, 6])('retry %i is not made in process', (retry) => {
    expect(retryDelayMs(retry, policy, () => 0.5)).toBeUndefined();
  });

  it('honours Retry-After up to the limit, then leaves it to Temporal', () => {
    expect(retryDelayMs(1, policy, () => 0.5, 2_000)).toBe(2_000);
    expect(retryDelayMs(1, policy, () => 0.5, 0)).toBe(0);
    expect(retryDelayMs(1, policy, () => 0.5, 10_001)).toBeUndefined();
  });

  it.each([{ maxRetries: -1 }, { baseDelayMs: Number.NaN }])('refuses a bad policy %j', (bad) => {
    expect(() => retryPolicy(bad)).toThrow(RangeError);
  });
});
