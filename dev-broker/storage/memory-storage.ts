import { createMemoryClaims, createMemoryCustomers } from './memory-claims.ts';
import { createMemoryOta, withProfileOtaCascade } from './memory-ota.ts';
import { createMemoryDevices, createMemoryProfiles } from './memory-registry.ts';
import { createMemoryEvents, createMemoryRpc } from './memory-rpc-events.ts';
import { createMemoryAttributes, createMemoryTelemetry } from './memory-series.ts';
import type { Storage } from './storage.ts';

/**
 * An in-memory `Storage` for unit tests: plain Maps with indexes on credentialsId, device name,
 * profile name and provision key. Writes apply at once and return settled promises; a write that
 * breaks a rule rejects (CONFLICT or NOT_FOUND) before it changes anything.
 */
export function createMemoryStorage(): Storage {
  const hasDevice = (id: string): boolean => devices.get(id) !== undefined;
  const telemetry = createMemoryTelemetry(hasDevice);
  const attributes = createMemoryAttributes(hasDevice);
  const rpc = createMemoryRpc(hasDevice);
  const claims = createMemoryClaims(hasDevice);
  const customers = createMemoryCustomers((customerId) =>
    devices.list().items.some((d) => d.customerId === customerId),
  );
  const ota = createMemoryOta({
    hasDevice,
    hasProfile: (profileId) => profiles.get(profileId) !== undefined,
  });
  const profileStore = createMemoryProfiles((profileId) => devices.usesProfile(profileId));
  const profiles = withProfileOtaCascade(profileStore, ota);
  const devices = createMemoryDevices({
    hasProfile: (profileId) => profiles.get(profileId) !== undefined,
    dropDeviceData: (deviceId) => {
      telemetry.dropDevice(deviceId);
      attributes.dropDevice(deviceId);
      rpc.dropDevice(deviceId);
      claims.dropDevice(deviceId);
      ota.dropTarget({ kind: 'device', id: deviceId });
    },
  });

  const events = createMemoryEvents();
  const everyStore = [
    profileStore,
    devices,
    telemetry,
    attributes,
    rpc,
    events,
    customers,
    claims,
    ota,
  ];

  return {
    kind: 'memory',
    profiles,
    devices,
    telemetry,
    attributes,
    rpc,
    events,
    customers,
    claims,
    ota,
    clear: () => {
      for (const store of everyStore) store.clear();
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
