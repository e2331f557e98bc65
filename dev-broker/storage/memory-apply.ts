import type { KvValue } from '../../src/protocol/kv.ts';

import { StorageError } from './storage.ts';

/**
 * Runs a memory write now and turns its outcome into a settled promise. Each write validates before it
 * mutates, so a thrown `StorageError` leaves nothing behind.
 */
export function applyNow<T>(write: () => T): Promise<T> {
  try {
    return Promise.resolve(write());
  } catch (error) {
    return Promise.reject(
      error instanceof Error ? error : new StorageError('IO', String(error), { cause: error }),
    );
  }
}

/** A copy of a value, so callers never share objects with the store. */
export function copyKv(value: KvValue): KvValue {
  return { ...value };
}

/** Throws NOT_FOUND unless the device exists. */
export function requireDevice(hasDevice: (id: string) => boolean, deviceId: string): void {
  if (!hasDevice(deviceId))
    throw new StorageError('NOT_FOUND', `device ${deviceId} does not exist`);
}
