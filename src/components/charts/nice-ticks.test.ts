import { describe, expect, it } from 'vitest';

import { niceTicks } from './nice-ticks.ts';

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(12, 87, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(10.5, 89.9, 4)).toEqual([0, 50, 100]);
    expect(niceTicks(0.33, 0.37, 4)).toEqual([0.32, 0.34, 0.36, 0.38]);
    expect(niceTicks(1141, 1144, 4)).toEqual([1141, 1142, 1143, 1144]);
    expect(niceTicks(-3.2, 4.9, 5)).toEqual([-5, -2.5, 0, 2.5, 5]);
  });

  it('keeps the same ticks while the data moves inside them', () => {
    expect(niceTicks(13, 86, 4)).toEqual(niceTicks(12, 87, 4));
  });

  it('gives one value a span around it, and non-finite bounds a unit range', () => {
    const around = niceTicks(230, 230);
    expect(around[0]).toBeLessThan(230);
    expect(around.at(-1)).toBeGreaterThan(230);
    expect(niceTicks(0, 0)[0]).toBeLessThan(0);
    expect(niceTicks(Infinity, -Infinity)).toEqual([0, 1]);
  });
});
