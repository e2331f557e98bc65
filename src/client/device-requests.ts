import { Correlator, requestIdSequence } from './correlator.ts';
import { DeviceRequestError } from './device-errors.ts';
import type { DeviceInbound } from './device-events.ts';
import type { AbortLike } from './firmware-download.ts';
import type { PublishOutcome, Qos, SubscribingPort } from './port.ts';
import { startTimer, stopTimer } from './runtime.ts';

/** What a pending device request waits for: its kind and id (the correlation key). */
export type RequestKey =
  | { kind: 'attributes' | 'rpc'; requestId: number }
  | { kind: 'provision' }
  | { kind: 'ota'; ota: string; requestId: number; chunk: number };

const keyOf = (k: RequestKey): string => {
  switch (k.kind) {
    case 'attributes':
    case 'rpc':
      return `${k.kind}:${String(k.requestId)}`;
    case 'provision':
      return k.kind;
    case 'ota':
      return `ota:${k.ota}:${String(k.requestId)}:${String(k.chunk)}`;
  }
};

/** `attributes:3` → `attribute request 3`, for timeout messages. */
function describe(key: string): string {
  const [kind, ...rest] = key.split(':');
  if (kind === 'attributes') return `attribute request ${rest.join(':')}`;
  if (kind === 'rpc') return `RPC request ${rest.join(':')}`;
  if (kind === 'ota')
    return `chunk ${rest.at(-1) ?? '?'} of ${rest[0] ?? ''} request ${rest[1] ?? ''}`;
  return 'the provisioning request';
}

/** `sent`, or a TIMEOUT once `ms` passed without its PUBACK. */
function withAckTimeout(
  sent: Promise<PublishOutcome>,
  topic: string,
  ms: number,
): Promise<PublishOutcome> {
  return new Promise((resolve, reject) => {
    const timer = startTimer(ms, () => {
      const why = `No PUBACK for the publish to ${topic} within ${String(ms)} ms.`;
      reject(new DeviceRequestError('TIMEOUT', why));
    });
    sent.then(
      (outcome) => {
        stopTimer(timer);
        resolve(outcome);
      },
      (error: unknown) => {
        stopTimer(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * The device client's requests: publishes with the client's errors (`PUBLISH_FAILED`, `REFUSED`),
 * and every request waiting for its answer in the one Correlator, keyed by kind and request id.
 */
export class DeviceRequests {
  readonly #port: SubscribingPort;
  readonly #pending: Correlator<string, DeviceInbound>;
  readonly #nextId: () => number;

  constructor(
    port: SubscribingPort,
    options: { timeoutMs?: number; nextRequestId?: () => number },
  ) {
    this.#port = port;
    this.#nextId = options.nextRequestId ?? requestIdSequence();
    this.#pending = new Correlator({
      timeoutMs: options.timeoutMs ?? 10_000,
      timeoutError: (key, ms) =>
        new DeviceRequestError('TIMEOUT', `No answer to ${describe(key)} within ${String(ms)} ms.`),
    });
  }

  /** The connection's next request id. */
  nextId(): number {
    return this.#nextId();
  }

  /** A request id no pending request of `kind` uses. */
  freshId(kind: 'attributes' | 'rpc'): number {
    let id = this.#nextId();
    while (this.#pending.has(keyOf({ kind, requestId: id }))) id = this.#nextId();
    return id;
  }

  /**
   * Publishes; an MQTT 5 PUBACK failure code rejects with REFUSED (spec §4). With `ackTimeoutMs`, a
   * QoS 1 publish whose PUBACK has not come by then rejects with TIMEOUT (the broker may still send it).
   */
  async publish(
    topic: string,
    payload: string,
    qos: Qos,
    ackTimeoutMs?: number,
  ): Promise<PublishOutcome> {
    let outcome: PublishOutcome;
    try {
      const sent = this.#port.publish(topic, payload, { qos });
      outcome = await (qos === 1 && ackTimeoutMs !== undefined
        ? withAckTimeout(sent, topic, ackTimeoutMs)
        : sent);
    } catch (error) {
      if (error instanceof DeviceRequestError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new DeviceRequestError('PUBLISH_FAILED', why, { cause: error });
    }
    const { reasonCode } = outcome;
    if (reasonCode !== undefined && reasonCode >= 0x80) {
      const code = `0x${reasonCode.toString(16)}`;
      const message = `The broker refused the publish to ${topic} (reason code ${code}).`;
      throw new DeviceRequestError('REFUSED', message, { reasonCode });
    }
    return outcome;
  }

  /** Publishes the request at QoS 1 and resolves with its answer. */
  request(
    key: RequestKey,
    topic: string,
    payload: string,
    options: { timeoutMs?: number | undefined; signal?: AbortLike | undefined } = {},
  ): Promise<DeviceInbound> {
    const id = keyOf(key);
    const { signal } = options;
    const answer = this.#pending.request(
      id,
      () => this.publish(topic, payload, 1),
      options.timeoutMs,
    );
    if (signal === undefined) return answer;
    const abort = () => {
      const reason = signal.reason instanceof Error ? signal.reason : undefined;
      this.#pending.reject(
        id,
        reason ?? new DeviceRequestError('CANCELLED', 'The request was aborted.'),
      );
    };
    signal.addEventListener('abort', abort);
    return answer.finally(() => {
      signal.removeEventListener('abort', abort);
    });
  }

  /** Settles what `event` answers: a response, a chunk, an OTA error, an unreadable answer. */
  settle(event: DeviceInbound): void {
    switch (event.kind) {
      case 'attributesResponse':
      case 'rpcResponse': {
        const kind = event.kind === 'rpcResponse' ? 'rpc' : 'attributes';
        this.#pending.resolve(keyOf({ kind, requestId: event.requestId }), event);
        return;
      }
      case 'provisionResponse':
        this.#pending.resolve(keyOf({ kind: 'provision' }), event);
        return;
      case 'otaChunk':
        this.#pending.resolve(keyOf({ ...event, kind: 'ota' }), event);
        return;
      case 'otaError': {
        const error = `the broker refused the chunk request: ${event.code}`;
        for (const key of this.#pending.keys())
          if (key.startsWith(`ota:${event.ota}:`))
            this.#pending.reject(key, new DeviceRequestError('OTA_ERROR', error));
        return;
      }
      case 'badFrame': {
        const { route } = event;
        if (route.kind !== 'attributesResponse' && route.kind !== 'rpcResponse') return;
        const kind = route.kind === 'rpcResponse' ? 'rpc' : 'attributes';
        const why = `Unreadable answer on ${event.topic}: ${event.error.message}`;
        this.#pending.reject(
          keyOf({ kind, requestId: route.requestId }),
          new DeviceRequestError('BAD_RESPONSE', why),
        );
        return;
      }
      case 'sharedAttributes':
      case 'rpcRequest':
        return;
    }
  }

  /** Rejects every pending request with CANCELLED. */
  cancelAll(reason: string): void {
    this.#pending.rejectAll(() => new DeviceRequestError('CANCELLED', reason));
  }
}
