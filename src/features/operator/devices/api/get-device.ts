import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';

/** One device (`devices.get`), wherever it is in the list; the push bridge keeps its state live. */
export const deviceQueryOptions = (client: OperatorClient, deviceId: string) =>
  queryOptions({
    queryKey: operatorKeys.deviceInfo(deviceId),
    queryFn: () => client.request('devices.get', { deviceId }),
  });
