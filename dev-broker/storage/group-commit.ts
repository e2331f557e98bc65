import { performance } from 'node:perf_hooks';

import Database from 'better-sqlite3';

import { StorageError } from './storage.ts';

export interface GroupCommitOptions {
  /** Commit early once a batch holds this many writes (default 5000), to bound memory and latency. */
  maxBatchOps?: number;
  /** Commit early once a batch has been open this long, in ms (default 50), for long turns. */
  maxBatchMs?: number;
}

/** Counters for tests and diagnostics. */
export interface GroupCommitStats {
  /** Transactions committed. */
  commits: number;
  /** COMMITs that failed; every write of such a batch rejected with IO. */
  failedCommits: number;
  /** Writes applied (and released into their batch). */
  writes: number;
  /** Writes that failed and were rolled back alone. */
  failedWrites: number;
  /** The most writes one committed transaction held. */
  largestBatch: number;
}

export interface WriteOptions {
  /**
   * Run the write in its own SAVEPOINT (default). Unguarded writes skip it (a savepoint copies every
   * touched page to a sub-journal): only for writes that check everything before changing anything,
   * so they can only fail on an I/O error — which then fails the whole batch.
   */
  guarded?: boolean;
  /**
   * The write left work pending in `defers` (e.g. one latest-value update per key instead of one per
   * point). It is applied once, inside the same transaction, before the next write that does not defer
   * to the same work, before `applyDeferred()` and before COMMIT; it is discarded when the batch fails.
   * The write must add to it only once it can no longer fail.
   */
  defers?: DeferredWork;
}

/** Work a store postpones to the end of the batch (see `WriteOptions.defers`). */
export interface DeferredWork {
  /** Writes what is pending into the open transaction and forgets it; throws only on an I/O error. */
  apply(): void;
  /** Forgets what is pending: its batch was rolled back. */
  discard(): void;
}

/** A write applied now: its result, and a promise that settles when its batch commits. */
export interface AppliedWrite<T> {
  value: T;
  committed: Promise<void>;
}

interface Batch {
  writes: number;
  startedAt: number;
  committed: Promise<void>;
  resolve: () => void;
  reject: (error: StorageError) => void;
}

/** Maps a failure inside a write to the storage error the interface promises. */
export function toStorageError(error: unknown): Error {
  if (error instanceof StorageError) return error;
  if (error instanceof Database.SqliteError) {
    if (
      error.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
      error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    ) {
      return new StorageError('CONFLICT', error.message, { cause: error });
    }
    if (error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return new StorageError('NOT_FOUND', error.message, { cause: error });
    }
    return new StorageError('IO', error.message, { cause: error });
  }
  // Anything else (a TypeError from a bad binding, ...) is a bug; pass it on unchanged.
  return error instanceof Error ? error : new StorageError('IO', String(error), { cause: error });
}

/**
 * Group commit on one better-sqlite3 connection. The first write of an event-loop turn opens a
 * transaction; every write runs at once (so synchronous reads see it) inside its own SAVEPOINT, so a
 * failing write is rolled back and rejected alone; one COMMIT per turn (setImmediate) then settles
 * the whole batch. A batch is also committed early when it grows past `maxBatchOps` writes or stays
 * open longer than `maxBatchMs`. There is never one transaction per message.
 */
export class GroupCommit {
  readonly #db: Database.Database;
  readonly #maxWrites: number;
  readonly #maxMs: number;
  readonly #sql: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'undo',
    Database.Statement<[]>
  >;
  readonly #stats: GroupCommitStats = {
    commits: 0,
    failedCommits: 0,
    writes: 0,
    failedWrites: 0,
    largestBatch: 0,
  };
  readonly #deferred = new Set<DeferredWork>();
  readonly #rollbackListeners: (() => void)[] = [];
  #batch: Batch | undefined;
  #timer: NodeJS.Immediate | undefined;
  #closed = false;

  constructor(db: Database.Database, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#maxWrites = options.maxBatchOps ?? 5000;
    this.#maxMs = options.maxBatchMs ?? 50;
    this.#sql = {
      // IMMEDIATE takes the write lock up front, so COMMIT never has to upgrade a read lock.
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT write_op'),
      release: db.prepare('RELEASE write_op'),
      undo: db.prepare('ROLLBACK TO write_op'),
    };
  }

  /**
   * Runs `op` now in its own savepoint of the current batch and returns its result with the batch's
   * commit promise. Throws (CONFLICT, NOT_FOUND, IO, ...) when `op` fails; then nothing of it is kept.
   */
  apply<T>(op: () => T, options: WriteOptions = {}): AppliedWrite<T> {
    if (this.#closed) throw new StorageError('IO', 'the storage is closed');
    const batch = this.#batch ?? this.#open();
    if (this.#deferred.size > 0) this.#applyDeferredBefore(batch, options.defers);
    const guarded = options.guarded ?? true;
    if (guarded) this.#sql.savepoint.run();
    let value: T;
    try {
      value = op();
    } catch (error) {
      this.#stats.failedWrites++;
      if (guarded) this.#undo(batch, error);
      // an unguarded write throws StorageError only from its checks, before changing anything
      else if (!(error instanceof StorageError))
        this.#failBatch(batch, 'an unguarded write failed', error);
      throw toStorageError(error);
    }
    if (guarded) this.#sql.release.run();
    if (options.defers) this.#deferred.add(options.defers);
    batch.writes++;
    this.#stats.writes++;
    if (batch.writes >= this.#maxWrites || performance.now() - batch.startedAt >= this.#maxMs) {
      this.flush();
    }
    return { value, committed: batch.committed };
  }

  /** `apply` as a promise that resolves with the result once the write is committed. */
  write<T>(op: () => T, options: WriteOptions = {}): Promise<T> {
    try {
      const { value, committed } = this.apply(op, options);
      return committed.then(() => value);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Applies all deferred work of the open batch now, so that reads see it. Throws IO (and fails the
   * batch) when that fails.
   */
  applyDeferred(): void {
    const batch = this.#batch;
    if (batch && this.#deferred.size > 0) this.#applyDeferredBefore(batch, undefined);
  }

  /** Commits the open batch now (no-op without one). On failure rolls back and rejects it with IO. */
  flush(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = undefined;
    if (this.#timer) clearImmediate(this.#timer);
    this.#timer = undefined;
    try {
      for (const work of this.#deferred) {
        work.apply();
        this.#deferred.delete(work);
      }
      this.#sql.commit.run();
    } catch (error) {
      this.#failBatch(batch, 'commit failed', error);
      return;
    }
    this.#stats.commits++;
    this.#stats.largestBatch = Math.max(this.#stats.largestBatch, batch.writes);
    batch.resolve();
  }

  /** Settles when the open batch commits (rejects if it fails); resolved without one. */
  whenCommitted(): Promise<void> {
    return this.#batch?.committed ?? Promise.resolve();
  }

  /**
   * Rolls the open batch back now and rejects its writes with IO (no-op without one): the caller knows
   * the batch must not commit.
   */
  abort(reason: string): void {
    const batch = this.#batch;
    if (batch) this.#failBatch(batch, 'aborted', new Error(reason));
  }

  /**
   * Calls `listener` after every rollback of a batch, e.g. to forget ids cached from rows the
   * batch inserted.
   */
  onRollback(listener: () => void): void {
    this.#rollbackListeners.push(listener);
  }

  /** Commits what is pending and refuses further writes. Idempotent. */
  close(): void {
    this.flush();
    this.#closed = true;
  }

  stats(): GroupCommitStats {
    return { ...this.#stats };
  }

  #open(): Batch {
    try {
      this.#sql.begin.run();
    } catch (error) {
      throw new StorageError('IO', `cannot begin a transaction: ${String(error)}`, {
        cause: error,
      });
    }
    let resolve!: () => void;
    let reject!: (error: StorageError) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Writes nobody awaits (event appends) must not turn a failed commit into an unhandled rejection.
    committed.catch(() => undefined);
    const batch: Batch = { writes: 0, startedAt: performance.now(), committed, resolve, reject };
    this.#batch = batch;
    this.#timer = setImmediate(() => {
      this.flush();
    });
    return batch;
  }

  /** Applies the deferred work other than `keep` (the next write adds to that one itself). */
  #applyDeferredBefore(batch: Batch, keep: DeferredWork | undefined): void {
    try {
      for (const work of this.#deferred) {
        if (work === keep) continue;
        work.apply();
        this.#deferred.delete(work);
      }
    } catch (error) {
      this.#failBatch(batch, 'a deferred write failed', error);
      throw toStorageError(error);
    }
  }

  /** Rolls back the failed write alone; if SQLite already dropped the transaction, fails the batch. */
  #undo(batch: Batch, cause: unknown): void {
    if (this.#db.inTransaction) {
      try {
        this.#sql.undo.run();
        this.#sql.release.run();
        return;
      } catch {
        // Could not return to the savepoint: give up on the whole batch below.
      }
    }
    this.#failBatch(batch, 'the transaction was rolled back', cause);
  }

  /** Rolls back and rejects `batch`; later writes of this turn open a new one. */
  #failBatch(batch: Batch, what: string, cause: unknown): void {
    if (this.#batch === batch) {
      this.#batch = undefined;
      if (this.#timer) clearImmediate(this.#timer);
      this.#timer = undefined;
    }
    this.#stats.failedCommits++;
    for (const work of this.#deferred) work.discard();
    this.#deferred.clear();
    if (this.#db.inTransaction) {
      try {
        this.#sql.rollback.run();
      } catch {
        // Already rolled back by SQLite.
      }
    }
    for (const listener of this.#rollbackListeners) listener();
    const reason = cause instanceof Error ? cause.message : String(cause);
    batch.reject(new StorageError('IO', `${what}: ${reason}`, { cause }));
  }
}
