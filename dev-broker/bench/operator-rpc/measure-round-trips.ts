import { OperatorRequestError, type OperatorClient } from '../../../src/client/operator-client.ts';
import { percentile, round } from '../stats.ts';

/** Latency of one series of sequential `rpc.send` round trips, in ms. */
export interface RoundTripStats {
  /** Calls timed (warm-up calls excluded). */
  count: number;
  /** Calls that failed (error reply, wrong result or no reply); not in the percentiles. */
  failed: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Wall time of the timed calls, in ms. */
  elapsedMs: number;
  /** True when the time budget ran out before `calls` calls were made. */
  cutShort: boolean;
  /** The first failure, if any. */
  firstError: string | null;
}

export interface RoundTripOptions {
  /** Untimed calls first (JIT, SQLite page cache, MQTT.js buffers). */
  warmup: number;
  /** Timed calls. */
  calls: number;
  /** Passed to rpc.send (and the caller's own wait). */
  timeoutMs?: number;
  /** Stop timing new calls after this many ms (a saturated broker makes each call slow). */
  budgetMs?: number;
}

const ms = (from: bigint, to: bigint): number => Number(to - from) / 1e6;

/** One two-way rpc.send; resolves with an error message, or null when the device's reply came back. */
async function oneCall(
  caller: OperatorClient,
  deviceName: string,
  seq: number,
  timeoutMs: number,
): Promise<string | null> {
  try {
    const result = await caller.request(
      'rpc.send',
      { deviceName, method: 'benchPing', params: { seq }, timeout: timeoutMs },
      { timeoutMs: timeoutMs + 2_000 },
    );
    const ok = result.kind === 'reply' && (result.response as { ok?: boolean } | null)?.ok === true;
    return ok ? null : `unexpected result ${JSON.stringify(result)}`;
  } catch (error) {
    if (error instanceof OperatorRequestError && error.fromApi)
      return `${error.code}: ${error.message}`;
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Times `calls` sequential two-way `rpc.send` calls (operator → broker → device → broker → operator)
 * with `process.hrtime.bigint()`, after `warmup` untimed ones. Each call starts when the previous
 * reply arrived, so the numbers are round-trip latency, not throughput. Stops early after
 * `budgetMs` (then `cutShort` is true and `count` tells how many were timed).
 */
export async function measureRoundTrips(
  caller: OperatorClient,
  deviceName: string,
  options: RoundTripOptions,
): Promise<RoundTripStats> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let seq = 0;
  for (let i = 0; i < options.warmup; i += 1) await oneCall(caller, deviceName, seq++, timeoutMs);
  const samples: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  const started = process.hrtime.bigint();
  const budgetNs = BigInt(Math.round((options.budgetMs ?? Number.MAX_SAFE_INTEGER / 1e6) * 1e6));
  let made = 0;
  for (; made < options.calls; made += 1) {
    if (process.hrtime.bigint() - started > budgetNs) break;
    const t0 = process.hrtime.bigint();
    const error = await oneCall(caller, deviceName, seq++, timeoutMs);
    const t1 = process.hrtime.bigint();
    if (error === null) samples.push(ms(t0, t1));
    else {
      failed += 1;
      firstError ??= error;
    }
  }
  const elapsedMs = ms(started, process.hrtime.bigint());
  samples.sort((a, b) => a - b);
  const sum = samples.reduce((s, x) => s + x, 0);
  const r = (x: number): number => round(x, 3);
  return {
    count: samples.length,
    failed,
    p50: r(percentile(samples, 0.5)),
    p90: r(percentile(samples, 0.9)),
    p99: r(percentile(samples, 0.99)),
    max: r(samples.at(-1) ?? Number.NaN),
    mean: r(samples.length > 0 ? sum / samples.length : Number.NaN),
    elapsedMs: r(elapsedMs),
    cutShort: made < options.calls,
    firstError,
  };
}
