import { describe, expect, it } from 'vitest';

import { isMeasurementKey } from '@/lib/measurement-keys.ts';
import type { TelemetryPointDto } from '@protocol/operator-dto.ts';

import { defaultChartKeys, numericKeys, offeredKeys } from './chart-keys.ts';

const point = (key: string, value: unknown): TelemetryPointDto => ({
  key,
  value,
  ts: 1,
  type: typeof value === 'number' ? 'DOUBLE' : 'STRING',
});

describe('chart keys', () => {
  it('defaults to numeric measurements, never timestamps or firmware state', () => {
    const points = [
      point('energy', 0.33),
      point('fw_version', 2),
      point('power', 1140),
      point('target_fw_ts', 1_700_000_000_000),
      point('status', 'ok'),
      point('sw_size', 10),
      point('voltage', 230),
    ];
    expect(defaultChartKeys(points)).toEqual(['energy', 'power', 'voltage']);
    expect(numericKeys(points)).toEqual([
      'energy',
      'power',
      'voltage',
      'fw_version',
      'target_fw_ts',
      'sw_size',
    ]);
    expect(isMeasurementKey('last_seen_ts')).toBe(false);
    expect(isMeasurementKey('temperature')).toBe(true);
  });

  it('offers matching keys up to a maximum and always the chosen ones', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `key_${String(i)}`);
    expect(offeredKeys(keys, [], '', 50)).toMatchObject({ hidden: 1950 });
    expect(offeredKeys(keys, [], '', 50).shown).toHaveLength(50);
    const found = offeredKeys(keys, ['key_1999'], 'key_12', 5);
    expect(found.shown).toEqual(['key_1999', 'key_12', 'key_120', 'key_121', 'key_122', 'key_123']);
    expect(found.hidden).toBe(106);
  });
});
