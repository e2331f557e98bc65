import { randomUUID } from 'node:crypto';

import mqtt, { type MqttClient } from 'mqtt';

import {
  operatorResponseSchema,
  type OperatorError,
  type OperatorMethod,
  type OperatorParams,
  type OperatorResult,
} from '../../../src/protocol/operator-api.ts';
import {
  OPERATOR_TOPICS,
  OPERATOR_USERNAME_PREFIX,
  operatorRequestTopic,
} from '../../../src/protocol/operator-topics.ts';

/** The API answered with an error: its code and message are what the CLI prints. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly error: OperatorError) {
    super(`${error.code}: ${error.message}`);
  }
}

/** Could not connect or log in. */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

export interface ConnectOptions {
  url: string;
  account: string;
  password: string;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One operator connection: calls with a correlation id and a timeout, and event subscriptions. */
export class OperatorClient {
  readonly #pending = new Map<string, Pending>();
  readonly #listeners = new Set<(topic: string, payload: string) => void>();

  private constructor(private readonly mqtt: MqttClient) {
    mqtt.on('message', (topic, payload) => this.#onMessage(topic, payload.toString('utf8')));
    mqtt.on('close', () =>
      this.#rejectAll(new ConnectError('the connection to the broker closed')),
    );
  }

  /** Connects as `operator:<account>`; rejects with a plain-words ConnectError. */
  static connect(o: ConnectOptions): Promise<OperatorClient> {
    const client = mqtt.connect(o.url, {
      username: `${OPERATOR_USERNAME_PREFIX}${o.account}`,
      password: o.password,
      protocolVersion: 5,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      clean: true,
    });
    return new Promise((resolve, reject) => {
      client.once('connect', () => resolve(new OperatorClient(client)));
      client.once('error', (error: Error & { code?: unknown }) => {
        client.end(true);
        const refused = error.code === 134 || error.code === 135 || error.code === 5;
        const why = refused
          ? `wrong password or unknown operator account "${o.account}"`
          : error.message;
        reject(new ConnectError(`cannot log in at ${o.url}: ${why}`));
      });
      client.once('close', () => reject(new ConnectError(`cannot reach the broker at ${o.url}`)));
    });
  }

  /** Calls one method; resolves with the result or rejects with an ApiError. */
  call<M extends OperatorMethod>(
    method: M,
    params: OperatorParams<M>,
    timeoutMs = 30_000,
  ): Promise<OperatorResult<M>> {
    const requestId = randomUUID();
    return new Promise<OperatorResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(
          new Error(`no reply to ${method} within ${String(timeoutMs)} ms`, { cause: requestId }),
        );
      }, timeoutMs);
      this.#pending.set(requestId, {
        resolve: (v) => resolve(v as OperatorResult<M>),
        reject,
        timer,
      });
      this.mqtt.publish(
        operatorRequestTopic(requestId),
        JSON.stringify({ method, params }),
        { qos: 1 },
        (error) => {
          if (error) this.#settle(requestId, (p) => p.reject(error));
        },
      );
    });
  }

  /** Subscribes to event filters; `listener` gets every event message. */
  async follow(
    filters: string[],
    listener: (topic: string, payload: string) => void,
  ): Promise<void> {
    this.#listeners.add(listener);
    await this.mqtt.subscribeAsync(filters, { qos: 0 });
  }

  close(): Promise<void> {
    this.#rejectAll(new ConnectError('the client closed'));
    return this.mqtt.endAsync();
  }

  #onMessage(topic: string, text: string): void {
    if (!topic.startsWith(OPERATOR_TOPICS.responsePrefix)) {
      for (const listener of this.#listeners) listener(topic, text);
      return;
    }
    const requestId = topic.slice(OPERATOR_TOPICS.responsePrefix.length);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const response = operatorResponseSchema.safeParse(parsed);
    this.#settle(requestId, (p) => {
      if (!response.success)
        p.reject(new Error(`the broker sent an unreadable reply: ${text.slice(0, 200)}`));
      else if ('error' in response.data) p.reject(new ApiError(response.data.error));
      else p.resolve(response.data.result);
    });
  }

  #settle(requestId: string, action: (p: Pending) => void): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    this.#pending.delete(requestId);
    clearTimeout(pending.timer);
    action(pending);
  }

  #rejectAll(error: Error): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, (p) => p.reject(error));
  }
}
