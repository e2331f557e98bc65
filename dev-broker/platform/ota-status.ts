import { otaTelemetryKeys } from '../../src/protocol/codecs/firmware.ts';
import { kvValueToJson } from '../../src/protocol/kv-json.ts';
import type { KvValue, TsKvEntry } from '../../src/protocol/kv.ts';
import type { OtaProgressDto } from '../../src/protocol/operator-ota-dto.ts';
import type { OtaPackageRecord, OtaPackageType } from '../storage/ota-store.ts';

import { otaKindOf } from './ota-entries.ts';

/** One device's progress for one package type, from its latest OTA telemetry (spec §11); the operator DTO's shape. */
export type OtaProgress = OtaProgressDto;

/** Firmware and software progress of one device. */
export interface OtaDeviceStatus {
  deviceId: string;
  deviceName: string;
  firmware: OtaProgress;
  software: OtaProgress;
}

/** A stored value as text: strings as they are, anything else as its JSON spelling. */
export const valueText = (value: KvValue): string =>
  value.type === 'STRING' ? value.value : kvValueToJson(value);

function numberOf(value: KvValue | undefined): number | null {
  if (value?.type === 'LONG') return Number(value.value);
  if (value?.type === 'DOUBLE') return value.value;
  return null;
}

/** Builds the progress of one type from the latest telemetry points of the device. */
export function progressOf(
  type: OtaPackageType,
  pkg: OtaPackageRecord | undefined,
  latest: (keys: string[]) => TsKvEntry[],
): OtaProgress {
  const keys = otaTelemetryKeys(otaKindOf(type));
  const points = new Map(latest(Object.values(keys)).map((p) => [p.key, p]));
  const text = (key: string): string | null => {
    const point = points.get(key);
    return point ? valueText(point.value) : null;
  };
  return {
    packageId: pkg?.id ?? null,
    state: text(keys.state),
    stateTs: points.get(keys.state)?.ts ?? null,
    error: text(keys.error),
    currentTitle: text(keys.currentTitle),
    currentVersion: text(keys.currentVersion),
    targetTitle: text(keys.targetTitle),
    targetVersion: text(keys.targetVersion),
    targetTs: numberOf(points.get(keys.targetTs)?.value),
  };
}

/** Whether a progress record holds anything worth showing. */
export const hasProgress = (p: OtaProgress): boolean =>
  p.packageId !== null || p.state !== null || p.currentTitle !== null || p.currentVersion !== null;
