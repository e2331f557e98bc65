import { useMutation } from '@tanstack/react-query';

import { useSession } from '@/lib/session-context.tsx';

import { rpcResponderFor } from './rpc-responder.ts';

/** Publishes the user's reply to a server-side request in the inbox. */
export function useReplyRpc() {
  const session = useSession();
  return useMutation({
    mutationFn: ({ key, payload }: { key: string; payload: string }) =>
      rpcResponderFor(session).reply(key, payload),
  });
}
