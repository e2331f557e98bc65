import type { GroupCommitOptions, GroupCommitStats } from './group-commit.ts';
import { assembleMemoryStores, type MemoryStores } from './memory-storage.ts';
import { mirrorFacade } from './mirror-facade.ts';
import { loadMirror } from './mirror-load.ts';
import {
  createMirrorEvents,
  createMirrorTelemetry,
  mirrorOtaBytes,
  WorkerResults,
} from './mirror-stores.ts';
import {
  eventExists,
  eventsWithPending,
  historyWithPending,
  otaBytesWithPending,
} from './pending-reads.ts';
import { directStores, openDatabase, openDirectSqliteStorage } from './sqlite-direct.ts';
import { DEFAULT_STORAGE_THREAD, type StorageThread } from './storage-thread.ts';
import type { Storage } from './storage.ts';
import { connectStorageWorker } from './worker-client.ts';
import type { FromWorker } from './worker-protocol.ts';
import { WriteJournal } from './write-journal.ts';

export interface SqliteStorageOptions extends GroupCommitOptions {
  /** The database file (created when missing). */
  file: string;
  /** How long to wait for a lock held by another connection, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Where the SQLite writes run (ADR 0010, "Measured"); default `DEFAULT_STORAGE_THREAD`. */
  thread?: StorageThread;
}

/** The SQLite adapter: the `Storage` interface plus group-commit counters for tests. */
export interface SqliteStorage extends Storage {
  readonly kind: 'sqlite';
  stats(): GroupCommitStats;
}

/**
 * Opens (creating and migrating as needed) a SQLite-file `Storage` (ADR 0010). Reads are synchronous
 * and see every write already issued: they are answered by a mirror in memory, or (telemetry
 * history, events, OTA bytes) by a read-only connection plus the writes not yet committed. Writes are
 * checked and applied to the mirror at once and committed by the storage worker, a batch per
 * event-loop turn; a write resolves only after its transaction committed.
 */
export function openSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  if ((options.thread ?? DEFAULT_STORAGE_THREAD) === 'main')
    return openDirectSqliteStorage(options);
  const { file } = options;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  openDatabase(file, { busyTimeoutMs, migrate: true }).close();
  const readDb = openDatabase(file, { busyTimeoutMs, migrate: false, readonly: true });
  const stored = directStores(readDb);
  const caps: GroupCommitOptions = {
    ...(options.maxBatchOps === undefined ? {} : { maxBatchOps: options.maxBatchOps }),
    ...(options.maxBatchMs === undefined ? {} : { maxBatchMs: options.maxBatchMs }),
  };
  let workerStats: GroupCommitStats = {
    commits: 0,
    failedCommits: 0,
    writes: 0,
    failedWrites: 0,
    largestBatch: 0,
  };
  let closed: (() => void) | undefined;
  const { handle, line } = connectStorageWorker(onMessage);
  const journal = new WriteJournal((seq, ops) => {
    line.busy(true);
    line.send({ type: 'batch', handle, seq, ops });
  }, caps);
  line.send({ type: 'open', handle, file, busyTimeoutMs, options: caps });

  const results = new WorkerResults();
  const eventStored = readDb.prepare<[number], number>('SELECT 1 FROM events WHERE id = ?').pluck();
  const eventIds = {
    last: readDb.prepare<[], number | null>('SELECT max(id) FROM events').pluck().get() ?? 0,
  };
  const build = (): MemoryStores => {
    let telemetry: ReturnType<typeof createMirrorTelemetry> | undefined;
    const stores = assembleMemoryStores({
      apply: journal.apply,
      telemetry: (hasDevice) =>
        (telemetry = createMirrorTelemetry(hasDevice, journal, (deviceId, query) =>
          historyWithPending(
            (id, q) => stored.telemetry.history(id, q),
            journal.pending(),
            deviceId,
            query,
          ),
        )),
      events: createMirrorEvents(
        journal,
        eventIds,
        (query) => eventsWithPending((q) => stored.events.list(q), journal.pending(), query),
        results,
        (id) => eventExists((i) => eventStored.get(i) !== undefined, journal.pending(), id),
      ),
      otaBytes: mirrorOtaBytes((id, offset, length) =>
        otaBytesWithPending(
          (i, o, l) => stored.ota.readData(i, o, l),
          journal.pending(),
          id,
          offset,
          length,
        ),
      ),
    });
    const mirrorTelemetry = telemetry;
    if (!mirrorTelemetry) throw new Error('the mirror has no telemetry store');
    journal.quietly(() => {
      loadMirror(readDb, stored, {
        stores,
        loadLatest: (deviceId, point) => mirrorTelemetry.load(deviceId, point),
      });
    });
    return stores;
  };
  let mirror = build();

  function onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'ack':
        workerStats = message.stats;
        journal.acknowledged(message.seq);
        break;
      case 'failed':
        workerStats = { ...message.stats, failedCommits: workerStats.failedCommits + 1 };
        journal.failed(message.message);
        // the mirror holds writes that are not in the file: start again from the file
        mirror = build();
        line.send({ type: 'resume', handle });
        break;
      case 'result':
        results.settle(message.slot, message.value);
        break;
      case 'closed':
        closed?.();
        return;
    }
    line.busy(journal.inFlight);
  }

  let closing: Promise<void> | undefined;
  return {
    kind: 'sqlite',
    ...mirrorFacade(() => mirror, journal),
    inBackground: (run) => journal.inBackground(run),
    stats: () => ({
      ...workerStats,
      failedWrites: workerStats.failedWrites + journal.counts.refused,
    }),
    close: () => {
      // journal.close() runs now, so that a write issued after close() is refused
      closing ??= journal.close().then(
        () =>
          new Promise<void>((resolve) => {
            closed = () => {
              line.release();
              readDb.close();
              resolve();
            };
            line.busy(true);
            line.send({ type: 'close', handle });
          }),
      );
      return closing;
    },
  };
}
