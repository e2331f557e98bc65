import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';

import type { SubscriptionState } from '@/session/session-store.ts';

import { useSession, useSessionStatus } from './session-context.tsx';

/**
 * Keeps `filters` subscribed whenever the session is connected: subscribes on every new `connect()`
 * (the session itself resubscribes after automatic reconnects). Pass null to subscribe to nothing.
 * The filters stay subscribed when the component unmounts; call `session.unsubscribe` to drop them.
 * Returns what the broker granted per filter (null while not granted on this connection).
 * @example const granted = useSubscription({ [DEVICE_TOPICS.attributes]: 1 });
 */
export function useSubscription(
  filters: Readonly<Record<string, 0 | 1>> | null,
): Record<string, SubscriptionState | undefined> {
  const session = useSession();
  const connected = useSessionStatus((s) => s.status === 'connected');
  const connectSeq = useSessionStatus((s) => s.connectSeq);
  const key = filters === null ? '' : JSON.stringify(filters);
  useEffect(() => {
    if (!connected || key === '') return;
    session.subscribe(JSON.parse(key) as Record<string, 0 | 1>).catch((error: unknown) => {
      console.warn('Subscription failed', error);
    });
  }, [session, connected, connectSeq, key]);
  return useSessionStatus(
    useShallow((s) =>
      Object.fromEntries(Object.keys(filters ?? {}).map((f) => [f, s.subscriptions[f]])),
    ),
  );
}
