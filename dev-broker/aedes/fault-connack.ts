import type { Client } from 'aedes';
import mqttPacket from 'mqtt-packet';

import { connackCodeFor } from '../../src/protocol/faults.ts';
import type { Principal } from '../platform/auth.ts';

import { stopReading } from './aedes-internals.ts';
import type { ClientState, CoreContext } from './client-state.ts';

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;

/**
 * `connect.refuse` (ADR 0011): a device whose credentials passed is refused with the rule's CONNACK
 * code. aedes' `authenticate` callback accepts return codes 2–5 only, so the CONNACK is written here
 * and nothing more is read, as for an unsupported protocol level (the `pause` touchpoint, ADR 0009);
 * aedes' callback is never called, and the connection is dropped a second later if the client stays.
 * Returns whether the connection was refused.
 */
export function refusedByFault(
  ctx: CoreContext,
  client: Client,
  state: ClientState,
  principal: Principal,
): boolean {
  if (principal.kind !== 'device' || !ctx.hub.faults.has('connect.refuse')) return false;
  const version = state.protocolVersion;
  const describe = (code: number) =>
    `CONNECT refused with CONNACK ${hex(connackCodeFor(code, version))}`;
  const rule = ctx.hub.faults.fire(
    'connect.refuse',
    {
      deviceId: principal.device.id,
      deviceName: principal.device.name,
      clientId: state.connectClientId,
    },
    (r) => describe(r.code),
  );
  if (!rule) return false;
  const code = connackCodeFor(rule.code, version);
  const connack: mqttPacket.IConnackPacket =
    version === 5
      ? { cmd: 'connack', sessionPresent: false, reasonCode: code }
      : { cmd: 'connack', sessionPresent: false, returnCode: code };
  const bytes = mqttPacket.generate(connack, { protocolVersion: version === 5 ? 5 : 4 });
  stopReading(client);
  client.conn.end(bytes);
  setTimeout(() => client.conn.destroy(), 1000).unref();
  state.lastError = `${describe(rule.code)} (fault injection rule ${rule.id})`;
  return true;
}
