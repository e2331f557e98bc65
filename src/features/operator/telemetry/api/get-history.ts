import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import type { Aggregation } from '@protocol/operator-dto.ts';

export interface HistoryRange {
  keys: string[];
  /** Length of the range ending now, ms. */
  rangeMs: number;
  aggregation: Aggregation;
}

/** Buckets per range when aggregating. */
const BUCKETS = 60;

/** `telemetry.history` over the last `rangeMs`, as chart rows `{ts, [key]: value}`. */
export const historyQueryOptions = (
  client: OperatorClient,
  deviceId: string,
  range: HistoryRange,
) =>
  queryOptions({
    queryKey: operatorKeys.history(deviceId, range),
    enabled: range.keys.length > 0,
    staleTime: 0,
    queryFn: async () => {
      const endTs = Date.now();
      const startTs = endTs - range.rangeMs;
      const result = await client.request('telemetry.history', {
        deviceId,
        keys: range.keys,
        startTs,
        endTs,
        order: 'ASC',
        limit: 5000,
        aggregation: range.aggregation,
        ...(range.aggregation === 'NONE'
          ? {}
          : { intervalMs: Math.max(1, Math.round(range.rangeMs / BUCKETS)) }),
      });
      const rows = new Map<number, Record<string, number>>();
      for (const p of result.points) {
        if (typeof p.value !== 'number') continue;
        const row = rows.get(p.ts) ?? { ts: p.ts };
        row[p.key] = p.value;
        rows.set(p.ts, row);
      }
      return [...rows.values()].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
    },
  });
