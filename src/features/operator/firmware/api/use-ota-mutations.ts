import { useMutation, useQueryClient } from '@tanstack/react-query';

import { OperatorRequestError } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { OperatorParams } from '@protocol/operator-api.ts';
import type { OtaPackageDto } from '@protocol/operator-ota-dto.ts';

/** `ota.assign`; the progress table is refetched after it (the `ota` events do it too). */
export function useAssignPackage() {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (params: OperatorParams<'ota.assign'>) => client.request('ota.assign', params),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorKeys.otaStatus() }),
  });
}

/** `ota.unassign` of one type from a device or profile. */
export function useUnassignPackage() {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (params: OperatorParams<'ota.unassign'>) => client.request('ota.unassign', params),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorKeys.otaStatus() }),
  });
}

/** `ota.delete`; a package still assigned is refused with the fix in plain words. */
export function useDeletePackage() {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (pkg: OtaPackageDto) => {
      try {
        return await client.request('ota.delete', { packageId: pkg.id });
      } catch (error) {
        if (error instanceof OperatorRequestError && error.code === 'FAILED_PRECONDITION') {
          throw new Error(
            `${pkg.title} ${pkg.version} is still assigned to a device or profile. Unassign it ` +
              'under "Assign a package" (choose the target, then Unassign), then delete it.',
            { cause: error },
          );
        }
        throw error;
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorKeys.otaPackages() }),
  });
}
