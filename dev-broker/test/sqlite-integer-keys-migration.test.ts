import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { migrate, migrationNamed, MIGRATIONS } from '../storage/sqlite-migrations.ts';
import { INTEGER_KEYS_MIGRATION } from '../storage/sqlite-series-schema.ts';
import { openSqliteStorage } from '../storage/sqlite-storage.ts';
import type { TelemetryQuery } from '../storage/storage.ts';

import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('sqlite-integer-keys');
const step = migrationNamed(INTEGER_KEYS_MIGRATION);
const all: TelemetryQuery = {
  keys: ['t', 'j', 'b', 's', 'l'],
  startTs: 0,
  endTs: 1e15,
  limit: 100,
  order: 'ASC',
};

/** A data dir as the broker left it before the step: text-keyed time series with a `type` column. */
function fileBeforeTheStep(): string {
  const file = newFile();
  const db = new Database(file);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < step.version),
  );
  db.exec(`
    INSERT INTO profiles (id, name, payload_type, send_ack_on_validation_exception, provision_type,
      provision_key, provision_secret, is_default, created_at) VALUES ('p', 'p', 'JSON', 0, 'DISABLED', NULL, NULL, 1, 1);
    INSERT INTO devices (id, name, profile_id, type, gateway, customer_id, created_at)
      VALUES ('dev-a', 'a', 'p', 'default', 0, NULL, 1), ('dev-b', 'b', 'p', 'default', 0, NULL, 2);
    INSERT INTO credentials (device_id, credentials_id, type, token)
      VALUES ('dev-a', 'token-a', 'ACCESS_TOKEN', 'token-a'), ('dev-b', 'token-b', 'ACCESS_TOKEN', 'token-b');
    INSERT INTO ts_kv (device_id, key, ts, type, bool_v, long_v, dbl_v, str_v, json_v) VALUES
      ('dev-a', 't', 1, 'DOUBLE', NULL, NULL, 20.5, NULL, NULL),
      ('dev-a', 't', 2, 'DOUBLE', NULL, NULL, 21.5, NULL, NULL),
      ('dev-a', 'j', 2, 'JSON', NULL, NULL, NULL, NULL, '{"a":1}'),
      ('dev-a', 'b', 2, 'BOOLEAN', 0, NULL, NULL, NULL, NULL),
      ('dev-b', 's', 5, 'STRING', NULL, NULL, NULL, '', NULL),
      ('dev-b', 'l', 5, 'LONG', NULL, -9223372036854775808, NULL, NULL, NULL);
    INSERT INTO ts_kv_latest (device_id, key, ts, type, bool_v, long_v, dbl_v, str_v, json_v) VALUES
      ('dev-a', 't', 2, 'DOUBLE', NULL, NULL, 21.5, NULL, NULL),
      ('dev-a', 'j', 2, 'JSON', NULL, NULL, NULL, NULL, '{"a":1}'),
      ('dev-a', 'b', 2, 'BOOLEAN', 0, NULL, NULL, NULL, NULL),
      ('dev-b', 's', 5, 'STRING', NULL, NULL, NULL, '', NULL),
      ('dev-b', 'l', 5, 'LONG', NULL, -9223372036854775808, NULL, NULL, NULL);
  `);
  db.close();
  return file;
}

describe(`migration "${INTEGER_KEYS_MIGRATION}" (ADR 0010)`, () => {
  it('moves existing points and latest values onto integer keys, every type intact', async () => {
    const file = fileBeforeTheStep();
    const storage = openSqliteStorage({ file });
    try {
      const a = storage.telemetry.history('dev-a', all);
      expect(a).toEqual([
        { key: 't', ts: 1, value: { type: 'DOUBLE', value: 20.5 } },
        { key: 't', ts: 2, value: { type: 'DOUBLE', value: 21.5 } },
        { key: 'j', ts: 2, value: { type: 'JSON', value: '{"a":1}' } },
        { key: 'b', ts: 2, value: { type: 'BOOLEAN', value: false } },
      ]);
      expect(storage.telemetry.latest('dev-b')).toEqual([
        { key: 'l', ts: 5, value: { type: 'LONG', value: -(2n ** 63n) } },
        { key: 's', ts: 5, value: { type: 'STRING', value: '' } },
      ]);
      expect(storage.telemetry.keys('dev-a')).toEqual(['b', 'j', 't']);
      // new points of an old key and of a device created after the step
      await storage.telemetry.save('dev-a', [
        { key: 't', ts: 3, value: { type: 'LONG', value: 7n } },
      ]);
      expect(storage.telemetry.latest('dev-a', ['t'])).toEqual([
        { key: 't', ts: 3, value: { type: 'LONG', value: 7n } },
      ]);
    } finally {
      await storage.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      const columns = db.prepare("SELECT name FROM pragma_table_info('ts_kv')").pluck().all();
      expect(columns).toEqual([
        'device_ref',
        'key_id',
        'ts',
        'bool_v',
        'long_v',
        'dbl_v',
        'str_v',
        'json_v',
      ]);
      expect(db.prepare('SELECT key FROM ts_kv_dictionary ORDER BY key_id').pluck().all()).toEqual([
        'b',
        'j',
        'l',
        's',
        't',
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('gives a device created later a ref, and deleting a device deletes its ref and points', async () => {
    const file = fileBeforeTheStep();
    const storage = openSqliteStorage({ file });
    try {
      await storage.devices.delete('dev-a');
      expect(storage.telemetry.history('dev-a', all)).toEqual([]);
    } finally {
      await storage.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT device_id FROM device_refs').pluck().all()).toEqual(['dev-b']);
      expect(db.prepare('SELECT count(*) FROM ts_kv').pluck().get()).toBe(2);
      expect(db.prepare('SELECT count(*) FROM ts_kv_latest').pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });
});
