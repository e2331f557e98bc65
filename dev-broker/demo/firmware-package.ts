import {
  createChecksum,
  isChecksumAlgorithm,
  type ChecksumHasher,
} from '../../src/protocol/checksum.ts';
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
  | { ok: true; size: number; hasher: ChecksumHasher; checksum: string }
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
  return { ok: true, size, hasher: createChecksum(algorithm), checksum: checksum.toLowerCase() };
}

/**
 * One download's progress: chunk index, bytes so far and a running checksum (the bytes themselves are
 * not kept, so memory stays flat whatever the package size).
 */
export class ChunkDownload {
  next = 0;
  received = 0;

  constructor(
    readonly reqId: number,
    private readonly pkg: Extract<PackageInfo, { ok: true }>,
    private readonly chunkSize: number,
  ) {}

  get size(): number {
    return this.pkg.size;
  }

  /** Takes chunk `next`: 'more' asks for the next one, 'done' ends the download (spec §11: short or empty chunk). */
  accept(payload: Uint8Array): 'more' | 'done' | 'overflow' {
    this.pkg.hasher.update(payload);
    this.received += payload.length;
    if (this.received > this.pkg.size) return 'overflow';
    if (this.received === this.pkg.size || payload.length < this.chunkSize) return 'done';
    this.next++;
    return 'more';
  }

  /** Why the downloaded bytes are not the package, or null when size and checksum match. */
  verify(): string | null {
    if (this.received !== this.pkg.size)
      return `size mismatch: expected ${String(this.pkg.size)} bytes, got ${String(this.received)}`;
    const actual = this.pkg.hasher.digest();
    return actual === this.pkg.checksum
      ? null
      : `checksum mismatch: expected ${this.pkg.checksum}, got ${actual}`;
  }
}
