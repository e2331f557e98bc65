/**
 * Reads of the unbounded data — telemetry history, the event log, OTA bytes — on the main thread
 * (ADR 0010): what is committed comes from the read-only connection, then the writes the worker has
 * not acknowledged yet are replayed over it in order. Every replayed write sets state (a point upserts
 * by key and ts, a device delete empties that device, an event is added by id, an OTA create or delete
 * sets or removes the bytes), so replaying the whole unacknowledged suffix over any committed prefix
 * of it gives the state after all of it.
 */
import type { TsKvEntry } from '../../src/protocol/kv.ts';

import { copyKv } from './memory-apply.ts';
import { DEFAULT_EVENT_LIMIT, uniqueKeys } from './ordering.ts';
import type { OtaPackageRecord } from './ota-store.ts';
import type { EventQuery, EventRecord, TelemetryQuery } from './storage.ts';
import { visitOps, type OpList } from './write-ops.ts';

/** A device's unacknowledged telemetry: a save's points, or null for the device's delete. */
type SeriesEffect = TsKvEntry[] | null;

function seriesEffects(pending: Iterable<OpList>, deviceId: string): SeriesEffect[] {
  const effects: SeriesEffect[] = [];
  for (const ops of pending) {
    visitOps(ops, {
      telemetry: (id, points) => {
        if (id === deviceId) effects.push(points);
      },
      event: () => undefined,
      write: (name, args) => {
        if (name === 'storage.clear' || (name === 'devices.delete' && args[0] === deviceId))
          effects.push(null);
      },
    });
  }
  return effects;
}

/** `TelemetryStore.history` over the committed points of each key plus the pending writes. */
export function historyWithPending(
  committed: (deviceId: string, query: TelemetryQuery) => TsKvEntry[],
  pending: Iterable<OpList>,
  deviceId: string,
  query: TelemetryQuery,
): TsKvEntry[] {
  const effects = seriesEffects(pending, deviceId);
  if (effects.length === 0) return committed(deviceId, query);
  const limit = Math.max(0, Math.floor(query.limit));
  const inRange = (ts: number): boolean => ts >= query.startTs && ts <= query.endTs;
  return uniqueKeys(query.keys).flatMap((key) => {
    // the committed `limit` nearest points of the key hold the answer: pending writes only add points
    // or replace values, or (a device delete) empty the series
    const byTs = new Map(committed(deviceId, { ...query, keys: [key] }).map((p) => [p.ts, p]));
    for (const effect of effects) {
      if (effect === null) byTs.clear();
      else
        for (const p of effect) {
          if (p.key === key && inRange(p.ts)) byTs.set(p.ts, { ...p, value: copyKv(p.value) });
        }
    }
    const points = [...byTs.values()].sort((a, b) =>
      query.order === 'ASC' ? a.ts - b.ts : b.ts - a.ts,
    );
    return points.slice(0, limit);
  });
}

/** `EventStore.list` over the committed events plus the pending appends. */
export function eventsWithPending(
  committed: (query: EventQuery) => EventRecord[],
  pending: Iterable<OpList>,
  query: EventQuery,
): EventRecord[] {
  const kinds = query.kinds && new Set(query.kinds);
  const afterId = query.afterId ?? 0;
  const added: EventRecord[] = [];
  // set in the visitor (an object: TypeScript does not see a callback assign a local)
  const seen = { clear: false };
  for (const ops of pending) {
    visitOps(ops, {
      telemetry: () => undefined,
      event: (e) => {
        if (e.id <= afterId) return;
        if (query.deviceId !== undefined && e.deviceId !== query.deviceId) return;
        if (kinds && !kinds.has(e.kind)) return;
        added.push(e);
      },
      write: (name) => {
        if (name !== 'storage.clear') return;
        seen.clear = true;
        added.length = 0;
      },
    });
  }
  const stored = seen.clear ? [] : committed(query);
  if (added.length === 0) return stored;
  const byId = new Map(stored.map((e) => [e.id, e]));
  for (const e of added) byId.set(e.id, { ...e });
  const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_EVENT_LIMIT));
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, limit);
}

/** `OtaStore.readData` over the committed bytes plus pending package creates and deletes. */
export function otaBytesWithPending(
  committed: (id: string, offset: number, length: number) => Uint8Array | undefined,
  pending: Iterable<OpList>,
  id: string,
  offset: number,
  length: number,
): Uint8Array | undefined {
  let latest: Uint8Array | null | 'committed' = 'committed';
  for (const ops of pending) {
    visitOps(ops, {
      telemetry: () => undefined,
      event: () => undefined,
      write: (name, args) => {
        if (name === 'ota.create' && (args[0] as OtaPackageRecord).id === id)
          latest = (args[1] as Uint8Array | null) ?? null;
        else if (name === 'storage.clear' || (name === 'ota.delete' && args[0] === id))
          latest = null;
      },
    });
  }
  const bytes = latest as Uint8Array | null | 'committed';
  if (bytes === 'committed') return committed(id, offset, length);
  if (bytes === null) return undefined;
  const from = Math.min(Math.max(0, offset), bytes.length);
  return bytes.slice(from, Math.min(bytes.length, from + Math.max(0, length)));
}

/** Whether event `id` exists: committed (unless a pending clear emptied the log) or a pending put. */
export function eventExists(
  committed: (id: number) => boolean,
  pending: Iterable<OpList>,
  id: number,
): boolean {
  let exists: boolean | 'committed' = 'committed';
  for (const ops of pending) {
    visitOps(ops, {
      telemetry: () => undefined,
      event: (e) => {
        if (e.id === id) exists = true;
      },
      write: (name) => {
        if (name === 'storage.clear') exists = false;
      },
    });
  }
  const found = exists as boolean | 'committed';
  return found === 'committed' ? committed(id) : found;
}
