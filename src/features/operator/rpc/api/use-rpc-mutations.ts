import { useMutation, useQueryClient } from '@tanstack/react-query';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { OperatorParams } from '@protocol/operator-api.ts';
import type { PendingClientRpcDto } from '@protocol/operator-dto.ts';

/** `rpc.send`; a two-way call waits for the device, so the request timeout follows the RPC's. */
export function useSendRpc() {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (params: OperatorParams<'rpc.send'>) =>
      client.request('rpc.send', params, { timeoutMs: (params.timeout ?? 10_000) + 5_000 }),
    onSuccess: (result, params) => {
      if (result.kind === 'persistent' && params.deviceId !== undefined)
        void queryClient.invalidateQueries({ queryKey: operatorKeys.rpcs(params.deviceId) });
    },
  });
}

/** `clientRpc.reply`: answers a waiting device → server request and drops it from the list. */
export function useReplyClientRpc() {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: string; response: unknown }) =>
      client.request('clientRpc.reply', args),
    onSettled: (_data, _error, args) => {
      queryClient.setQueryData<PendingClientRpcDto[]>(operatorKeys.pendingClientRpc(), (rows) =>
        rows?.filter((r) => r.id !== args.id),
      );
    },
  });
}

/** `clientRpc.rules.set`: replaces every rule. */
export function useSetRules() {
  const client = useOperator();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rules: OperatorParams<'clientRpc.rules.set'>['rules']) =>
      client.request('clientRpc.rules.set', { rules }),
    onSuccess: (rules) => {
      queryClient.setQueryData(operatorKeys.rules(), rules);
    },
  });
}
