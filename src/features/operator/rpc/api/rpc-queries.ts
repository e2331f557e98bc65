import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';

/** Persistent RPCs of one device, oldest first (`rpc.list`); rpc events invalidate it. */
export const rpcsQueryOptions = (client: OperatorClient, deviceId: string) =>
  queryOptions({
    queryKey: operatorKeys.rpcs(deviceId),
    queryFn: () => client.request('rpc.list', { deviceId, limit: 1000 }),
  });

/** Device → server requests waiting for an answer; client_rpc events append to it. */
export const pendingQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.pendingClientRpc(),
    queryFn: () => client.request('clientRpc.pending', {}),
  });

/** The reply rules for device → server RPCs. */
export const rulesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.rules(),
    queryFn: () => client.request('clientRpc.rules.list'),
  });
