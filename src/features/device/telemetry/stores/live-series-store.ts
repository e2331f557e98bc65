import { createStore } from 'zustand/vanilla';

import { batchPerFrame } from '@/lib/batch-per-frame.ts';

/** Values kept per generator for its sparkline (a ring buffer). */
export const SERIES_CAPACITY = 120;

/** What one generator sent and how the broker answered. */
export interface GeneratorSeries {
  running: boolean;
  /** The last {@link SERIES_CAPACITY} values sent, oldest first. */
  values: readonly number[];
  sent: number;
  acked: number;
  failed: number;
  lastLatencyMs: number | null;
  /** Why the generator stopped by itself, in plain words. */
  error: string | null;
}

export interface LiveSeriesState {
  series: Readonly<Record<string, GeneratorSeries>>;
}

type Event =
  | { id: string; kind: 'sent'; value: number }
  | { id: string; kind: 'acked'; latencyMs: number | null }
  | { id: string; kind: 'failed'; error: string | null }
  | { id: string; kind: 'running'; running: boolean };

const EMPTY: GeneratorSeries = {
  running: false,
  values: [],
  sent: 0,
  acked: 0,
  failed: 0,
  lastLatencyMs: null,
  error: null,
};

function apply(series: GeneratorSeries, event: Event, values: number[]): GeneratorSeries {
  switch (event.kind) {
    case 'sent':
      values.push(event.value);
      return { ...series, sent: series.sent + 1 };
    case 'acked':
      return {
        ...series,
        acked: series.acked + 1,
        lastLatencyMs: event.latencyMs ?? series.lastLatencyMs,
      };
    case 'failed':
      return { ...series, failed: series.failed + 1, error: event.error ?? series.error };
    case 'running':
      return event.running
        ? { ...series, running: true, error: null }
        : { ...series, running: false };
  }
}

/** Live generator series: events are cheap to record and reach the store once per animation frame. */
export const liveSeries = createStore<LiveSeriesState>()(() => ({ series: {} }));

const batcher = batchPerFrame<Event>((events) => {
  const next: Record<string, GeneratorSeries> = { ...liveSeries.getState().series };
  const added = new Map<string, number[]>();
  for (const event of events) {
    const values = added.get(event.id) ?? [];
    added.set(event.id, values);
    next[event.id] = apply(next[event.id] ?? EMPTY, event, values);
  }
  for (const [id, values] of added) {
    const series = next[id];
    if (series === undefined || values.length === 0) continue;
    const all = series.values.concat(values);
    next[id] = {
      ...series,
      values: all.length > SERIES_CAPACITY ? all.slice(-SERIES_CAPACITY) : all,
    };
  }
  liveSeries.setState({ series: next });
});

/** Intent functions the generator engine calls. */
export const recordSeries = {
  sent: (id: string, value: number) => {
    batcher.push({ id, kind: 'sent', value });
  },
  acked: (id: string, latencyMs: number | null) => {
    batcher.push({ id, kind: 'acked', latencyMs });
  },
  failed: (id: string, error: string | null) => {
    batcher.push({ id, kind: 'failed', error });
  },
  running: (id: string, running: boolean) => {
    batcher.push({ id, kind: 'running', running });
  },
  forget: (id: string) => {
    batcher.flushNow();
    const { [id]: _gone, ...rest } = liveSeries.getState().series;
    liveSeries.setState({ series: rest });
  },
};

/** Empties the store (tests). */
export function resetLiveSeries(): void {
  batcher.clear();
  liveSeries.setState({ series: {} });
}
