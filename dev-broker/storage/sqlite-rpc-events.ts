import type Database from 'better-sqlite3';

import { DEFAULT_EVENT_LIMIT } from './ordering.ts';
import { bit, sqlLimit, type SqliteContext } from './sqlite-context.ts';
import {
  isRpcPending,
  type EventKind,
  type EventRecord,
  type EventStore,
  type RpcRecord,
  type RpcStatus,
  type RpcStore,
} from './storage.ts';

interface RpcRow {
  id: string;
  device_id: string;
  method: string;
  params: string;
  oneway: number;
  status: RpcStatus;
  expiration_time: number;
  retries: number;
  attempts: number;
  response: string | null;
  additional_info: string | null;
  created_at: number;
  updated_at: number;
}

const toRpc = (r: RpcRow): RpcRecord => ({
  id: r.id,
  deviceId: r.device_id,
  method: r.method,
  params: r.params,
  oneway: r.oneway === 1,
  status: r.status,
  expirationTime: r.expiration_time,
  retries: r.retries,
  attempts: r.attempts,
  response: r.response,
  additionalInfo: r.additional_info,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Every stored RPC, ordered by createdAt, then id (the mirror loads them: ADR 0010). */
export function listAllRpcs(db: Database.Database): RpcRecord[] {
  return db.prepare<[], RpcRow>('SELECT * FROM rpc ORDER BY created_at, id').all().map(toRpc);
}

/** Every status once (a Record, so a new status cannot be forgotten here). */
const STATUSES = Object.keys({
  QUEUED: 0,
  SENT: 0,
  DELIVERED: 0,
  SUCCESSFUL: 0,
  TIMEOUT: 0,
  EXPIRED: 0,
  FAILED: 0,
  DELETED: 0,
} satisfies Record<RpcStatus, 0>) as RpcStatus[];

/** The statuses `isRpcPending` accepts for the given direction, as a JSON array for json_each. */
const pendingStatuses = (oneway: boolean): string =>
  JSON.stringify(STATUSES.filter((status) => isRpcPending({ status, oneway })));

/** Persistent RPCs in the `rpc` table. */
export function createSqliteRpc({ db, commits, requireDevice }: SqliteContext): RpcStore {
  const q = {
    upsert: db.prepare(`
      INSERT INTO rpc (id, device_id, method, params, oneway, status, expiration_time, retries, attempts,
        response, additional_info, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET device_id = excluded.device_id, method = excluded.method,
        params = excluded.params, oneway = excluded.oneway, status = excluded.status,
        expiration_time = excluded.expiration_time, retries = excluded.retries, attempts = excluded.attempts,
        response = excluded.response, additional_info = excluded.additional_info,
        created_at = excluded.created_at, updated_at = excluded.updated_at`),
    get: db.prepare<[string], RpcRow>('SELECT * FROM rpc WHERE id = ?'),
    byDevice: db.prepare<[string], RpcRow>(
      'SELECT * FROM rpc WHERE device_id = ? ORDER BY created_at, id',
    ),
    byDeviceStatus: db.prepare<[string, string], RpcRow>(
      `SELECT * FROM rpc WHERE device_id = ? AND status IN (SELECT value FROM json_each(?))
       ORDER BY created_at, id`,
    ),
    pending: db.prepare<[string, string], RpcRow>(
      `SELECT * FROM rpc
       WHERE (oneway = 1 AND status IN (SELECT value FROM json_each(?)))
          OR (oneway = 0 AND status IN (SELECT value FROM json_each(?)))
       ORDER BY created_at, id`,
    ),
    delete: db.prepare<[string]>('DELETE FROM rpc WHERE id = ?'),
  };
  const pendingOneway = pendingStatuses(true);
  const pendingTwoWay = pendingStatuses(false);

  return {
    save: (r) =>
      commits.write(() => {
        requireDevice(r.deviceId);
        q.upsert.run(
          r.id,
          r.deviceId,
          r.method,
          r.params,
          bit(r.oneway),
          r.status,
          r.expirationTime,
          r.retries,
          r.attempts,
          r.response,
          r.additionalInfo,
          r.createdAt,
          r.updatedAt,
        );
      }),
    get: (id) => {
      const row = q.get.get(id);
      return row && toRpc(row);
    },
    listByDevice: (deviceId, statuses) =>
      (statuses === undefined
        ? q.byDevice.all(deviceId)
        : q.byDeviceStatus.all(deviceId, JSON.stringify(statuses))
      ).map(toRpc),
    listPending: () => q.pending.all(pendingOneway, pendingTwoWay).map(toRpc),
    delete: (id) => commits.write(() => q.delete.run(id).changes > 0),
  };
}

interface EventRow {
  id: number;
  ts: number;
  kind: EventKind;
  device_id: string | null;
  device_name: string | null;
  client_id: string | null;
  topic: string | null;
  message: string;
}

interface EventParams {
  deviceId?: string;
  kinds: string | null;
  afterId: number;
  limit: number;
}

const toEvent = (r: EventRow): EventRecord => ({
  id: r.id,
  ts: r.ts,
  kind: r.kind,
  deviceId: r.device_id,
  deviceName: r.device_name,
  clientId: r.client_id,
  topic: r.topic,
  message: r.message,
});

/** The SQLite event log, plus `put` for events whose id was handed out elsewhere (ADR 0010). */
export interface SqliteEventStore extends EventStore {
  /** Stores the event with its own id (joins the current batch); later appends get larger ids. */
  put(event: EventRecord): void;
}

/**
 * The event log in the `events` table. Ids come from a counter seeded with the stored maximum, so an
 * id is never handed out twice in a process even if a batch holding events fails to commit.
 */
export function createSqliteEvents({ db, commits }: SqliteContext): SqliteEventStore {
  const filters = `(@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds))) AND id > @afterId`;
  const newest = 'ORDER BY id DESC LIMIT @limit';
  const q = {
    insert: db.prepare(
      `INSERT INTO events (id, ts, kind, device_id, device_name, client_id, topic, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    all: db.prepare<[EventParams], EventRow>(`SELECT * FROM events WHERE ${filters} ${newest}`),
    ofDevice: db.prepare<[EventParams], EventRow>(
      `SELECT * FROM events WHERE device_id = @deviceId AND ${filters} ${newest}`,
    ),
    // the subquery is NULL (nothing matches) while at most `keep` events exist
    prune: db.prepare<{ olderThan: number; keep: number }>(
      `DELETE FROM events WHERE ts < @olderThan
         OR id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
    ),
  };
  let lastId = db.prepare<[], number | null>('SELECT max(id) FROM events').pluck().get() ?? 0;

  const put = (record: EventRecord): void => {
    // Joins the current batch; nobody waits for it (EventStore.append is synchronous).
    commits.apply(() =>
      q.insert.run(
        record.id,
        record.ts,
        record.kind,
        record.deviceId,
        record.deviceName,
        record.clientId,
        record.topic,
        record.message,
      ),
    );
    lastId = Math.max(lastId, record.id);
  };

  return {
    append: (event) => {
      const record: EventRecord = { ...event, id: lastId + 1 };
      put(record);
      return record;
    },
    put,
    list: (query = {}) => {
      const params: EventParams = {
        kinds: query.kinds === undefined ? null : JSON.stringify(query.kinds),
        afterId: query.afterId ?? 0,
        limit: sqlLimit(query.limit ?? DEFAULT_EVENT_LIMIT),
      };
      if (query.deviceId === undefined) return q.all.all(params).map(toEvent);
      return q.ofDevice.all({ ...params, deviceId: query.deviceId }).map(toEvent);
    },
    prune: ({ olderThan, keep }) =>
      commits.write(() => q.prune.run({ olderThan, keep: Math.max(0, Math.floor(keep)) }).changes),
  };
}
