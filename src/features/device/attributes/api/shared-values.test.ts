import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { useSharedHistory } from '../stores/shared-history-store.ts';

import { attributeKeys, type SharedValues } from './attribute-keys.ts';
import { applySharedChanges } from './shared-values.ts';

describe('applySharedChanges', () => {
  it('applies a frame of pushes in arrival order with one cache write', () => {
    const client = new QueryClient();
    let writes = 0;
    client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated') writes += 1;
    });
    applySharedChanges(client, [
      { kind: 'updated', values: { a: 1, b: 1 }, time: 10 },
      { kind: 'deleted', keys: ['a'], time: 15 },
      { kind: 'updated', values: { b: 2, c: true }, time: 20 },
    ]);
    expect(client.getQueryData<SharedValues>(attributeKeys.shared())).toEqual({
      b: { value: 2, seenAt: 20, source: 'push' },
      c: { value: true, seenAt: 20, source: 'push' },
    });
    expect(writes).toBe(1);
  });

  it('does not touch the cache for an empty frame', () => {
    const client = new QueryClient();
    applySharedChanges(client, []);
    expect(client.getQueryData(attributeKeys.shared())).toBeUndefined();
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
