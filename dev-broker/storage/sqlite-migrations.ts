import type Database from 'better-sqlite3';

import { OTA_SCHEMA } from './sqlite-ota-schema.ts';
import { INTEGER_KEYS_MIGRATION, INTEGER_KEYS_SCHEMA } from './sqlite-series-schema.ts';

/** One numbered schema step. Versions start at 1 and increase by one; a shipped step never changes. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const KV = `
  type TEXT NOT NULL CHECK (type IN ('BOOLEAN', 'LONG', 'DOUBLE', 'STRING', 'JSON')),
  bool_v INTEGER,
  long_v INTEGER,
  dbl_v REAL,
  str_v TEXT,
  json_v TEXT`;

/** The schema, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        payload_type TEXT NOT NULL,
        send_ack_on_validation_exception INTEGER NOT NULL,
        provision_type TEXT NOT NULL,
        provision_key TEXT UNIQUE,
        provision_secret TEXT,
        is_default INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        profile_id TEXT NOT NULL REFERENCES profiles (id),
        type TEXT NOT NULL,
        gateway INTEGER NOT NULL,
        customer_id TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX devices_by_profile ON devices (profile_id);
      CREATE INDEX devices_by_created ON devices (created_at, id);
      CREATE TABLE credentials (
        device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
        credentials_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        token TEXT,
        client_id TEXT,
        user_name TEXT,
        password TEXT,
        certificate TEXT
      );
      CREATE TABLE ts_kv (
        device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        ts INTEGER NOT NULL,${KV},
        PRIMARY KEY (device_id, key, ts)
      ) WITHOUT ROWID;
      CREATE TABLE ts_kv_latest (
        device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        ts INTEGER NOT NULL,${KV},
        PRIMARY KEY (device_id, key)
      ) WITHOUT ROWID;
      CREATE TABLE attributes (
        device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('CLIENT', 'SHARED', 'SERVER')),
        key TEXT NOT NULL,${KV},
        last_update_ts INTEGER NOT NULL,
        PRIMARY KEY (device_id, scope, key)
      ) WITHOUT ROWID;
      CREATE TABLE rpc (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        method TEXT NOT NULL,
        params TEXT NOT NULL,
        oneway INTEGER NOT NULL,
        status TEXT NOT NULL,
        expiration_time INTEGER NOT NULL,
        retries INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        response TEXT,
        additional_info TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX rpc_by_device ON rpc (device_id, created_at, id);
      CREATE INDEX rpc_by_status ON rpc (status, created_at, id);
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        device_id TEXT,
        device_name TEXT,
        client_id TEXT,
        topic TEXT,
        message TEXT NOT NULL
      );
      CREATE INDEX events_by_device ON events (device_id, id);
    `,
  },
  {
    version: 2,
    name: 'customers and claim registrations',
    sql: `
      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX devices_by_customer ON devices (customer_id);
      CREATE TABLE claims (
        device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
        secret_key TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX claims_by_created ON claims (created_at, device_id);
    `,
  },
  { version: 3, name: 'ota packages and assignments', sql: OTA_SCHEMA },
  {
    version: 4,
    name: 'profile JSON compatibility switch (Protobuf profiles)',
    sql: `ALTER TABLE profiles ADD COLUMN enable_json_compatibility INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 5,
    name: 'profile .proto schemas and JSON downlink switch (Protobuf profiles, spec §2.3)',
    // NULL schema = the reference's default text (profile-schema-defaults.ts), so existing profiles get it
    sql: `
      ALTER TABLE profiles ADD COLUMN telemetry_proto_schema TEXT;
      ALTER TABLE profiles ADD COLUMN attributes_proto_schema TEXT;
      ALTER TABLE profiles ADD COLUMN rpc_request_proto_schema TEXT;
      ALTER TABLE profiles ADD COLUMN rpc_response_proto_schema TEXT;
      ALTER TABLE profiles ADD COLUMN json_downlink INTEGER NOT NULL DEFAULT 0;
    `,
  },
  { version: 6, name: INTEGER_KEYS_MIGRATION, sql: INTEGER_KEYS_SCHEMA },
];

/** Looks a migration up by name (tests use it, so a renumbered migration needs no test change). */
export function migrationNamed(name: string): Migration {
  const found = MIGRATIONS.find((m) => m.name === name);
  if (!found) throw new Error(`no migration named "${name}"`);
  return found;
}

/**
 * Creates `schema_migrations` if needed and applies every migration not yet recorded there, each in
 * its own transaction together with its record. Returns the versions applied by this call (none on
 * an up-to-date file). Refuses a file written by a newer schema.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current =
    db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get()
      ?.v ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`the database has schema version ${current}; this build knows up to ${newest}`);
  }
  const record = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
