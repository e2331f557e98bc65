import { chmodSync, closeSync, openSync } from 'node:fs';

import Database from 'better-sqlite3';

import { GroupCommit, type GroupCommitOptions, type GroupCommitStats } from './group-commit.ts';
import { createSqliteClaims, createSqliteCustomers } from './sqlite-claims.ts';
import { sqliteContext } from './sqlite-context.ts';
import { migrate } from './sqlite-migrations.ts';
import { createSqliteOta } from './sqlite-ota.ts';
import { createSqliteDevices, createSqliteProfiles } from './sqlite-registry.ts';
import { createSqliteEvents, createSqliteRpc, type SqliteEventStore } from './sqlite-rpc-events.ts';
import { createSqliteAttributes, createSqliteTelemetry } from './sqlite-series.ts';
import type { Storage } from './storage.ts';

export interface SqliteStorageOptions extends GroupCommitOptions {
  /** The database file (created when missing). */
  file: string;
  /** How long to wait for a lock held by another connection, in ms (default 5000). */
  busyTimeoutMs?: number;
}

/** The SQLite adapter: the `Storage` interface plus group-commit counters for tests. */
export interface SqliteStorage extends Storage {
  readonly kind: 'sqlite';
  stats(): GroupCommitStats;
}

/** The in-thread adapter, with what the storage worker needs beyond `Storage`. */
export interface DirectSqliteStorage extends SqliteStorage {
  readonly events: SqliteEventStore;
  /** Rolls the open batch back (its writes reject with IO). */
  abort(reason: string): void;
  /** Settles when the open batch commits (rejects if it fails); resolved without one. */
  whenCommitted(): Promise<void>;
}

/** How a connection is opened: `migrate` (the first opener) or `readonly` (the main thread's reads). */
export interface OpenDatabaseOptions {
  busyTimeoutMs: number;
  migrate: boolean;
  readonly?: boolean;
}

/**
 * The database holds tokens and basic passwords: the file is created (or narrowed to) 0600 before
 * SQLite opens it, and SQLite gives its -wal and -shm files the main file's mode.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * Every table of the stores, children before parents (foreign keys); `Storage.clear` empties them.
 * `ts_kv_dictionary` stays: key ids are never reused, and the series cache them.
 */
const CLEAR_SQL = [
  'ota_device_assignments',
  'ota_profile_assignments',
  'ota_package_data',
  'ota_packages',
  'claims',
  'rpc',
  'attributes',
  'ts_kv_latest',
  'ts_kv',
  'credentials',
  'devices',
  'device_refs',
  'customers',
  'profiles',
  'events',
]
  .map((table) => `DELETE FROM ${table};`)
  .join('\n');

/** Opens the connection with the pragmas the adapter relies on. */
export function openDatabase(file: string, options: OpenDatabaseOptions): Database.Database {
  const { busyTimeoutMs } = options;
  if (file !== ':memory:' && options.readonly !== true) ownerOnly(file);
  const db = new Database(file, { timeout: busyTimeoutMs, readonly: options.readonly === true });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // WAL: readers never block the writer, and a commit is one sequential append to the log.
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: COMMIT does not fsync; the log is synced at checkpoints. A committed
    // transaction survives a crash of this process (the OS still holds the written pages) but may be
    // lost on power failure or an OS crash. That is the durability a dev broker needs: "acknowledged
    // after commit" holds across broker restarts and kills, at a fraction of the cost of FULL.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Savepoint sub-journals and temp b-trees in memory rather than temp files.
    db.pragma('temp_store = MEMORY');
    // Unicode-aware lower case for nameContains (SQLite's lower() only folds ASCII).
    db.function('js_lower', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? text.toLowerCase() : text,
    );
    if (options.migrate) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens (creating and migrating as needed) a SQLite-file `Storage` on better-sqlite3, on this thread
 * (ADR 0002): reads are synchronous; writes apply at once and resolve after the group commit of their
 * event-loop turn. The broker runs it in the storage worker (ADR 0010); tests run it directly.
 */
export function openDirectSqliteStorage(
  options: SqliteStorageOptions & { migrate?: boolean },
): DirectSqliteStorage {
  const db = openDatabase(options.file, {
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    migrate: options.migrate ?? true,
  });
  return directStores(db, options);
}

/** The stores of the in-thread adapter on an open connection (closed by `close()`). */
export function directStores(
  db: Database.Database,
  options: GroupCommitOptions = {},
): DirectSqliteStorage {
  const commits = new GroupCommit(db, options);
  const ctx = sqliteContext(db, commits);
  let closing: Promise<void> | undefined;
  const profiles = createSqliteProfiles(ctx);

  return {
    kind: 'sqlite',
    profiles,
    devices: createSqliteDevices(ctx),
    telemetry: createSqliteTelemetry(ctx),
    attributes: createSqliteAttributes(ctx),
    rpc: createSqliteRpc(ctx),
    events: createSqliteEvents(ctx),
    customers: createSqliteCustomers(ctx),
    claims: createSqliteClaims(ctx),
    ota: createSqliteOta(ctx),
    // one COMMIT per turn on the event loop either way (ADR 0002)
    inBackground: (run) => run(),
    // One write of the current batch (pending latest-value moves go first): a reset or restore that
    // follows in the same turn commits with it.
    clear: () =>
      profiles.track(() =>
        commits.write(() => {
          db.exec(CLEAR_SQL);
        }),
      ),
    stats: () => commits.stats(),
    abort: (reason) => commits.abort(reason),
    whenCommitted: () => commits.whenCommitted(),
    close: () => {
      // At once, so that a write issued after close() is refused: commit the pending batch (its
      // promises settle), then release the file.
      closing ??= new Promise<void>((resolve) => {
        commits.close();
        db.close();
        resolve();
      });
      return closing;
    },
  };
}
