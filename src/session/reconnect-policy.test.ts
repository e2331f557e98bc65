import { describe, expect, it } from 'vitest';

import { DEFAULT_RECONNECT_POLICY, isFinalRefusal, reconnectDelayMs } from './reconnect-policy.ts';

const policy = { baseDelayMs: 100, maxDelayMs: 500, jitter: 0.5 };

describe('reconnectDelayMs', () => {
  it('doubles from the base delay and stops at the cap (no random share drawn)', () => {
    expect(
      [1, 2, 3, 4, 5, 40].map((attempt) => reconnectDelayMs(policy, attempt, () => 0)),
    ).toEqual([100, 200, 400, 500, 500, 500]);
  });

  it('takes at most the jitter share off the delay', () => {
    // random() is in [0, 1): just under 1 gives the shortest delay, half the ceiling.
    expect(
      [1, 2, 3, 4].map((attempt) => reconnectDelayMs(policy, attempt, () => 0.999_999)),
    ).toEqual([50, 100, 200, 250]);
    expect(reconnectDelayMs(policy, 3, () => 0.5)).toBe(300);
    expect(reconnectDelayMs({ ...policy, jitter: 0 }, 3, () => 0.9)).toBe(400);
  });

  it('stays within its bounds with Math.random, however many attempts', () => {
    for (let attempt = 1; attempt <= 10_000; attempt += 1) {
      const delay = reconnectDelayMs(DEFAULT_RECONNECT_POLICY, attempt);
      const ceiling = Math.min(3_000, 500 * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('has a default cap that keeps a session down at most 3 s after the broker is back', () => {
    expect(DEFAULT_RECONNECT_POLICY).toEqual({ baseDelayMs: 500, maxDelayMs: 3_000, jitter: 0.5 });
    expect(reconnectDelayMs(DEFAULT_RECONNECT_POLICY, 1_000_000, () => 0)).toBe(3_000);
  });
});

describe('isFinalRefusal', () => {
  it('stops on bad or missing credentials, a wrong version or a ban', () => {
    for (const code of [1, 2, 4, 5]) expect(isFinalRefusal(code, 4)).toBe(true);
    for (const code of [0x84, 0x85, 0x86, 0x87, 0x8a]) expect(isFinalRefusal(code, 5)).toBe(true);
  });

  it('retries a broker that is unavailable, busy or rate limiting', () => {
    expect(isFinalRefusal(3, 4)).toBe(false);
    for (const code of [0x80, 0x88, 0x89, 0x97, 0x9f]) expect(isFinalRefusal(code, 5)).toBe(false);
  });
});
