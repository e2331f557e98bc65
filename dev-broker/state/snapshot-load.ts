import type { AttributeScope, KvEntry } from '../../src/protocol/kv.ts';
import { credentialsIdOf } from '../platform/credentials.ts';
import type { Storage } from '../storage/storage.ts';

import type { StoredState } from './snapshot-dump.ts';
import { fromSnapshotValue } from './snapshot-values.ts';

/**
 * Replaces everything in storage with `state`: clears it, then writes every aggregate, parents before
 * children, and resolves once all of it is durable. `state` must have passed `checkStoredState`, so no
 * write breaks a storage rule. Writes are issued together (one group commit with SQLite).
 */
export async function loadStorage(storage: Storage, state: StoredState): Promise<void> {
  const writes: Promise<unknown>[] = [storage.clear()];
  for (const profile of state.profiles) writes.push(storage.profiles.save(profile));
  for (const customer of state.customers) writes.push(storage.customers.save(customer));
  for (const { credentials, ...device } of state.devices) {
    const stored = {
      deviceId: device.id,
      credentialsId: credentialsIdOf(credentials),
      credentials,
    };
    writes.push(storage.devices.create(device, stored));
  }
  for (const [key, group] of attributeWrites(state)) {
    const [deviceId, scope, ts] = key;
    writes.push(storage.attributes.save(deviceId, scope, group, ts));
  }
  for (const series of state.telemetry) {
    const points = series.points.map((p) => ({
      key: series.key,
      ts: p.ts,
      value: fromSnapshotValue(p.value),
    }));
    writes.push(storage.telemetry.save(series.deviceId, points));
  }
  for (const rpc of state.rpcs) writes.push(storage.rpc.save(rpc));
  for (const claim of state.claims) writes.push(storage.claims.save(claim));
  for (const { data, ...pkg } of state.ota.packages) {
    const bytes = data === null ? null : new Uint8Array(Buffer.from(data, 'base64')); // a copy, not a Buffer view
    writes.push(storage.ota.create(pkg, bytes));
  }
  for (const a of state.ota.assignments)
    writes.push(storage.ota.assign(a.target, a.packageId, a.assignedAt));
  for (const event of state.events) storage.events.put(event);
  await Promise.all(writes);
}

type AttributeGroupKey = [deviceId: string, scope: AttributeScope, lastUpdateTs: number];

/** Attributes grouped into one save per device, scope and `lastUpdateTs` (a save stamps one ts). */
function attributeWrites(state: StoredState): [AttributeGroupKey, KvEntry[]][] {
  const groups = new Map<string, [AttributeGroupKey, KvEntry[]]>();
  for (const a of state.attributes) {
    const id = `${a.deviceId}\u0000${a.scope}\u0000${String(a.lastUpdateTs)}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = [[a.deviceId, a.scope, a.lastUpdateTs], []]));
    group[1].push({ key: a.key, value: fromSnapshotValue(a.value) });
  }
  return [...groups.values()];
}
