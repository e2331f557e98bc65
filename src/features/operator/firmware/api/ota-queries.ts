import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/lib/operator-client.ts';
import { operatorKeys } from '@/lib/operator-keys.ts';

/** Every OTA package, oldest first (`ota.list`). */
export const packagesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.otaPackages(),
    queryFn: () => client.request('ota.list'),
  });
