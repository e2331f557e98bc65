import type { BrokerSnapshot } from '../../src/protocol/broker-snapshot.ts';
import type { Storage } from '../storage/storage.ts';

import { toSnapshotValue } from './snapshot-values.ts';

/** What a snapshot holds from storage: everything but the header and the client RPC rules. */
export type StoredState = Omit<
  BrokerSnapshot,
  'format' | 'version' | 'takenAt' | 'brokerVersion' | 'clientRpcRules'
>;

const ALL = Number.MAX_SAFE_INTEGER;
const SCOPES = ['CLIENT', 'SHARED', 'SERVER'] as const;

/**
 * Reads every aggregate out of storage, in a stable order (the storage list orders; events oldest
 * first), so that dumping what a dump loaded gives the same document.
 */
export function dumpStorage(storage: Storage): StoredState {
  const devices = storage.devices.list({ limit: ALL }).items;
  const state: StoredState = {
    profiles: storage.profiles.list(),
    customers: storage.customers.list(),
    devices: [],
    attributes: [],
    telemetry: [],
    rpcs: [],
    claims: storage.claims.list(),
    ota: {
      packages: storage.ota.list().map((pkg) => {
        const bytes = pkg.url === null ? storage.ota.readData(pkg.id, 0, pkg.size) : undefined;
        return { ...pkg, data: bytes ? Buffer.from(bytes).toString('base64') : null };
      }),
      assignments: storage.ota.listAssignments(),
    },
    events: storage.events.list({ limit: ALL }).reverse(),
  };
  for (const device of devices) {
    const stored = storage.devices.getCredentials(device.id);
    if (!stored) throw new Error(`device ${device.name} has no credentials`);
    state.devices.push({ ...device, credentials: stored.credentials });
    for (const scope of SCOPES) {
      for (const a of storage.attributes.get(device.id, scope)) {
        state.attributes.push({
          deviceId: device.id,
          scope,
          key: a.key,
          value: toSnapshotValue(a.value),
          lastUpdateTs: a.lastUpdateTs,
        });
      }
    }
    for (const key of storage.telemetry.keys(device.id)) {
      const points = storage.telemetry.history(device.id, {
        keys: [key],
        startTs: Number.MIN_SAFE_INTEGER,
        endTs: ALL,
        limit: ALL,
        order: 'ASC',
      });
      state.telemetry.push({
        deviceId: device.id,
        key,
        points: points.map((p) => ({ ts: p.ts, value: toSnapshotValue(p.value) })),
      });
    }
    state.rpcs.push(...storage.rpc.listByDevice(device.id));
  }
  return state;
}
