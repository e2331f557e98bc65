import type { DeviceClient } from '../../src/client/device-client.ts';
import type { OtaKind } from '../../src/protocol/topics.ts';
import type { Logger } from '../platform/logger.ts';

import type { FirmwareVersion } from './firmware-package.ts';

/** Options of `FirmwareUpdater`; the optional ones have the defaults listed. */
export interface FirmwareUpdaterOptions {
  kind: OtaKind;
  /** The device's client on its current connection, or null while disconnected. */
  device: () => DeviceClient | null;
  /** The package installed at start, if any. */
  current: FirmwareVersion | null;
  label: string;
  log: Logger;
  /** Requested chunk size in bytes; default 16384. */
  chunkSize?: number;
  /** A chunk that does not come within this many ms fails the update; default 15000. */
  chunkTimeoutMs?: number;
  /** Time spent in UPDATING ("installing"); default 1000 ms. */
  installMs?: number;
  /** Delay before the download starts, so the broker's own INITIATED state comes first; default 200 ms. */
  startDelayMs?: number;
  /** Larger packages are refused (FAILED) instead of downloaded; default 64 MiB. */
  maxBytes?: number;
  /** Called once a package is installed (UPDATED). */
  onUpdated?: (installed: FirmwareVersion) => void;
}

/** The options with every default filled in. */
export type UpdaterSettings = Required<Omit<FirmwareUpdaterOptions, 'current' | 'onUpdated'>> &
  Pick<FirmwareUpdaterOptions, 'onUpdated'>;

/** Fills in the defaults of `FirmwareUpdaterOptions`. */
export function withDefaults(o: FirmwareUpdaterOptions): UpdaterSettings {
  return {
    chunkSize: 16384,
    chunkTimeoutMs: 15_000,
    installMs: 1000,
    startDelayMs: 200,
    maxBytes: 64 * 1024 * 1024,
    ...o,
  };
}
