import { applyNow, type ApplyWrite } from './memory-apply.ts';
import { byCreatedThenId } from './ordering.ts';
import {
  StorageError,
  type DeviceQuery,
  type DeviceRecord,
  type DeviceStore,
  type Page,
  type ProfileRecord,
  type ProfileStore,
  type StoredCredentials,
} from './storage.ts';

const copyCredentials = (c: StoredCredentials): StoredCredentials => ({
  ...c,
  credentials: { ...c.credentials },
});

/** Profiles in a Map, with unique indexes on name and provision key. */
export function createMemoryProfiles(
  isInUse: (profileId: string) => boolean,
  apply: ApplyWrite = applyNow,
): ProfileStore & { clear(): void } {
  const byId = new Map<string, ProfileRecord>();
  const idByName = new Map<string, string>();
  const idByProvisionKey = new Map<string, string>();
  const viaIndex = (index: Map<string, string>, key: string): ProfileRecord | undefined => {
    const id = index.get(key);
    const found = id === undefined ? undefined : byId.get(id);
    return found && { ...found };
  };

  const checkUnique = (profile: ProfileRecord): void => {
    const owner = idByName.get(profile.name);
    if (owner !== undefined && owner !== profile.id) {
      throw new StorageError('CONFLICT', `profile name "${profile.name}" is taken`);
    }
    const keyOwner =
      profile.provisionKey === null ? undefined : idByProvisionKey.get(profile.provisionKey);
    if (keyOwner !== undefined && keyOwner !== profile.id) {
      throw new StorageError('CONFLICT', 'the provision key belongs to another profile');
    }
  };

  const unindex = (profile: ProfileRecord): void => {
    idByName.delete(profile.name);
    if (profile.provisionKey !== null) idByProvisionKey.delete(profile.provisionKey);
  };

  return {
    list: () => [...byId.values()].sort(byCreatedThenId).map((p) => ({ ...p })),
    get: (id) => {
      const found = byId.get(id);
      return found && { ...found };
    },
    getByName: (name) => viaIndex(idByName, name),
    getByProvisionKey: (key) => viaIndex(idByProvisionKey, key),
    save: (profile) =>
      apply(() => {
        checkUnique(profile);
        const previous = byId.get(profile.id);
        if (previous) unindex(previous);
        byId.set(profile.id, { ...profile });
        idByName.set(profile.name, profile.id);
        if (profile.provisionKey !== null) idByProvisionKey.set(profile.provisionKey, profile.id);
      }),
    delete: (id) =>
      apply(() => {
        const previous = byId.get(id);
        if (!previous) return false;
        if (isInUse(id)) throw new StorageError('CONFLICT', `profile ${id} is used by a device`);
        unindex(previous);
        byId.delete(id);
        return true;
      }),
    clear: () => {
      byId.clear();
      idByName.clear();
      idByProvisionKey.clear();
    },
  };
}

/** What the device store needs from the rest of the memory adapter. */
export interface MemoryDeviceLinks {
  hasProfile(profileId: string): boolean;
  /** Drops the device's telemetry, attributes and RPCs (the cascade of `delete`). */
  dropDeviceData(deviceId: string): void;
}

/** Devices and credentials in Maps, with unique indexes on name and credentialsId. */
export function createMemoryDevices(
  links: MemoryDeviceLinks,
  apply: ApplyWrite = applyNow,
): DeviceStore & {
  usesProfile(profileId: string): boolean;
  /** Forgets every device and credential (the adapter clears the device data itself). */
  clear(): void;
} {
  const byId = new Map<string, DeviceRecord>();
  const idByName = new Map<string, string>();
  const credentialsByDevice = new Map<string, StoredCredentials>();
  const deviceByCredentialsId = new Map<string, string>();

  const checkName = (device: DeviceRecord): void => {
    const owner = idByName.get(device.name);
    if (owner !== undefined && owner !== device.id) {
      throw new StorageError('CONFLICT', `device name "${device.name}" is taken`);
    }
  };
  const checkProfile = (profileId: string): void => {
    if (!links.hasProfile(profileId)) {
      throw new StorageError('NOT_FOUND', `profile ${profileId} does not exist`);
    }
  };
  const checkCredentialsId = (deviceId: string, credentialsId: string): void => {
    const owner = deviceByCredentialsId.get(credentialsId);
    if (owner !== undefined && owner !== deviceId) {
      throw new StorageError('CONFLICT', 'the credentials belong to another device');
    }
  };
  const putCredentials = (deviceId: string, credentials: StoredCredentials): void => {
    const previous = credentialsByDevice.get(deviceId);
    if (previous) deviceByCredentialsId.delete(previous.credentialsId);
    credentialsByDevice.set(deviceId, copyCredentials({ ...credentials, deviceId }));
    deviceByCredentialsId.set(credentials.credentialsId, deviceId);
  };

  const list = (query: DeviceQuery = {}): Page<DeviceRecord> => {
    const needle = query.nameContains?.toLowerCase();
    const matching = [...byId.values()]
      .filter((d) => needle === undefined || d.name.toLowerCase().includes(needle))
      .sort(byCreatedThenId);
    const offset = Math.max(0, query.offset ?? 0);
    const end = query.limit === undefined ? undefined : offset + Math.max(0, query.limit);
    return { items: matching.slice(offset, end).map((d) => ({ ...d })), total: matching.length };
  };

  return {
    get: (id) => {
      const found = byId.get(id);
      return found && { ...found };
    },
    getByName: (name) => {
      const id = idByName.get(name);
      const found = id === undefined ? undefined : byId.get(id);
      return found && { ...found };
    },
    list,
    create: (device, credentials) =>
      apply(() => {
        checkProfile(device.profileId);
        if (byId.has(device.id)) throw new StorageError('CONFLICT', `device ${device.id} exists`);
        checkName(device);
        checkCredentialsId(device.id, credentials.credentialsId);
        byId.set(device.id, { ...device });
        idByName.set(device.name, device.id);
        putCredentials(device.id, credentials);
      }),
    update: (device) =>
      apply(() => {
        const previous = byId.get(device.id);
        if (!previous) throw new StorageError('NOT_FOUND', `device ${device.id} does not exist`);
        checkProfile(device.profileId);
        checkName(device);
        idByName.delete(previous.name);
        // createdAt is not one of the updatable fields.
        byId.set(device.id, { ...device, createdAt: previous.createdAt });
        idByName.set(device.name, device.id);
      }),
    delete: (id) =>
      apply(() => {
        const previous = byId.get(id);
        if (!previous) return false;
        byId.delete(id);
        idByName.delete(previous.name);
        const credentials = credentialsByDevice.get(id);
        if (credentials) deviceByCredentialsId.delete(credentials.credentialsId);
        credentialsByDevice.delete(id);
        links.dropDeviceData(id);
        return true;
      }),
    getCredentials: (deviceId) => {
      const found = credentialsByDevice.get(deviceId);
      return found && copyCredentials(found);
    },
    findCredentials: (credentialsId) => {
      const deviceId = deviceByCredentialsId.get(credentialsId);
      const found = deviceId === undefined ? undefined : credentialsByDevice.get(deviceId);
      return found && copyCredentials(found);
    },
    setCredentials: (credentials) =>
      apply(() => {
        if (!byId.has(credentials.deviceId)) {
          throw new StorageError('NOT_FOUND', `device ${credentials.deviceId} does not exist`);
        }
        checkCredentialsId(credentials.deviceId, credentials.credentialsId);
        putCredentials(credentials.deviceId, credentials);
      }),
    usesProfile: (profileId) => [...byId.values()].some((d) => d.profileId === profileId),
    clear: () => {
      byId.clear();
      idByName.clear();
      credentialsByDevice.clear();
      deviceByCredentialsId.clear();
    },
  };
}
