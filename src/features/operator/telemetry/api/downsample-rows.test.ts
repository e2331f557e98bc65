import { describe, expect, it } from 'vitest';

import { downsampleRows, type ChartRow } from './downsample-rows.ts';

const rows = (n: number, stepMs = 100): ChartRow[] =>
  Array.from({ length: n }, (_, i) => ({ ts: 1_000_000 + i * stepMs, a: i }));

describe('downsampleRows', () => {
  it('returns short series as they are', () => {
    const input = rows(50);
    expect(downsampleRows(input, 240)).toBe(input);
  });

  it('keeps about maxRows rows, in order, ending with the newest', () => {
    const out = downsampleRows(rows(600), 240);
    expect(out.length).toBeLessThanOrEqual(241);
    expect(out.length).toBeGreaterThan(150);
    expect(out.at(-1)).toEqual({ ts: 1_000_000 + 599 * 100, a: 599 });
    for (let i = 1; i < out.length; i += 1)
      expect(out[i]?.ts).toBeGreaterThan(out[i - 1]?.ts ?? Infinity);
  });

  it('keeps a key that only an earlier row of the bucket had', () => {
    const input: ChartRow[] = [{ ts: 0, a: 1 }, { ts: 1, b: 2 }, ...rows(10, 1000)];
    const out = downsampleRows(input, 5);
    expect(out[0]).toMatchObject({ a: 1, b: 2 });
  });

  it('keeps the same buckets when the tail slides by one row', () => {
    const before = downsampleRows(rows(600), 240).map((r) => r.ts);
    const after = downsampleRows(rows(601).slice(1), 240).map((r) => r.ts);
    const shared = after.filter((ts) => before.includes(ts));
    expect(shared.length).toBeGreaterThan(after.length - 5);
  });
});
