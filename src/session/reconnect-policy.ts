/**
 * The console's automatic reconnect (ADR 0003): capped exponential back-off with jitter, for as long
 * as the page is open. Only a refusal that retrying cannot change stops it ({@link isFinalRefusal}).
 */
export interface ReconnectPolicy {
  /** Upper bound of the delay before the first retry; doubles on each further retry. */
  baseDelayMs: number;
  /**
   * Upper bound of every delay. It bounds how long a session stays down after the broker is back
   * (the cap plus one connect), so it is kept under the 5 s the console promises.
   */
  maxDelayMs: number;
  /** Share of the delay that is random (0: none, 0.5: the delay lies between half and all of it). */
  jitter: number;
}

/** 0.25–0.5 s, 0.5–1 s, 1–2 s, then 1.5–3 s for every further retry. */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 3_000,
  jitter: 0.5,
};

/**
 * Delay before retry number `attempt` (1-based): the ceiling `min(maxDelayMs, baseDelayMs·2^(attempt−1))`
 * less a random share of at most `jitter` of it, so that many consoles do not all come back at once.
 * @param random a number in [0, 1) (`Math.random` unless a test gives its own)
 */
export function reconnectDelayMs(
  policy: ReconnectPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, attempt - 1), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(ceiling * (1 - jitter * random()));
}

/**
 * CONNACK refusals that will be the same on the next try: a version the broker does not speak, bad or
 * missing credentials, a ban (MQTT 3.1.1 codes 1, 2, 4, 5; MQTT 5 0x84–0x87, 0x8A, 0x8C). Every other
 * code (server unavailable or busy, too many connections, quota, unspecified) is worth retrying.
 */
const FINAL_REFUSALS: Readonly<Record<4 | 5, ReadonlySet<number>>> = {
  4: new Set([1, 2, 4, 5]),
  5: new Set([0x84, 0x85, 0x86, 0x87, 0x8a, 0x8c]),
};

export function isFinalRefusal(code: number, protocolVersion: 4 | 5): boolean {
  return FINAL_REFUSALS[protocolVersion].has(code);
}
