import { createContext, use, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';

import type { DeviceRouter } from '@/session/device-router.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';
import type { PacketLogState } from '@/session/packet-log-store.ts';
import type { SessionState } from '@/session/session-store.ts';

import type { DevicePart, DevicePartSet, DeviceSide } from './device-side.ts';

const SessionContext = createContext<{ session: MqttSession; parts: DevicePartSet } | null>(null);

/**
 * Makes the app's one {@link MqttSession} and its device side (the {@link DeviceRouter} and the
 * parts over it) available to features; it never creates them (app/device-parts.ts does).
 */
export function SessionProvider({
  session,
  parts,
  children,
}: {
  session: MqttSession;
  parts: DevicePartSet;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ session, parts }), [session, parts]);
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
  return useSessionContext().parts.side.router;
}

/** The session and its router, as the device side's parts and requests take them. */
export function useDeviceSide(): DeviceSide {
  return useSessionContext().parts.side;
}

/** One part of the device side (app/device-parts.ts creates them; e.g. the RPC responder). */
export function useDevicePart<T>(part: DevicePart<T>): T {
  return useSessionContext().parts.get(part);
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
