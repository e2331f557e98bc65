import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { migrate, MIGRATIONS } from '../storage/sqlite-migrations.ts';
import { openSqliteStorage } from '../storage/sqlite-storage.ts';

import { anEvent, anRpc, seedDevice } from './storage-contract/fixtures.ts';
import { runStorageContract } from './storage-contract.ts';
import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('sqlite-storage');

// What the broker runs: the main-thread mirror with the storage worker (ADR 0010) ...
runStorageContract('sqlite', () => openSqliteStorage({ file: newFile() }));
// ... and the in-thread adapter the worker runs on its connection, which `--storage-thread main` runs
// on the event loop.
runStorageContract('sqlite in-thread', () =>
  openSqliteStorage({ file: newFile(), thread: 'main' }),
);

describe('sqlite storage on disk', () => {
  it('keeps every kind of record across close and reopen', async () => {
    const file = newFile();
    const first = openSqliteStorage({ file });
    const device = await seedDevice(first, { gateway: true });
    const profile = first.profiles.get(device.profileId);
    const credentials = first.devices.getCredentials(device.id);
    const min = { type: 'LONG', value: -(2n ** 63n) } as const;
    const max = { type: 'LONG', value: 2n ** 63n - 1n } as const;
    await first.telemetry.save(device.id, [
      { key: 'l', ts: 1, value: min },
      { key: 'l', ts: 2, value: max },
      { key: 'j', ts: 2, value: { type: 'JSON', value: '{"a":1}' } },
    ]);
    await first.attributes.save(device.id, 'SHARED', [{ key: 's', value: max }], 7);
    const rpc = anRpc(device.id, { status: 'SENT' });
    await first.rpc.save(rpc);
    const event = first.events.append(anEvent({ deviceId: device.id }));
    await first.close();
    await first.close(); // idempotent

    const again = openSqliteStorage({ file });
    expect(again.profiles.list()).toEqual([profile]);
    expect(again.devices.list().items).toEqual([device]);
    expect(again.devices.getCredentials(device.id)).toEqual(credentials);
    expect(
      again.telemetry.history(device.id, {
        keys: ['l'],
        startTs: 0,
        endTs: 9,
        limit: 9,
        order: 'ASC',
      }),
    ).toEqual([
      { key: 'l', ts: 1, value: min },
      { key: 'l', ts: 2, value: max },
    ]);
    expect(again.telemetry.keys(device.id)).toEqual(['j', 'l']);
    expect(again.attributes.get(device.id, 'SHARED')).toEqual([
      { key: 's', scope: 'SHARED', value: max, lastUpdateTs: 7 },
    ]);
    expect(again.rpc.listPending()).toEqual([rpc]);
    expect(again.events.list()).toEqual([event]);
    // Event ids continue after the stored ones.
    expect(again.events.append(anEvent()).id).toBe(event.id + 1);
    await again.close();
  });

  it('runs its migrations once; reopening applies nothing and keeps the data', async () => {
    const file = newFile();
    const storage = openSqliteStorage({ file });
    await seedDevice(storage);
    await storage.close();
    await openSqliteStorage({ file }).close();

    const db = new Database(file);
    try {
      const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(rows).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
      expect(migrate(db)).toEqual([]);
      expect(db.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: 1 });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('applies only the migrations a file lacks, and refuses a newer file', () => {
    const db = new Database(':memory:');
    try {
      const step = (version: number): { version: number; name: string; sql: string } => ({
        version,
        name: `step ${version}`,
        sql: `CREATE TABLE t${version} (x)`,
      });
      expect(migrate(db, [step(1)])).toEqual([1]);
      expect(migrate(db, [step(1), step(2), step(3)])).toEqual([2, 3]);
      expect(migrate(db, [step(1), step(2), step(3)])).toEqual([]);
      expect(() => migrate(db, [step(1)])).toThrow(/schema version 3/);
      // A failing migration leaves neither its tables nor its record behind.
      const broken = {
        version: 4,
        name: 'broken',
        sql: 'CREATE TABLE t4 (x); CREATE TABLE t4 (y)',
      };
      expect(() => migrate(db, [step(1), step(2), step(3), broken])).toThrow();
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't4'").get()).toEqual(
        { n: 0 },
      );
      expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: 3 });
    } finally {
      db.close();
    }
  });
});
