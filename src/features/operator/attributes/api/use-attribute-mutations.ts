import { useMutation, useQueryClient } from '@tanstack/react-query';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { Scope } from '@protocol/operator-dto.ts';

/** `attributes.save` of shared or server attributes (shared ones are pushed to the device). */
export function useSaveAttributes(deviceId: string, scope: 'SHARED' | 'SERVER') {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      client.request('attributes.save', { deviceId, scope, values }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: operatorKeys.attributes(deviceId, scope) }),
  });
}

/** `attributes.delete` of keys of one scope. */
export function useDeleteAttributes(deviceId: string, scope: Scope) {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keys: string[]) => client.request('attributes.delete', { deviceId, scope, keys }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: operatorKeys.attributes(deviceId, scope) }),
  });
}
