/**
 * The storage worker (ADR 0010): the only read-write SQLite connection of each open database. It runs
 * the in-thread adapter (`sqlite-direct.ts`: SQL, group commit, deferred latest values) on the writes
 * the main thread checked and applied to its mirror, in the order they were issued, and reports each
 * COMMIT (`ack`) or failure. Started through `storage-worker-boot.mjs`.
 */
import { parentPort } from 'node:worker_threads';

import { openDatabase, directStores, type DirectSqliteStorage } from './sqlite-direct.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';
import { runWrite, visitOps, type OpList, type WriteArgs, type WriteName } from './write-ops.ts';

const port = parentPort;
if (!port) throw new Error('storage-worker.ts runs as a worker thread');
const post = (message: FromWorker): void => port.postMessage(message);

/** One open database: its stores, and where its batches stand. */
class WorkerDb {
  readonly #handle: number;
  readonly #storage: DirectSqliteStorage;
  #failed = false;
  #ackUpTo = 0;
  #ackQueued = false;

  constructor(message: Extract<ToWorker, { type: 'open' }>) {
    this.#handle = message.handle;
    const db = openDatabase(message.file, { busyTimeoutMs: message.busyTimeoutMs, migrate: false });
    this.#storage = directStores(db, message.options);
  }

  /**
   * Applies a batch's writes in order (each joins the open transaction; the group commit commits
   * once per turn of this thread or at its caps). The batch is acknowledged once its last write's
   * transaction committed; any failure rolls back the open transaction and stops everything until
   * `resume`.
   */
  batch(seq: number, ops: OpList): void {
    if (this.#failed) return;
    const storage = this.#storage;
    try {
      visitOps(ops, {
        telemetry: (deviceId, points) => {
          this.#watch(storage.telemetry.save(deviceId, points));
        },
        event: (event) => {
          storage.events.put(event);
        },
        write: (name, args) => {
          this.#watch(runWrite(storage, name, args as WriteArgs<WriteName>));
        },
        prune: (slot, retention) => {
          const handle = this.#handle;
          this.#watch(
            storage.events.prune(retention).then((value) => {
              post({ type: 'result', handle, slot, value });
            }),
          );
        },
      });
    } catch (error) {
      this.#fail(error);
      return;
    }
    // The open transaction holds this batch's last write (earlier ones may have committed at a cap).
    storage.whenCommitted().then(
      () => {
        this.#ack(seq);
      },
      (error: unknown) => {
        this.#fail(error);
      },
    );
  }

  resume(): void {
    this.#failed = false;
  }

  close(): Promise<void> {
    return this.#storage.close();
  }

  #watch(write: Promise<unknown>): void {
    write.catch((error: unknown) => {
      this.#fail(error);
    });
  }

  #ack(seq: number): void {
    if (this.#failed) return;
    this.#ackUpTo = Math.max(this.#ackUpTo, seq);
    if (this.#ackQueued) return;
    this.#ackQueued = true;
    // one message for every batch the same COMMIT settled
    queueMicrotask(() => {
      this.#ackQueued = false;
      if (this.#failed) return;
      post({
        type: 'ack',
        handle: this.#handle,
        seq: this.#ackUpTo,
        stats: this.#storage.stats(),
      });
    });
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    const message = error instanceof Error ? error.message : String(error);
    this.#storage.abort(message);
    post({ type: 'failed', handle: this.#handle, message, stats: this.#storage.stats() });
  }
}

const dbs = new Map<number, WorkerDb>();

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'open':
      try {
        dbs.set(message.handle, new WorkerDb(message));
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        post({
          type: 'failed',
          handle: message.handle,
          message: `cannot open: ${text}`,
          stats: NONE,
        });
      }
      return;
    case 'batch': {
      const db = dbs.get(message.handle);
      if (db) db.batch(message.seq, message.ops);
      else
        post({
          type: 'failed',
          handle: message.handle,
          message: 'the database is not open',
          stats: NONE,
        });
      return;
    }
    case 'resume':
      dbs.get(message.handle)?.resume();
      return;
    case 'close': {
      const db = dbs.get(message.handle);
      dbs.delete(message.handle);
      const closed = db ? db.close() : Promise.resolve();
      closed.then(
        () => post({ type: 'closed', handle: message.handle, error: null }),
        (error: unknown) => post({ type: 'closed', handle: message.handle, error: String(error) }),
      );
      return;
    }
  }
});

const NONE = { commits: 0, failedCommits: 0, writes: 0, failedWrites: 0, largestBatch: 0 };
