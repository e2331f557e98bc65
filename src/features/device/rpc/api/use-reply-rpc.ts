import { useMutation } from '@tanstack/react-query';

import { useDevicePart } from '@/lib/session-context.tsx';

import { rpcResponderPart } from './rpc-responder.ts';

/** Publishes the user's reply to a server-side request in the inbox. */
export function useReplyRpc() {
  const responder = useDevicePart(rpcResponderPart);
  return useMutation({
    mutationFn: ({ key, payload }: { key: string; payload: string }) =>
      responder.reply(key, payload),
  });
}
