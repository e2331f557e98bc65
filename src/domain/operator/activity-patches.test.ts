import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createActivityPatches, type ActivityPatches } from './activity-patches.ts';

describe('activity patches', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands over the first activity at once and folds the rest into one per interval', () => {
    const applied: Record<string, number>[] = [];
    const patches = createActivityPatches((p: ActivityPatches) => {
      applied.push(Object.fromEntries(p));
    }, 1000);
    patches.note('d1', 100);
    expect(applied).toEqual([{ d1: 100 }]);
    patches.note('d1', 300);
    patches.note('d2', 250);
    patches.note('d1', 200); // an older event arriving late does not move activity back
    expect(applied).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(applied).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual([{ d1: 100 }, { d1: 300, d2: 250 }]);
    vi.advanceTimersByTime(5000);
    expect(applied).toHaveLength(2);
    patches.note('d3', 400);
    expect(applied.at(-1)).toEqual({ d3: 400 });
  });

  it('drops what is pending when stopped', () => {
    const apply = vi.fn();
    const patches = createActivityPatches(apply, 1000);
    patches.note('d1', 1);
    patches.note('d1', 2);
    patches.stop();
    vi.advanceTimersByTime(2000);
    expect(apply).toHaveBeenCalledTimes(1);
  });
});
