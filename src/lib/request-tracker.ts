/**
 * Correlation of requests and responses (style.md habit 4): each request gets an id, a pending
 * entry with its own timeout, and is settled exactly once; `rejectAll` clears every timer.
 */

/** A request that got no response in time. `cause` is its id. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface RequestTrackerOptions {
  /** Default time to wait for a response, in ms. */
  timeoutMs: number;
  /** First id `nextId()` hands out; default 1. Ids stay within a signed 32-bit int (spec §0). */
  firstId?: number;
  /** Words for the timeout error, e.g. `(id) => 'no reply to RPC 3'`. */
  describeTimeout?: (id: number, timeoutMs: number) => string;
}

const INT32_MAX = 2_147_483_647;

/** A pending Map of `{resolve, reject, timer}` keyed by a numeric request id. */
export class RequestTracker<T> {
  readonly #pending = new Map<number, Pending<T>>();
  readonly #timeoutMs: number;
  readonly #describe: (id: number, timeoutMs: number) => string;
  #nextId: number;

  constructor(options: RequestTrackerOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#nextId = options.firstId ?? 1;
    this.#describe =
      options.describeTimeout ?? ((id, ms) => `No response to request ${id} within ${ms} ms.`);
  }

  /** A fresh id, not pending; wraps back to 1 after the largest 32-bit int. */
  nextId(): number {
    let id = this.#nextId;
    while (this.#pending.has(id)) id = id >= INT32_MAX ? 1 : id + 1;
    this.#nextId = id >= INT32_MAX ? 1 : id + 1;
    return id;
  }

  /** Registers `id` and resolves with its response, or rejects with a {@link RequestTimeoutError}. */
  wait(id: number, timeoutMs: number = this.#timeoutMs): Promise<T> {
    if (this.#pending.has(id)) {
      return Promise.reject(new Error(`Request ${id} is already pending.`, { cause: id }));
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RequestTimeoutError(this.#describe(id, timeoutMs), { cause: id }));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
    });
  }

  has(id: number): boolean {
    return this.#pending.has(id);
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Settles `id` with its response; false when it is not pending (late or unknown). */
  resolve(id: number, value: T): boolean {
    const entry = this.#take(id);
    entry?.resolve(value);
    return entry !== undefined;
  }

  /** Fails `id`; false when it is not pending. */
  reject(id: number, error: Error): boolean {
    const entry = this.#take(id);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** Fails every pending request (dispose, disconnect) and clears their timers. */
  rejectAll(reason: string): void {
    const entries = [...this.#pending];
    this.#pending.clear();
    for (const [id, entry] of entries) {
      clearTimeout(entry.timer);
      entry.reject(new Error(reason, { cause: id }));
    }
  }

  #take(id: number): Pending<T> | undefined {
    const entry = this.#pending.get(id);
    if (entry === undefined) return undefined;
    clearTimeout(entry.timer);
    this.#pending.delete(id);
    return entry;
  }
}
