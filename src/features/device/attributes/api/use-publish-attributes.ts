import { useMutation } from '@tanstack/react-query';

import { useSession } from '@/lib/session-context.tsx';

/** Publishes client attributes (spec §6.1) as a mutation. */
export function usePublishAttributes() {
  const session = useSession();
  return useMutation({
    mutationFn: (variables: { topic: string; payload: string; qos: 0 | 1 }) =>
      session.publish(variables.topic, variables.payload, { qos: variables.qos }),
  });
}
