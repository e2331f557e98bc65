import { applyNow, type ApplyWrite } from './memory-apply.ts';
import { createMemoryClaims, createMemoryCustomers } from './memory-claims.ts';
import { createMemoryOta, withProfileOtaCascade, type OtaBytes } from './memory-ota.ts';
import { createMemoryDevices, createMemoryProfiles } from './memory-registry.ts';
import { createMemoryEvents, createMemoryRpc } from './memory-rpc-events.ts';
import { createMemoryAttributes, createMemoryTelemetry } from './memory-series.ts';
import type { EventStore, Storage, TelemetryStore } from './storage.ts';

/** A telemetry store the memory stores can hang on (the device delete cascade calls `dropDevice`). */
export type CascadingTelemetry = TelemetryStore & { dropDevice(id: string): void; clear(): void };

/** What differs between the memory adapter and the SQLite adapter's mirror (ADR 0010). */
export interface MemoryStoreParts {
  /** How writes run: at once here; through the write journal in the mirror. */
  apply: ApplyWrite;
  /** Default: every point in memory. */
  telemetry?: (hasDevice: (id: string) => boolean) => CascadingTelemetry;
  /** Default: an in-memory log. */
  events?: EventStore & { clear(): void };
  /** Default: package bytes in a Map. */
  otaBytes?: OtaBytes;
}

/** The stores of `Storage`, in memory, with their cross-store rules and cascades. */
export type MemoryStores = Omit<Storage, 'kind' | 'close' | 'inBackground'>;

/**
 * Builds the memory stores: plain Maps with indexes on credentialsId, device name, profile name and
 * provision key. A write that breaks a rule throws (CONFLICT or NOT_FOUND) before it changes anything.
 */
export function assembleMemoryStores(parts: MemoryStoreParts): MemoryStores {
  const { apply } = parts;
  const hasDevice = (id: string): boolean => devices.get(id) !== undefined;
  const telemetry = (parts.telemetry ?? ((has) => createMemoryTelemetry(has, apply)))(hasDevice);
  const attributes = createMemoryAttributes(hasDevice, apply);
  const rpc = createMemoryRpc(hasDevice, apply);
  const claims = createMemoryClaims(hasDevice, apply);
  const customers = createMemoryCustomers(
    (customerId) => devices.list().items.some((d) => d.customerId === customerId),
    apply,
  );
  const ota = createMemoryOta({
    hasDevice,
    hasProfile: (profileId) => profiles.get(profileId) !== undefined,
    apply,
    ...(parts.otaBytes ? { bytes: parts.otaBytes } : {}),
  });
  const profileStore = createMemoryProfiles((profileId) => devices.usesProfile(profileId), apply);
  const profiles = withProfileOtaCascade(profileStore, ota);
  const devices = createMemoryDevices(
    {
      hasProfile: (profileId) => profiles.get(profileId) !== undefined,
      dropDeviceData: (deviceId) => {
        telemetry.dropDevice(deviceId);
        attributes.dropDevice(deviceId);
        rpc.dropDevice(deviceId);
        claims.dropDevice(deviceId);
        ota.dropTarget({ kind: 'device', id: deviceId });
      },
    },
    apply,
  );
  const events = parts.events ?? createMemoryEvents();
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
    profiles,
    devices,
    telemetry,
    attributes,
    rpc,
    events,
    customers,
    claims,
    ota,
    // one write: in the mirror it is journaled like the others (ADR 0010)
    clear: () =>
      apply(() => {
        for (const store of everyStore) store.clear();
      }),
  };
}

/**
 * An in-memory `Storage` for unit tests: writes apply at once and return settled promises; a write
 * that breaks a rule rejects (CONFLICT or NOT_FOUND) before it changes anything.
 */
export function createMemoryStorage(): Storage {
  return {
    kind: 'memory',
    ...assembleMemoryStores({ apply: applyNow }),
    inBackground: (run) => run(),
    close: () => Promise.resolve(),
  };
}
