/** Schedules `flush` once per animation frame (style.md habit: high-rate data is rAF-batched). */
export type ScheduleFrame = (flush: () => void) => void;

/** requestAnimationFrame in a browser; a 16 ms timer where there is none (node tests, hidden tabs are fine). */
export const scheduleAnimationFrame: ScheduleFrame = (flush) => {
  if (typeof globalThis.requestAnimationFrame === 'function') {
    globalThis.requestAnimationFrame(() => {
      flush();
    });
  } else {
    setTimeout(flush, 16);
  }
};

/**
 * Collects items and hands them over in one batch per frame.
 * @example const batcher = createFrameBatcher<Entry>((items) => store.setState(...));
 */
export function createFrameBatcher<T>(
  flush: (items: T[]) => void,
  schedule: ScheduleFrame = scheduleAnimationFrame,
) {
  let pending: T[] = [];
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const items = pending;
    pending = [];
    if (items.length > 0) flush(items);
  };
  return {
    push(item: T): void {
      pending.push(item);
      if (!scheduled) {
        scheduled = true;
        schedule(run);
      }
    },
    /** Hands over what is pending now (tests, export). */
    flushNow: run,
    /** Drops what is pending. */
    clear(): void {
      pending = [];
    },
  };
}
