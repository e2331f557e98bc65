import type { KvEntry } from '../../src/protocol/kv.ts';
import type { Settings } from '../config/settings.ts';
import type { Storage } from '../storage/storage.ts';

import type { AttributeChange } from './attributes-service.ts';

const long = (key: string, value: number): KvEntry => ({
  key,
  value: { type: 'LONG', value: BigInt(value) },
});
const bool = (key: string, value: boolean): KvEntry => ({ key, value: { type: 'BOOLEAN', value } });

/** The per-device server attribute that overrides `deviceInactivityTimeoutMs` (spec §13). */
const OVERRIDE = 'inactivityTimeout';

/**
 * Device activity (spec §13): server attributes `active`, `lastConnectTime`, `lastDisconnectTime`,
 * `lastActivityTime`. Activity is kept in memory and written at most once per tick interval.
 * Each device's `inactivityTimeout` override is kept in memory too (read at load, then followed through
 * `attributeChanged`): the tick visits every active device, and reading an attribute for each of
 * 19,000 of them every second cost the event loop 20–80 ms per tick.
 */
export class ActivityService {
  readonly #lastActivity = new Map<string, number>();
  readonly #dirty = new Set<string>();
  readonly #active = new Set<string>();
  readonly #overrides = new Map<string, number>();
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
    this.#overrides.clear();
    for (const device of this.storage.devices.list({ limit: Number.MAX_SAFE_INTEGER }).items) {
      for (const { key, value } of this.storage.attributes.get(device.id, 'SERVER', [
        'lastActivityTime',
        OVERRIDE,
      ])) {
        if (value.type !== 'LONG') continue;
        if (key === OVERRIDE) this.#overrides.set(device.id, Number(value.value));
        else this.#lastActivity.set(device.id, Number(value.value));
      }
    }
  }

  /** Follows the `inactivityTimeout` override (hub.ts wires AttributesService.onChange here). */
  attributeChanged(change: AttributeChange): void {
    if (change.scope !== 'SERVER') return;
    if (change.kind === 'deleted') {
      if (change.keys.includes(OVERRIDE)) this.#overrides.delete(change.deviceId);
      return;
    }
    const entry = change.entries.find((e) => e.key === OVERRIDE);
    if (!entry) return;
    // as before: only a LONG overrides; another type means the setting applies
    if (entry.value.type === 'LONG')
      this.#overrides.set(change.deviceId, Number(entry.value.value));
    else this.#overrides.delete(change.deviceId);
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
    const fallback = this.settings().deviceInactivityTimeoutMs;
    for (const deviceId of this.#active) {
      const last = this.#lastActivity.get(deviceId) ?? 0;
      const timeout = this.#overrides.get(deviceId) ?? fallback;
      if (now - last > timeout && this.storage.devices.get(deviceId)) {
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

  dispose(): void {
    clearInterval(this.#timer);
  }
}
