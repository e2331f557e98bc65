import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { GroupCommit } from '../storage/group-commit.ts';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite-storage.ts';

import {
  aDevice,
  anEvent,
  expectStorageError,
  expectStorageErrorCode,
  reasonOf,
  seedDevice,
  tokenFor,
} from './storage-contract/fixtures.ts';
import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('sqlite-group-commit');
const long = (n: number) => ({ type: 'LONG', value: BigInt(n) }) as const;
const point = (ts: number) => ({ key: 't', ts, value: long(ts) });

async function withStorage(
  options: { maxBatchOps?: number; maxBatchMs?: number },
  run: (storage: SqliteStorage, file: string) => Promise<void>,
): Promise<void> {
  const file = newFile();
  const storage = openSqliteStorage({ file, ...options });
  try {
    await run(storage, file);
  } finally {
    await storage.close();
  }
}

describe('sqlite group commit', () => {
  it('commits all writes of one event-loop turn in one transaction', () =>
    // Tests that count commits turn the time cap off: a loaded machine may exceed 50 ms in a turn.
    withStorage({ maxBatchMs: 60_000 }, async (storage) => {
      const device = await seedDevice(storage);
      const before = storage.stats();
      const writes = Array.from({ length: 500 }, (_, i) =>
        storage.telemetry.save(device.id, [point(i)]),
      );
      storage.events.append(anEvent());
      let settled = 0;
      for (const write of writes) void write.then(() => settled++);
      // Microtasks of this turn run, but nothing is committed or acknowledged before setImmediate.
      for (let i = 0; i < 5; i++) await Promise.resolve();
      expect(settled).toBe(0);
      expect(storage.stats().commits).toBe(before.commits);
      await Promise.all(writes);
      expect(settled).toBe(500);
      const after = storage.stats();
      expect(after.commits - before.commits).toBe(1);
      expect(after.writes - before.writes).toBe(501);
      expect(after.largestBatch).toBe(501);
    }));

  it('commits early when a batch reaches maxBatchOps or maxBatchMs', async () => {
    await withStorage({ maxBatchOps: 10, maxBatchMs: 60_000 }, async (storage) => {
      const device = await seedDevice(storage);
      const before = storage.stats().commits;
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => storage.telemetry.save(device.id, [point(i)])),
      );
      expect(storage.stats().commits - before).toBe(3);
      expect(storage.stats().largestBatch).toBe(10);
      expect(
        storage.telemetry.history(device.id, {
          keys: ['t'],
          startTs: 0,
          endTs: 99,
          limit: 99,
          order: 'ASC',
        }),
      ).toHaveLength(25);
    });
    await withStorage({ maxBatchMs: 0 }, async (storage) => {
      const device = await seedDevice(storage);
      const before = storage.stats().commits;
      await Promise.all([0, 1, 2].map((i) => storage.telemetry.save(device.id, [point(i)])));
      expect(storage.stats().commits - before).toBe(3);
    });
  });

  it('rolls back a failing write alone; the rest of its batch commits', () =>
    withStorage({ maxBatchMs: 60_000 }, async (storage, file) => {
      const device = await seedDevice(storage, { name: 'taken' });
      const before = storage.stats();
      const clash = aDevice(device.profileId, { name: 'taken' });
      const fresh = aDevice(device.profileId);
      const outcomes = await Promise.allSettled([
        storage.telemetry.save(device.id, [point(1)]),
        storage.devices.create(clash, tokenFor(clash.id)),
        storage.devices.create(fresh, tokenFor(fresh.id)),
        storage.telemetry.save('ghost', [point(2)]),
        storage.telemetry.save(device.id, [point(3)]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expectStorageErrorCode(reasonOf(outcomes[1]), 'CONFLICT');
      expectStorageErrorCode(reasonOf(outcomes[3]), 'NOT_FOUND');
      const after = storage.stats();
      expect(after.commits - before.commits).toBe(1);
      expect(after.failedWrites - before.failedWrites).toBe(2);
      await storage.close();

      const reopened = openSqliteStorage({ file });
      expect(
        reopened.telemetry.history(device.id, {
          keys: ['t'],
          startTs: 0,
          endTs: 9,
          limit: 9,
          order: 'ASC',
        }),
      ).toEqual([point(1), point(3)]);
      expect(reopened.devices.get(fresh.id)).toEqual(fresh);
      expect(reopened.devices.get(clash.id)).toBeUndefined();
      await reopened.close();
    }));

  it('close() commits the pending batch, then refuses writes', async () => {
    const file = newFile();
    const storage = openSqliteStorage({ file });
    const device = await seedDevice(storage);
    const pending = storage.telemetry.save(device.id, [point(5)]);
    const closed = storage.close();
    await expect(pending).resolves.toBeUndefined();
    await closed;
    await expectStorageError(storage.telemetry.save(device.id, [point(6)]), 'IO');
    const reopened = openSqliteStorage({ file });
    expect(reopened.telemetry.latest(device.id)).toEqual([point(5)]);
    await reopened.close();
  });
});

describe('GroupCommit when COMMIT fails', () => {
  it('rejects every write of the batch with IO, rolls it back, and carries on', async () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    // A deferred foreign key is checked only at COMMIT, so this batch fails there.
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`);
    const commits = new GroupCommit(db);
    const insertParent = db.prepare('INSERT INTO parent (id) VALUES (?)');
    const insertChild = db.prepare('INSERT INTO child (id, parent_id) VALUES (?, ?)');
    try {
      const batch = [
        commits.write(() => insertParent.run(1).changes),
        commits.write(() => insertChild.run(1, 999).changes),
        commits.write(() => insertParent.run(2).changes),
      ];
      const outcomes = await Promise.allSettled(batch);
      expect(outcomes).toHaveLength(3);
      for (const outcome of outcomes) expectStorageErrorCode(reasonOf(outcome), 'IO');
      expect(db.inTransaction).toBe(false);
      expect(db.prepare('SELECT count(*) AS n FROM parent').get()).toEqual({ n: 0 });
      expect(commits.stats()).toMatchObject({ commits: 0, failedCommits: 1 });

      await expect(commits.write(() => insertParent.run(3).changes)).resolves.toBe(1);
      expect(db.prepare('SELECT id FROM parent').all()).toEqual([{ id: 3 }]);
      expect(commits.stats()).toMatchObject({ commits: 1, failedCommits: 1 });
    } finally {
      commits.close();
      db.close();
    }
  });
});
