import {
  otaAttributeKey,
  otaAttributeKeys,
  otaTelemetryKeys,
  type OtaAttributeField,
  type OtaState,
} from '../../src/protocol/codecs/firmware.ts';
import type { KvEntry, KvValue, TsKvEntry } from '../../src/protocol/kv.ts';
import type { OtaKind } from '../../src/protocol/topics.ts';
import type { OtaPackageRecord, OtaPackageType } from '../storage/ota-store.ts';

/** The topic segment of a package type: FIRMWARE → `fw`, SOFTWARE → `sw` (spec §11). */
export const otaKindOf = (type: OtaPackageType): OtaKind => (type === 'FIRMWARE' ? 'fw' : 'sw');

/** The package type a topic segment serves. */
export const otaTypeOf = (kind: OtaKind): OtaPackageType =>
  kind === 'fw' ? 'FIRMWARE' : 'SOFTWARE';

const text = (value: string): KvValue => ({ type: 'STRING', value });

/**
 * The shared attributes an assignment sets (spec §11), typed exactly: title, version, checksum and
 * algorithm are STRING even when they look like numbers ("1.0" stays "1.0"), the size is LONG. A URL
 * package sets `fw_url` instead of `fw_size`, and its checksum only when one was given at upload.
 */
export function otaAttributes(pkg: OtaPackageRecord): KvEntry[] {
  const kind = otaKindOf(pkg.type);
  const entry = (field: OtaAttributeField, value: KvValue): KvEntry => ({
    key: otaAttributeKey(kind, field),
    value,
  });
  const entries = [entry('title', text(pkg.title)), entry('version', text(pkg.version))];
  if (pkg.tag !== null) entries.push(entry('tag', text(pkg.tag)));
  if (pkg.url === null) entries.push(entry('size', { type: 'LONG', value: BigInt(pkg.size) }));
  else entries.push(entry('url', text(pkg.url)));
  if (pkg.checksumAlgorithm !== null && pkg.checksum !== null) {
    entries.push(
      entry('checksum_algorithm', text(pkg.checksumAlgorithm)),
      entry('checksum', text(pkg.checksum)),
    );
  }
  return entries;
}

/** The `fw_*` keys a previous package may have left that this package does not set (e.g. `fw_tag`). */
export function staleOtaKeys(pkg: OtaPackageRecord): string[] {
  const set = new Set(otaAttributes(pkg).map((e) => e.key));
  return otaAttributeKeys(otaKindOf(pkg.type)).filter((key) => !set.has(key));
}

/** `fw_state` (or `sw_state`) at `ts`. */
export function otaStatePoint(type: OtaPackageType, state: OtaState, ts: number): TsKvEntry {
  return { key: otaTelemetryKeys(otaKindOf(type)).state, ts, value: text(state) };
}

/** `target_fw_title`, `target_fw_version`, `target_fw_ts` of an assignment at `ts` (spec §11 "Assignment"). */
export function otaTargetPoints(pkg: OtaPackageRecord, ts: number): TsKvEntry[] {
  const keys = otaTelemetryKeys(otaKindOf(pkg.type));
  return [
    { key: keys.targetTitle, ts, value: text(pkg.title) },
    { key: keys.targetVersion, ts, value: text(pkg.version) },
    { key: keys.targetTs, ts, value: { type: 'LONG', value: BigInt(ts) } },
  ];
}
