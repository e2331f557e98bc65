import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';

import { operatorKeys } from './operator-keys.ts';

/**
 * Every device (the first 1000), for panels that need them all: the profiles' device counts, the
 * claiming form's name list and owners. Same cache entry as the unfiltered device list, so the push
 * bridge keeps it current.
 */
export const allDevicesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.deviceList(''),
    queryFn: () => client.request('devices.list', { limit: 1000 }),
  });
