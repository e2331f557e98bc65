/**
 * The writes the main thread sends the storage worker (ADR 0010), as one flat list per batch: each
 * write is its op name followed by its arguments. Telemetry, the hot path, is flat primitives
 * (device, count, then key, ts, type code and value per point: cheaper to clone than objects); the
 * other writes carry a structured clone of their arguments. Both threads use this module.
 */
import type { AttributeScope, KvType, KvValue, TsKvEntry } from '../../src/protocol/kv.ts';

import type { ClaimRecord, CustomerRecord } from './claim-records.ts';
import type { MemoryStores } from './memory-storage.ts';
import type { OtaPackageRecord, OtaPackageType, OtaTarget } from './ota-store.ts';
import type {
  DeviceRecord,
  EventRecord,
  ProfileRecord,
  RpcRecord,
  StoredCredentials,
} from './storage.ts';

/** A batch's writes, in order. */
export type OpList = unknown[];

export const TELEMETRY_SAVE = 'telemetry.save';
/** An event with the id the main thread gave it. */
export const EVENTS_PUT = 'events.put';
/** Event retention: its result slot, then olderThan and keep (the worker reports the count). */
export const EVENTS_PRUNE = 'events.prune';

/** What `EventStore.prune` is given. */
export interface EventRetention {
  olderThan: number;
  keep: number;
}

const TYPES: readonly KvType[] = ['BOOLEAN', 'LONG', 'DOUBLE', 'STRING', 'JSON'];
const TYPE_CODES: Record<KvType, number> = { BOOLEAN: 0, LONG: 1, DOUBLE: 2, STRING: 3, JSON: 4 };

/** The writes that travel as their arguments, each as it runs on any `MemoryStores`-shaped stores. */
export const WRITES = {
  'profiles.save': (s: MemoryStores, p: ProfileRecord) => s.profiles.save(p),
  'profiles.delete': (s: MemoryStores, id: string) => s.profiles.delete(id),
  'devices.create': (s: MemoryStores, d: DeviceRecord, c: StoredCredentials) =>
    s.devices.create(d, c),
  'devices.update': (s: MemoryStores, d: DeviceRecord) => s.devices.update(d),
  'devices.delete': (s: MemoryStores, id: string) => s.devices.delete(id),
  'devices.setCredentials': (s: MemoryStores, c: StoredCredentials) => s.devices.setCredentials(c),
  'attributes.save': (
    s: MemoryStores,
    deviceId: string,
    scope: AttributeScope,
    entries: { key: string; value: KvValue }[],
    ts: number,
  ) => s.attributes.save(deviceId, scope, entries, ts),
  'attributes.delete': (s: MemoryStores, deviceId: string, scope: AttributeScope, keys: string[]) =>
    s.attributes.delete(deviceId, scope, keys),
  'rpc.save': (s: MemoryStores, r: RpcRecord) => s.rpc.save(r),
  'rpc.delete': (s: MemoryStores, id: string) => s.rpc.delete(id),
  'customers.save': (s: MemoryStores, c: CustomerRecord) => s.customers.save(c),
  'customers.delete': (s: MemoryStores, id: string) => s.customers.delete(id),
  'claims.save': (s: MemoryStores, c: ClaimRecord) => s.claims.save(c),
  'claims.delete': (s: MemoryStores, deviceId: string) => s.claims.delete(deviceId),
  'ota.create': (s: MemoryStores, p: OtaPackageRecord, data: Uint8Array | null) =>
    s.ota.create(p, data),
  'ota.delete': (s: MemoryStores, id: string) => s.ota.delete(id),
  'ota.assign': (s: MemoryStores, t: OtaTarget, packageId: string, at: number) =>
    s.ota.assign(t, packageId, at),
  'ota.unassign': (s: MemoryStores, t: OtaTarget, type: OtaPackageType) => s.ota.unassign(t, type),
  'storage.clear': (s: MemoryStores) => s.clear(),
} as const;

export type WriteName = keyof typeof WRITES;
export type WriteArgs<N extends WriteName> =
  Parameters<(typeof WRITES)[N]> extends [MemoryStores, ...infer A] ? A : never;
export type WriteResult<N extends WriteName> = ReturnType<(typeof WRITES)[N]>;

/** Runs a named write on `stores` (the worker's SQLite stores, or the main thread's mirror). */
export function runWrite<N extends WriteName>(
  stores: MemoryStores,
  name: N,
  args: WriteArgs<N>,
): WriteResult<N> {
  const run = WRITES[name] as unknown as (s: MemoryStores, ...a: WriteArgs<N>) => WriteResult<N>;
  return run(stores, ...args);
}

/** Appends a telemetry save, flat. */
export function pushTelemetry(ops: OpList, deviceId: string, points: readonly TsKvEntry[]): void {
  ops.push(TELEMETRY_SAVE, deviceId, points.length);
  for (const p of points) ops.push(p.key, p.ts, TYPE_CODES[p.value.type], p.value.value);
}

/** What a decoded op is handed to. */
export interface OpVisitor {
  telemetry(deviceId: string, points: TsKvEntry[]): void;
  event(event: EventRecord): void;
  write(name: WriteName, args: unknown[]): void;
  /** Event retention; `slot` names the result the worker reports back. */
  prune?(slot: number, retention: EventRetention): void;
}

/** Walks a batch's ops in order. Throws on a list this module did not write. */
export function visitOps(ops: OpList, visit: OpVisitor): void {
  let i = 0;
  while (i < ops.length) {
    const name = ops[i++];
    if (name === TELEMETRY_SAVE) {
      const deviceId = ops[i++] as string;
      const count = ops[i++] as number;
      const points: TsKvEntry[] = [];
      for (let n = 0; n < count; n++, i += 4) {
        const value = { type: TYPES[ops[i + 2] as number], value: ops[i + 3] } as KvValue;
        points.push({ key: ops[i] as string, ts: ops[i + 1] as number, value });
      }
      visit.telemetry(deviceId, points);
    } else if (name === EVENTS_PUT) {
      visit.event(ops[i++] as EventRecord);
    } else if (name === EVENTS_PRUNE) {
      const slot = ops[i] as number;
      visit.prune?.(slot, { olderThan: ops[i + 1] as number, keep: ops[i + 2] as number });
      i += 3;
    } else if (typeof name === 'string' && name in WRITES) {
      visit.write(name as WriteName, ops[i++] as unknown[]);
    } else {
      throw new Error(`unknown storage op ${String(name)} at ${String(i - 1)}`);
    }
  }
}
