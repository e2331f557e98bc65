import { createStore } from 'zustand/vanilla';

import type { TelemetryPointDto } from '@protocol/operator-dto.ts';

import { batchPerFrame } from './batch-per-frame.ts';
import { perChannel } from './correlated-requests.ts';
import type { OperatorClient } from './operator-client.ts';

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
        const next = [...(device[key] ?? []), ...points];
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
