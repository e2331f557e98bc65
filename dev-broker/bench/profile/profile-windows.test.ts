import { describe, expect, it } from 'vitest';

import { summarizeProfile } from './profile-summary.ts';
import { samplesWithin, type TimedProfile } from './profile-windows.ts';

const frame = (functionName: string) => ({ functionName, url: 'x.js', lineNumber: 0 });

// root → a, root → b; samples every 10 ms: a a b b a (at 10, 20, 30, 40, 50 ms).
const profile: TimedProfile = {
  startTime: 5_000_000,
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3] },
    { id: 2, callFrame: frame('a') },
    { id: 3, callFrame: frame('b') },
  ],
  samples: [2, 2, 3, 3, 2],
  timeDeltas: [10_000, 10_000, 10_000, 10_000, 10_000],
};

describe('samplesWithin', () => {
  it('keeps the samples inside the windows with their own deltas', () => {
    const kept = samplesWithin(profile, [[25, 20]]);
    expect(kept.samples).toEqual([3, 3]);
    expect(kept.timeDeltas).toEqual([10_000, 10_000]);
    const summary = summarizeProfile(kept);
    expect(summary.sampledUs).toBe(20_000);
    expect(summary.lines.find((l) => l.label.startsWith('b '))?.selfUs).toBe(20_000);
    expect(summary.lines.find((l) => l.label.startsWith('a '))).toBeUndefined();
  });

  it('joins several windows and keeps nothing outside them', () => {
    expect(
      samplesWithin(profile, [
        [0, 15],
        [45, 10],
      ]).samples,
    ).toEqual([2, 2]);
    expect(samplesWithin(profile, []).samples).toEqual([]);
  });
});
