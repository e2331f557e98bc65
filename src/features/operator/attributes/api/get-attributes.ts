import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import type { Scope } from '@protocol/operator-dto.ts';

/** `attributes.get` of one scope; attribute events keep it current through the push bridge. */
export const attributesQueryOptions = (client: OperatorClient, deviceId: string, scope: Scope) =>
  queryOptions({
    queryKey: operatorKeys.attributes(deviceId, scope),
    queryFn: () => client.request('attributes.get', { deviceId, scope }),
  });
