import { useMutation, useQueryClient } from '@tanstack/react-query';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { OperatorParams } from '@protocol/operator-api.ts';

/** `devices.create`; the list is refetched after it. */
export function useCreateDevice() {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (params: OperatorParams<'devices.create'>) =>
      client.request('devices.create', params),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorKeys.devices() }),
  });
}

/** `devices.delete`; the list is refetched after it. */
export function useDeleteDevice() {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deviceId: string) => client.request('devices.delete', { deviceId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorKeys.devices() }),
  });
}
