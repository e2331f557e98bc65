/**
 * One update as real firmware does it (spec §11 "Device-reported state"): report DOWNLOADING, fetch
 * the chunks, DOWNLOADED, verify the checksum with the announced algorithm, VERIFIED, UPDATING, then
 * UPDATED with `current_*_title`/`current_*_version`; on any failure FAILED with `*_error`.
 */
import type { DeviceRouter, LiveChannel } from '@/lib/device-channel.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { createChecksum } from '@/protocol/checksum.ts';
import { otaTelemetryKeys } from '@/protocol/codecs/firmware.ts';
import type { OtaState } from '@/protocol/codecs/firmware.ts';
import { outboundTopic } from '@/protocol/topics.ts';
import type { OtaKind } from '@/protocol/topics.ts';

import { downloadOta } from './download-ota.ts';
import type { DownloadProgress } from './download-ota.ts';
import { verifiableAlgorithm } from './ota-package.ts';
import type { OtaPackage } from './ota-package.ts';

/** The states a device reports, in order (QUEUED and INITIATED are the broker's). */
export type DeviceOtaState = Extract<
  OtaState,
  'DOWNLOADING' | 'DOWNLOADED' | 'VERIFIED' | 'UPDATING' | 'UPDATED' | 'FAILED'
>;

export const SUCCESS_SEQUENCE: readonly DeviceOtaState[] = [
  'DOWNLOADING',
  'DOWNLOADED',
  'VERIFIED',
  'UPDATING',
  'UPDATED',
];

export interface ChecksumCheck {
  algorithm: string;
  expected: string;
  actual: string;
}

export interface OtaUpdateResult {
  bytes: Uint8Array;
  chunks: number;
  elapsedMs: number;
  /** Null when the package announced no checksum (nothing to verify). */
  checksum: ChecksumCheck | null;
}

export interface OtaUpdateOptions {
  kind: OtaKind;
  pkg: OtaPackage;
  chunkSize: number;
  requestId: number;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Called after each state was reported (or failed to be). */
  onState?: (state: DeviceOtaState, reported: boolean) => void;
  /** The FAILED report could not be sent (the broker closes the connection on OTA errors, spec §11). */
  onFailedUnsent?: (telemetry: string) => void;
  /** The device side's inbound router (chunks and chunk errors arrive as its events). */
  events: Pick<DeviceRouter, 'on'>;
}

/** The telemetry a device publishes for a state (spec §11). */
export function stateTelemetry(
  kind: OtaKind,
  state: DeviceOtaState,
  extra: { pkg?: OtaPackage; error?: string } = {},
) {
  const keys = otaTelemetryKeys(kind);
  const values: Record<string, string> = { [keys.state]: state };
  if (state === 'UPDATED' && extra.pkg) {
    values[keys.currentTitle] = extra.pkg.title;
    values[keys.currentVersion] = extra.pkg.version;
  }
  if (state === 'FAILED') values[keys.error] = extra.error ?? 'unknown error';
  return values;
}

export class ChecksumMismatchError extends Error {
  override readonly name = 'ChecksumMismatchError';
  constructor(
    message: string,
    /** What was compared; null for a size mismatch (no checksum announced). */
    readonly check: ChecksumCheck | null,
  ) {
    super(message);
  }
}

/** Runs the update; resolves after UPDATED was reported, rejects after FAILED was (attempted to be) reported. */
export async function runOtaUpdate(
  channel: LiveChannel,
  options: OtaUpdateOptions,
): Promise<OtaUpdateResult> {
  const { kind, pkg } = options;
  const report = async (
    state: DeviceOtaState,
    extra: { pkg?: OtaPackage; error?: string } = {},
  ) => {
    const payload = JSON.stringify(stateTelemetry(kind, state, extra));
    try {
      await channel.publish(outboundTopic.telemetry('v1'), payload, { qos: 1 });
      options.onState?.(state, true);
    } catch (error) {
      options.onState?.(state, false);
      throw error;
    }
  };

  try {
    await report('DOWNLOADING');
    const algorithm = verifiableAlgorithm(pkg);
    const hasher = algorithm === null ? null : createChecksum(algorithm);
    const download = await downloadOta(channel, {
      kind,
      requestId: options.requestId,
      chunkSize: options.chunkSize,
      expectedSize: pkg.size,
      events: options.events,
      ...(options.signal ? { signal: options.signal } : {}),
      onChunk: (bytes, progress) => {
        hasher?.update(bytes);
        options.onProgress?.(progress);
      },
    });
    await report('DOWNLOADED');
    let check: ChecksumCheck | null = null;
    if (hasher !== null && algorithm !== null && pkg.checksum !== null) {
      check = { algorithm, expected: pkg.checksum, actual: hasher.digest() };
      if (check.actual !== check.expected) {
        throw new ChecksumMismatchError(
          `Checksum mismatch (${algorithm}): expected ${check.expected}, got ${check.actual}.`,
          check,
        );
      }
    } else if (pkg.size !== null && download.bytes.length !== pkg.size) {
      throw new ChecksumMismatchError(
        `Size mismatch: expected ${pkg.size} bytes, got ${download.bytes.length}.`,
        null,
      );
    }
    await report('VERIFIED');
    await report('UPDATING');
    await report('UPDATED', { pkg });
    return { ...download, checksum: check };
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    const message = cancelled ? 'Update cancelled by the user' : errorMessage(error);
    await report('FAILED', { error: message }).catch(() => {
      options.onFailedUnsent?.(JSON.stringify(stateTelemetry(kind, 'FAILED', { error: message })));
    });
    throw error;
  }
}
