/**
 * The package a device is told about through the `fw_*` / `sw_*` shared attributes (spec §11), read
 * from a plain attribute map. Pure.
 */
import { isChecksumAlgorithm } from '@/protocol/checksum.ts';
import type { ChecksumAlgorithm } from '@/protocol/checksum.ts';
import { otaAttributeKey, otaAttributeKeys } from '@/protocol/codecs/firmware.ts';
import type { OtaKind } from '@/protocol/topics.ts';

export const OTA_KINDS: readonly OtaKind[] = ['fw', 'sw'];

export const OTA_KIND_LABELS: Record<OtaKind, string> = { fw: 'Firmware', sw: 'Software' };

/** Shared attributes by key (only `fw_*` and `sw_*` are kept). */
export type OtaAttributes = Readonly<Record<string, unknown>>;

export interface OtaPackage {
  title: string;
  version: string;
  /** Bytes, when announced. */
  size: number | null;
  /** The announced algorithm in upper case (one of spec §11's, or whatever was announced). */
  checksumAlgorithm: string | null;
  checksum: string | null;
  tag: string | null;
  /** A URL package: the broker serves no bytes (spec §11 FAILURE). */
  url: string | null;
}

/** Every `fw_*` and `sw_*` key, as sent in the attribute request's `sharedKeys`. */
export const OTA_SHARED_KEYS: readonly string[] = OTA_KINDS.flatMap((kind) =>
  otaAttributeKeys(kind),
);

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The announced package of a kind, or null while no title and version are set. */
export function otaPackageOf(attributes: OtaAttributes, kind: OtaKind): OtaPackage | null {
  const get = (field: Parameters<typeof otaAttributeKey>[1]) =>
    attributes[otaAttributeKey(kind, field)];
  const title = text(get('title'));
  const version = text(get('version'));
  if (title === null || version === null) return null;
  const size = Number(get('size'));
  const algorithm = text(get('checksum_algorithm'));
  return {
    title,
    version,
    size: Number.isSafeInteger(size) && size >= 0 ? size : null,
    checksumAlgorithm: algorithm === null ? null : algorithm.toUpperCase(),
    checksum: text(get('checksum'))?.toLowerCase() ?? null,
    tag: text(get('tag')),
    url: text(get('url')),
  };
}

/** The algorithm to verify with, or null when none (or an unknown one) was announced. */
export function verifiableAlgorithm(pkg: OtaPackage): ChecksumAlgorithm | null {
  const name = pkg.checksumAlgorithm;
  return name !== null && isChecksumAlgorithm(name) && pkg.checksum !== null ? name : null;
}
