import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { WriteJournal } from '../storage/write-journal.ts';
import type { OpList } from '../storage/write-ops.ts';

/** A journal whose shipped batches are recorded (seq and ops) instead of sent to a worker. */
function journal(maxInFlight = 1) {
  const shipped: { seq: number; ops: OpList }[] = [];
  const j = new WriteJournal((seq, ops) => shipped.push({ seq, ops: [...ops] }), {
    maxBatchMs: 50,
    maxInFlight,
  });
  const write = (name: string) =>
    j.write(
      () => name,
      (ops) => ops.push(name),
    );
  const background = (name: string) => j.inBackground(() => write(name));
  return { j, shipped, write, background };
}

// the journal reads the global `performance` (its maxBatchMs check), which these fake too
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WriteJournal: when a batch ships (ADR 0010)', () => {
  it('a write someone waits on ships at the end of its turn', async () => {
    const { shipped, write } = journal();
    void write('point');
    expect(shipped).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(shipped).toEqual([{ seq: 1, ops: ['point'] }]);
  });

  it('background writes of several turns wait for each other and ship in one batch after maxBatchMs', async () => {
    const { shipped, background } = journal();
    void background('active');
    await vi.advanceTimersByTimeAsync(10);
    void background('event');
    await vi.advanceTimersByTimeAsync(10);
    void background('lastConnectTime');
    await vi.advanceTimersByTimeAsync(20);
    expect(shipped).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(shipped).toEqual([{ seq: 1, ops: ['active', 'event', 'lastConnectTime'] }]);
  });

  it('a write someone waits on takes the waiting background writes with it at the end of its turn', async () => {
    const { shipped, write, background } = journal();
    void background('event');
    await vi.advanceTimersByTimeAsync(5);
    void write('point');
    void background('active');
    await vi.advanceTimersByTimeAsync(0);
    expect(shipped).toEqual([{ seq: 1, ops: ['event', 'point', 'active'] }]);
    await vi.advanceTimersByTimeAsync(100);
    expect(shipped).toHaveLength(1);
  });

  it('a background write resolves only when its batch is acknowledged', async () => {
    const { j, background } = journal();
    let done = false;
    void background('event').then(() => (done = true));
    await vi.advanceTimersByTimeAsync(60);
    expect(done).toBe(false);
    j.acknowledged(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
  });

  it('a due background batch waits for room in the worker and ships at the next acknowledgement', async () => {
    const { j, shipped, write, background } = journal(1);
    void write('point');
    await vi.advanceTimersByTimeAsync(0);
    void background('event');
    await vi.advanceTimersByTimeAsync(60);
    expect(shipped.map((b) => b.ops)).toEqual([['point']]);
    j.acknowledged(1);
    expect(shipped.map((b) => b.ops)).toEqual([['point'], ['event']]);
  });

  it('close() ships waiting background writes at once', async () => {
    const { j, shipped, background } = journal();
    void background('event');
    const closed = j.close();
    expect(shipped).toEqual([{ seq: 1, ops: ['event'] }]);
    j.acknowledged(1);
    await closed;
  });
});
