import { useMutation, useQueryClient } from '@tanstack/react-query';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { FaultRuleInput } from '@protocol/faults.ts';

function useRefetchFaults() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: operatorKeys.faults() });
}

/** `faults.add`: a new rule; the broker starts misbehaving at once. */
export function useAddFault() {
  const client = useOperator();
  const refetch = useRefetchFaults();
  return useMutation({
    mutationFn: (rule: FaultRuleInput) => client.request('faults.add', rule),
    onSettled: refetch,
  });
}

/** `faults.remove`: one rule off. */
export function useRemoveFault() {
  const client = useOperator();
  const refetch = useRefetchFaults();
  return useMutation({
    mutationFn: (id: string) => client.request('faults.remove', { id }),
    onSettled: refetch,
  });
}

/** `faults.clear`: every rule off. */
export function useClearFaults() {
  const client = useOperator();
  const refetch = useRefetchFaults();
  return useMutation({
    mutationFn: () => client.request('faults.clear'),
    onSettled: refetch,
  });
}
