import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/lib/operator-client.ts';
import { operatorKeys } from '@/lib/operator-keys.ts';

/** `profiles.list`: every device profile (the same cache entry the device create form reads). */
export const profileListOptions = (client: OperatorClient, enabled = true) =>
  queryOptions({
    queryKey: operatorKeys.profiles(),
    queryFn: () => client.request('profiles.list'),
    enabled,
  });
