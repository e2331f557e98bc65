import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';

/** `telemetry.latest` of one device; telemetry events keep it current through the push bridge. */
export const latestQueryOptions = (client: OperatorClient, deviceId: string) =>
  queryOptions({
    queryKey: operatorKeys.latest(deviceId),
    queryFn: () => client.request('telemetry.latest', { deviceId }),
  });
