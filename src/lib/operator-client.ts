import type {
  OperatorError,
  OperatorMethod,
  OperatorParams,
  OperatorResult,
} from '@protocol/operator-api.ts';
import { operatorResponseSchema } from '@protocol/operator-api.ts';
import type { DeviceEventPayloads } from '@protocol/operator-events.ts';
import { parseOperatorEventTopic } from '@protocol/operator-events.ts';
import { OPERATOR_TOPICS, operatorRequestTopic } from '@protocol/operator-topics.ts';

import type { LiveChannel } from './device-channel.ts';
import { keepSubscribed } from './keep-subscribed.ts';

/** An operator API error reply (docs/operator-api.md "Errors"); `cause` is the request id. */
export class OperatorRequestError extends Error {
  override readonly name = 'OperatorRequestError';
  readonly code: OperatorError['code'] | 'TIMEOUT' | 'CANCELLED' | 'PUBLISH_FAILED';
  readonly details: unknown;
  constructor(
    code: OperatorRequestError['code'],
    message: string,
    options: { cause: string; details?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** One device event as the client hands it out. `receivedAt` is Unix ms in this tab. */
export type OperatorEvent = {
  [K in keyof DeviceEventPayloads]: {
    deviceId: string;
    kind: K;
    payload: DeviceEventPayloads[K];
    receivedAt: number;
  };
}[keyof DeviceEventPayloads];

/** What the client reports about each call (the Both-roles timeline measures with it). */
export interface OperatorCallTrace {
  id: string;
  method: OperatorMethod;
  params: unknown;
  sentAt: number;
  settledAt?: number;
  ok?: boolean;
  result?: unknown;
}

interface Pending {
  method: OperatorMethod;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface OperatorClientOptions {
  /** Default per-request timeout, ms (10 s). */
  timeoutMs?: number;
}

const utf8 = new TextEncoder();

/**
 * The operator API over one MQTT session (ADR 0004): `request()` publishes `{"method","params"}` on
 * `operator/v1/request/{id}` and settles on `operator/v1/response/{id}` (style.md habit 4: correlation
 * id, per-request timeout, everything rejected on dispose or when the session leaves `connected`).
 */
export class OperatorClient {
  readonly channel: LiveChannel;
  readonly #pending = new Map<string, Pending>();
  readonly #eventListeners = new Set<(event: OperatorEvent) => void>();
  readonly #traceListeners = new Set<(trace: OperatorCallTrace) => void>();
  readonly #prefix = Math.random().toString(36).slice(2, 8);
  readonly #timeoutMs: number;
  readonly #stop: (() => void)[] = [];
  #seq = 0;

  constructor(channel: LiveChannel, options: OperatorClientOptions = {}) {
    this.channel = channel;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#stop.push(
      channel.onMessage((message) => {
        this.#onMessage(message.topic, message.text, message.receivedAt);
      }),
      channel.store.subscribe((state, previous) => {
        if (previous.status === 'connected' && state.status !== 'connected')
          this.#rejectAll('CANCELLED', 'The operator session is no longer connected.');
      }),
    );
  }

  /** Calls `method`; resolves with its typed result, rejects with an {@link OperatorRequestError}. */
  request<M extends OperatorMethod>(
    method: M,
    params?: OperatorParams<M>,
    options: { timeoutMs?: number } = {},
  ): Promise<OperatorResult<M>> {
    const id = `${this.#prefix}-${String(++this.#seq)}`;
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const trace: OperatorCallTrace = { id, method, params, sentAt: Date.now() };
    const body = JSON.stringify(params === undefined ? { method } : { method, params });
    const answer = new Promise<OperatorResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(id, (p) => {
          p.reject(
            new OperatorRequestError('TIMEOUT', `${method}: no reply within ${timeoutMs} ms.`, {
              cause: id,
            }),
          );
        });
      }, timeoutMs);
      this.#pending.set(id, {
        method,
        resolve: (value) => {
          resolve(value as OperatorResult<M>);
        },
        reject,
        timer,
      });
    });
    this.#emitTrace(trace);
    this.channel
      .publish(operatorRequestTopic(id), utf8.encode(body), { qos: 1 })
      .catch((error: unknown) => {
        this.#settle(id, (p) => {
          p.reject(new OperatorRequestError('PUBLISH_FAILED', String(error), { cause: id }));
        });
      });
    return answer.then(
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

  /** Keeps `filter` (default every event) subscribed across connects. Returns the stop function. */
  subscribeEvents(filter: string = OPERATOR_TOPICS.eventsFilter): () => void {
    return keepSubscribed(this.channel, { [filter]: 0 });
  }

  /** Calls `listener` for each device event; returns the function that removes it. */
  onEvent(listener: (event: OperatorEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Calls `listener` when a call is sent and again when it settles. */
  onTrace(listener: (trace: OperatorCallTrace) => void): () => void {
    this.#traceListeners.add(listener);
    return () => this.#traceListeners.delete(listener);
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Stops listening and rejects every pending call (style.md habit 4). */
  dispose(): void {
    for (const stop of this.#stop) stop();
    this.#eventListeners.clear();
    this.#traceListeners.clear();
    this.#rejectAll('CANCELLED', 'The operator client was disposed.');
  }

  #onMessage(topic: string, text: string, receivedAt: number): void {
    if (topic.startsWith(OPERATOR_TOPICS.responsePrefix)) {
      this.#onResponse(topic.slice(OPERATOR_TOPICS.responsePrefix.length), text);
      return;
    }
    const parsed = parseOperatorEventTopic(topic);
    if (parsed?.scope !== 'device') return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      console.warn('OperatorClient: dropped an event that is not JSON', topic);
      return;
    }
    const event = { deviceId: parsed.deviceId, kind: parsed.kind, payload, receivedAt };
    for (const listener of this.#eventListeners) {
      try {
        listener(event as OperatorEvent);
      } catch (error) {
        console.error('OperatorClient: an event listener threw', error);
      }
    }
  }

  #onResponse(id: string, text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = operatorResponseSchema.safeParse(json);
    this.#settle(id, (p) => {
      if (!parsed.success) {
        p.reject(
          new OperatorRequestError('INTERNAL', `${p.method}: unreadable reply`, { cause: id }),
        );
      } else if ('error' in parsed.data) {
        const { code, message, details } = parsed.data.error;
        p.reject(new OperatorRequestError(code, message, { cause: id, details }));
      } else {
        p.resolve(parsed.data.result);
      }
    });
  }

  #settle(id: string, settle: (pending: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    settle(pending);
  }

  #rejectAll(code: OperatorRequestError['code'], reason: string): void {
    for (const id of [...this.#pending.keys()]) {
      this.#settle(id, (p) => {
        p.reject(new OperatorRequestError(code, reason, { cause: id }));
      });
    }
  }

  #emitTrace(trace: OperatorCallTrace): void {
    for (const listener of this.#traceListeners) listener(trace);
  }
}
