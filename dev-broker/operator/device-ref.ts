import { notFound } from '../platform/errors.ts';
import type { Hub } from '../platform/hub.ts';
import type { DeviceRecord, ProfileRecord } from '../storage/storage.ts';

/** `deviceId` or `deviceName` of a call's params (the schema guarantees exactly one when required). */
export interface DeviceRef {
  deviceId?: string | undefined;
  deviceName?: string | undefined;
}

/** The device a call names: by id only when `deviceId` is given, by name only when `deviceName` is. */
export function resolveDevice(hub: Hub, ref: DeviceRef): DeviceRecord {
  const found = hub.devices.find(ref.deviceId ?? ref.deviceName ?? '');
  if (ref.deviceId !== undefined) {
    if (found?.id !== ref.deviceId) throw notFound(`device with id ${ref.deviceId}`);
    return found;
  }
  if (!found || found.name !== ref.deviceName)
    throw notFound(`device named ${ref.deviceName ?? '?'}`);
  return found;
}

/** Like resolveDevice, but undefined when the ref names no device at all (optional filters). */
export const optionalDevice = (hub: Hub, ref: DeviceRef): DeviceRecord | undefined =>
  ref.deviceId === undefined && ref.deviceName === undefined ? undefined : resolveDevice(hub, ref);

export interface ProfileRef {
  profileId?: string | undefined;
  profileName?: string | undefined;
}

/** The profile a call names, by id or by name. */
export function resolveProfile(hub: Hub, ref: ProfileRef): ProfileRecord {
  if (ref.profileId !== undefined) {
    const found = hub.profiles.list().find((p) => p.id === ref.profileId);
    if (!found) throw notFound(`profile with id ${ref.profileId}`);
    return found;
  }
  const found = hub.profiles.findByName(ref.profileName ?? '');
  if (!found) throw notFound(`profile named ${ref.profileName ?? '?'}`);
  return found;
}
