import type { PortMessage, PublishOutcome, Qos, SubscribingPort } from '../port.ts';
import { utf8Bytes, utf8Text } from '../runtime.ts';

/** One publish the code under test made. */
export interface FakePublish {
  topic: string;
  payload: string | Uint8Array;
  text: string;
  qos: Qos;
}

/**
 * Answers a publish like a broker would (deliver a response, throw to reject the publish). Runs
 * before the publish resolves; a response it delivers synchronously reaches listeners at once.
 */
export type FakeResponder<P extends FakePort> = (publish: FakePublish, port: P) => void;

/**
 * An in-memory {@link SubscribingPort} for unit tests: records publishes and subscriptions, lets the
 * test deliver inbound messages, and can answer publishes through `respond`. A QoS 1 publish resolves
 * with a 1 ms PUBACK unless `ackReasonCode` is set.
 */
export class FakePort implements SubscribingPort {
  readonly published: FakePublish[] = [];
  readonly subscribed: Record<string, Qos>[] = [];
  /** Granted code per filter; default the requested QoS. */
  grant: (filter: string, qos: Qos) => number = (_filter, qos) => qos;
  respond: FakeResponder<this> = () => undefined;
  /** MQTT 5 PUBACK reason code of every QoS 1 publish (e.g. 0x99); none by default. */
  ackReasonCode: number | undefined = undefined;
  /** QoS 1 publishes never get their PUBACK (a broker that dropped it). */
  holdAcks = false;
  readonly #listeners = new Set<(message: PortMessage) => void>();

  publish(
    topic: string,
    payload: string | Uint8Array,
    options: { qos?: Qos } = {},
  ): Promise<PublishOutcome> {
    const text = typeof payload === 'string' ? payload : utf8Text(payload);
    const publish: FakePublish = { topic, payload, text, qos: options.qos ?? 0 };
    this.published.push(publish);
    try {
      this.respond(publish, this);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (publish.qos === 0) return Promise.resolve({ latencyMs: null });
    if (this.holdAcks) return new Promise<never>(() => undefined);
    return Promise.resolve(
      this.ackReasonCode === undefined
        ? { latencyMs: 1 }
        : { latencyMs: 1, reasonCode: this.ackReasonCode },
    );
  }

  subscribe(filters: Readonly<Record<string, Qos>>): Promise<number[]> {
    return Promise.resolve(this.recordSubscribe(filters));
  }

  /** Records a SUBSCRIBE and returns its SUBACK codes, synchronously. */
  protected recordSubscribe(filters: Readonly<Record<string, Qos>>): number[] {
    this.subscribed.push({ ...filters });
    return Object.entries(filters).map(([f, q]) => this.grant(f, q));
  }

  onMessage(listener: (message: PortMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** How many listeners are attached (a disposed client leaves none). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Delivers an inbound PUBLISH to every listener, synchronously. */
  deliver(topic: string, payload: string | Uint8Array): void {
    const bytes = typeof payload === 'string' ? utf8Bytes(payload) : payload;
    const message: PortMessage = {
      topic,
      payload: bytes,
      text: utf8Text(bytes),
      receivedAt: Date.now(),
    };
    for (const listener of [...this.#listeners]) listener(message);
  }

  /** Texts published on `topic`. */
  texts(topic: string): string[] {
    return this.published.filter((p) => p.topic === topic).map((p) => p.text);
  }

  /** Every filter subscribed so far. */
  filters(): string[] {
    return this.subscribed.flatMap((f) => Object.keys(f));
  }
}
