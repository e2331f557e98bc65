import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';

/** `faults.list`: the active fault injection rules (refetched when one fires: push bridge). */
export const faultsQueryOptions = (client: OperatorClient, enabled = true) =>
  queryOptions({
    queryKey: operatorKeys.faults(),
    queryFn: () => client.request('faults.list'),
    enabled,
  });
