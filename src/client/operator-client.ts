/**
 * The typed operator API client (docs/operator-api.md, ADR 0004, ADR 0007), used by the console, the
 * `iothub` CLI, the bench, the broker's tests and the e2e fixtures: every method of
 * `src/protocol/operator-api.ts` with its typed params and result, events typed by
 * `src/protocol/operator-events.ts`, failures as {@link OperatorRequestError} with a code.
 */
import {
  operatorResponseSchema,
  type OperatorMethod,
  type OperatorParams,
  type OperatorResult,
} from '../protocol/operator-api.ts';
import type { BrokerEventPayloads, DeviceEventPayloads } from '../protocol/operator-events.ts';
import { parseOperatorEventTopic } from '../protocol/operator-events.ts';
import { OPERATOR_TOPICS, operatorRequestTopic } from '../protocol/operator-topics.ts';

import { Correlator, RequestTimeoutError } from './correlator.ts';
import { OperatorRequestError } from './operator-errors.ts';
import type { PortMessage, Qos, SubscribingPort } from './port.ts';
import { reportListenerError } from './runtime.ts';

export { OperatorRequestError, type OperatorClientErrorCode } from './operator-errors.ts';

/** One device event (`operator/v1/events/{deviceId}/{kind}`). `receivedAt` is Unix ms here. */
export type OperatorEvent = {
  [K in keyof DeviceEventPayloads]: {
    deviceId: string;
    kind: K;
    payload: DeviceEventPayloads[K];
    receivedAt: number;
  };
}[keyof DeviceEventPayloads];

/** One broker-wide event (`operator/v1/events/_broker/{kind}`). */
export type OperatorBrokerEvent = {
  [K in keyof BrokerEventPayloads]: {
    kind: K;
    payload: BrokerEventPayloads[K];
    receivedAt: number;
  };
}[keyof BrokerEventPayloads];

/** What the client reports about each call: once when sent, again when settled. */
export interface OperatorCallTrace {
  id: string;
  method: OperatorMethod;
  params: unknown;
  sentAt: number;
  settledAt?: number;
  ok?: boolean;
  result?: unknown;
}

/** An inbound message the client could not read (reported, never thrown). */
export interface OperatorBadFrame {
  topic: string;
  problem: string;
}

export interface OperatorClientOptions {
  /** Default per-call timeout in ms (10 s). */
  timeoutMs?: number;
  /** Prefix of the request ids (`<prefix>-1`, `<prefix>-2`, …); random by default. */
  idPrefix?: string;
  /** Called for an event or reply that is not JSON; default: ignored. */
  onBadFrame?: (frame: OperatorBadFrame) => void;
}

const randomPrefix = () => Math.random().toString(36).slice(2, 8);

export class OperatorClient {
  readonly #port: SubscribingPort;
  readonly #pending: Correlator<string, string>;
  readonly #events = new Set<(event: OperatorEvent) => void>();
  readonly #brokerEvents = new Set<(event: OperatorBrokerEvent) => void>();
  readonly #traces = new Set<(trace: OperatorCallTrace) => void>();
  readonly #prefix: string;
  readonly #onBadFrame: (frame: OperatorBadFrame) => void;
  readonly #stop: () => void;
  #seq = 0;

  constructor(port: SubscribingPort, options: OperatorClientOptions = {}) {
    this.#port = port;
    this.#pending = new Correlator({
      timeoutMs: options.timeoutMs ?? 10_000,
      timeoutError: (id, ms) =>
        new RequestTimeoutError(`no reply within ${String(ms)} ms.`, { cause: id }),
    });
    this.#prefix = options.idPrefix ?? randomPrefix();
    this.#onBadFrame = options.onBadFrame ?? (() => undefined);
    this.#stop = port.onMessage((message) => {
      this.#onMessage(message);
    });
  }

  /**
   * Calls `method`: publishes `{"method","params"}` at QoS 1 on `operator/v1/request/{id}` and
   * resolves with the typed result from `operator/v1/response/{id}`; rejects with an
   * {@link OperatorRequestError}. Calls run concurrently; replies are matched by id.
   */
  request<M extends OperatorMethod>(
    method: M,
    params?: OperatorParams<M>,
    options: { timeoutMs?: number } = {},
  ): Promise<OperatorResult<M>> {
    const id = `${this.#prefix}-${String(++this.#seq)}`;
    const trace: OperatorCallTrace = { id, method, params, sentAt: Date.now() };
    const body = JSON.stringify(params === undefined ? { method } : { method, params });
    this.#emitTrace(trace);
    const reply = this.#pending.request(id, () => this.#send(method, id, body), options.timeoutMs);
    return reply
      .then(
        (text) => readReply<M>(method, id, text),
        (error: unknown) => {
          throw asRequestError(method, id, error);
        },
      )
      .then(
        (result) => {
          this.#emitTrace({ ...trace, settledAt: Date.now(), ok: true, result });
          return result;
        },
        (error: unknown) => {
          this.#emitTrace({ ...trace, settledAt: Date.now(), ok: false, result: error });
          throw error;
        },
      );
  }

  /**
   * Subscribes to events at QoS 0: every event by default, or the given filters (e.g.
   * `operatorEventTopic(deviceId, '+')`). Resolves with the SUBACK codes.
   */
  subscribeEvents(
    filters: string | readonly string[] = OPERATOR_TOPICS.eventsFilter,
  ): Promise<number[]> {
    const list = typeof filters === 'string' ? [filters] : filters;
    return this.#port.subscribe(Object.fromEntries(list.map((f) => [f, 0])));
  }

  /**
   * Subscribes to the replies (optional: the broker sends them anyway, at QoS 1). At QoS 0 a reply
   * costs the broker one PUBLISH and no PUBACK.
   */
  subscribeResponses(qos: Qos = 0): Promise<number[]> {
    return this.#port.subscribe({ [OPERATOR_TOPICS.responseFilter]: qos });
  }

  /** Calls `listener` for each device event; returns the function that removes it. */
  onEvent(listener: (event: OperatorEvent) => void): () => void {
    return subscribeTo(this.#events, listener);
  }

  /** Calls `listener` for each broker-wide event (auth failures, operator sessions, …). */
  onBrokerEvent(listener: (event: OperatorBrokerEvent) => void): () => void {
    return subscribeTo(this.#brokerEvents, listener);
  }

  /** Calls `listener` when a call is sent and again when it settles. */
  onTrace(listener: (trace: OperatorCallTrace) => void): () => void {
    return subscribeTo(this.#traces, listener);
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Rejects every pending call with CANCELLED (the connection went); the client stays usable. */
  cancelAll(reason: string): void {
    this.#pending.rejectAll((id) => new OperatorRequestError('CANCELLED', reason, { cause: id }));
  }

  /** Stops listening and rejects every pending call (style.md habit 4). */
  dispose(): void {
    this.#stop();
    this.#events.clear();
    this.#brokerEvents.clear();
    this.#traces.clear();
    this.cancelAll('The operator client was disposed.');
  }

  async #send(method: OperatorMethod, id: string, body: string): Promise<void> {
    let reasonCode: number | undefined;
    try {
      ({ reasonCode } = await this.#port.publish(operatorRequestTopic(id), body, { qos: 1 }));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new OperatorRequestError('PUBLISH_FAILED', why, { cause: id, method });
    }
    if (reasonCode !== undefined && reasonCode >= 0x80) {
      const code = `0x${reasonCode.toString(16)}`;
      const message = `${method}: the broker refused the request (reason code ${code})`;
      throw new OperatorRequestError('PUBLISH_FAILED', message, { cause: id, method });
    }
  }

  #onMessage(message: PortMessage): void {
    const { topic } = message;
    if (topic.startsWith(OPERATOR_TOPICS.responsePrefix)) {
      this.#pending.resolve(topic.slice(OPERATOR_TOPICS.responsePrefix.length), message.text);
      return;
    }
    const parsed = parseOperatorEventTopic(topic);
    if (parsed === undefined) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message.text);
    } catch {
      this.#onBadFrame({ topic, problem: 'the event is not JSON' });
      return;
    }
    const { receivedAt } = message;
    if (parsed.scope === 'device') {
      const event = { deviceId: parsed.deviceId, kind: parsed.kind, payload, receivedAt };
      emit(this.#events, event as OperatorEvent);
    } else {
      emit(this.#brokerEvents, { kind: parsed.kind, payload, receivedAt } as OperatorBrokerEvent);
    }
  }

  #emitTrace(trace: OperatorCallTrace): void {
    emit(this.#traces, trace);
  }
}

/** The result of a reply, or the {@link OperatorRequestError} it carries. */
function readReply<M extends OperatorMethod>(
  method: M,
  id: string,
  text: string,
): OperatorResult<M> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = operatorResponseSchema.safeParse(json);
  if (!parsed.success) {
    const message = `${method}: the broker sent an unreadable reply: ${text.slice(0, 200)}`;
    throw new OperatorRequestError('BAD_REPLY', message, { cause: id, method });
  }
  if ('error' in parsed.data) {
    const { code, message, details } = parsed.data.error;
    throw new OperatorRequestError(code, message, { cause: id, details, method });
  }
  // the broker's reply to `method` carries that method's result (docs/operator-api.md)
  return parsed.data.result as OperatorResult<M>;
}

function asRequestError(method: OperatorMethod, id: string, error: unknown): Error {
  if (error instanceof RequestTimeoutError)
    return new OperatorRequestError('TIMEOUT', `${method}: ${error.message}`, {
      cause: id,
      method,
    });
  return error instanceof Error ? error : new Error(String(error));
}

function subscribeTo<T>(listeners: Set<T>, listener: T): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Calls every listener; one that throws does not stop the others. */
function emit<T>(listeners: ReadonlySet<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (error) {
      reportListenerError('OperatorClient', error);
    }
  }
}
