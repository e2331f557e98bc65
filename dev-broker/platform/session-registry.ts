import type { DeviceSession } from './device-session.ts';

/** Live sessions, by device (spec §13 "One session per device"). */
export class SessionRegistry {
  readonly #all = new Set<DeviceSession>();
  readonly #byDevice = new Map<string, DeviceSession[]>();

  /** Adds a session and returns the older sessions of the same device that exceed the limit. */
  add(session: DeviceSession, maxPerDevice: number): DeviceSession[] {
    this.#all.add(session);
    const deviceId = session.deviceId;
    if (deviceId === null) return [];
    const list = [...(this.#byDevice.get(deviceId) ?? []), session];
    const excess = list.length > maxPerDevice ? list.slice(0, list.length - maxPerDevice) : [];
    this.#byDevice.set(deviceId, list.slice(excess.length));
    return excess;
  }

  remove(session: DeviceSession): void {
    this.#all.delete(session);
    const deviceId = session.deviceId;
    if (deviceId === null) return;
    const list = (this.#byDevice.get(deviceId) ?? []).filter((s) => s !== session);
    if (list.length === 0) this.#byDevice.delete(deviceId);
    else this.#byDevice.set(deviceId, list);
  }

  forDevice(deviceId: string): readonly DeviceSession[] {
    return this.#byDevice.get(deviceId) ?? [];
  }

  isOnline(deviceId: string): boolean {
    return this.#byDevice.has(deviceId);
  }

  all(): DeviceSession[] {
    return [...this.#all];
  }
}
