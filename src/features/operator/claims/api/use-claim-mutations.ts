import { useMutation, useQueryClient } from '@tanstack/react-query';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { OperatorParams } from '@protocol/operator-api.ts';

/**
 * Refetches owners and customers after a call. The `claim` event does the same through the push
 * bridge; this covers a console that did not get it (events are at QoS 0).
 */
function useRefetchOwners() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: operatorKeys.devices() });
    await queryClient.invalidateQueries({ queryKey: operatorKeys.customers() });
  };
}

/** `claim.claim`: the device for a customer (created when missing), with the secret it registered. */
export function useClaimDevice() {
  const client = useOperator();
  const refetch = useRefetchOwners();
  return useMutation({
    mutationFn: (params: OperatorParams<'claim.claim'>) => client.request('claim.claim', params),
    onSettled: refetch,
  });
}

/** `claim.reclaim`: releases the device from its customer. */
export function useReclaimDevice() {
  const client = useOperator();
  const refetch = useRefetchOwners();
  return useMutation({
    mutationFn: (deviceId: string) => client.request('claim.reclaim', { deviceId }),
    onSettled: refetch,
  });
}
