import type { InboundTopic } from '../../src/protocol/topics.ts';
import type { DeviceSession } from '../platform/device-session.ts';

import { faultTarget } from './fault-target.ts';
import type { Faults } from './faults.ts';

/** Publishes that write to storage: data, RPC replies, claim registrations, gateway data. */
const WRITES: ReadonlySet<InboundTopic['kind']> = new Set([
  'telemetry',
  'attributes',
  'rpcResponse',
  'claim',
  'gateway',
]);

/**
 * `storage.fail` (ADR 0011): throws, for a publish that writes, the error a failing store throws, so
 * the device API's storage-failure path runs unchanged (spec §4: no PUBACK, connection closed,
 * `storage_error` event). Nothing of the message is stored.
 */
export function failStorageByFault(
  faults: Faults | undefined,
  session: DeviceSession,
  topic: string,
  route: InboundTopic,
): void {
  if (!faults?.has('storage.fail') || !WRITES.has(route.kind)) return;
  const target = faultTarget(session, topic);
  if (!target) return;
  const rule = faults.fire('storage.fail', target, () => 'storage write failed');
  if (rule) throw new Error(`injected storage failure (fault injection rule ${rule.id})`);
}
