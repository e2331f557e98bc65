import type { DeviceSession } from '../platform/device-session.ts';

import type { FaultTarget } from './faults.ts';

/** The fault target of a session: its device; undefined for operator and provision sessions (ADR 0011). */
export function faultTarget(
  session: DeviceSession | null | undefined,
  topic?: string,
): FaultTarget | undefined {
  if (session?.principal.kind !== 'device') return undefined;
  const device = session.principal.device;
  return {
    deviceId: device.id,
    deviceName: device.name,
    clientId: session.link.clientId,
    topic: topic ?? null,
  };
}
