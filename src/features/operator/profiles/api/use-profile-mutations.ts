import { useMutation, useQueryClient } from '@tanstack/react-query';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { OperatorParams } from '@protocol/operator-api.ts';

/** Invalidates the profile list, and the devices (their profile names) after a change. */
function useRefetchProfiles() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: operatorKeys.profiles() });
    await queryClient.invalidateQueries({ queryKey: operatorKeys.devices() });
  };
}

/** `profiles.create`. */
export function useCreateProfile() {
  const client = useOperator();
  const refetch = useRefetchProfiles();
  return useMutation({
    mutationFn: (params: OperatorParams<'profiles.create'>) =>
      client.request('profiles.create', params),
    onSuccess: refetch,
  });
}

/** `profiles.update` (only the changed fields). */
export function useUpdateProfile() {
  const client = useOperator();
  const refetch = useRefetchProfiles();
  return useMutation({
    mutationFn: (params: OperatorParams<'profiles.update'>) =>
      client.request('profiles.update', params),
    onSuccess: refetch,
  });
}

/**
 * `profiles.delete`; the broker refuses the default profile and one that devices use. `onDeleted` runs
 * here rather than in `mutate`'s options: the refetched list unmounts the row that asked.
 */
export function useDeleteProfile(onDeleted: () => void) {
  const client = useOperator();
  const refetch = useRefetchProfiles();
  return useMutation({
    mutationFn: (profileId: string) => client.request('profiles.delete', { profileId }),
    onSuccess: async () => {
      onDeleted();
      await refetch();
    },
  });
}
