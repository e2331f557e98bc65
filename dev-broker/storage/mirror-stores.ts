/**
 * The stores of the SQLite adapter's main-thread mirror that differ from the memory adapter's
 * (ADR 0010): telemetry keeps only the latest value of each key (history is read from the file), the
 * event log and OTA bytes live in the file. Each journals its own writes.
 */
import type { TsKvEntry } from '../../src/protocol/kv.ts';

import { copyKv, requireDevice } from './memory-apply.ts';
import type { OtaBytes } from './memory-ota.ts';
import type { CascadingTelemetry } from './memory-storage.ts';
import { compareStrings, uniqueKeys } from './ordering.ts';
import {
  StorageError,
  type EventQuery,
  type EventRecord,
  type EventStore,
  type TelemetryQuery,
} from './storage.ts';
import type { WriteJournal } from './write-journal.ts';
import { EVENTS_PRUNE, EVENTS_PUT, pushTelemetry } from './write-ops.ts';

const copyPoint = (p: TsKvEntry): TsKvEntry => ({ key: p.key, ts: p.ts, value: copyKv(p.value) });

/** Latest values in memory, history through `history`; `load` fills it from the file. */
export function createMirrorTelemetry(
  hasDevice: (id: string) => boolean,
  journal: WriteJournal,
  history: (deviceId: string, query: TelemetryQuery) => TsKvEntry[],
): CascadingTelemetry & { load(deviceId: string, point: TsKvEntry): void } {
  const latest = new Map<string, Map<string, TsKvEntry>>();
  /** The rule of both adapters: a point at or after the latest ts moves it. */
  const put = (deviceId: string, point: TsKvEntry): void => {
    let keys = latest.get(deviceId);
    if (!keys) latest.set(deviceId, (keys = new Map<string, TsKvEntry>()));
    const seen = keys.get(point.key);
    if (seen === undefined || point.ts >= seen.ts) keys.set(point.key, copyPoint(point));
  };

  return {
    save: (deviceId, points) =>
      journal.write(
        () => {
          requireDevice(hasDevice, deviceId);
          for (const point of points) put(deviceId, point);
        },
        (ops) => {
          if (points.length > 0) pushTelemetry(ops, deviceId, points);
        },
      ),
    latest: (deviceId, keys) => {
      const series = latest.get(deviceId);
      if (!series) return [];
      const wanted = keys === undefined ? [...series.keys()] : uniqueKeys(keys);
      const out: TsKvEntry[] = [];
      for (const key of wanted.sort(compareStrings)) {
        const found = series.get(key);
        if (found) out.push(copyPoint(found));
      }
      return out;
    },
    history: (deviceId, query) => history(deviceId, query),
    keys: (deviceId) => [...(latest.get(deviceId)?.keys() ?? [])].sort(compareStrings),
    dropDevice: (deviceId) => latest.delete(deviceId),
    clear: () => latest.clear(),
    load: put,
  };
}

/**
 * Values the worker reports for writes that answer with one (event retention's count), by slot. A
 * slot's promise settles when its `result` message arrives; the write's own promise (the batch's
 * acknowledgement) may come before or after it.
 */
export class WorkerResults {
  readonly #waiting = new Map<number, (value: number) => void>();
  #next = 0;

  /** A new slot and the promise of its value. */
  expect(): { slot: number; value: Promise<number> } {
    const slot = ++this.#next;
    const value = new Promise<number>((resolve) => this.#waiting.set(slot, resolve));
    return { slot, value };
  }

  settle(slot: number, value: number): void {
    this.#waiting.get(slot)?.(value);
    this.#waiting.delete(slot);
  }

  /** The write failed: its value never comes. */
  drop(slot: number): void {
    this.#waiting.delete(slot);
  }
}

/**
 * Appends get ids here (never reused in the process, even when a batch fails); `list` reads the file.
 * Retention runs in the worker, which reports how many events it deleted: the deleted events leave
 * `list` when that commits (not when `prune` is called, unlike every other write).
 */
export function createMirrorEvents(
  journal: WriteJournal,
  ids: { last: number },
  list: (query: EventQuery) => EventRecord[],
  results: WorkerResults,
  exists: (id: number) => boolean,
): EventStore & { clear(): void } {
  const journalEvent = (record: EventRecord): void => {
    // nobody waits for an event: a failed batch loses it, as it always did
    journal
      .write(
        () => undefined,
        (ops) => ops.push(EVENTS_PUT, { ...record }),
      )
      .catch(() => undefined);
  };
  return {
    append: (event) => {
      const record: EventRecord = { ...event, id: ids.last + 1 };
      ids.last = record.id;
      journalEvent(record);
      return { ...record };
    },
    put: (event) => {
      if (exists(event.id)) throw new StorageError('CONFLICT', `event ${String(event.id)} exists`);
      ids.last = Math.max(ids.last, event.id);
      journalEvent({ ...event });
    },
    // the events live in the file: the journaled `storage.clear` empties it, reads replay it
    clear: () => undefined,
    list: (query = {}) => list(query),
    prune: ({ olderThan, keep }) => {
      const { slot, value } = results.expect();
      return journal
        .write(
          () => undefined,
          (ops) => ops.push(EVENTS_PRUNE, slot, olderThan, keep),
        )
        .then(
          () => value,
          (error: unknown) => {
            results.drop(slot);
            throw error;
          },
        );
    },
  };
}

/** OTA bytes stay in the file (and in the pending `ota.create` op until it commits). */
export function mirrorOtaBytes(
  read: (id: string, offset: number, length: number) => Uint8Array | undefined,
): OtaBytes {
  return { put: () => undefined, read, drop: () => undefined, clear: () => undefined };
}
