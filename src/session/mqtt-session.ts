import { Correlator } from '@/client/correlator.ts';
import type { SubscribingPort } from '@/client/port.ts';

import { afterClose, afterRefusal } from './attempt-end.ts';
import type { AttemptEnd } from './attempt-end.ts';
import { describeNotConnected } from './connack-messages.ts';
import { connectIdentity, sameOriginBrokerUrl } from './credentials.ts';
import { InflightPublishes } from './inflight-publishes.ts';
import { openMqttTransport } from './mqtt-transport.ts';
import { createPacketLogStore } from './packet-log-store.ts';
import type { PacketLogStore } from './packet-log-store.ts';
import { createPacketRecorder } from './packet-recorder.ts';
import { DEFAULT_RECONNECT_POLICY } from './reconnect-policy.ts';
import { RetryTimer } from './retry-timer.ts';
import type {
  ConnectOptions,
  InboundMessage,
  MqttSessionOptions,
  PublishOptions,
  PublishResult,
  RequestOptions,
  RequestResult,
} from './session-api.ts';
import { createSessionStore } from './session-store.ts';
import type { SessionStore } from './session-store.ts';
import { SubscriptionBook } from './subscription-book.ts';
import type { OpenTransport, Transport } from './transport.ts';

export type * from './session-api.ts';

const utf8 = new TextDecoder();

function randomClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
  return `iothub-console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

/**
 * The one MQTT connection of the console. It lives outside React (style.md habit 3): create it once
 * (see src/main.tsx), hand it to `SessionProvider`, and read {@link MqttSession.store} and
 * {@link MqttSession.packetLog} through selectors. It retries network failures and passing refusals
 * with capped, jittered back-off for as long as it lives (`retryNow()` skips the wait), stops on a
 * refusal that retrying cannot change (bad credentials), and subscribes again to every remembered
 * filter after each reconnect. The credentials stay in memory only, for the next reconnect.
 */
export class MqttSession implements SubscribingPort {
  /** Status, client id, subscriptions and last error. Only the session writes it. */
  readonly store: SessionStore;
  /** Every packet in and out (ring buffer). */
  readonly packetLog: PacketLogStore;
  readonly #openTransport: OpenTransport;
  readonly #retries: RetryTimer;
  readonly #connectTimeoutMs: number;
  readonly #createClientId: () => string;
  /** Requests waiting for their answer, by response topic (`request()`). */
  readonly #requests = new Correlator<string, InboundMessage>({
    timeoutMs: 10_000,
    timeoutError: (topic, ms) =>
      new Error(`No response on ${topic} within ${String(Math.round(ms / 100) / 10)} s.`, {
        cause: topic,
      }),
  });
  readonly #listeners = new Set<(message: InboundMessage) => void>();
  readonly #inflight = new InflightPublishes();
  readonly #subscriptions: SubscriptionBook;
  #target:
    (Required<Omit<ConnectOptions, 'credentials'>> & ReturnType<typeof connectIdentity>) | null =
    null;
  #transport: Transport | null = null;
  /** Bumped on every attempt and stop, so callbacks of an older attempt are ignored. */
  #generation = 0;
  /** The current `connect()` target was accepted at least once: a later refusal is of a re-login. */
  #wasConnected = false;
  /** A drop blamed on a user's publish: kept as `lastError` after the reconnect too. */
  #dropNote: string | null = null;
  #nextRequestId = 1;
  #disposed = false;

  constructor(options: MqttSessionOptions = {}) {
    this.#openTransport = options.openTransport ?? openMqttTransport;
    this.#retries = new RetryTimer({ ...DEFAULT_RECONNECT_POLICY, ...options.reconnect });
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#createClientId = options.createClientId ?? randomClientId;
    this.store = createSessionStore();
    this.packetLog = options.packetLog ?? createPacketLogStore();
    this.#subscriptions = new SubscriptionBook((subscriptions) => {
      this.store.setState({ subscriptions });
    });
  }

  /**
   * Starts connecting (status `connecting`), ending any current connection first. Forgets the
   * subscriptions of the previous connection (the credentials, and so the role, may differ).
   */
  connect(options: ConnectOptions): void {
    if (this.#disposed) throw new Error('MqttSession: connect() after dispose()');
    this.#settleEverything('The console started a new connection.');
    void this.#stop()?.end();
    this.#subscriptions.forgetAll();
    const identity = connectIdentity(options.credentials, this.#createClientId());
    const url = options.url ?? sameOriginBrokerUrl();
    this.#target = { url, protocolVersion: options.protocolVersion, ...identity };
    this.#retries.reset();
    this.#wasConnected = false;
    this.#dropNote = null;
    this.store.setState((state) => ({
      status: 'connecting',
      lastError: null,
      clientId: identity.clientId,
      brokerUrl: url,
      protocolVersion: options.protocolVersion,
      credentialKind: identity.kind,
      username: identity.username,
      connectSeq: state.connectSeq + 1,
      reconnectAttempt: 0,
      retryAt: null,
    }));
    this.#openAttempt();
  }

  /** Sends DISCONNECT, stops retrying, forgets filters and credentials; status `closed`. */
  async disconnect(): Promise<void> {
    this.#settleEverything('The console disconnected.');
    const transport = this.#stop();
    this.#target = null;
    this.#dropNote = null;
    this.#subscriptions.forgetAll();
    if (this.store.getState().status !== 'idle') {
      this.store.setState({ status: 'closed', reconnectAttempt: 0, retryAt: null });
    }
    await transport?.end();
  }

  /**
   * While `reconnecting` and waiting for the next retry: tries at once (the **Retry now** button).
   * Returns false when there is nothing to retry (connected, refused, closed, or an attempt is on
   * its way already).
   */
  retryNow(): boolean {
    return this.store.getState().status === 'reconnecting' && this.#retries.fire();
  }

  /** Ends everything for good (HMR dispose, tests). Later `connect()` calls throw. */
  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
    this.disconnect().catch(() => undefined);
  }

  /**
   * Publishes once. Resolves on PUBACK (QoS 1) with the publish→PUBACK latency, or once written (QoS 0,
   * `latencyMs` null). An MQTT 5 PUBACK failure code (0x90, 0x99) resolves with `reasonCode`. Rejects
   * with a plain-words Error when not connected or when the connection closes before the PUBACK.
   */
  publish(
    topic: string,
    payload: string | Uint8Array,
    opts: PublishOptions = {},
  ): Promise<PublishResult> {
    const qos = opts.qos ?? 0;
    const transport = this.#connectedTransport();
    if (transport === null)
      return Promise.reject(new Error(describeNotConnected(`publish to ${topic}`)));
    const sentAt = performance.now();
    return new Promise<PublishResult>((resolve, reject) => {
      const settle = this.#inflight.add(topic, qos, sentAt, reject);
      transport.publish(topic, payload, qos).then(
        ({ reasonCode }) => {
          if (!settle()) return;
          const latencyMs = qos === 0 ? null : elapsed(sentAt);
          resolve(reasonCode === undefined ? { latencyMs } : { latencyMs, reasonCode });
        },
        (error: unknown) => {
          if (!settle()) return;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /**
   * Subscribes and remembers the filters: after every automatic reconnect the session subscribes
   * to them again. Resolves with the SUBACK codes in the order of `filters` (0x80 and up: refused).
   * Filters already granted or being subscribed on this connection at the same QoS are not sent
   * again: the call waits for their SUBACK instead.
   * Rejects when not connected; `connect()` and `disconnect()` forget all filters.
   */
  async subscribe(filters: Readonly<Record<string, 0 | 1>>): Promise<number[]> {
    const transport = this.#connectedTransport();
    const names = Object.keys(filters);
    if (transport === null)
      throw new Error(describeNotConnected(`subscribe to ${names.join(', ')}`));
    const known = this.#subscriptions.grantedFor(filters);
    if (known !== null) return known;
    const unsent = this.#subscriptions.unsent(filters);
    const sending = Object.keys(unsent);
    if (sending.length > 0) {
      this.#subscriptions.remember(unsent);
      const generation = this.#generation;
      const codes = transport.subscribe(unsent).then((granted) => {
        if (generation === this.#generation) this.#subscriptions.granted(sending, granted);
        return granted;
      });
      this.#subscriptions.sending(sending, codes);
      await codes;
    }
    return Promise.all(names.map((filter) => this.#subscriptions.codeFor(filter)));
  }

  /** Forgets the filters and sends UNSUBSCRIBE when connected. */
  async unsubscribe(filters: readonly string[]): Promise<void> {
    this.#subscriptions.forget(filters);
    const transport = this.#connectedTransport();
    if (transport !== null) await transport.unsubscribe(filters);
  }

  /** Calls `listener` for every inbound PUBLISH; returns the function that removes it. */
  onMessage(listener: (message: InboundMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** A fresh request id for `…/request/{id}` topics (1, 2, 3, … per session). */
  nextRequestId(): number {
    return this.#nextRequestId++;
  }

  /**
   * Publishes a request and waits for the first message on `responseTopic` (style.md habit 4:
   * correlation, timeout, cleanup). Rejects on timeout, publish failure, disconnect or dispose.
   */
  async request(options: RequestOptions): Promise<RequestResult> {
    const startedAt = performance.now();
    const answer = this.#requests.wait(options.responseTopic, options.timeoutMs);
    let publish: PublishResult;
    try {
      publish = await this.publish(options.topic, options.payload, { qos: options.qos ?? 1 });
    } catch (error) {
      this.#requests.reject(
        options.responseTopic,
        error instanceof Error ? error : new Error(String(error)),
      );
      await answer.catch(() => undefined);
      throw error;
    }
    const message = await answer;
    return { message, latencyMs: elapsed(startedAt), publish };
  }

  #connectedTransport(): Transport | null {
    return this.store.getState().status === 'connected' ? this.#transport : null;
  }

  #settleEverything(reason: string): void {
    this.#requests.rejectAll(reason);
    this.#inflight.rejectAll();
  }

  #stop(): Transport | null {
    this.#generation += 1;
    this.#retries.cancel();
    const transport = this.#transport;
    this.#transport = null;
    return transport;
  }

  #deliver(topic: string, payload: Uint8Array, qos: number): void {
    const message: InboundMessage = {
      topic,
      payload,
      text: utf8.decode(payload),
      qos,
      receivedAt: Date.now(),
    };
    this.#requests.resolve(topic, message);
    for (const listener of this.#listeners) {
      try {
        listener(message);
      } catch (error) {
        // One panel's bug must not stop the others from seeing the message.
        console.error('MqttSession: a message listener threw', error);
      }
    }
  }

  /** After a reconnect: subscribes again to every remembered filter no panel has re-sent yet. */
  #resubscribe(transport: Transport, generation: number): void {
    const filters = this.#subscriptions.unsent(this.#subscriptions.all());
    const names = Object.keys(filters);
    if (names.length === 0) return;
    const codes = transport.subscribe(filters).then((granted) => {
      if (generation === this.#generation) this.#subscriptions.granted(names, granted);
      return granted;
    });
    this.#subscriptions.sending(names, codes);
    codes.catch(() => undefined); // the connection went again; the next reconnect retries
  }

  #openAttempt(): void {
    const target = this.#target;
    if (target === null) return;
    const generation = ++this.#generation;
    const isCurrent = () => generation === this.#generation;
    const recorder = createPacketRecorder(this.packetLog);
    // An object, not `let`s: the handlers below may run before `open` returns.
    const attempt = { connected: false, finished: false };
    const transport = this.#openTransport(
      {
        url: target.url,
        protocolVersion: target.protocolVersion,
        clientId: target.clientId,
        username: target.username,
        ...(target.password === undefined ? {} : { password: target.password }),
        connectTimeoutMs: this.#connectTimeoutMs,
      },
      {
        connected: () => {
          if (!isCurrent()) return;
          attempt.connected = true;
          this.#retries.reset();
          this.#wasConnected = true;
          const lastError = this.#dropNote;
          this.#dropNote = null;
          this.store.setState({
            status: 'connected',
            lastError,
            reconnectAttempt: 0,
            retryAt: null,
          });
          // On a microtask: a transport may call back before `open` has returned it.
          queueMicrotask(() => {
            if (isCurrent() && this.#transport !== null)
              this.#resubscribe(this.#transport, generation);
          });
        },
        refused: (code) => {
          if (!isCurrent()) return;
          attempt.finished = true;
          this.#transport = null;
          this.#ended(recorder, afterRefusal(code, target, this.#wasConnected));
        },
        closed: (disconnectReason) => {
          if (!isCurrent()) return;
          attempt.finished = true;
          this.#transport = null;
          this.#subscriptions.connectionLost();
          const culprit = attempt.connected ? this.#inflight.culprit(performance.now()) : null;
          this.#inflight.rejectAll();
          this.#inflight.resetLast();
          this.#ended(recorder, afterClose(target, attempt.connected, culprit, disconnectReason));
        },
        message: (topic, payload, qos) => {
          if (isCurrent()) this.#deliver(topic, payload, qos);
        },
        packet: (direction, packet) => {
          if (isCurrent()) recorder.record(direction, packet);
        },
      },
    );
    if (isCurrent() && !attempt.finished) this.#transport = transport;
  }

  /** An attempt ended: log why, then retry or stop (attempt-end.ts decides). */
  #ended(recorder: { recordClose(reason: string): void }, end: AttemptEnd): void {
    recorder.recordClose(end.reason);
    if (end.retry && end.blamed) this.#dropNote = end.reason;
    if (!end.retry || end.blamed) this.#requests.rejectAll(end.reason);
    if (end.retry) {
      this.#retry(end.reason);
      return;
    }
    this.store.setState({
      status: end.ended === true ? 'closed' : 'error',
      lastError: end.reason,
      reconnectAttempt: 0,
      retryAt: null,
    });
  }

  /** Schedules the next attempt: never gives up (ADR 0003); `retryNow()` cuts the wait short. */
  #retry(reason: string): void {
    const { attempt, retryAt } = this.#retries.schedule(() => {
      this.store.setState({ retryAt: null });
      this.#openAttempt();
    });
    this.store.setState({
      status: 'reconnecting',
      lastError: reason,
      reconnectAttempt: attempt,
      retryAt,
    });
  }
}
