import type { ApplyWrite } from './memory-apply.ts';
import { StorageError } from './storage.ts';
import type { OpList } from './write-ops.ts';

export interface JournalOptions {
  /** Ship a batch once it holds this many writes (default 5000). */
  maxBatchOps?: number;
  /** Ship a batch once it has been open this long, in ms (default 50), for long turns. */
  maxBatchMs?: number;
  /**
   * Batches shipped and not yet acknowledged (default 1). While that many are in the worker, the
   * batch of this turn waits and grows, and ships when one is acknowledged (or at the caps).
   */
  maxInFlight?: number;
}

interface Batch {
  seq: number;
  /** Ships at the end of the turn it was opened or joined by a write someone waits on. */
  urgent: boolean;
  /** Its time has come (end of turn, or `maxBatchMs` for a batch of background writes only). */
  due: boolean;
  ops: OpList;
  writes: number;
  startedAt: number;
  committed: Promise<void>;
  resolve: () => void;
  reject: (error: StorageError) => void;
}

/** Encodes one write into its batch's op list. */
export type Encode = (ops: OpList) => void;

/**
 * The main thread's side of the group commit (ADR 0010). A write is checked and applied to the mirror
 * at once, and its op joins the open batch; the batch is shipped to the storage worker at the end of
 * the event-loop turn (`setImmediate`) — or, while `maxInFlight` batches are still in the worker, when
 * one of them is acknowledged — and early at the caps. One message per batch: a busy broker sends the
 * worker fewer, larger batches. The worker acknowledges the highest batch each COMMIT covered; only
 * then do the writes of those batches resolve. Batches that are shipped but not acknowledged stay
 * here, in order, for the reads that replay them (`pending`).
 *
 * Writes made inside `inBackground` (activity attributes, event-log rows: nobody waits on them) do not
 * end the batch at the turn's end: a batch of only those ships after `maxBatchMs`, so the writes of
 * many turns (a burst of CONNECTs) reach the worker in one message. A write someone waits on (a
 * telemetry point before its PUBACK) makes the batch urgent again, background writes and all.
 */
export class WriteJournal {
  readonly #ship: (seq: number, ops: OpList) => void;
  readonly #maxWrites: number;
  readonly #maxMs: number;
  readonly #maxInFlight: number;
  readonly #shipped: Batch[] = [];
  readonly #drained: (() => void)[] = [];
  #current: Batch | undefined;
  #timer: NodeJS.Immediate | undefined;
  #backgroundTimer: NodeJS.Timeout | undefined;
  #background = 0;
  #seq = 0;
  #encode: Encode | undefined;
  #quiet = 0;
  #closed = false;
  /** Writes journaled, and writes the mirror refused (CONFLICT, NOT_FOUND). */
  readonly counts = { writes: 0, refused: 0 };

  constructor(ship: (seq: number, ops: OpList) => void, options: JournalOptions = {}) {
    this.#ship = ship;
    this.#maxWrites = options.maxBatchOps ?? 5000;
    this.#maxMs = options.maxBatchMs ?? 50;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /**
   * Runs `write` (checks, then changes the mirror; throws to refuse), then adds its op to the batch.
   * Resolves with the write's value once the batch has committed in the worker.
   */
  write<T>(write: () => T, encode: Encode): Promise<T> {
    if (this.#closed) return Promise.reject(new StorageError('IO', 'the storage is closed'));
    // loading: a write the mirror refuses is a broken file, and says so at once
    if (this.#quiet > 0) return Promise.resolve(write());
    let value: T;
    try {
      value = write();
    } catch (error) {
      this.counts.refused++;
      return Promise.reject(
        error instanceof Error ? error : new StorageError('IO', String(error), { cause: error }),
      );
    }
    const batch = this.#current ?? this.#open();
    this.#schedule(batch);
    encode(batch.ops);
    batch.writes++;
    this.counts.writes++;
    if (batch.writes >= this.#maxWrites || performance.now() - batch.startedAt >= this.#maxMs) {
      this.flush();
    }
    return batch.committed.then(() => value);
  }

  /** `ApplyWrite` for the memory stores of the mirror: journals the op `capture` set up. */
  readonly apply: ApplyWrite = (write) => {
    const encode = this.#encode;
    this.#encode = undefined;
    if (this.#quiet > 0) return this.write(write, () => undefined);
    if (!encode) throw new Error('a mirror write ran outside WriteJournal.capture');
    return this.write(write, encode);
  };

  /** Runs `run`; the writes it makes may wait up to `maxBatchMs` for company (see the class). */
  inBackground<R>(run: () => R): R {
    this.#background++;
    try {
      return run();
    } finally {
      this.#background--;
    }
  }

  /** Runs a memory-store write whose `apply` journals `encode`. */
  capture<R>(encode: Encode, run: () => R): R {
    this.#encode = encode;
    try {
      return run();
    } finally {
      this.#encode = undefined;
    }
  }

  /**
   * Runs `load` with writes applied to the mirror only (loading it from the file); a write the mirror
   * refuses throws out of `load`.
   */
  quietly(load: () => void): void {
    this.#quiet++;
    try {
      load();
    } finally {
      this.#quiet--;
    }
  }

  /** Ships the open batch now (no-op without one). */
  flush(): void {
    const batch = this.#current;
    if (!batch) return;
    this.#current = undefined;
    this.#clearTimers();
    this.#shipped.push(batch);
    this.#ship(batch.seq, batch.ops);
  }

  /** The worker committed every batch up to `seq`. */
  acknowledged(seq: number): void {
    while (this.#shipped[0] && this.#shipped[0].seq <= seq) this.#shipped.shift()?.resolve();
    // a batch that waited for room ships now, without waiting for another turn to end
    if (this.#current?.due) this.flush();
    this.#checkDrained();
  }

  /**
   * The worker failed and rolled back: every write not acknowledged — shipped, or still in the open
   * batch — rejects with IO. The caller then reloads the mirror from the file.
   */
  failed(reason: string): void {
    const error = new StorageError('IO', reason);
    const open = this.#current;
    this.#current = undefined;
    this.#clearTimers();
    for (const batch of this.#shipped.splice(0)) batch.reject(error);
    open?.reject(error);
    this.#checkDrained();
  }

  /** The op lists not yet acknowledged, oldest first (for the reads that replay them). */
  *pending(): Generator<OpList> {
    for (const batch of this.#shipped) yield batch.ops;
    if (this.#current) yield this.#current.ops;
  }

  /** Whether any batch is shipped and not yet acknowledged. */
  get inFlight(): boolean {
    return this.#shipped.length > 0;
  }

  /** Refuses further writes, ships the open batch, and resolves once every batch has settled. */
  close(): Promise<void> {
    this.#closed = true;
    this.flush();
    return new Promise((resolve) => {
      this.#drained.push(resolve);
      this.#checkDrained();
    });
  }

  #open(): Batch {
    let resolve!: () => void;
    let reject!: (error: StorageError) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Writes nobody awaits (event appends) must not turn a failed batch into an unhandled rejection.
    committed.catch(() => undefined);
    const batch: Batch = {
      seq: ++this.#seq,
      urgent: false,
      due: false,
      ops: [],
      writes: 0,
      startedAt: performance.now(),
      committed,
      resolve,
      reject,
    };
    this.#current = batch;
    return batch;
  }

  /** Sets when `batch` becomes due: at the end of this turn, or `maxBatchMs` from its first write. */
  #schedule(batch: Batch): void {
    if (batch.urgent) return;
    if (this.#background === 0) {
      batch.urgent = true;
      if (this.#backgroundTimer) clearTimeout(this.#backgroundTimer);
      this.#backgroundTimer = undefined;
      this.#timer = setImmediate(() => {
        this.#timer = undefined;
        this.#due(batch);
      });
    } else if (!this.#backgroundTimer) {
      this.#backgroundTimer = setTimeout(() => {
        this.#backgroundTimer = undefined;
        this.#due(batch);
      }, this.#maxMs);
    }
  }

  /** Ships `batch` now if fewer than `maxInFlight` are in the worker, else at the next acknowledgement. */
  #due(batch: Batch): void {
    if (this.#current !== batch) return;
    batch.due = true;
    if (this.#shipped.length < this.#maxInFlight) this.flush();
  }

  #clearTimers(): void {
    if (this.#timer) clearImmediate(this.#timer);
    if (this.#backgroundTimer) clearTimeout(this.#backgroundTimer);
    this.#timer = undefined;
    this.#backgroundTimer = undefined;
  }

  #checkDrained(): void {
    if (this.#shipped.length > 0 || this.#current) return;
    for (const resolve of this.#drained.splice(0)) resolve();
  }
}
