import type { KvEntry } from '../../src/protocol/kv.ts';
import type { Settings } from '../config/settings.ts';
import type { Storage } from '../storage/storage.ts';

const long = (key: string, value: number): KvEntry => ({
  key,
  value: { type: 'LONG', value: BigInt(value) },
});
const bool = (key: string, value: boolean): KvEntry => ({ key, value: { type: 'BOOLEAN', value } });

/**
 * Device activity (spec §13): server attributes `active`, `lastConnectTime`, `lastDisconnectTime`,
 * `lastActivityTime`. Activity is kept in memory and written at most once per tick interval.
 */
export class ActivityService {
  readonly #lastActivity = new Map<string, number>();
  readonly #dirty = new Set<string>();
  readonly #active = new Set<string>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly storage: Storage,
    private readonly settings: () => Settings,
    tickMs = 1000,
  ) {
    this.reload();
    this.#timer = setInterval(() => void this.flush(), tickMs);
    this.#timer.unref();
  }

  /** Forgets what is in memory and reads the last activity of every device from storage again. */
  reload(): void {
    this.#lastActivity.clear();
    this.#dirty.clear();
    this.#active.clear();
    for (const device of this.storage.devices.list({ limit: Number.MAX_SAFE_INTEGER }).items) {
      const [last] = this.storage.attributes.get(device.id, 'SERVER', ['lastActivityTime']);
      if (last?.value.type === 'LONG') this.#lastActivity.set(device.id, Number(last.value.value));
    }
  }

  lastActivity(deviceId: string): number | null {
    return this.#lastActivity.get(deviceId) ?? null;
  }

  isActive(deviceId: string): boolean {
    return this.#active.has(deviceId);
  }

  async connected(deviceId: string): Promise<void> {
    const now = Date.now();
    this.#lastActivity.set(deviceId, now);
    this.#active.add(deviceId);
    await this.#save(
      deviceId,
      [bool('active', true), long('lastConnectTime', now), long('lastActivityTime', now)],
      now,
    );
  }

  async disconnected(deviceId: string): Promise<void> {
    if (!this.storage.devices.get(deviceId)) return;
    const now = Date.now();
    await this.#save(deviceId, [long('lastDisconnectTime', now)], now);
  }

  touch(deviceId: string): void {
    this.#lastActivity.set(deviceId, Date.now());
    this.#dirty.add(deviceId);
  }

  /** Writes pending activity and turns devices inactive after their inactivity timeout. */
  async flush(): Promise<void> {
    const now = Date.now();
    const writes: Promise<void>[] = [];
    for (const deviceId of this.#dirty) {
      if (!this.storage.devices.get(deviceId)) continue;
      const ts = this.#lastActivity.get(deviceId) ?? now;
      const entries = [long('lastActivityTime', ts)];
      if (!this.#active.has(deviceId)) {
        this.#active.add(deviceId);
        entries.push(bool('active', true));
      }
      writes.push(this.#save(deviceId, entries, now));
    }
    this.#dirty.clear();
    for (const deviceId of this.#active) {
      const last = this.#lastActivity.get(deviceId) ?? 0;
      if (now - last > this.#timeoutOf(deviceId) && this.storage.devices.get(deviceId)) {
        this.#active.delete(deviceId);
        writes.push(this.#save(deviceId, [bool('active', false)], now));
      }
    }
    await Promise.allSettled(writes);
  }

  /**
   * Activity is bookkeeping nobody waits on: a burst of 1,000 CONNECTs sends its attributes to the
   * database together instead of one batch per connect (Storage.inBackground).
   */
  #save(deviceId: string, entries: KvEntry[], ts: number): Promise<void> {
    return this.storage.inBackground(() =>
      this.storage.attributes.save(deviceId, 'SERVER', entries, ts),
    );
  }

  #timeoutOf(deviceId: string): number {
    const [override] = this.storage.attributes.get(deviceId, 'SERVER', ['inactivityTimeout']);
    if (override?.value.type === 'LONG') return Number(override.value.value);
    return this.settings().deviceInactivityTimeoutMs;
  }

  dispose(): void {
    clearInterval(this.#timer);
  }
}
