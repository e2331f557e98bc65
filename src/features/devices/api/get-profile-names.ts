import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/lib/operator-client.ts';
import { operatorKeys } from '@/lib/operator-keys.ts';

/** Device profiles, for the create form's profile choice (same cache entry as the profiles panel). */
export const profilesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.profiles(),
    queryFn: () => client.request('profiles.list'),
  });
