import type { MemoryStores } from './memory-storage.ts';
import type { WriteJournal } from './write-journal.ts';
import { runWrite, type WriteArgs, type WriteName, type WriteResult } from './write-ops.ts';

/**
 * The stores the SQLite adapter hands out (ADR 0010). Reads go to the current mirror; a write runs
 * on it through the journal, which adds the write's op (its arguments, cloned now) to the batch for
 * the worker. `current` changes when the mirror is reloaded after a failure, so nothing here holds
 * a store.
 */
export function mirrorFacade(current: () => MemoryStores, journal: WriteJournal): MemoryStores {
  const w = <N extends WriteName>(name: N, ...args: WriteArgs<N>): WriteResult<N> =>
    journal.capture(
      (ops) => ops.push(name, structuredClone(args)),
      () => runWrite(current(), name, args),
    );

  return {
    profiles: {
      list: () => current().profiles.list(),
      get: (id) => current().profiles.get(id),
      getByName: (name) => current().profiles.getByName(name),
      getByProvisionKey: (key) => current().profiles.getByProvisionKey(key),
      save: (profile) => w('profiles.save', profile),
      delete: (id) => w('profiles.delete', id),
    },
    devices: {
      get: (id) => current().devices.get(id),
      getByName: (name) => current().devices.getByName(name),
      list: (query) => current().devices.list(query),
      create: (device, credentials) => w('devices.create', device, credentials),
      update: (device) => w('devices.update', device),
      delete: (id) => w('devices.delete', id),
      getCredentials: (deviceId) => current().devices.getCredentials(deviceId),
      findCredentials: (credentialsId) => current().devices.findCredentials(credentialsId),
      setCredentials: (credentials) => w('devices.setCredentials', credentials),
    },
    // telemetry and events journal their own writes (mirror-stores.ts)
    telemetry: {
      save: (deviceId, points) => current().telemetry.save(deviceId, points),
      latest: (deviceId, keys) => current().telemetry.latest(deviceId, keys),
      history: (deviceId, query) => current().telemetry.history(deviceId, query),
      keys: (deviceId) => current().telemetry.keys(deviceId),
    },
    attributes: {
      save: (deviceId, scope, entries, ts) => w('attributes.save', deviceId, scope, entries, ts),
      get: (deviceId, scope, keys) => current().attributes.get(deviceId, scope, keys),
      delete: (deviceId, scope, keys) => w('attributes.delete', deviceId, scope, keys),
    },
    rpc: {
      save: (rpc) => w('rpc.save', rpc),
      get: (id) => current().rpc.get(id),
      listByDevice: (deviceId, statuses) => current().rpc.listByDevice(deviceId, statuses),
      listPending: () => current().rpc.listPending(),
      delete: (id) => w('rpc.delete', id),
    },
    events: {
      append: (event) => current().events.append(event),
      list: (query) => current().events.list(query),
      prune: (retention) => current().events.prune(retention),
      put: (event) => {
        current().events.put(event);
      },
    },
    customers: {
      list: () => current().customers.list(),
      get: (id) => current().customers.get(id),
      getByName: (name) => current().customers.getByName(name),
      save: (customer) => w('customers.save', customer),
      delete: (id) => w('customers.delete', id),
    },
    claims: {
      get: (deviceId) => current().claims.get(deviceId),
      list: () => current().claims.list(),
      save: (claim) => w('claims.save', claim),
      delete: (deviceId) => w('claims.delete', deviceId),
    },
    ota: {
      create: (pkg, data) => w('ota.create', pkg, data),
      get: (id) => current().ota.get(id),
      list: () => current().ota.list(),
      readData: (id, offset, length) => current().ota.readData(id, offset, length),
      delete: (id) => w('ota.delete', id),
      assign: (target, packageId, assignedAt) => w('ota.assign', target, packageId, assignedAt),
      unassign: (target, type) => w('ota.unassign', target, type),
      getAssignment: (target, type) => current().ota.getAssignment(target, type),
      listAssignments: (query) => current().ota.listAssignments(query),
    },
    clear: () => w('storage.clear'),
  };
}
