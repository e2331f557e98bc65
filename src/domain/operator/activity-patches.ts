/** The newest activity time per device, handed over together. */
export type ActivityPatches = ReadonlyMap<string, number>;

/**
 * Folds device activity (a telemetry event is one) into at most one hand-over per `intervalMs`:
 * the first activity after a quiet interval goes at once, later ones are kept (the newest time per
 * device) and go together at the end of the interval. The device list shows activity to the
 * second, so patching it for each of a thousand events a second only re-renders every view of
 * the list for nothing.
 */
export function createActivityPatches(
  apply: (patches: ActivityPatches) => void,
  intervalMs: number,
  now: () => number = Date.now,
) {
  let pending = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let appliedAt = -Infinity;
  const flush = () => {
    timer = undefined;
    appliedAt = now();
    const patches = pending;
    pending = new Map();
    if (patches.size > 0) apply(patches);
  };
  return {
    note(deviceId: string, ts: number): void {
      pending.set(deviceId, Math.max(ts, pending.get(deviceId) ?? -Infinity));
      if (timer !== undefined) return;
      const wait = appliedAt + intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    /** Drops what is pending (the bridge stops). */
    stop(): void {
      clearTimeout(timer);
      timer = undefined;
      pending = new Map();
    },
  };
}
