import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';

import { operatorKeys } from './operator-keys.ts';

/**
 * `profiles.list`: every device profile — one cache entry for the profiles panel, the device create
 * form and the firmware assign form.
 */
export const profilesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.profiles(),
    queryFn: () => client.request('profiles.list'),
  });
