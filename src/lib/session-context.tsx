import { createContext, use } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';

import type { MqttSession } from '@/session/mqtt-session.ts';
import type { PacketLogState } from '@/session/packet-log-store.ts';
import type { SessionState } from '@/session/session-store.ts';

const SessionContext = createContext<MqttSession | null>(null);

/** Makes the app's one {@link MqttSession} available to features; it never creates one. */
export function SessionProvider({
  session,
  children,
}: {
  session: MqttSession;
  children: ReactNode;
}) {
  return <SessionContext value={session}>{children}</SessionContext>;
}

/** The session given to the nearest {@link SessionProvider}. */
export function useSession(): MqttSession {
  const session = use(SessionContext);
  if (session === null) throw new Error('useSession() must be called inside <SessionProvider>');
  return session;
}

/**
 * Selects from the session's store and re-renders only when the selected value changes.
 * @example const status = useSessionStatus((s) => s.status);
 */
export function useSessionStatus<T>(selector: (state: SessionState) => T): T {
  return useStore(useSession().store, selector);
}

/**
 * Selects from the session's packet log (ring buffer, written once per animation frame).
 * @example const entries = usePacketLog((log) => log.entries);
 */
export function usePacketLog<T>(selector: (state: PacketLogState) => T): T {
  return useStore(useSession().packetLog, selector);
}
