import type { TsKvEntry } from '../../src/protocol/kv.ts';
import type { Storage } from '../storage/storage.ts';

import { invalid } from './errors.ts';

export type Aggregation = 'NONE' | 'AVG' | 'MIN' | 'MAX' | 'SUM' | 'COUNT';

export interface HistoryQuery {
  keys: string[];
  startTs: number;
  endTs: number;
  limit?: number;
  order?: 'ASC' | 'DESC';
  aggregation?: Aggregation;
  /** Bucket width in ms for aggregation other than NONE. */
  intervalMs?: number;
}

export interface AggregatedPoint {
  key: string;
  ts: number;
  value: number;
  count: number;
}

export type TelemetryListener = (deviceId: string, points: TsKvEntry[]) => void;

const MAX_POINTS = 100_000;

/** Time series per device and key (spec §5). */
export class TelemetryService {
  readonly #listeners = new Set<TelemetryListener>();

  constructor(private readonly storage: Storage) {}

  /** Stores points; resolves once durable. Listeners hear about them after the commit. */
  async save(deviceId: string, points: TsKvEntry[]): Promise<void> {
    if (points.length === 0) return;
    await this.storage.telemetry.save(deviceId, points);
    for (const listener of this.#listeners) listener(deviceId, points);
  }

  latest(deviceId: string, keys?: string[]): TsKvEntry[] {
    return this.storage.telemetry.latest(deviceId, keys);
  }

  keys(deviceId: string): string[] {
    return this.storage.telemetry.keys(deviceId);
  }

  history(deviceId: string, q: HistoryQuery): TsKvEntry[] | AggregatedPoint[] {
    if (q.endTs < q.startTs) throw invalid('endTs must not be before startTs');
    const aggregation = q.aggregation ?? 'NONE';
    const limit = Math.min(q.limit ?? 100, MAX_POINTS);
    if (aggregation === 'NONE') {
      return this.storage.telemetry.history(deviceId, {
        keys: q.keys,
        startTs: q.startTs,
        endTs: q.endTs,
        limit,
        order: q.order ?? 'DESC',
      });
    }
    const interval = q.intervalMs ?? q.endTs - q.startTs + 1;
    if (interval <= 0) throw invalid('intervalMs must be positive');
    const raw = this.storage.telemetry.history(deviceId, {
      keys: q.keys,
      startTs: q.startTs,
      endTs: q.endTs,
      limit: MAX_POINTS,
      order: 'ASC',
    });
    const out = aggregate(raw, aggregation, q.startTs, interval);
    out.sort((a, b) => (q.order === 'ASC' ? a.ts - b.ts : b.ts - a.ts));
    return out.slice(0, limit * Math.max(1, q.keys.length));
  }

  onSaved(listener: TelemetryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function numeric(point: TsKvEntry): number | undefined {
  const v = point.value;
  if (v.type === 'LONG') return Number(v.value);
  if (v.type === 'DOUBLE') return v.value;
  if (v.type === 'BOOLEAN') return v.value ? 1 : 0;
  return undefined;
}

/** Buckets points per key into [start + k·interval, start + (k+1)·interval); the bucket ts is its middle. */
function aggregate(
  points: TsKvEntry[],
  agg: Exclude<Aggregation, 'NONE'>,
  start: number,
  interval: number,
): AggregatedPoint[] {
  const buckets = new Map<string, { key: string; ts: number; values: number[]; count: number }>();
  for (const point of points) {
    const index = Math.floor((point.ts - start) / interval);
    const id = `${point.key}\u0000${String(index)}`;
    let bucket = buckets.get(id);
    if (!bucket) {
      bucket = {
        key: point.key,
        ts: start + index * interval + Math.floor(interval / 2),
        values: [],
        count: 0,
      };
      buckets.set(id, bucket);
    }
    bucket.count++;
    const n = numeric(point);
    if (n !== undefined) bucket.values.push(n);
  }
  const out: AggregatedPoint[] = [];
  for (const b of buckets.values()) {
    if (agg === 'COUNT') {
      out.push({ key: b.key, ts: b.ts, value: b.count, count: b.count });
      continue;
    }
    if (b.values.length === 0) continue;
    const sum = b.values.reduce((s, v) => s + v, 0);
    const value =
      agg === 'SUM'
        ? sum
        : agg === 'AVG'
          ? sum / b.values.length
          : agg === 'MIN'
            ? Math.min(...b.values)
            : Math.max(...b.values);
    out.push({ key: b.key, ts: b.ts, value, count: b.values.length });
  }
  return out;
}
