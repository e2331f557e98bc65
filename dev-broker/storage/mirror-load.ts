import type Database from 'better-sqlite3';

import type { AttributeScope, KvEntry, TsKvEntry } from '../../src/protocol/kv.ts';

import type { MemoryStores } from './memory-storage.ts';
import type { DirectSqliteStorage } from './sqlite-direct.ts';
import {
  KV_COLUMNS,
  VALUE_COLUMNS,
  kvFromRow,
  kvFromValues,
  type KvRow,
  type ValueRow,
} from './sqlite-kv.ts';
import { listAllRpcs } from './sqlite-rpc-events.ts';

interface AttributeRow extends KvRow {
  device_id: string;
  scope: AttributeScope;
  key: string;
  last_update_ts: bigint;
}

interface LatestRow extends ValueRow {
  device_id: string;
  key: string;
  ts: bigint;
}

/** Where the mirror's data goes: the memory stores, and the latest values of its telemetry. */
export interface MirrorTarget {
  stores: MemoryStores;
  loadLatest: (deviceId: string, point: TsKvEntry) => void;
}

/**
 * Fills an empty mirror (ADR 0010) from the file: profiles, customers, devices with their
 * credentials, claims, attributes, RPCs, OTA packages (not their bytes) and assignments, and the
 * latest value of every telemetry key. Parents before children, so every store's rules hold. Writes
 * go through the stores (the caller keeps them out of the journal).
 */
export function loadMirror(
  db: Database.Database,
  file: DirectSqliteStorage,
  { stores, loadLatest }: MirrorTarget,
): void {
  for (const p of file.profiles.list()) void stores.profiles.save(p);
  for (const c of file.customers.list()) void stores.customers.save(c);
  for (const d of file.devices.list().items) {
    const credentials = file.devices.getCredentials(d.id);
    if (!credentials) throw new Error(`device ${d.id} has no credentials row`);
    void stores.devices.create(d, credentials);
  }
  for (const c of file.claims.list()) void stores.claims.save(c);
  const attributes = db
    .prepare<[], AttributeRow>(
      `SELECT device_id, scope, key, last_update_ts, ${KV_COLUMNS} FROM attributes`,
    )
    .safeIntegers(true);
  for (const row of attributes.iterate()) {
    const entry: KvEntry = { key: row.key, value: kvFromRow(row) };
    void stores.attributes.save(row.device_id, row.scope, [entry], Number(row.last_update_ts));
  }
  for (const rpc of listAllRpcs(db)) void stores.rpc.save(rpc);
  for (const pkg of file.ota.list()) void stores.ota.create(pkg, null);
  for (const a of file.ota.listAssignments())
    void stores.ota.assign(a.target, a.packageId, a.assignedAt);
  const latest = db
    .prepare<[], LatestRow>(
      `SELECT r.device_id, k.key, l.ts, ${VALUE_COLUMNS} FROM ts_kv_latest l
       JOIN device_refs r ON r.ref = l.device_ref JOIN ts_kv_dictionary k ON k.key_id = l.key_id`,
    )
    .safeIntegers(true);
  for (const row of latest.iterate()) {
    loadLatest(row.device_id, { key: row.key, ts: Number(row.ts), value: kvFromValues(row) });
  }
}
