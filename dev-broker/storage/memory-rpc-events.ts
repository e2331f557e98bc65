import { applyNow, type ApplyWrite, requireDevice } from './memory-apply.ts';
import { byCreatedThenId, DEFAULT_EVENT_LIMIT } from './ordering.ts';
import {
  StorageError,
  isRpcPending,
  type EventRecord,
  type EventStore,
  type RpcRecord,
  type RpcStore,
} from './storage.ts';

/** RPCs by id with a per-device index, plus a `dropDevice` for the device delete cascade. */
export function createMemoryRpc(
  hasDevice: (id: string) => boolean,
  apply: ApplyWrite = applyNow,
): RpcStore & { dropDevice(id: string): void; clear(): void } {
  const byId = new Map<string, RpcRecord>();
  const idsByDevice = new Map<string, Set<string>>();

  const unlink = (rpc: RpcRecord): void => {
    const ids = idsByDevice.get(rpc.deviceId);
    ids?.delete(rpc.id);
    if (ids?.size === 0) idsByDevice.delete(rpc.deviceId);
  };
  const sorted = (rpcs: Iterable<RpcRecord>): RpcRecord[] =>
    [...rpcs].sort(byCreatedThenId).map((r) => ({ ...r }));

  return {
    save: (rpc) =>
      apply(() => {
        requireDevice(hasDevice, rpc.deviceId);
        const previous = byId.get(rpc.id);
        if (previous) unlink(previous);
        byId.set(rpc.id, { ...rpc });
        let ids = idsByDevice.get(rpc.deviceId);
        if (!ids) idsByDevice.set(rpc.deviceId, (ids = new Set()));
        ids.add(rpc.id);
      }),
    get: (id) => {
      const found = byId.get(id);
      return found && { ...found };
    },
    listByDevice: (deviceId, statuses) => {
      const wanted = statuses && new Set(statuses);
      const rpcs: RpcRecord[] = [];
      for (const id of idsByDevice.get(deviceId) ?? []) {
        const rpc = byId.get(id);
        if (rpc && (!wanted || wanted.has(rpc.status))) rpcs.push(rpc);
      }
      return sorted(rpcs);
    },
    listPending: () => sorted([...byId.values()].filter(isRpcPending)),
    delete: (id) =>
      apply(() => {
        const previous = byId.get(id);
        if (!previous) return false;
        unlink(previous);
        return byId.delete(id);
      }),
    dropDevice: (deviceId) => {
      for (const id of idsByDevice.get(deviceId) ?? []) byId.delete(id);
      idsByDevice.delete(deviceId);
    },
    clear: () => {
      byId.clear();
      idsByDevice.clear();
    },
  };
}

/** An event log in an array ordered by id; ids start at 1 and increase, also across `clear`. */
export function createMemoryEvents(): EventStore & { clear(): void } {
  let log: EventRecord[] = [];
  let lastId = 0;

  return {
    append: (event) => {
      const record: EventRecord = { ...event, id: ++lastId };
      log.push(record);
      return { ...record };
    },
    list: (query = {}) => {
      const limit = query.limit ?? DEFAULT_EVENT_LIMIT;
      const afterId = query.afterId ?? 0;
      const kinds = query.kinds && new Set(query.kinds);
      const out: EventRecord[] = [];
      for (let i = log.length - 1; i >= 0 && out.length < limit; i--) {
        const event = log[i];
        if (!event || event.id <= afterId) break;
        if (query.deviceId !== undefined && event.deviceId !== query.deviceId) continue;
        if (kinds && !kinds.has(event.kind)) continue;
        out.push({ ...event });
      }
      return out;
    },
    prune: ({ olderThan, keep }) => {
      const before = log.length;
      const newest = log.slice(Math.max(0, log.length - Math.max(0, Math.floor(keep))));
      log = newest.filter((e) => e.ts >= olderThan);
      return Promise.resolve(before - log.length);
    },
    put: (event) => {
      const at = log.findLastIndex((e) => e.id <= event.id) + 1;
      if (log[at - 1]?.id === event.id)
        throw new StorageError('CONFLICT', `event ${String(event.id)} exists`);
      log.splice(at, 0, { ...event });
      lastId = Math.max(lastId, event.id);
    },
    clear: () => {
      log = [];
    },
  };
}
