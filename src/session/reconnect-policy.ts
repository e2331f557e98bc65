/** Bounded automatic reconnect (style.md habit 4: put a limit on reconnects). */
export interface ReconnectPolicy {
  /** Retries after a network failure before the session gives up with status `error`. */
  maxAttempts: number;
  /** Delay before the first retry; doubles on each further retry. */
  baseDelayMs: number;
  /** Upper bound of the delay. */
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15_000,
};

/** Delay before retry number `attempt` (1-based): exponential backoff, capped. */
export function reconnectDelayMs(policy: ReconnectPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}
