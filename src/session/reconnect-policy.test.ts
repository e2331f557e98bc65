import { describe, expect, it } from 'vitest';

import { DEFAULT_RECONNECT_POLICY, reconnectDelayMs } from './reconnect-policy.ts';

describe('reconnectDelayMs', () => {
  it('doubles from the base delay and stops at the cap', () => {
    const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500 };
    expect([1, 2, 3, 4, 5].map((attempt) => reconnectDelayMs(policy, attempt))).toEqual([
      100, 200, 400, 500, 500,
    ]);
  });

  it('keeps the default policy bounded', () => {
    expect(DEFAULT_RECONNECT_POLICY.maxAttempts).toBeGreaterThan(0);
    expect(reconnectDelayMs(DEFAULT_RECONNECT_POLICY, 50)).toBe(
      DEFAULT_RECONNECT_POLICY.maxDelayMs,
    );
  });
});
