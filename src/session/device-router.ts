/**
 * The device side's one inbound router (issue 15 §1): it listens once on the console's session,
 * decodes each message once with the device client's decoder (src/client/device-inbound.ts) into a
 * typed event and hands it to the listeners of that event kind. It also tells when a new connection
 * starts (`connect()` bumps the session's `connectSeq`), so everything scoped by the connection —
 * query keys `['device', connectSeq, …]`, stores, requests in flight — is reset in one place.
 */
import type { DeviceEventKind, DeviceEvents, DeviceInbound } from '@/client/device-events.ts';
import { decodeDeviceMessage } from '@/client/device-inbound.ts';
import type { PortMessage } from '@/client/port.ts';

import type { SessionStore } from './session-store.ts';

/**
 * Gets the typed event and the message it came from: the console's Protobuf mode (a PROTOBUF
 * profile's own schemas, device-api.md §2.3) reads RPC requests from the raw bytes.
 */
export type DeviceRouteListener<K extends DeviceEventKind> = (
  event: DeviceEvents[K],
  message: PortMessage,
) => void;

type AnyListener = (event: DeviceEvents[DeviceEventKind], message: PortMessage) => void;

/** What the router reads of the session: its messages and its store (`connectSeq`). */
export interface RoutedSession {
  onMessage(listener: (message: PortMessage) => void): () => void;
  readonly store: SessionStore;
}

/** Reads one message into its event (default: the client layer's device decoder). */
export type DeviceDecoder = (message: PortMessage) => DeviceInbound | null;

export class DeviceRouter {
  readonly #decode: DeviceDecoder;
  readonly #byKind = new Map<DeviceEventKind, Set<AnyListener>>();
  readonly #onConnect = new Set<(connectSeq: number) => void>();
  readonly #stops: (() => void)[];
  #connectSeq: number;

  /**
   * @param options.decode replaces the default decoder, e.g. with the console's Protobuf mode
   *   (a PROTOBUF profile's own schemas, device-api.md §2.3); it is still called once per message.
   */
  constructor(session: RoutedSession, options: { decode?: DeviceDecoder } = {}) {
    this.#decode = options.decode ?? decodeDeviceMessage;
    this.#connectSeq = session.store.getState().connectSeq;
    this.#stops = [
      session.onMessage((message) => {
        this.#route(message);
      }),
      session.store.subscribe((state) => {
        if (state.connectSeq === this.#connectSeq) return;
        this.#connectSeq = state.connectSeq;
        for (const listener of [...this.#onConnect]) listener(state.connectSeq);
      }),
    ];
  }

  /** The session's current connection (`connectSeq`): the scope of every device query key. */
  get connectSeq(): number {
    return this.#connectSeq;
  }

  /** Calls `listener` for every event of `kind`; returns the function that removes it. */
  on<K extends DeviceEventKind>(kind: K, listener: DeviceRouteListener<K>): () => void {
    let listeners = this.#byKind.get(kind);
    if (listeners === undefined) {
      listeners = new Set();
      this.#byKind.set(kind, listeners);
    }
    // #route hands each listener only events of its own kind
    const entry = listener as AnyListener;
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  /** Calls `listener` with the new `connectSeq` whenever `connect()` starts a new connection. */
  onConnect(listener: (connectSeq: number) => void): () => void {
    this.#onConnect.add(listener);
    return () => {
      this.#onConnect.delete(listener);
    };
  }

  dispose(): void {
    for (const stop of this.#stops) stop();
    this.#byKind.clear();
    this.#onConnect.clear();
  }

  #route(message: PortMessage): void {
    const event = this.#decode(message);
    if (event === null) return;
    const listeners = [...(this.#byKind.get(event.kind) ?? [])];
    // A frame nobody reads in another way is logged and dropped (style.md habit 2).
    if (event.kind === 'badFrame' && listeners.length === 0)
      console.warn(`Dropped a message on ${event.topic}: ${event.error.message}`);
    for (const listener of listeners) {
      try {
        listener(event, message);
      } catch (error) {
        console.error(`A device ${event.kind} listener threw`, error);
      }
    }
  }
}
