import type { TsKvEntry } from '../../src/protocol/kv.ts';
import type { TelemetryHistoryResult } from '../../src/protocol/operator-api.ts';
import type { Hub } from '../platform/hub.ts';
import type { AggregatedPoint } from '../platform/telemetry-service.ts';

import { compact } from './compact.ts';
import { resolveDevice } from './device-ref.ts';
import { telemetryPointDto } from './dto.ts';
import type { MethodHandlers } from './method-types.ts';

/** telemetry.*: latest values and history with aggregation (reference: TelemetryController timeseries). */
export function telemetryMethods(
  hub: Hub,
): Pick<MethodHandlers, 'telemetry.latest' | 'telemetry.history'> {
  return {
    'telemetry.latest': (p) =>
      hub.telemetry.latest(resolveDevice(hub, p).id, p.keys).map(telemetryPointDto),
    'telemetry.history': (p): TelemetryHistoryResult => {
      const device = resolveDevice(hub, p);
      const endTs = p.endTs ?? Date.now();
      const { keys, startTs, limit, order, aggregation, intervalMs } = p;
      const points = hub.telemetry.history(
        device.id,
        compact({ keys, startTs, endTs, limit, order, aggregation, intervalMs }),
      );
      if (aggregation === 'NONE')
        return { aggregation, points: (points as TsKvEntry[]).map(telemetryPointDto) };
      // without intervalMs the service makes one bucket of the whole range
      const interval = intervalMs ?? endTs - startTs + 1;
      return {
        aggregation,
        intervalMs: interval,
        points: (points as AggregatedPoint[]).map((a) => ({ ...a })),
      };
    },
  };
}
