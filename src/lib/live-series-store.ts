import { createStore, type StoreApi } from 'zustand/vanilla';

import type { OperatorClient, OperatorEvent } from '@/client/operator-client.ts';
import type { ScheduleFrame } from '@/session/frame-batcher.ts';
import type { TelemetryPointDto } from '@protocol/operator-dto.ts';

import { batchPerFrame } from './batch-per-frame.ts';
import { perChannel } from './per-channel.ts';
import { SeriesRing } from './series-ring.ts';

export type { SeriesPoint } from './series-ring.ts';

/** Points kept per device and key: a ring buffer, so memory stays flat however long the tab lives. */
export const SERIES_CAPACITY = 600;

export interface LiveSeriesState {
  /** Grows (once per animation frame at most) when a device's series change. */
  versions: Readonly<Record<string, number>>;
}

/** A device's series by key, oldest point first: read by views, written only by the store. */
export type DeviceSeries = ReadonlyMap<string, SeriesRing>;

export interface LiveSeries {
  /** Views subscribe to `versions[deviceId]` and then read {@link LiveSeries.of}. */
  store: StoreApi<LiveSeriesState>;
  of(deviceId: string): DeviceSeries;
  reset(): void;
}

const numeric = (p: TelemetryPointDto): number | null =>
  typeof p.value === 'number' ? p.value : typeof p.value === 'boolean' ? Number(p.value) : null;

const EMPTY: DeviceSeries = new Map();

/**
 * Live numeric telemetry of every device from the operator's telemetry events. Points go straight
 * into per-key ring buffers outside React state (no copy of a series per message); subscribers hear
 * of it once per animation frame, through one small `versions` object (style.md: high-rate data is
 * rAF-batched, series are ring buffers).
 */
export function createLiveSeries(
  onEvent: (listener: (event: OperatorEvent) => void) => unknown,
  schedule?: ScheduleFrame,
): LiveSeries {
  const store = createStore<LiveSeriesState>()(() => ({ versions: {} }));
  const devices = new Map<string, Map<string, SeriesRing>>();
  const changed = batchPerFrame<string>((ids) => {
    const versions = { ...store.getState().versions };
    for (const id of new Set(ids)) versions[id] = (versions[id] ?? 0) + 1;
    store.setState({ versions });
  }, schedule);
  const add = (deviceId: string, points: readonly TelemetryPointDto[]) => {
    let byKey = devices.get(deviceId);
    for (const point of points) {
      const value = numeric(point);
      if (value === null) continue;
      if (byKey === undefined) {
        byKey = new Map();
        devices.set(deviceId, byKey);
      }
      let ring = byKey.get(point.key);
      if (ring === undefined) {
        ring = new SeriesRing(SERIES_CAPACITY);
        byKey.set(point.key, ring);
      }
      ring.add(point.ts, value);
    }
    if (byKey !== undefined) changed.push(deviceId);
  };
  onEvent((event) => {
    if (event.kind === 'telemetry') add(event.deviceId, event.payload.points);
  });
  return {
    store,
    of: (deviceId) => devices.get(deviceId) ?? EMPTY,
    reset() {
      changed.clear();
      devices.clear();
      store.setState({ versions: {} });
    },
  };
}

/** The live series of an operator session, created on first use. */
export const liveSeriesFor = perChannel((client: OperatorClient) =>
  createLiveSeries((listener) => client.onEvent(listener)),
);
