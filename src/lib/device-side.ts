import type { DeviceRouter } from '@/session/device-router.ts';

import type { LiveChannel } from './device-channel.ts';

/** What every part of the device side is built over: the app's session and its inbound router. */
export interface DeviceSide {
  channel: LiveChannel;
  router: DeviceRouter;
}

/**
 * One per-session part of the device side (the RPC responder, the client RPC caller, the session
 * limits, …): its name and how to make it over the {@link DeviceSide}. A part listens through the
 * router (`router.on`), and resets what it keeps per connection on `router.onConnect`.
 */
export interface DevicePart<T> {
  readonly name: string;
  readonly create: (side: DeviceSide) => T;
}

export const devicePart = <T>(name: string, create: (side: DeviceSide) => T): DevicePart<T> => ({
  name,
  create,
});

const disposeOf = (value: unknown): (() => void) | null =>
  typeof value === 'object' &&
  value !== null &&
  'dispose' in value &&
  typeof value.dispose === 'function'
    ? () => {
        (value as { dispose: () => void }).dispose();
      }
    : null;

/**
 * The parts of one device side, owned by app/device-parts.ts (the one place they are created,
 * issue 15 §1) and disposed with it; features read them with `useDevicePart(part)`.
 */
export class DevicePartSet {
  readonly #made = new Map<DevicePart<unknown>, unknown>();

  constructor(readonly side: DeviceSide) {}

  /** Creates the parts now (the app does so for all of them when it starts). */
  install(parts: readonly DevicePart<unknown>[]): void {
    for (const part of parts) this.get(part);
  }

  /** The part, created over this side on first use (unit tests install only what they render). */
  get<T>(part: DevicePart<T>): T {
    if (!this.#made.has(part)) this.#made.set(part, part.create(this.side));
    return this.#made.get(part) as T;
  }

  dispose(): void {
    for (const value of this.#made.values()) disposeOf(value)?.();
    this.#made.clear();
  }
}
