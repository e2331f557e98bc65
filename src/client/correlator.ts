/**
 * The one correlation primitive of the project (style.md habit 4, ADR 0007): a pending Map of
 * `{resolve, reject, timer}` keyed by a correlation id, a timeout per request, every request settled
 * exactly once, and `rejectAll` on disconnect or dispose that clears every timer. The operator client
 * keys it by request id, the device client by response kind and id, the console's session by
 * response topic.
 */
import { startTimer, stopTimer, type TimerHandle } from './runtime.ts';

/** A request that got no response in time. `cause` is its key. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
}

export interface CorrelatorOptions<K> {
  /** Default time to wait for a response, in ms. */
  timeoutMs: number;
  /** The error a timed-out request rejects with; default a {@link RequestTimeoutError}. */
  timeoutError?: (key: K, timeoutMs: number) => Error;
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
  timer: TimerHandle;
}

const asError = (value: unknown): Error =>
  value instanceof Error ? value : new Error(String(value));

export class Correlator<K, T> {
  readonly #pending = new Map<K, Pending<T>>();
  readonly #timeoutMs: number;
  readonly #timeoutError: (key: K, timeoutMs: number) => Error;

  constructor(options: CorrelatorOptions<K>) {
    this.#timeoutMs = options.timeoutMs;
    this.#timeoutError =
      options.timeoutError ??
      ((key, ms) =>
        new RequestTimeoutError(`No response to ${String(key)} within ${String(ms)} ms.`, {
          cause: key,
        }));
  }

  /** Starts waiting for `key`; rejects at once when `key` is already pending. */
  wait(key: K, timeoutMs: number = this.#timeoutMs): Promise<T> {
    if (this.#pending.has(key)) {
      return Promise.reject(
        new Error(`A request for ${String(key)} is already pending.`, { cause: key }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const timer = startTimer(timeoutMs, () => {
        if (this.#pending.get(key)?.timer !== timer) return;
        this.#pending.delete(key);
        reject(this.#timeoutError(key, timeoutMs));
      });
      this.#pending.set(key, { resolve, reject, timer });
    });
  }

  /**
   * Waits for `key`, then calls `send` (which publishes the request): a response can never arrive
   * before its waiter exists. A rejected `send` rejects the request with that error.
   */
  request(key: K, send: () => Promise<unknown>, timeoutMs?: number): Promise<T> {
    if (this.#pending.has(key)) return this.wait(key);
    const answer = this.wait(key, timeoutMs);
    let sent: Promise<unknown>;
    try {
      sent = send();
    } catch (error) {
      sent = Promise.reject(asError(error));
    }
    sent.catch((error: unknown) => this.reject(key, asError(error)));
    return answer;
  }

  has(key: K): boolean {
    return this.#pending.has(key);
  }

  get size(): number {
    return this.#pending.size;
  }

  /** The keys waiting now. */
  keys(): K[] {
    return [...this.#pending.keys()];
  }

  /** Settles `key` with its response; false when it is not pending (late or unknown). */
  resolve(key: K, value: T): boolean {
    const entry = this.#take(key);
    entry?.resolve(value);
    return entry !== undefined;
  }

  /** Fails `key`; false when it is not pending. */
  reject(key: K, error: Error): boolean {
    const entry = this.#take(key);
    entry?.reject(error);
    return entry !== undefined;
  }

  /**
   * Fails every pending request (disconnect, dispose) and clears their timers: with `reason` as the
   * message (`cause` is the key), or with the error `reason(key)` makes.
   */
  rejectAll(reason: string | ((key: K) => Error)): void {
    const entries = [...this.#pending];
    this.#pending.clear();
    for (const [key, entry] of entries) {
      stopTimer(entry.timer);
      entry.reject(typeof reason === 'string' ? new Error(reason, { cause: key }) : reason(key));
    }
  }

  #take(key: K): Pending<T> | undefined {
    const entry = this.#pending.get(key);
    if (entry === undefined) return undefined;
    stopTimer(entry.timer);
    this.#pending.delete(key);
    return entry;
  }
}

const INT32_MAX = 2_147_483_647;

/**
 * Request ids for `…/request/{id}` topics: 1, 2, 3, … and back to 1 after the largest signed
 * 32-bit int (spec §0: `{id}` segments fit a signed 32-bit integer).
 */
export function requestIdSequence(first = 1): () => number {
  let next = first;
  return () => {
    const id = next;
    next = id >= INT32_MAX ? 1 : id + 1;
    return id;
  };
}
