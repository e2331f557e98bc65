/** Name of the schema step that moves the time series onto integer keys (ADR 0010). */
export const INTEGER_KEYS_MIGRATION = 'time series on integer keys';

/** The value columns of `ts_kv` and `ts_kv_latest` since that step: the one that is set is the type. */
const VALUES = `bool_v INTEGER, long_v INTEGER, dbl_v REAL, str_v TEXT, json_v TEXT`;
const VALUE_NAMES = 'bool_v, long_v, dbl_v, str_v, json_v';

/** Rebuilds one time-series table on (device_ref, key_id[, ts]); old rows keep their value column. */
function rebuild(table: 'ts_kv' | 'ts_kv_latest', ts: boolean): string {
  const key = ts ? 'device_ref, key_id, ts' : 'device_ref, key_id';
  return `
    CREATE TABLE ${table}_by_ref (
      device_ref INTEGER NOT NULL REFERENCES device_refs (ref) ON DELETE CASCADE,
      key_id INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      ${VALUES},
      PRIMARY KEY (${key})
    ) WITHOUT ROWID;
    INSERT INTO ${table}_by_ref (device_ref, key_id, ts, ${VALUE_NAMES})
      SELECT r.ref, k.key_id, t.ts, t.bool_v, t.long_v, t.dbl_v, t.str_v, t.json_v
      FROM ${table} t
      JOIN device_refs r ON r.device_id = t.device_id
      JOIN ts_kv_dictionary k ON k.key = t.key
      ORDER BY r.ref, k.key_id, t.ts;
    DROP TABLE ${table};
    ALTER TABLE ${table}_by_ref RENAME TO ${table};`;
}

/**
 * Schema step: time series keyed by integers (ADR 0010). A shipped step never changes.
 * - `device_refs`: one INTEGER per device, made by a trigger when the device is inserted and deleted
 *   with it (so its points cascade away);
 * - `ts_kv_dictionary`: one INTEGER per key name (ThingsBoard's table of the same name);
 * - `ts_kv` and `ts_kv_latest` rebuilt on them, without the `type` column: a value's type is the
 *   column that holds it (`bool_v` BOOLEAN, `long_v` LONG, `dbl_v` DOUBLE, `str_v` STRING, `json_v`
 *   JSON), as in ThingsBoard. Existing points are copied.
 */
export const INTEGER_KEYS_SCHEMA = `
  CREATE TABLE device_refs (
    ref INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL UNIQUE REFERENCES devices (id) ON DELETE CASCADE
  );
  INSERT INTO device_refs (device_id) SELECT id FROM devices ORDER BY created_at, id;
  CREATE TRIGGER devices_get_a_ref AFTER INSERT ON devices BEGIN
    INSERT INTO device_refs (device_id) VALUES (NEW.id);
  END;
  CREATE TABLE ts_kv_dictionary (
    key_id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
  );
  INSERT INTO ts_kv_dictionary (key)
    SELECT key FROM ts_kv_latest UNION SELECT key FROM ts_kv ORDER BY 1;
  ${rebuild('ts_kv', true)}
  ${rebuild('ts_kv_latest', false)}
`;

/**
 * The stored points with their device id and key name, as a subquery for tools and tests that read
 * the file directly (`SELECT … FROM (${NAMED_POINTS}) WHERE device_id = ? AND key = ?`).
 */
export const NAMED_POINTS = `
  SELECT r.device_id, k.key, t.ts, t.bool_v, t.long_v, t.dbl_v, t.str_v, t.json_v
  FROM ts_kv t
  JOIN device_refs r ON r.ref = t.device_ref
  JOIN ts_kv_dictionary k ON k.key_id = t.key_id`;
