import type { PublishOutcome, Qos } from '@/client/port.ts';
import { FakePort } from '@/client/testing/fake-port.ts';
import type { LiveChannel } from '@/lib/device-channel.ts';
import type { DeviceSide } from '@/lib/device-side.ts';
import { DeviceRouter, type DeviceDecoder } from '@/session/device-router.ts';
import { createSessionStore } from '@/session/session-store.ts';
import type { SessionStatus } from '@/session/session-store.ts';

export type { FakePublish } from '@/client/testing/fake-port.ts';

/**
 * An in-memory {@link LiveChannel} for unit tests of features: the client layer's {@link FakePort}
 * (records publishes and subscriptions, delivers inbound messages, answers publishes through
 * `respond`) plus the session's store, status and request ids.
 */
export class FakeChannel extends FakePort implements LiveChannel {
  readonly store = createSessionStore();
  readonly unsubscribed: string[][] = [];
  #nextRequestId = 1;

  constructor(status: SessionStatus = 'connected') {
    super();
    this.store.setState({ status });
  }

  setStatus(status: SessionStatus): void {
    this.store.setState({ status });
  }

  override publish(
    topic: string,
    payload: string | Uint8Array,
    opts: { qos?: Qos } = {},
  ): Promise<PublishOutcome> {
    if (this.store.getState().status !== 'connected') {
      return Promise.reject(new Error('Not connected: connect first.'));
    }
    return super.publish(topic, payload, opts);
  }

  /** Remembers the filters in the store's `subscriptions`, as `MqttSession` does. */
  override subscribe(filters: Readonly<Record<string, Qos>>): Promise<number[]> {
    if (this.store.getState().status !== 'connected') {
      return Promise.reject(new Error('Not connected: connect first.'));
    }
    const codes = this.recordSubscribe(filters);
    const added = Object.fromEntries(
      Object.entries(filters).map(([f, qos], i) => [f, { qos, granted: codes[i] ?? null }]),
    );
    this.store.setState((s) => ({ subscriptions: { ...s.subscriptions, ...added } }));
    return Promise.resolve(codes);
  }

  unsubscribe(filters: string[]): Promise<void> {
    this.unsubscribed.push(filters);
    this.store.setState((s) => ({
      subscriptions: Object.fromEntries(
        Object.entries(s.subscriptions).filter(([f]) => !filters.includes(f)),
      ),
    }));
    return Promise.resolve();
  }

  nextRequestId(): number {
    return this.#nextRequestId++;
  }

  /** A new `connect()`: a new connection (`connectSeq`) that forgets the subscriptions. */
  reconnectFresh(): void {
    this.store.setState((s) => ({
      status: 'connecting',
      subscriptions: {},
      connectSeq: s.connectSeq + 1,
    }));
    this.store.setState({ status: 'connected' });
  }
}

/** A {@link FakeChannel} with the device side's router over it, as app/device-parts.ts wires it. */
export function fakeDeviceSide(
  channel: FakeChannel = new FakeChannel(),
  decode?: DeviceDecoder,
): DeviceSide & { channel: FakeChannel } {
  return { channel, router: new DeviceRouter(channel, decode === undefined ? {} : { decode }) };
}
