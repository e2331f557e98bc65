import type { AttributeEntry, AttributeScope, TsKvEntry } from '../../src/protocol/kv.ts';

import type { DeferredWork } from './group-commit.ts';
import { compareStrings, uniqueKeys } from './ordering.ts';
import { sqlLimit, type SqliteContext } from './sqlite-context.ts';
import {
  KV_COLUMNS,
  VALUE_COLUMNS,
  kvColumns,
  kvFromRow,
  kvFromValues,
  valueColumns,
  type KvRow,
  type ValueRow,
} from './sqlite-kv.ts';
import { StorageError, type AttributeStore, type TelemetryStore } from './storage.ts';

interface PointRow extends ValueRow {
  key: string;
  ts: bigint;
}

const toPoint = (row: PointRow): TsKvEntry => ({
  key: row.key,
  ts: Number(row.ts),
  value: kvFromValues(row),
});
const byKey = (a: { key: string }, b: { key: string }): number => compareStrings(a.key, b.key);

/** The newest point of a key in this batch, with the integer ids it is stored under. */
interface PendingLatest {
  keyId: number;
  point: TsKvEntry;
}

/**
 * Telemetry in `ts_kv` (one row per device, key and ts; a later write replaces it) and
 * `ts_kv_latest` (moved only by a point at or after its ts), both keyed by integers: the device's
 * `device_refs.ref` and the key's `ts_kv_dictionary.key_id` (ADR 0010). Reads use safe integers so
 * LONGs keep all 64 bits.
 *
 * `ts_kv` rows are written at once; `ts_kv_latest` once per device and key per batch: each save
 * keeps the newest point of each key in memory (a later one wins a tie), and the group commit writes
 * them before COMMIT, before any other write, and before a read of the latest values.
 */
export function createSqliteTelemetry({ db, commits }: SqliteContext): TelemetryStore {
  const values = `${VALUE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
  const replace = `bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
    str_v = excluded.str_v, json_v = excluded.json_v`;
  const refOf = '(SELECT ref FROM device_refs WHERE device_id = ?)';
  const keyIdOf = '(SELECT key_id FROM ts_kv_dictionary WHERE key = ?)';
  const range = `SELECT ? AS key, ts, ${VALUE_COLUMNS} FROM ts_kv
    WHERE device_ref = ${refOf} AND key_id = ${keyIdOf} AND ts >= ? AND ts <= ? ORDER BY ts`;
  const latest = `SELECT k.key, l.ts, ${VALUE_COLUMNS} FROM ts_kv_latest l
    JOIN ts_kv_dictionary k ON k.key_id = l.key_id WHERE l.device_ref = ${refOf}`;
  type RangeArgs = [string, string, string, number, number, number];
  const q = {
    ref: db.prepare<[string], number>('SELECT ref FROM device_refs WHERE device_id = ?').pluck(),
    keyId: db
      .prepare<[string], number>('SELECT key_id FROM ts_kv_dictionary WHERE key = ?')
      .pluck(),
    newKey: db.prepare<[string]>('INSERT INTO ts_kv_dictionary (key) VALUES (?)'),
    insert: db.prepare(
      `INSERT INTO ts_kv (device_ref, key_id, ts, ${values} ON CONFLICT (device_ref, key_id, ts) DO UPDATE SET ${replace}`,
    ),
    moveLatest: db.prepare(
      `INSERT INTO ts_kv_latest (device_ref, key_id, ts, ${values}
       ON CONFLICT (device_ref, key_id) DO UPDATE SET ts = excluded.ts, ${replace}
       WHERE excluded.ts >= ts_kv_latest.ts`,
    ),
    latestAll: db.prepare<[string], PointRow>(latest).safeIntegers(true),
    latestOne: db.prepare<[string, string], PointRow>(`${latest} AND k.key = ?`).safeIntegers(true),
    asc: db.prepare<RangeArgs, PointRow>(`${range} ASC LIMIT ?`).safeIntegers(true),
    desc: db.prepare<RangeArgs, PointRow>(`${range} DESC LIMIT ?`).safeIntegers(true),
    keys: db
      .prepare<[string], string>(
        `SELECT k.key FROM ts_kv_latest l JOIN ts_kv_dictionary k ON k.key_id = l.key_id
         WHERE l.device_ref = ${refOf}`,
      )
      .pluck(),
  };

  /** Key name → key_id. Ids inserted by a batch that rolls back are forgotten with it. */
  const keyIds = new Map<string, number>();
  commits.onRollback(() => keyIds.clear());
  const keyIdOfName = (key: string): number => {
    let id = keyIds.get(key) ?? q.keyId.get(key);
    if (id === undefined) id = Number(q.newKey.run(key).lastInsertRowid);
    keyIds.set(key, id);
    return id;
  };

  /** Device ref → key → the newest point of this batch not yet in ts_kv_latest. */
  const pendingLatest = new Map<number, Map<string, PendingLatest>>();
  const moveLatest: DeferredWork = {
    apply() {
      for (const [ref, newest] of pendingLatest) {
        for (const { keyId, point } of newest.values()) {
          q.moveLatest.run(ref, keyId, point.ts, ...valueColumns(point.value));
        }
        pendingLatest.delete(ref);
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
          const ref = q.ref.get(deviceId);
          if (ref === undefined)
            throw new StorageError('NOT_FOUND', `device ${deviceId} does not exist`);
          let newest = pendingLatest.get(ref);
          if (newest === undefined)
            pendingLatest.set(ref, (newest = new Map<string, PendingLatest>()));
          for (const point of points) {
            const keyId = keyIdOfName(point.key);
            q.insert.run(ref, keyId, point.ts, ...valueColumns(point.value));
            const seen = newest.get(point.key);
            if (seen === undefined || point.ts >= seen.point.ts)
              newest.set(point.key, { keyId, point });
          }
        },
        // Checked before any change (the device's ref), so only an I/O error can fail it: no savepoint.
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
        stmt.all(key, deviceId, key, startTs, endTs, perKey).map(toPoint),
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
