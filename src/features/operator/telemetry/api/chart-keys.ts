import { isMeasurementKey } from '@/lib/measurement-keys.ts';
import type { TelemetryPointDto } from '@protocol/operator-dto.ts';

/** Keys whose latest value is a number, measurements first (each group in name order). */
export function numericKeys(points: readonly TelemetryPointDto[]): string[] {
  const keys = points.filter((p) => typeof p.value === 'number').map((p) => p.key);
  return [...keys.filter(isMeasurementKey), ...keys.filter((k) => !isMeasurementKey(k))];
}

/** What the chart plots until the user picks: the first `count` numeric measurement keys. */
export function defaultChartKeys(points: readonly TelemetryPointDto[], count = 3): string[] {
  return numericKeys(points).filter(isMeasurementKey).slice(0, count);
}

/** Keys offered as checkboxes: those containing `filter`, at most `max`, chosen ones always kept. */
export function offeredKeys(
  keys: readonly string[],
  chosen: readonly string[],
  filter: string,
  max: number,
): { shown: string[]; hidden: number } {
  const needle = filter.trim().toLowerCase();
  const matching = keys.filter((k) => needle === '' || k.toLowerCase().includes(needle));
  const shown = [
    ...new Set([...chosen.filter((k) => keys.includes(k)), ...matching.slice(0, max)]),
  ];
  return { shown, hidden: Math.max(0, matching.length - matching.slice(0, max).length) };
}
