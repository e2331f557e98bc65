import { useMutation } from '@tanstack/react-query';

import { useDevicePart } from '@/lib/session-context.tsx';

import { clientRpcPart } from './client-rpc.ts';
import type { ClientRpcInput } from './client-rpc.ts';

/** Sends one client-side RPC and waits for its reply (or the timeout). */
export function useClientRpc() {
  const caller = useDevicePart(clientRpcPart);
  return useMutation({
    mutationFn: (input: ClientRpcInput) => caller.call(input),
  });
}
