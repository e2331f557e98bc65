import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';

/** Devices whose name contains `search` (first 1000), live state patched by the push bridge. */
export const devicesQueryOptions = (client: OperatorClient, search: string) =>
  queryOptions({
    queryKey: operatorKeys.deviceList(search),
    queryFn: () =>
      client.request('devices.list', {
        limit: 1000,
        ...(search === '' ? {} : { nameContains: search }),
      }),
  });
