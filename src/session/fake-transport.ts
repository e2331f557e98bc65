import type {
  OpenTransport,
  TransportHandlers,
  TransportOptions,
  WirePacket,
} from './transport.ts';

/** How the fake broker answers one connection attempt. */
export type FakeOutcome =
  | { kind: 'accept' }
  | { kind: 'refuse'; code: number }
  | { kind: 'unreachable' }
  /** Leaves the attempt waiting, as a broker that has not answered yet. */
  | { kind: 'hang' };

/** How the fake broker answers a publish. */
export type FakePublishOutcome =
  /** PUBACK (QoS 1), with an MQTT 5 reason code when given. */
  | { kind: 'ack'; reasonCode?: number }
  /** No PUBACK; the broker closes the connection, as it does for an invalid payload (spec §4). */
  | { kind: 'close' }
  /** No PUBACK, connection stays open. */
  | { kind: 'hang' };

/** One publish the session sent through the fake. */
export interface FakePublish {
  topic: string;
  payload: string | Uint8Array;
  qos: 0 | 1;
}

interface LiveAttempt {
  options: TransportOptions;
  handlers: TransportHandlers;
  ended: boolean;
  nextId: number;
}

const later = (run: () => void) => {
  queueMicrotask(run);
};

/**
 * In-memory stand-in for MQTT.js, for component and session tests: pass {@link FakeTransport.open}
 * as the session's `openTransport` and script the answers. Callbacks run on a microtask, as real
 * I/O would, and every packet is reported to the session's packet log as MQTT.js would.
 */
export class FakeTransport {
  /** Every attempt opened, in order. */
  readonly attempts: TransportOptions[] = [];
  /** Attempts the session ended (disconnect or replace). */
  readonly ended: TransportOptions[] = [];
  /** Every publish sent, in order. */
  readonly published: FakePublish[] = [];
  /** Every SUBSCRIBE sent, in order. */
  readonly subscribed: Record<string, 0 | 1>[] = [];
  #answer: (options: TransportOptions) => FakeOutcome = () => ({ kind: 'accept' });
  #publishAnswer: (publish: FakePublish) => FakePublishOutcome = () => ({ kind: 'ack' });
  #subscribeAnswer: (filter: string, qos: 0 | 1) => number = (_filter, qos) => qos;
  readonly #live = new Set<LiveAttempt>();

  /** Sets how later attempts are answered. */
  answer(answer: (options: TransportOptions) => FakeOutcome): void {
    this.#answer = answer;
  }

  /** Sets how later publishes are answered (default: acknowledged). */
  answerPublish(answer: (publish: FakePublish) => FakePublishOutcome): void {
    this.#publishAnswer = answer;
  }

  /** Sets the SUBACK code of each filter (default: the requested QoS). */
  answerSubscribe(answer: (filter: string, qos: 0 | 1) => number): void {
    this.#subscribeAnswer = answer;
  }

  readonly open: OpenTransport = (options, handlers) => {
    this.attempts.push(options);
    const attempt: LiveAttempt = { options, handlers, ended: false, nextId: 1 };
    const outcome = this.#answer(options);
    const packet = (direction: 'in' | 'out', p: WirePacket) => {
      if (!attempt.ended) handlers.packet(direction, p);
    };
    packet('out', { cmd: 'connect' });
    later(() => {
      if (attempt.ended) return;
      switch (outcome.kind) {
        case 'accept':
          this.#live.add(attempt);
          packet('in', { cmd: 'connack', returnCode: 0 });
          handlers.connected();
          break;
        case 'refuse':
          packet('in', { cmd: 'connack', returnCode: outcome.code });
          handlers.refused(outcome.code);
          break;
        case 'unreachable':
          handlers.closed();
          break;
        case 'hang':
          this.#live.add(attempt);
          break;
      }
    });
    return {
      publish: (topic, payload, qos) => {
        const messageId = qos === 1 ? attempt.nextId++ : 0;
        packet('out', { cmd: 'publish', topic, payload, qos, messageId });
        const sent = { topic, payload, qos };
        this.published.push(sent);
        const answer = this.#publishAnswer(sent);
        if (answer.kind === 'close') {
          later(() => {
            this.#drop(attempt);
          });
          return new Promise(() => undefined);
        }
        if (qos === 0) return Promise.resolve({});
        if (answer.kind === 'hang') return new Promise(() => undefined);
        return new Promise((resolve) => {
          later(() => {
            packet('in', { cmd: 'puback', messageId, reasonCode: answer.reasonCode ?? 0 });
            resolve(answer.reasonCode === undefined ? {} : { reasonCode: answer.reasonCode });
          });
        });
      },
      subscribe: (filters) => {
        this.subscribed.push({ ...filters });
        const messageId = attempt.nextId++;
        const entries = Object.entries(filters);
        packet('out', {
          cmd: 'subscribe',
          messageId,
          subscriptions: entries.map(([topic, qos]) => ({ topic, qos })),
        });
        const codes = entries.map(([filter, qos]) => this.#subscribeAnswer(filter, qos));
        return new Promise((resolve) => {
          later(() => {
            packet('in', { cmd: 'suback', messageId, granted: codes });
            resolve(codes);
          });
        });
      },
      unsubscribe: (filters) => {
        const messageId = attempt.nextId++;
        packet('out', { cmd: 'unsubscribe', messageId, unsubscriptions: filters });
        return new Promise((resolve) => {
          later(() => {
            packet('in', { cmd: 'unsuback', messageId });
            resolve();
          });
        });
      },
      end: () => {
        packet('out', { cmd: 'disconnect' });
        attempt.ended = true;
        this.#live.delete(attempt);
        this.ended.push(options);
        return Promise.resolve();
      },
    };
  };

  /** Delivers a broker → device PUBLISH to every open connection. */
  deliver(topic: string, payload: string | Uint8Array, qos = 0): void {
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    for (const attempt of this.#live) {
      attempt.handlers.packet('in', { cmd: 'publish', topic, payload: bytes, qos });
      attempt.handlers.message(topic, bytes, qos);
    }
  }

  /** Cuts every open connection, as a network failure would. */
  dropAll(): void {
    for (const attempt of this.#live) this.#drop(attempt);
  }

  #drop(attempt: LiveAttempt): void {
    if (!this.#live.delete(attempt)) return;
    attempt.handlers.closed();
  }
}
