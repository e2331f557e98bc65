import type { AttributeEntry, AttributeScope, KvEntry, TsKvEntry } from '../../src/protocol/kv.ts';
import type {
  CredentialsDto,
  EventDto,
  ProfileDto,
  ProvisionTypeName,
  RpcStatusName,
  StoredEventKind,
} from '../../src/protocol/operator-dto.ts';

import type { ClaimStore, CustomerStore } from './claim-records.ts';
import type { OtaStore } from './ota-store.ts';

/**
 * The persistence boundary of the dev broker. Platform services talk to storage only through this
 * interface; every adapter (memory, sqlite) runs the contract suite in `test/storage-contract.ts`.
 *
 * Reads are synchronous and see every write already issued (read-your-writes). Writes are applied at
 * once and return a promise that resolves when the write is durable (group commit: the SQLite adapter
 * commits all writes issued in one event-loop turn in one transaction, in its storage worker: ADR
 * 0010). A write that breaks a uniqueness rule rejects with `StorageError` code `CONFLICT` and leaves
 * nothing behind; a write that names a missing device or profile rejects with `NOT_FOUND`; a failed
 * commit rejects with `IO` — in the SQLite adapter together with every write issued before the failure
 * was known, and reads then no longer see any of them.
 *
 * Lists are ordered by `createdAt`, then `id`, unless a method says otherwise.
 */
export interface Storage {
  readonly kind: 'memory' | 'sqlite';
  readonly profiles: ProfileStore;
  readonly devices: DeviceStore;
  readonly telemetry: TelemetryStore;
  readonly attributes: AttributeStore;
  readonly rpc: RpcStore;
  readonly events: EventStore;
  /** Customers and claim registrations (spec §9). */
  readonly customers: CustomerStore;
  readonly claims: ClaimStore;
  /** OTA packages with their bytes, and their assignments (spec §11). */
  readonly ota: OtaStore;
  /**
   * Deletes everything: profiles, devices with all their data, customers, claims, OTA packages and
   * assignments, events (reset and restore start from this). Event ids keep increasing: an id is never
   * handed out twice in a process. Resolves once durable.
   */
  clear(): Promise<void>;
  /**
   * Runs `run`, whose writes nobody waits on (activity attributes, event-log rows): the adapter may
   * send them to the database a little later (at most 50 ms), with the writes of other turns, instead
   * of at the end of this one (ADR 0010). Reads see them at once; their promises settle when durable.
   */
  inBackground<T>(run: () => T): T;
  /** Commits what is pending and releases the database. Idempotent. */
  close(): Promise<void>;
}

export type StorageErrorCode = 'CONFLICT' | 'NOT_FOUND' | 'IO';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/*
 * Records whose shape is the operator API's (src/protocol/operator-dto.ts) are that type: one shape,
 * stored and returned as it is. A record that stores more or less than its DTO keeps its own type
 * (DeviceRecord, RpcRecord) and operator/dto.ts maps it.
 */
export type PayloadType = ProfileDto['payloadType'];
export type ProvisionType = ProvisionTypeName;
/** A device profile (spec §2.3, §10). */
export type ProfileRecord = ProfileDto;

export interface DeviceRecord {
  id: string;
  name: string;
  profileId: string;
  /** Free text, the reference's device "type" (usually the profile name). */
  type: string;
  gateway: boolean;
  customerId: string | null;
  createdAt: number;
}

export type DeviceCredentials = CredentialsDto;

/**
 * A credential as stored: `credentialsId` is the unique lookup key (spec §1.3): the token for
 * ACCESS_TOKEN and for a userName-only basic credential (one shared namespace), otherwise a key built
 * by `credentialsIdOf` in `platform/credentials.ts`.
 */
export interface StoredCredentials {
  deviceId: string;
  credentialsId: string;
  credentials: DeviceCredentials;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ProfileStore {
  list(): ProfileRecord[];
  get(id: string): ProfileRecord | undefined;
  getByName(name: string): ProfileRecord | undefined;
  getByProvisionKey(key: string): ProfileRecord | undefined;
  /** Creates or replaces by id. Rejects CONFLICT on a duplicate name or provision key. */
  save(profile: ProfileRecord): Promise<void>;
  /** Rejects CONFLICT while a device still uses the profile. */
  delete(id: string): Promise<boolean>;
}

export interface DeviceQuery {
  offset?: number;
  limit?: number;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
}

export interface DeviceStore {
  get(id: string): DeviceRecord | undefined;
  getByName(name: string): DeviceRecord | undefined;
  list(query?: DeviceQuery): Page<DeviceRecord>;
  /**
   * Creates device and credentials atomically; rejects CONFLICT (id, name or credentialsId taken) and
   * NOT_FOUND (unknown profile).
   */
  create(device: DeviceRecord, credentials: StoredCredentials): Promise<void>;
  /**
   * Updates name, profile, type, gateway flag or customer; rejects CONFLICT on a duplicate name and
   * NOT_FOUND on an unknown device or profile.
   */
  update(device: DeviceRecord): Promise<void>;
  /** Deletes the device with its credentials, telemetry, attributes and RPCs. */
  delete(id: string): Promise<boolean>;
  getCredentials(deviceId: string): StoredCredentials | undefined;
  findCredentials(credentialsId: string): StoredCredentials | undefined;
  /**
   * Replaces the credentials; rejects CONFLICT if the credentialsId belongs to another device and
   * NOT_FOUND on an unknown device.
   */
  setCredentials(credentials: StoredCredentials): Promise<void>;
}

export interface TelemetryQuery {
  keys: string[];
  startTs: number;
  endTs: number;
  /** Max points per key. */
  limit: number;
  order: 'ASC' | 'DESC';
}

export interface TelemetryStore {
  /**
   * Appends points (same device, key and ts: the later one wins) and moves the latest value of a key
   * when a point's ts is at or after the stored latest ts. Rejects NOT_FOUND on an unknown device.
   */
  save(deviceId: string, points: TsKvEntry[]): Promise<void>;
  /** Latest value of each key (all keys when `keys` is undefined; missing keys left out), by key. */
  latest(deviceId: string, keys?: string[]): TsKvEntry[];
  /**
   * Points with startTs <= ts <= endTs, per key, ordered by ts. Keys come in query order (a repeated
   * key once); with DESC the `limit` newest points of each key are returned.
   */
  history(deviceId: string, query: TelemetryQuery): TsKvEntry[];
  /** Keys that have at least one point, sorted. */
  keys(deviceId: string): string[];
}

export interface AttributeStore {
  /** Upserts the entries with `lastUpdateTs = ts`; rejects NOT_FOUND on an unknown device. */
  save(deviceId: string, scope: AttributeScope, entries: KvEntry[], ts: number): Promise<void>;
  /** All attributes of the scope when `keys` is undefined; missing keys are left out. Sorted by key. */
  get(deviceId: string, scope: AttributeScope, keys?: string[]): AttributeEntry[];
  /** Resolves to the keys that existed and were deleted. */
  delete(deviceId: string, scope: AttributeScope, keys: string[]): Promise<string[]>;
}

export type RpcStatus = RpcStatusName;

/** A persistent server-side RPC (spec §7). */
export interface RpcRecord {
  id: string;
  deviceId: string;
  method: string;
  /** JSON text. */
  params: string;
  oneway: boolean;
  status: RpcStatus;
  expirationTime: number;
  retries: number;
  /** Delivery attempts so far. */
  attempts: number;
  /** JSON text of the stored reply, or null. */
  response: string | null;
  /** JSON text, or null. */
  additionalInfo: string | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * Whether an RPC still needs work after a restart: QUEUED, SENT and TIMEOUT always; DELIVERED only for a
 * two-way RPC, which still waits for its reply (spec §7: DELIVERED is final for one-way RPCs).
 */
export function isRpcPending(rpc: Pick<RpcRecord, 'status' | 'oneway'>): boolean {
  switch (rpc.status) {
    case 'QUEUED':
    case 'SENT':
    case 'TIMEOUT':
      return true;
    case 'DELIVERED':
      return !rpc.oneway;
    case 'SUCCESSFUL':
    case 'EXPIRED':
    case 'FAILED':
    case 'DELETED':
      return false;
  }
}

export interface RpcStore {
  /** Creates or replaces by id; rejects NOT_FOUND on an unknown device. */
  save(rpc: RpcRecord): Promise<void>;
  get(id: string): RpcRecord | undefined;
  /** Ordered by createdAt, then id. */
  listByDevice(deviceId: string, statuses?: RpcStatus[]): RpcRecord[];
  /** Every RPC for which `isRpcPending` holds, ordered by createdAt, then id (used at startup). */
  listPending(): RpcRecord[];
  delete(id: string): Promise<boolean>;
}

export type EventKind = StoredEventKind;

/** A recorded event; `id` is assigned by the store, increasing. */
export type EventRecord = EventDto;

export interface EventQuery {
  deviceId?: string;
  kinds?: EventKind[];
  /** Only events with id > afterId. */
  afterId?: number;
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

/** Events are not tied to a stored device: they outlive the device they name. */
export interface EventStore {
  append(event: Omit<EventRecord, 'id'>): EventRecord;
  /**
   * Stores an event with its own id (snapshot restore); later appends get larger ids. Throws CONFLICT
   * when the id is taken. Durable with the writes of its turn, like `append`.
   */
  put(event: EventRecord): void;
  /** Newest first. */
  list(query?: EventQuery): EventRecord[];
  /**
   * Retention: deletes the events older than `olderThan` (epoch ms) and all but the newest `keep`;
   * resolves with how many were deleted, once that is durable.
   */
  prune(retain: { olderThan: number; keep: number }): Promise<number>;
}
