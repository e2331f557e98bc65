import { isChecksumAlgorithm, type ChecksumAlgorithm } from '../../src/protocol/checksum.ts';
import { otaAttributeKey, type OtaAttributeField } from '../../src/protocol/codecs/firmware.ts';
import type { OtaKind } from '../../src/protocol/topics.ts';

/** A firmware (or software) package as the device knows it. */
export interface FirmwareVersion {
  title: string;
  version: string;
}

/** The `fw_*` (or `sw_*`) shared attribute values the device holds, by key. */
export type OtaInfo = ReadonlyMap<string, unknown>;

/** What a download needs to know, read from the shared attributes (spec §11). */
export type PackageInfo =
  | { ok: true; size: number; algorithm: ChecksumAlgorithm; checksum: string }
  | { ok: false; problem: string };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const field = (info: OtaInfo, kind: OtaKind, name: OtaAttributeField) =>
  info.get(otaAttributeKey(kind, name));

/** The assigned package's title and version, when both are set. */
export function readTarget(info: OtaInfo, kind: OtaKind): FirmwareVersion | undefined {
  const title = text(field(info, kind, 'title'));
  const version = text(field(info, kind, 'version'));
  return title === undefined || version === undefined ? undefined : { title, version };
}

/**
 * Size and checksum of the assigned package, or why this device cannot take it: a URL package (the
 * demo devices download only from the broker), a missing or bad size, too many bytes, an unknown
 * algorithm or no checksum. The algorithm defaults to SHA256 as on the platform.
 */
export function readPackage(info: OtaInfo, kind: OtaKind, maxBytes: number): PackageInfo {
  const size = field(info, kind, 'size');
  const algorithm = text(field(info, kind, 'checksum_algorithm')) ?? 'SHA256';
  const checksum = text(field(info, kind, 'checksum'));
  if (field(info, kind, 'url') !== undefined)
    return { ok: false, problem: 'URL packages are not downloaded by the demo devices' };
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    return { ok: false, problem: `no valid ${otaAttributeKey(kind, 'size')}` };
  if (size > maxBytes)
    return {
      ok: false,
      problem: `the package (${String(size)} bytes) is too large for this device`,
    };
  if (!isChecksumAlgorithm(algorithm))
    return { ok: false, problem: `unsupported checksum algorithm ${algorithm}` };
  if (checksum === undefined)
    return { ok: false, problem: `no ${otaAttributeKey(kind, 'checksum')}` };
  return { ok: true, size, algorithm, checksum: checksum.toLowerCase() };
}
