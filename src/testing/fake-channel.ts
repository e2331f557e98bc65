import type {
  ChannelMessage,
  ChannelQos,
  LiveChannel,
  PublishOutcome,
} from '@/lib/device-channel.ts';
import { createSessionStore } from '@/session/session-store.ts';
import type { SessionStatus } from '@/session/session-store.ts';

/** One publish the code under test made. */
export interface FakePublish {
  topic: string;
  payload: string | Uint8Array;
  text: string;
  qos: ChannelQos;
}

/** Answers a publish: by default it resolves with a 1 ms PUBACK. Throw to reject it. */
export type FakeResponder = (publish: FakePublish, channel: FakeChannel) => void;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * An in-memory {@link LiveChannel} for unit tests of features: records publishes and subscriptions,
 * lets the test deliver inbound messages, and can answer publishes like a broker would.
 */
export class FakeChannel implements LiveChannel {
  readonly store = createSessionStore(0);
  readonly published: FakePublish[] = [];
  readonly subscribed: Record<string, ChannelQos>[] = [];
  readonly unsubscribed: string[][] = [];
  /** Granted QoS per filter; default the requested QoS. */
  grant: (filter: string, qos: ChannelQos) => number = (_filter, qos) => qos;
  respond: FakeResponder = () => undefined;
  readonly #listeners = new Set<(message: ChannelMessage) => void>();
  #nextRequestId = 1;

  constructor(status: SessionStatus = 'connected') {
    this.store.setState({ status });
  }

  setStatus(status: SessionStatus): void {
    this.store.setState({ status });
  }

  publish(
    topic: string,
    payload: string | Uint8Array,
    opts: { qos?: ChannelQos } = {},
  ): Promise<PublishOutcome> {
    if (this.store.getState().status !== 'connected') {
      return Promise.reject(new Error('Not connected: connect first.'));
    }
    const text = typeof payload === 'string' ? payload : decoder.decode(payload);
    const publish: FakePublish = { topic, payload, text, qos: opts.qos ?? 0 };
    this.published.push(publish);
    try {
      this.respond(publish, this);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve({ latencyMs: publish.qos === 1 ? 1 : null });
  }

  /** Remembers the filters in the store's `subscriptions`, as `MqttSession` does. */
  subscribe(filters: Record<string, ChannelQos>): Promise<number[]> {
    if (this.store.getState().status !== 'connected') {
      return Promise.reject(new Error('Not connected: connect first.'));
    }
    this.subscribed.push(filters);
    const codes = Object.entries(filters).map(([f, q]) => this.grant(f, q));
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

  /** A new `connect()`: the session forgets its subscriptions. */
  reconnectFresh(): void {
    this.store.setState({ status: 'connecting', subscriptions: {} });
    this.store.setState({ status: 'connected' });
  }

  onMessage(listener: (message: ChannelMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Delivers an inbound PUBLISH to every listener, synchronously. */
  deliver(topic: string, payload: string | Uint8Array): void {
    const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
    const message: ChannelMessage = {
      topic,
      payload: bytes,
      text: decoder.decode(bytes),
      receivedAt: Date.now(),
    };
    for (const listener of [...this.#listeners]) listener(message);
  }

  /** Publishes on `topic`, as text. */
  texts(topic: string): string[] {
    return this.published.filter((p) => p.topic === topic).map((p) => p.text);
  }
}
