import type { DeviceSession } from '../platform/device-session.ts';
import type { SessionRegistry } from '../platform/session-registry.ts';

import { faultTarget } from './fault-target.ts';
import type { Faults } from './faults.ts';

/** MQTT 5 DISCONNECT reason of an injected close: 0x98 Administrative action. */
export const INJECTED_CLOSE_V5 = 0x98;

/**
 * `session.close` (ADR 0011) for one session: closes it when a rule fires (v5: DISCONNECT 0x98).
 * Returns whether it was closed.
 */
export function closeByFault(faults: Faults, session: DeviceSession): boolean {
  if (session.closed || !faults.has('session.close')) return false;
  const target = faultTarget(session);
  if (!target) return false;
  const rule = faults.fire('session.close', target, () => 'session closed');
  if (!rule) return false;
  session.closeReason = `closed by fault injection rule ${rule.id} (session.close)`;
  session.link.close(INJECTED_CLOSE_V5);
  return true;
}

/**
 * A `session.close` rule acts at once on the open device sessions it names (one firing each, while
 * it has firings left); sessions that open later are closed by the broker core once their CONNACK
 * is out. Returns the function that detaches.
 */
export function attachSessionFaults(faults: Faults, sessions: SessionRegistry): () => void {
  return faults.onAdded((rule) => {
    if (rule.kind !== 'session.close') return;
    for (const session of sessions.all()) closeByFault(faults, session);
  });
}
