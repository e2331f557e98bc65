import { afterEach, beforeEach, expect } from 'vitest';

import { DEFAULT_PROTO_PROFILE_SETTINGS } from '../../../src/protocol/proto/profile-schema-defaults.ts';
import { DEVICE_TOPICS } from '../../../src/protocol/topics.ts';
import type {
  DeviceCredentials,
  DeviceRecord,
  EventRecord,
  ProfileRecord,
  RpcRecord,
  Storage,
  StorageErrorCode,
  StoredCredentials,
} from '../../storage/storage.ts';
import { StorageError } from '../../storage/storage.ts';

/** Opens a fresh storage per test. */
export type OpenStorage = () => Promise<Storage> | Storage;

/** The storage under test, opened before and closed after every test. */
export interface ContractContext {
  readonly storage: Storage;
}

/** Registers the per-test lifecycle and returns a live view of the current storage. */
export function useStorage(open: OpenStorage): ContractContext {
  let current: Storage | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get storage(): Storage {
      if (!current) throw new Error('storage is not open');
      return current;
    },
  };
}

let seq = 0;
const next = (): number => ++seq;

/** A profile with unique id and name; `overrides` win. */
export function aProfile(overrides: Partial<ProfileRecord> = {}): ProfileRecord {
  const n = next();
  return {
    id: `profile-${n}`,
    name: `Profile ${n}`,
    payloadType: 'JSON',
    ...DEFAULT_PROTO_PROFILE_SETTINGS,
    sendAckOnValidationException: false,
    provisionType: 'DISABLED',
    provisionKey: null,
    provisionSecret: null,
    isDefault: false,
    createdAt: 1_700_000_000_000 + n,
    ...overrides,
  };
}

/** A device with unique id and name; `overrides` win. */
export function aDevice(profileId: string, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  const n = next();
  return {
    id: `device-${n}`,
    name: `Device ${n}`,
    profileId,
    type: 'default',
    gateway: false,
    customerId: null,
    createdAt: 1_700_000_000_000 + n,
    ...overrides,
  };
}

/** An access-token credential for the device (credentialsId = token). */
export function tokenFor(deviceId: string, token = `token-${next()}`): StoredCredentials {
  return { deviceId, credentialsId: token, credentials: { type: 'ACCESS_TOKEN', token } };
}

/** Any credential for the device under the given credentialsId. */
export function credentialsFor(
  deviceId: string,
  credentialsId: string,
  credentials: DeviceCredentials,
): StoredCredentials {
  return { deviceId, credentialsId, credentials };
}

/** An RPC of the device; `overrides` win. */
export function anRpc(deviceId: string, overrides: Partial<RpcRecord> = {}): RpcRecord {
  const n = next();
  return {
    id: `rpc-${String(n).padStart(6, '0')}`,
    deviceId,
    method: 'setGpio',
    params: '{"pin":4,"value":1}',
    oneway: false,
    status: 'QUEUED',
    expirationTime: 1_800_000_000_000,
    retries: 0,
    attempts: 0,
    response: null,
    additionalInfo: null,
    createdAt: 1_700_000_000_000 + n,
    updatedAt: 1_700_000_000_000 + n,
    ...overrides,
  };
}

/** An event without its id; `overrides` win. */
export function anEvent(overrides: Partial<Omit<EventRecord, 'id'>> = {}): Omit<EventRecord, 'id'> {
  return {
    ts: 1_700_000_000_000 + next(),
    kind: 'invalid_payload',
    deviceId: null,
    deviceName: null,
    clientId: 'client-1',
    topic: DEVICE_TOPICS.telemetry,
    message: 'bad json',
    ...overrides,
  };
}

/** A stored profile and device (with a token) to hang data on. */
export async function seedDevice(
  storage: Storage,
  overrides: Partial<DeviceRecord> = {},
): Promise<DeviceRecord> {
  const profile = aProfile();
  await storage.profiles.save(profile);
  const device = aDevice(profile.id, overrides);
  await storage.devices.create(device, tokenFor(device.id));
  return device;
}

/** Asserts that `error` is a StorageError of the given code. */
export function expectStorageErrorCode(error: unknown, code: StorageErrorCode): void {
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
}

/** The rejection reason of a settled promise, or undefined when it was fulfilled. */
export const reasonOf = (outcome: PromiseSettledResult<unknown> | undefined): unknown =>
  outcome?.status === 'rejected' ? outcome.reason : undefined;

/** Asserts that the promise rejects with a StorageError of the given code. */
export async function expectStorageError(
  promise: Promise<unknown>,
  code: StorageErrorCode,
): Promise<void> {
  const [outcome] = await Promise.allSettled([promise]);
  expect(outcome.status, 'expected a rejection, but the write resolved').toBe('rejected');
  expectStorageErrorCode(reasonOf(outcome), code);
}
