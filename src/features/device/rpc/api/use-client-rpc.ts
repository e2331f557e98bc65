import { useMutation } from '@tanstack/react-query';

import { useSession } from '@/lib/session-context.tsx';

import { clientRpcFor } from './client-rpc.ts';
import type { ClientRpcInput } from './client-rpc.ts';

/** Sends one client-side RPC and waits for its reply (or the timeout). */
export function useClientRpc() {
  const session = useSession();
  return useMutation({
    mutationFn: (input: ClientRpcInput) => clientRpcFor(session).call(input),
  });
}
