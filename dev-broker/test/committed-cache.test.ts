import { describe, expect, it } from 'vitest';

import { CommittedCache } from '../storage/committed-cache.ts';
import { openSqliteStorage } from '../storage/sqlite-storage.ts';

import { aProfile } from './storage-contract/fixtures.ts';
import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('committed-cache');

/** A table whose writes apply at once and settle later, as group-committed writes do. */
function table() {
  const rows = new Map<string, { v: number }>([['a', { v: 1 }]]);
  let loads = 0;
  const cache = new CommittedCache((key: string) => {
    loads++;
    const row = rows.get(key);
    return row && { ...row };
  });
  interface PendingWrite {
    done: Promise<void>;
    settle: (ok: boolean) => void;
    rollback: () => void;
  }
  const write = (key: string, v: number): PendingWrite => {
    let settle: PendingWrite['settle'] = () => undefined;
    const done = cache.track(() => {
      rows.set(key, { v });
      return new Promise<void>((resolve, reject) => {
        settle = (ok) => (ok ? resolve() : reject(new Error('rolled back')));
      });
    });
    return { done, settle, rollback: () => rows.set(key, { v: 1 }) };
  };
  return { cache, write, loads: () => loads };
}

describe('CommittedCache', () => {
  it('loads a row once and hands out copies', () => {
    const t = table();
    const first = t.cache.get('a');
    expect(first).toEqual({ v: 1 });
    if (first) first.v = 99;
    expect(t.cache.get('a')).toEqual({ v: 1 });
    expect(t.cache.get('missing')).toBeUndefined();
    expect(t.loads()).toBe(2);
  });

  it('bypasses the cache while a write is pending and never keeps a rolled-back value', async () => {
    const t = table();
    t.cache.get('a');
    const w = t.write('a', 2);
    // the uncommitted value is read from the table, not cached
    expect(t.cache.get('a')).toEqual({ v: 2 });
    expect(t.cache.get('a')).toEqual({ v: 2 });
    w.rollback();
    w.settle(false);
    await expect(w.done).rejects.toThrow('rolled back');
    expect(t.cache.get('a')).toEqual({ v: 1 });
    const loads = t.loads();
    const ok = t.write('a', 3);
    ok.settle(true);
    await ok.done;
    expect(t.cache.get('a')).toEqual({ v: 3 });
    expect(t.cache.get('a')).toEqual({ v: 3 });
    expect(t.loads()).toBe(loads + 1);
  });
});

describe('sqlite profiles through the cache', () => {
  it('reads a saved or deleted profile at once and after the commit', async () => {
    const storage = openSqliteStorage({ file: newFile() });
    try {
      const profile = aProfile();
      await storage.profiles.save(profile);
      expect(storage.profiles.get(profile.id)).toEqual(profile);
      const changed = { ...profile, payloadType: 'PROTOBUF' as const };
      const saved = storage.profiles.save(changed);
      expect(storage.profiles.get(profile.id)).toEqual(changed);
      await saved;
      expect(storage.profiles.get(profile.id)).toEqual(changed);
      const deleted = storage.profiles.delete(profile.id);
      expect(storage.profiles.get(profile.id)).toBeUndefined();
      await expect(deleted).resolves.toBe(true);
      expect(storage.profiles.get(profile.id)).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});
