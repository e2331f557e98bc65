import { describe, expect, it } from 'vitest';

import { MAX_JSON_DEPTH, nestedDeeperThan } from './json-depth.ts';

const nested = (levels: number): unknown =>
  JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('nestedDeeperThan', () => {
  it('counts objects and arrays, not scalars, and accepts exactly the limit', () => {
    expect(nestedDeeperThan(1)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('handles 10,000 levels without a stack overflow', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) as unknown;
    expect(nestedDeeperThan(deep)).toBe(true);
  });
});
