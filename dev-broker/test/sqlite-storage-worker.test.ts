import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import type { KvValue, TsKvEntry } from '../../src/protocol/kv.ts';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite-storage.ts';
import type { TelemetryQuery } from '../storage/storage.ts';

import { anEvent, expectStorageError, seedDevice } from './storage-contract/fixtures.ts';
import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('sqlite-worker');
const long = (n: number): KvValue => ({ type: 'LONG', value: BigInt(n) });
const point = (key: string, ts: number, n = ts): TsKvEntry => ({ key, ts, value: long(n) });
const all = (keys: string[], over: Partial<TelemetryQuery> = {}): TelemetryQuery => ({
  keys,
  startTs: 0,
  endTs: 1e12,
  limit: 100,
  order: 'ASC',
  ...over,
});

async function withStorage(run: (s: SqliteStorage, file: string) => Promise<void>): Promise<void> {
  const file = newFile();
  const storage = openSqliteStorage({ file, busyTimeoutMs: 200 });
  try {
    await run(storage, file);
  } finally {
    await storage.close();
  }
}

describe('sqlite storage with the storage worker (ADR 0010)', () => {
  it('reads history, events and OTA bytes written this turn, merged with what is committed', () =>
    withStorage(async (storage) => {
      const device = await seedDevice(storage);
      await storage.telemetry.save(device.id, [point('t', 10), point('t', 20), point('t', 30)]);
      // not yet shipped to the worker: the reads replay the open batch over the file
      const pending = storage.telemetry.save(device.id, [point('t', 20, 99), point('t', 40)]);
      expect(storage.telemetry.history(device.id, all(['t'], { order: 'DESC', limit: 3 }))).toEqual(
        [point('t', 40), point('t', 30), point('t', 20, 99)],
      );
      const event = storage.events.append(anEvent({ deviceId: device.id }));
      expect(storage.events.list({ deviceId: device.id })).toEqual([event]);
      const pkg = {
        id: 'pkg-1',
        title: 'fw',
        version: '1',
        tag: null,
        type: 'FIRMWARE',
        url: null,
        fileName: 'fw.bin',
        contentType: 'application/octet-stream',
        size: 4,
        checksumAlgorithm: 'SHA256',
        checksum: 'ab',
        createdAt: 1,
      } as const;
      const created = storage.ota.create(pkg, new Uint8Array([1, 2, 3, 4]));
      expect(storage.ota.readData('pkg-1', 1, 2)).toEqual(new Uint8Array([2, 3]));
      await Promise.all([pending, created]);
      expect(storage.telemetry.history(device.id, all(['t']))).toHaveLength(4);
      expect(storage.ota.readData('pkg-1', 0, 9)).toEqual(new Uint8Array([1, 2, 3, 4]));

      // a device delete not yet committed hides its committed points
      const deleted = storage.devices.delete(device.id);
      expect(storage.telemetry.history(device.id, all(['t']))).toEqual([]);
      await expect(deleted).resolves.toBe(true);
      expect(storage.events.list()).toEqual([event]);
    }));

  it('rejects with IO while another connection holds the write lock, and carries on after it', () =>
    withStorage(async (storage, file) => {
      const device = await seedDevice(storage);
      await storage.telemetry.save(device.id, [point('t', 1)]);
      const other = new Database(file);
      other.exec('BEGIN IMMEDIATE');
      try {
        const refused = storage.telemetry.save(device.id, [point('t', 2)]);
        // applied to the mirror at once ...
        expect(storage.telemetry.latest(device.id)).toEqual([point('t', 2)]);
        await expectStorageError(refused, 'IO');
        // ... and gone from it once the worker reported the failure: the mirror was reloaded
        expect(storage.telemetry.latest(device.id)).toEqual([point('t', 1)]);
        expect(storage.stats().failedCommits).toBeGreaterThanOrEqual(1);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      await storage.telemetry.save(device.id, [point('t', 3)]);
      expect(storage.telemetry.history(device.id, all(['t']))).toEqual([
        point('t', 1),
        point('t', 3),
      ]);
    }));

  it('rolls back a whole batch the file refuses (changed behind its back) and reloads the mirror', () =>
    withStorage(async (storage, file) => {
      const kept = await seedDevice(storage);
      const gone = await seedDevice(storage);
      const other = new Database(file);
      other.pragma('foreign_keys = ON');
      other.prepare('DELETE FROM devices WHERE id = ?').run(gone.id);
      other.close();

      // one batch: a key never seen before (a new ts_kv_dictionary row), then a write the file refuses
      const first = storage.telemetry.save(kept.id, [point('fresh', 1)]);
      const second = storage.telemetry.save(gone.id, [point('t', 1)]);
      await expectStorageError(first, 'IO');
      await expectStorageError(second, 'IO');
      expect(storage.devices.get(gone.id)).toBeUndefined();
      expect(storage.telemetry.keys(kept.id)).toEqual([]);

      // the key's row was rolled back with the batch: the key is stored again under a real id
      await storage.telemetry.save(kept.id, [point('fresh', 2)]);
      expect(storage.telemetry.history(kept.id, all(['fresh']))).toEqual([point('fresh', 2)]);
      await expectStorageError(storage.telemetry.save(gone.id, [point('t', 2)]), 'NOT_FOUND');
    }));

  it('holds the writes of later turns while a batch is in the worker, then ships them as one', async () => {
    const file = newFile();
    const storage = openSqliteStorage({ file, busyTimeoutMs: 20_000, maxBatchMs: 60_000 });
    try {
      const device = await seedDevice(storage);
      const before = storage.stats();
      // the worker's first batch waits for this lock, so it stays in flight until the lock is released
      const other = new Database(file);
      other.exec('BEGIN IMMEDIATE');
      const writes = [storage.telemetry.save(device.id, [point('t', 1)])];
      for (let turn = 2; turn <= 6; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
        writes.push(storage.telemetry.save(device.id, [point('t', turn)]));
      }
      other.exec('ROLLBACK');
      other.close();
      await Promise.all(writes);
      const after = storage.stats();
      expect(after.commits - before.commits).toBe(2);
      expect(after.largestBatch).toBe(5);
      expect(storage.telemetry.history(device.id, all(['t']))).toHaveLength(6);
    } finally {
      await storage.close();
    }
  });

  it('keeps a write issued after close() out, and its batch before close() in', async () => {
    const file = newFile();
    const storage = openSqliteStorage({ file });
    const device = await seedDevice(storage);
    const before = storage.telemetry.save(device.id, [point('t', 1)]);
    const closed = storage.close();
    await expectStorageError(storage.telemetry.save(device.id, [point('t', 2)]), 'IO');
    await Promise.all([before, closed]);
    const reopened = openSqliteStorage({ file });
    try {
      expect(reopened.telemetry.history(device.id, all(['t']))).toEqual([point('t', 1)]);
    } finally {
      await reopened.close();
    }
  });
});
