import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/lib/operator-client.ts';
import { operatorKeys } from '@/lib/operator-keys.ts';

/**
 * `claim.registrations`: every device waiting to be claimed that the broker knows, however long
 * ago it registered; `claim` events refetch it (push bridge).
 */
export const registrationsQueryOptions = (client: OperatorClient, enabled = true) =>
  queryOptions({
    queryKey: operatorKeys.claimRegistrations(),
    queryFn: () => client.request('claim.registrations'),
    enabled,
  });
