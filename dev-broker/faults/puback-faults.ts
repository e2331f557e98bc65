import type { DeviceSession } from '../platform/device-session.ts';
import type { Hub } from '../platform/hub.ts';

import { faultTarget } from './fault-target.ts';
import type { FaultRule } from './faults.ts';

/** A `puback.drop` or `puback.delay` rule firing for this device publish, if any (ADR 0011). */
export function pubackFault(
  hub: Hub,
  session: DeviceSession,
  topic: string,
): FaultRule<'puback.drop'> | FaultRule<'puback.delay'> | undefined {
  const { faults } = hub;
  if (!faults.has('puback.drop') && !faults.has('puback.delay')) return undefined;
  const target = faultTarget(session, topic);
  if (!target) return undefined;
  return (
    faults.fire('puback.drop', target, () => 'PUBACK dropped') ??
    faults.fire('puback.delay', target, (rule) => `PUBACK delayed by ${String(rule.ms)} ms`)
  );
}
