import type { KvValue } from '../../src/protocol/kv.ts';

import { StorageError } from './storage.ts';

/**
 * How a memory store runs a write: `write` checks, then changes the store, synchronously (a thrown
 * `StorageError` leaves nothing behind); the promise settles when the write is durable. The memory
 * adapter settles at once (`applyNow`); the SQLite adapter's mirror settles after the worker's commit.
 */
export type ApplyWrite = <T>(write: () => T) => Promise<T>;

/** Runs a memory write now and turns its outcome into a settled promise. */
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
