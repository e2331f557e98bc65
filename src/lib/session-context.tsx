import { createContext, use, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';

import type { DeviceRouter } from '@/session/device-router.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';
import type { PacketLogState } from '@/session/packet-log-store.ts';
import type { SessionState } from '@/session/session-store.ts';

const SessionContext = createContext<{ session: MqttSession; router: DeviceRouter } | null>(null);

/**
 * Makes the app's one {@link MqttSession} and its device-side {@link DeviceRouter} available to
 * features; it never creates them (app/device-parts.ts does).
 */
export function SessionProvider({
  session,
  router,
  children,
}: {
  session: MqttSession;
  router: DeviceRouter;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ session, router }), [session, router]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

function useSessionContext() {
  const value = use(SessionContext);
  if (value === null) throw new Error('session hooks must be called inside <SessionProvider>');
  return value;
}

/** The session given to the nearest {@link SessionProvider}. */
export function useSession(): MqttSession {
  return useSessionContext().session;
}

/** The device side's inbound router: typed events, decoded once per message. */
export function useDeviceRouter(): DeviceRouter {
  return useSessionContext().router;
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
