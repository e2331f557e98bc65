import type Database from 'better-sqlite3';

import type { GroupCommit } from './group-commit.ts';
import { StorageError } from './storage.ts';

/** What each SQLite store is built from: the connection and its group commit. */
export interface SqliteContext {
  db: Database.Database;
  commits: GroupCommit;
  /** Throws NOT_FOUND unless the device exists (clearer than a foreign-key error). */
  requireDevice: (deviceId: string) => void;
}

/** Builds the shared context; prepares the device-exists check once. */
export function sqliteContext(db: Database.Database, commits: GroupCommit): SqliteContext {
  const exists = db.prepare<[string], number>('SELECT 1 FROM devices WHERE id = ?').pluck();
  return {
    db,
    commits,
    requireDevice: (deviceId) => {
      if (exists.get(deviceId) === undefined) {
        throw new StorageError('NOT_FOUND', `device ${deviceId} does not exist`);
      }
    },
  };
}

/** SQLite has no boolean: 1 or 0. */
export const bit = (flag: boolean): number => (flag ? 1 : 0);

/** A LIMIT value: SQLite treats a negative limit as "no limit", so clamp, and map "none" to -1. */
export const sqlLimit = (limit: number | undefined): number =>
  limit === undefined ? -1 : Math.max(0, Math.floor(limit));
