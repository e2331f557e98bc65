import type { AttributeEntry, AttributeScope, TsKvEntry } from '../../src/protocol/kv.ts';

import type { DeferredWork } from './group-commit.ts';
import { compareStrings, uniqueKeys } from './ordering.ts';
import { sqlLimit, type SqliteContext } from './sqlite-context.ts';
import { KV_COLUMNS, kvColumns, kvFromRow, type KvRow } from './sqlite-kv.ts';
import type { AttributeStore, TelemetryStore } from './storage.ts';

interface PointRow extends KvRow {
  key: string;
  ts: bigint;
}

const toPoint = (row: PointRow): TsKvEntry => ({
  key: row.key,
  ts: Number(row.ts),
  value: kvFromRow(row),
});
const byKey = (a: { key: string }, b: { key: string }): number => compareStrings(a.key, b.key);

/**
 * Telemetry in `ts_kv` (one row per device, key and ts; a later write replaces it) and
 * `ts_kv_latest` (moved only by a point at or after its ts). Reads use safe integers so LONGs keep
 * all 64 bits.
 *
 * `ts_kv` rows are written at once; `ts_kv_latest` once per device and key per batch: each save
 * keeps the newest point of each key in memory (a later one wins a tie), and the group commit writes
 * them before COMMIT, before any other write, and before a read of the latest values.
 */
export function createSqliteTelemetry({
  db,
  commits,
  requireDevice,
}: SqliteContext): TelemetryStore {
  const values = `${KV_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const replace = `type = excluded.type, bool_v = excluded.bool_v, long_v = excluded.long_v,
    dbl_v = excluded.dbl_v, str_v = excluded.str_v, json_v = excluded.json_v`;
  const range = `SELECT key, ts, ${KV_COLUMNS} FROM ts_kv
    WHERE device_id = ? AND key = ? AND ts >= ? AND ts <= ? ORDER BY ts`;
  const q = {
    insert: db.prepare(
      `INSERT INTO ts_kv (device_id, key, ts, ${values} ON CONFLICT (device_id, key, ts) DO UPDATE SET ${replace}`,
    ),
    moveLatest: db.prepare(
      `INSERT INTO ts_kv_latest (device_id, key, ts, ${values}
       ON CONFLICT (device_id, key) DO UPDATE SET ts = excluded.ts, ${replace}
       WHERE excluded.ts >= ts_kv_latest.ts`,
    ),
    latestAll: db
      .prepare<[string], PointRow>(
        `SELECT key, ts, ${KV_COLUMNS} FROM ts_kv_latest WHERE device_id = ?`,
      )
      .safeIntegers(true),
    latestOne: db
      .prepare<[string, string], PointRow>(
        `SELECT key, ts, ${KV_COLUMNS} FROM ts_kv_latest WHERE device_id = ? AND key = ?`,
      )
      .safeIntegers(true),
    asc: db
      .prepare<[string, string, number, number, number], PointRow>(`${range} ASC LIMIT ?`)
      .safeIntegers(true),
    desc: db
      .prepare<[string, string, number, number, number], PointRow>(`${range} DESC LIMIT ?`)
      .safeIntegers(true),
    keys: db.prepare<[string], string>('SELECT key FROM ts_kv_latest WHERE device_id = ?').pluck(),
  };

  /** Device → key → the newest point of this batch not yet in ts_kv_latest. */
  const pendingLatest = new Map<string, Map<string, TsKvEntry>>();
  const moveLatest: DeferredWork = {
    apply() {
      for (const [deviceId, newest] of pendingLatest) {
        for (const point of newest.values()) {
          q.moveLatest.run(deviceId, point.key, point.ts, ...kvColumns(point.value));
        }
        pendingLatest.delete(deviceId);
      }
    },
    discard() {
      pendingLatest.clear();
    },
  };

  return {
    save: (deviceId, points) =>
      commits.write(
        () => {
          requireDevice(deviceId);
          for (const point of points) {
            q.insert.run(deviceId, point.key, point.ts, ...kvColumns(point.value));
          }
          let newest = pendingLatest.get(deviceId);
          if (newest === undefined)
            pendingLatest.set(deviceId, (newest = new Map<string, TsKvEntry>()));
          for (const point of points) {
            const seen = newest.get(point.key);
            if (seen === undefined || point.ts >= seen.ts) newest.set(point.key, point);
          }
        },
        // Checked before any change (requireDevice), so only an I/O error can fail it: no savepoint.
        { guarded: false, defers: moveLatest },
      ),
    latest: (deviceId, keys) => {
      commits.applyDeferred();
      if (keys === undefined) return q.latestAll.all(deviceId).map(toPoint).sort(byKey);
      const out: TsKvEntry[] = [];
      for (const key of uniqueKeys(keys).sort(compareStrings)) {
        const row = q.latestOne.get(deviceId, key);
        if (row) out.push(toPoint(row));
      }
      return out;
    },
    history: (deviceId, { keys, startTs, endTs, limit, order }) => {
      const stmt = order === 'ASC' ? q.asc : q.desc;
      const perKey = sqlLimit(limit);
      return uniqueKeys(keys).flatMap((key) =>
        stmt.all(deviceId, key, startTs, endTs, perKey).map(toPoint),
      );
    },
    keys: (deviceId) => {
      commits.applyDeferred();
      return q.keys.all(deviceId).sort(compareStrings);
    },
  };
}

interface AttributeRow extends KvRow {
  key: string;
  last_update_ts: bigint;
}

/** Attributes in one table keyed by device, scope and key. */
export function createSqliteAttributes({
  db,
  commits,
  requireDevice,
}: SqliteContext): AttributeStore {
  const select = `SELECT key, last_update_ts, ${KV_COLUMNS} FROM attributes WHERE device_id = ? AND scope = ?`;
  const q = {
    upsert: db.prepare(
      `INSERT INTO attributes (device_id, scope, key, last_update_ts, ${KV_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, scope, key) DO UPDATE SET last_update_ts = excluded.last_update_ts,
         type = excluded.type, bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
         str_v = excluded.str_v, json_v = excluded.json_v`,
    ),
    all: db.prepare<[string, AttributeScope], AttributeRow>(select).safeIntegers(true),
    one: db
      .prepare<[string, AttributeScope, string], AttributeRow>(`${select} AND key = ?`)
      .safeIntegers(true),
    delete: db.prepare<[string, AttributeScope, string]>(
      'DELETE FROM attributes WHERE device_id = ? AND scope = ? AND key = ?',
    ),
  };
  const toEntry =
    (scope: AttributeScope) =>
    (row: AttributeRow): AttributeEntry => ({
      key: row.key,
      scope,
      value: kvFromRow(row),
      lastUpdateTs: Number(row.last_update_ts),
    });

  return {
    save: (deviceId, scope, entries, ts) =>
      commits.write(() => {
        requireDevice(deviceId);
        for (const { key, value } of entries)
          q.upsert.run(deviceId, scope, key, ts, ...kvColumns(value));
      }),
    get: (deviceId, scope, keys) => {
      if (keys === undefined) return q.all.all(deviceId, scope).map(toEntry(scope)).sort(byKey);
      const out: AttributeEntry[] = [];
      for (const key of uniqueKeys(keys).sort(compareStrings)) {
        const row = q.one.get(deviceId, scope, key);
        if (row) out.push(toEntry(scope)(row));
      }
      return out;
    },
    delete: (deviceId, scope, keys) =>
      commits.write(() =>
        uniqueKeys(keys).filter((key) => q.delete.run(deviceId, scope, key).changes > 0),
      ),
  };
}
