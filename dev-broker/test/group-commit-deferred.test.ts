import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { GroupCommit, type DeferredWork } from '../storage/group-commit.ts';
import { openSqliteStorage } from '../storage/sqlite-storage.ts';

import { expectStorageErrorCode, reasonOf, seedDevice } from './storage-contract/fixtures.ts';
import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('group-commit-deferred');
const long = (n: number) => ({ type: 'LONG', value: BigInt(n) }) as const;

/** A parent/child schema whose deferred foreign key fails at COMMIT when asked to. */
function openDb(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT NOT NULL);
    CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`);
  return db;
}

/** Deferred work that logs every pending entry in one go. */
function deferredLog(db: Database.Database) {
  const insert = db.prepare('INSERT INTO log (what) VALUES (?)');
  const pending: string[] = [];
  let applied = 0;
  const work: DeferredWork = {
    apply() {
      applied++;
      for (const what of pending) insert.run(what);
      pending.length = 0;
    },
    discard() {
      pending.length = 0;
    },
  };
  return { work, pending, applied: () => applied };
}

const logged = (db: Database.Database) =>
  db.prepare('SELECT what FROM log ORDER BY id').pluck().all();

describe('GroupCommit deferred work', () => {
  it('is applied once per batch, before COMMIT, and before a write that does not defer to it', async () => {
    const db = openDb();
    const commits = new GroupCommit(db, { maxBatchMs: 60_000 });
    const log = deferredLog(db);
    try {
      const defer = (what: string) =>
        commits.write(() => void log.pending.push(what), { defers: log.work });
      const first = [defer('a'), defer('b'), defer('c')];
      expect(log.applied()).toBe(0);
      // another write sees the deferred rows first
      const seen = commits.write(() => logged(db));
      expect(log.applied()).toBe(1);
      const last = defer('d');
      await Promise.all([...first, last]);
      await expect(seen).resolves.toEqual(['a', 'b', 'c']);
      expect(log.applied()).toBe(2);
      expect(logged(db)).toEqual(['a', 'b', 'c', 'd']);
      expect(commits.stats()).toMatchObject({ commits: 1, writes: 5 });
    } finally {
      commits.close();
      db.close();
    }
  });

  it('is applied by applyDeferred() for reads, and discarded when the batch fails', async () => {
    const db = openDb();
    const commits = new GroupCommit(db, { maxBatchMs: 60_000 });
    const log = deferredLog(db);
    try {
      const kept = commits.write(() => void log.pending.push('kept'), { defers: log.work });
      commits.applyDeferred();
      expect(logged(db)).toEqual(['kept']);
      await kept;
      // an unguarded write that fails after adding to the deferred work fails its batch: nothing pending is kept
      const lost = commits.write(() => void log.pending.push('lost'), { defers: log.work });
      const broken = commits.write(
        () => {
          log.pending.push('lost too');
          throw new TypeError('a bug after a change');
        },
        { guarded: false, defers: log.work },
      );
      expect(log.pending).toEqual([]);
      expectStorageErrorCode(reasonOf((await Promise.allSettled([lost]))[0]), 'IO');
      await expect(broken).rejects.toThrow(TypeError);
      // a batch whose COMMIT fails after its deferred work was applied is rolled back with it
      const doomed = [
        commits.write(() => void log.pending.push('rolled back'), { defers: log.work }),
        commits.write(() => db.prepare('INSERT INTO child (id, parent_id) VALUES (1, 999)').run()),
      ];
      for (const outcome of await Promise.allSettled(doomed)) {
        expectStorageErrorCode(reasonOf(outcome), 'IO');
      }
      await commits.write(() => void log.pending.push('after'), { defers: log.work });
      expect(logged(db)).toEqual(['kept', 'after']);
    } finally {
      commits.close();
      db.close();
    }
  });

  it('opens a new batch for the writes after an unguarded write failed', async () => {
    const db = openDb();
    const commits = new GroupCommit(db, { maxBatchMs: 60_000 });
    const insert = db.prepare('INSERT INTO parent (id) VALUES (?)');
    try {
      const failed = commits.write(
        () => {
          insert.run(1);
          throw new TypeError('a bug after a change');
        },
        { guarded: false },
      );
      const next = commits.write(() => insert.run(2).changes);
      await expect(failed).rejects.toThrow(TypeError);
      await expect(next).resolves.toBe(1);
      expect(db.prepare('SELECT id FROM parent').pluck().all()).toEqual([2]);
      expect(commits.stats()).toMatchObject({ commits: 1, failedCommits: 1 });
    } finally {
      commits.close();
      db.close();
    }
  });
});

describe('sqlite telemetry latest values', () => {
  it('moves each latest row once per batch to the newest point (a later one wins a tie)', async () => {
    const file = newFile();
    const storage = openSqliteStorage({ file, maxBatchMs: 60_000 });
    try {
      const device = await seedDevice(storage);
      const commitsBefore = storage.stats().commits;
      const saves = [
        storage.telemetry.save(device.id, [{ key: 't', ts: 10, value: long(1) }]),
        storage.telemetry.save(device.id, [
          { key: 't', ts: 30, value: long(2) },
          { key: 'u', ts: 5, value: long(3) },
        ]),
        storage.telemetry.save(device.id, [{ key: 't', ts: 20, value: long(4) }]),
        storage.telemetry.save(device.id, [{ key: 't', ts: 30, value: long(5) }]),
      ];
      // a read in the same turn sees the pending latest values
      expect(storage.telemetry.latest(device.id, ['t'])).toEqual([
        { key: 't', ts: 30, value: long(5) },
      ]);
      const more = storage.telemetry.save(device.id, [{ key: 'u', ts: 4, value: long(6) }]);
      await Promise.all([...saves, more]);
      expect(storage.stats().commits - commitsBefore).toBe(1);
      await storage.close();
      const reopened = openSqliteStorage({ file });
      expect(reopened.telemetry.latest(device.id)).toEqual([
        { key: 't', ts: 30, value: long(5) },
        { key: 'u', ts: 5, value: long(3) },
      ]);
      expect(reopened.telemetry.keys(device.id)).toEqual(['t', 'u']);
      await reopened.close();
    } finally {
      await storage.close();
    }
  });

  it('deletes a device whose latest values are still pending in the same batch', async () => {
    const storage = openSqliteStorage({ file: newFile(), maxBatchMs: 60_000 });
    try {
      const device = await seedDevice(storage);
      const saved = storage.telemetry.save(device.id, [{ key: 't', ts: 1, value: long(1) }]);
      const deleted = storage.devices.delete(device.id);
      await expect(saved).resolves.toBeUndefined();
      await expect(deleted).resolves.toBe(true);
      expect(storage.telemetry.latest(device.id)).toEqual([]);
      expect(storage.stats().failedCommits).toBe(0);
    } finally {
      await storage.close();
    }
  });
});
