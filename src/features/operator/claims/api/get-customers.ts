import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';

/** `customers.list`: every customer with its device count (kept current by `claim` events). */
export const customersQueryOptions = (client: OperatorClient, enabled = true) =>
  queryOptions({
    queryKey: operatorKeys.customers(),
    queryFn: () => client.request('customers.list'),
    enabled,
  });
