import { createStore } from 'zustand/vanilla';

import type { OperatorClient } from '@/client/operator-client.ts';
import type { TelemetryPointDto } from '@protocol/operator-dto.ts';

import { batchPerFrame } from './batch-per-frame.ts';
import { perChannel } from './per-channel.ts';

/** Points kept per device and key: a ring buffer, so memory stays flat however long the tab lives. */
export const SERIES_CAPACITY = 600;

export interface SeriesPoint {
  ts: number;
  value: number;
}

export interface LiveSeriesState {
  /** `deviceId → key → points`, oldest first, at most {@link SERIES_CAPACITY} each. */
  series: Readonly<Record<string, Readonly<Record<string, readonly SeriesPoint[]>>>>;
  reset: () => void;
}

const numeric = (p: TelemetryPointDto): number | null =>
  typeof p.value === 'number' ? p.value : typeof p.value === 'boolean' ? Number(p.value) : null;

/**
 * `series` followed by `added`, where a point whose timestamp the key already has replaces that
 * point instead of being added again: a key has one value per timestamp (a telemetry event delivered
 * twice, after a reconnect or by an at-least-once broker, is one point, not two).
 */
function withoutRepeats(
  series: readonly SeriesPoint[],
  added: readonly SeriesPoint[],
): SeriesPoint[] {
  const next = [...series];
  const at = new Map(next.map((point, index) => [point.ts, index]));
  for (const point of added) {
    const index = at.get(point.ts);
    if (index === undefined) {
      at.set(point.ts, next.length);
      next.push(point);
    } else next[index] = point;
  }
  return next;
}

/**
 * Live numeric telemetry of every device, from the operator's telemetry events, written once per
 * animation frame (style.md: high-rate data is rAF-batched, series are ring buffers).
 */
export const liveSeriesFor = perChannel((client: OperatorClient) => {
  const store = createStore<LiveSeriesState>()((set) => ({
    series: {},
    reset: () => {
      set({ series: {} });
    },
  }));
  const batcher = batchPerFrame<{ deviceId: string; points: TelemetryPointDto[] }>((batches) => {
    // New points per device and key first, then one copy of each touched series per frame.
    const added = new Map<string, Map<string, SeriesPoint[]>>();
    for (const { deviceId, points } of batches) {
      const byKey = added.get(deviceId) ?? new Map<string, SeriesPoint[]>();
      added.set(deviceId, byKey);
      for (const point of points) {
        const value = numeric(point);
        if (value === null) continue;
        const list = byKey.get(point.key) ?? [];
        byKey.set(point.key, list);
        list.push({ ts: point.ts, value });
      }
    }
    const series = { ...store.getState().series };
    for (const [deviceId, byKey] of added) {
      const device = { ...series[deviceId] };
      for (const [key, points] of byKey) {
        const next = withoutRepeats(device[key] ?? [], points);
        device[key] = next.length > SERIES_CAPACITY ? next.slice(-SERIES_CAPACITY) : next;
      }
      series[deviceId] = device;
    }
    store.setState({ series });
  });
  client.onEvent((event) => {
    if (event.kind === 'telemetry')
      batcher.push({ deviceId: event.deviceId, points: event.payload.points });
  });
  return store;
});
