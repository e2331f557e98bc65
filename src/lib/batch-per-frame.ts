import { createFrameBatcher } from '@/session/frame-batcher.ts';
import type { ScheduleFrame } from '@/session/frame-batcher.ts';

/**
 * Collects items and hands them to `flush` once per animation frame (style.md: high-rate live data
 * is rAF-batched). Features use this for their live stores; the session uses the same batcher.
 */
export function batchPerFrame<T>(flush: (items: T[]) => void, schedule?: ScheduleFrame) {
  return createFrameBatcher(flush, schedule);
}
