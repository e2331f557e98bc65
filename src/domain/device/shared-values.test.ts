import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { deviceKeys, type SharedValues } from './device-keys.ts';
import { useSharedHistory } from './shared-history-store.ts';
import { applyOtaChanges, applySharedChanges, pickOtaAttributes } from './shared-values.ts';

describe('applySharedChanges', () => {
  it('applies a frame of pushes in arrival order with one cache write, under the connection', () => {
    const client = new QueryClient();
    let writes = 0;
    client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated') writes += 1;
    });
    applySharedChanges(client, 3, [
      { kind: 'updated', values: { a: 1, b: 1 }, time: 10 },
      { kind: 'deleted', keys: ['a'], time: 15 },
      { kind: 'updated', values: { b: 2, c: true }, time: 20 },
    ]);
    expect(client.getQueryData<SharedValues>(deviceKeys.sharedValues(3))).toEqual({
      b: { value: 2, seenAt: 20, source: 'push' },
      c: { value: true, seenAt: 20, source: 'push' },
    });
    expect(client.getQueryData(deviceKeys.sharedValues(2))).toBeUndefined();
    expect(writes).toBe(1);
  });

  it('does not touch the cache for an empty frame', () => {
    const client = new QueryClient();
    applySharedChanges(client, 1, []);
    expect(client.getQueryData(deviceKeys.sharedValues(1))).toBeUndefined();
  });
});

describe('applyOtaChanges (spec §11)', () => {
  const seeded = (values: Record<string, unknown>) => {
    const client = new QueryClient();
    client.setQueryData(deviceKeys.otaAttributes(1), values);
    return client;
  };

  it('keeps only OTA keys', () => {
    expect(pickOtaAttributes({ fw_title: 'a', targetTemp: 1, sw_url: 'u' })).toEqual({
      fw_title: 'a',
      sw_url: 'u',
    });
  });

  it('merges OTA updates, removes deleted keys and ignores other keys', () => {
    const client = seeded({ fw_title: 'a', sw_title: 's' });
    applyOtaChanges(client, 1, [
      { kind: 'updated', values: { fw_version: '2', targetTemp: 21 }, time: 1 },
      { kind: 'deleted', keys: ['sw_title'], time: 2 },
    ]);
    expect(client.getQueryData(deviceKeys.otaAttributes(1))).toEqual({
      fw_title: 'a',
      fw_version: '2',
    });
  });

  it('leaves the cache alone when no OTA key changed, and never seeds it from a push', () => {
    const client = seeded({ fw_title: 'a' });
    let writes = 0;
    client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated') writes += 1;
    });
    applyOtaChanges(client, 1, [
      { kind: 'updated', values: { targetTemp: 21 }, time: 1 },
      { kind: 'deleted', keys: ['x'], time: 2 },
    ]);
    expect(writes).toBe(0);
    applyOtaChanges(client, 2, [{ kind: 'updated', values: { fw_title: 'b' }, time: 3 }]);
    expect(client.getQueryData(deviceKeys.otaAttributes(2))).toBeUndefined();
  });
});

describe('shared history addMany', () => {
  it('keeps the newest first and stays bounded', () => {
    useSharedHistory.getState().clear();
    useSharedHistory.getState().addMany([
      { time: 1, kind: 'updated', values: { x: 1 } },
      { time: 2, kind: 'deleted', keys: ['x'] },
    ]);
    useSharedHistory
      .getState()
      .addMany(
        Array.from({ length: 250 }, (_, i) => ({ time: 3 + i, kind: 'updated', values: { i } })),
      );
    const entries = useSharedHistory.getState().entries;
    expect(entries).toHaveLength(200);
    expect(entries[0]?.time).toBe(252);
    expect(entries.at(-1)?.time).toBe(53);
  });
});
