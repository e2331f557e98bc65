import type { DeviceSession } from './device-session.ts';

/** Live sessions, by device (spec §13 "One session per device"). */
export class SessionRegistry {
  readonly #all = new Set<DeviceSession>();
  readonly #byDevice = new Map<string, DeviceSession[]>();
  readonly #operators = new Set<DeviceSession>();
  /** Sub-device id → the gateway session speaking for it (spec §12 "Connected sub-devices"). */
  readonly #viaGateway = new Map<string, DeviceSession>();

  /** Adds a session and returns the older sessions of the same device that exceed the limit. */
  add(session: DeviceSession, maxPerDevice: number): DeviceSession[] {
    this.#all.add(session);
    if (session.principal.kind === 'operator') this.#operators.add(session);
    const deviceId = session.deviceId;
    if (deviceId === null) return [];
    const list = [...(this.#byDevice.get(deviceId) ?? []), session];
    const excess = list.length > maxPerDevice ? list.slice(0, list.length - maxPerDevice) : [];
    this.#byDevice.set(deviceId, list.slice(excess.length));
    return excess;
  }

  remove(session: DeviceSession): void {
    this.#all.delete(session);
    this.#operators.delete(session);
    for (const [deviceId, gateway] of this.#viaGateway)
      if (gateway === session) this.#viaGateway.delete(deviceId);
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
    return this.#byDevice.has(deviceId) || this.#viaGateway.has(deviceId);
  }

  /** Marks a sub-device connected through a gateway session; returns true when it was not already. */
  attachSubDevice(deviceId: string, gateway: DeviceSession): boolean {
    const was = this.#viaGateway.get(deviceId);
    this.#viaGateway.set(deviceId, gateway);
    return was !== gateway;
  }

  detachSubDevice(deviceId: string, gateway: DeviceSession): void {
    if (this.#viaGateway.get(deviceId) === gateway) this.#viaGateway.delete(deviceId);
  }

  /** The gateway session a connected sub-device is reached through, if any. */
  gatewayFor(deviceId: string): DeviceSession | undefined {
    const gateway = this.#viaGateway.get(deviceId);
    return gateway && !gateway.closed ? gateway : undefined;
  }

  /** Sub-devices currently connected through this gateway session. */
  subDevicesOf(gateway: DeviceSession): string[] {
    return [...this.#viaGateway].filter(([, g]) => g === gateway).map(([id]) => id);
  }

  /** Live operator sessions (the operator API's event bridge reads this on every event). */
  operators(): ReadonlySet<DeviceSession> {
    return this.#operators;
  }

  all(): DeviceSession[] {
    return [...this.#all];
  }
}
