import type { CpuProfile } from './profile-summary.ts';

/** A `.cpuprofile` with its start time (µs, the profiler's clock), as CDP `Profiler.stop` returns it. */
export interface TimedProfile extends CpuProfile {
  startTime: number;
}

/**
 * The same profile keeping only the samples taken inside `windows` (`[start, duration]` in ms from
 * the profile's start), each with its own time delta, so that summarizeProfile charges exactly the
 * time spent in those windows.
 */
export function samplesWithin(
  profile: TimedProfile,
  windows: readonly (readonly [number, number])[],
): TimedProfile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let atUs = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const delta = profile.timeDeltas?.[i] ?? 0;
    atUs += delta;
    const atMs = atUs / 1000;
    if (windows.some(([start, duration]) => atMs >= start && atMs <= start + duration)) {
      samples.push(id);
      timeDeltas.push(delta);
    }
  });
  return { ...profile, samples, timeDeltas };
}
