import type { ClaimRecord, ClaimStore, CustomerRecord, CustomerStore } from './claim-records.ts';
import { applyNow, type ApplyWrite, requireDevice } from './memory-apply.ts';
import { byCreatedThenId, compareStrings } from './ordering.ts';
import { StorageError } from './storage.ts';

/** Customers in a Map with a unique index on name; `ownsDevice` guards `delete`. */
export function createMemoryCustomers(
  ownsDevice: (customerId: string) => boolean,
  apply: ApplyWrite = applyNow,
): CustomerStore & { clear(): void } {
  const byId = new Map<string, CustomerRecord>();
  const idByName = new Map<string, string>();

  return {
    list: () => [...byId.values()].sort(byCreatedThenId).map((c) => ({ ...c })),
    get: (id) => {
      const found = byId.get(id);
      return found && { ...found };
    },
    getByName: (name) => {
      const id = idByName.get(name);
      const found = id === undefined ? undefined : byId.get(id);
      return found && { ...found };
    },
    save: (customer) =>
      apply(() => {
        const owner = idByName.get(customer.name);
        if (owner !== undefined && owner !== customer.id) {
          throw new StorageError('CONFLICT', `customer name "${customer.name}" is taken`);
        }
        const previous = byId.get(customer.id);
        if (previous) idByName.delete(previous.name);
        byId.set(customer.id, { ...customer });
        idByName.set(customer.name, customer.id);
      }),
    delete: (id) =>
      apply(() => {
        const previous = byId.get(id);
        if (!previous) return false;
        if (ownsDevice(id))
          throw new StorageError('CONFLICT', `customer ${id} still owns a device`);
        byId.delete(id);
        idByName.delete(previous.name);
        return true;
      }),
    clear: () => {
      byId.clear();
      idByName.clear();
    },
  };
}

const byCreatedThenDevice = (a: ClaimRecord, b: ClaimRecord): number =>
  a.createdAt - b.createdAt || compareStrings(a.deviceId, b.deviceId);

/** Claim registrations by device id, plus a `dropDevice` for the device delete cascade. */
export function createMemoryClaims(
  hasDevice: (id: string) => boolean,
  apply: ApplyWrite = applyNow,
): ClaimStore & { dropDevice(id: string): void; clear(): void } {
  const byDevice = new Map<string, ClaimRecord>();

  return {
    get: (deviceId) => {
      const found = byDevice.get(deviceId);
      return found && { ...found };
    },
    list: () => [...byDevice.values()].sort(byCreatedThenDevice).map((c) => ({ ...c })),
    save: (claim) =>
      apply(() => {
        requireDevice(hasDevice, claim.deviceId);
        byDevice.set(claim.deviceId, { ...claim });
      }),
    delete: (deviceId) => apply(() => byDevice.delete(deviceId)),
    dropDevice: (deviceId) => {
      byDevice.delete(deviceId);
    },
    clear: () => {
      byDevice.clear();
    },
  };
}
