import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';

import { operatorKeys } from './operator-keys.ts';

/**
 * The first 1000 devices, for the fleet cards and the customers' device lists (both say so when
 * the fleet is larger). Forms that pick a device search the server instead
 * (device-choices-query.ts); the profiles' device counts come from the server too. The push
 * bridge keeps it current.
 */
export const allDevicesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.deviceList(''),
    queryFn: () => client.request('devices.list', { limit: 1000 }),
  });
