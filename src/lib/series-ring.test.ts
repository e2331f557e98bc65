import { describe, expect, it } from 'vitest';

import { SeriesRing } from './series-ring.ts';

const filled = (capacity: number, ...points: [number, number][]) => {
  const ring = new SeriesRing(capacity);
  for (const [ts, value] of points) ring.add(ts, value);
  return ring;
};

describe('SeriesRing', () => {
  it('keeps the newest points, oldest first, once full', () => {
    const ring = filled(3, [1, 10], [2, 20], [3, 30], [4, 40], [5, 50]);
    expect(ring.length).toBe(3);
    expect(ring.toPoints()).toEqual([
      { ts: 3, value: 30 },
      { ts: 4, value: 40 },
      { ts: 5, value: 50 },
    ]);
    expect(ring.lastValues(2)).toEqual([40, 50]);
    expect(ring.lastValues()).toEqual([30, 40, 50]);
  });

  it('replaces the value of a timestamp it already has instead of adding a point', () => {
    const ring = filled(4, [1, 10], [2, 20], [3, 30], [2, 21], [3, 31]);
    expect(ring.toPoints()).toEqual([
      { ts: 1, value: 10 },
      { ts: 2, value: 21 },
      { ts: 3, value: 31 },
    ]);
  });

  it('puts a late point in its place by time, also after wrapping around', () => {
    const ring = filled(4, [10, 1], [20, 2], [30, 3], [40, 4], [50, 5], [35, 3.5]);
    expect(ring.toPoints().map((p) => p.ts)).toEqual([30, 35, 40, 50]);
    ring.add(45, 4.5);
    expect(ring.toPoints().map((p) => p.ts)).toEqual([35, 40, 45, 50]);
    ring.add(60, 6);
    expect(ring.toPoints().map((p) => p.ts)).toEqual([40, 45, 50, 60]);
  });

  it('drops a point older than everything a full ring keeps, and keeps it when there is room', () => {
    const full = filled(2, [10, 1], [20, 2], [5, 0.5]);
    expect(full.toPoints().map((p) => p.ts)).toEqual([10, 20]);
    const roomy = filled(3, [10, 1], [20, 2], [5, 0.5]);
    expect(roomy.toPoints().map((p) => p.ts)).toEqual([5, 10, 20]);
  });

  it('empties on clear and refuses a capacity that is not a positive integer', () => {
    const ring = filled(2, [1, 1], [2, 2]);
    ring.clear();
    expect(ring.length).toBe(0);
    ring.add(3, 3);
    expect(ring.toPoints()).toEqual([{ ts: 3, value: 3 }]);
    expect(() => new SeriesRing(0)).toThrow(RangeError);
  });
});
