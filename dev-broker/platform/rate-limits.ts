import type { Settings } from '../config/settings.ts';

/** One "cap:seconds" window: at most `cap` units per `seconds` (spec §13 rate-limit format). */
interface Window {
  cap: number;
  ms: number;
  start: number;
  used: number;
}

/** Parses "20:600,100:3600" into fixed windows. */
export function parseRateLimit(spec: string): Window[] {
  return spec.split(',').map((part) => {
    const [cap, seconds] = part.split(':').map(Number);
    return { cap: cap ?? 0, ms: (seconds ?? 0) * 1000, start: 0, used: 0 };
  });
}

/** A set of windows; `take(n)` is false once any window would exceed its cap. */
class Limit {
  constructor(private readonly windows: Window[]) {}

  take(n: number, now: number): boolean {
    for (const w of this.windows) {
      if (now - w.start >= w.ms) {
        w.start = now;
        w.used = 0;
      }
      if (w.used + n > w.cap) return false;
    }
    for (const w of this.windows) w.used += n;
    return true;
  }
}

export type LimitName = 'messages' | 'telemetryMessages' | 'telemetryDataPoints';

/**
 * Optional per-device rate limits (spec §13, off by default). A device exceeding one is disconnected by
 * the caller. Gateways use the `gateway*` variants.
 */
export class RateLimiter {
  readonly #perDevice = new Map<string, Map<LimitName, Limit | null>>();

  constructor(private readonly settings: () => Settings) {}

  /** Counts `n` units against the device's limit; returns the exceeded limit's description, or null. */
  take(
    deviceId: string,
    gateway: boolean,
    name: LimitName,
    n: number,
    now = Date.now(),
  ): string | null {
    let limits = this.#perDevice.get(deviceId);
    if (!limits) this.#perDevice.set(deviceId, (limits = new Map<LimitName, Limit | null>()));
    let limit = limits.get(name);
    if (limit === undefined) {
      const spec = this.#specOf(gateway, name);
      limit = spec ? new Limit(parseRateLimit(spec)) : null;
      limits.set(name, limit);
    }
    if (!limit || limit.take(n, now)) return null;
    return `${gateway ? 'gateway ' : ''}${name} rate limit "${this.#specOf(gateway, name) ?? ''}" exceeded`;
  }

  forget(deviceId: string): void {
    this.#perDevice.delete(deviceId);
  }

  /** Forgets every device's counts (reset, restore). */
  forgetAll(): void {
    this.#perDevice.clear();
  }

  #specOf(gateway: boolean, name: LimitName): string | undefined {
    const r = this.settings().rateLimits;
    if (!gateway) return r[name];
    return name === 'messages'
      ? r.gatewayMessages
      : name === 'telemetryMessages'
        ? r.gatewayTelemetryMessages
        : r.gatewayTelemetryDataPoints;
  }
}
