import type { AedesOptions, Client, ConnectPacket } from 'aedes';

import { operatorAccountOf } from '../../src/protocol/operator-topics.ts';
import { PROVISION_USERNAME } from '../../src/protocol/topics.ts';
import { downlinkFault } from '../faults/downlink-faults.ts';

import { AedesClientLink } from './client-link.ts';
import { hookFailed, touch, type ClientState, type CoreContext } from './client-state.ts';
import { refusedByFault } from './fault-connack.ts';

type PreConnect = NonNullable<AedesOptions['preConnect']>;
type Authenticate = NonNullable<AedesOptions['authenticate']>;
type AuthError = Parameters<Parameters<Authenticate>[3]>[0];

/** CONNACK refusal carrying aedes' return code (2..5); aedes maps it to MQTT 5 reason codes. */
const refusal = (message: string, returnCode: 2 | 3 | 4 | 5): AuthError =>
  Object.assign(new Error(message), { returnCode });

/**
 * aedes `preConnect` (public; "the packet can be modified"): learns what the adapter needs from
 * CONNECT, and adjusts it to the device API before aedes acts on it: no session state survives
 * (clean session, session-present 0) and no will (spec §1.1), except that a 3.1.1 CONNECT with an
 * empty client id and CleanSession 0 keeps its flag so aedes refuses it with 0x02 [MQTT-3.1.3-8].
 */
export function preConnectHook(ctx: CoreContext): PreConnect {
  return (client, packet, done) => {
    const state = ctx.states.get(client);
    if (!state) {
      done(new Error('unknown connection'), false);
      return;
    }
    try {
      adjustConnect(packet, state);
    } catch (error) {
      hookFailed(ctx, 'preConnect', error);
      done(new Error('server error'), false);
      return;
    }
    done(null, true);
  };
}

function adjustConnect(packet: ConnectPacket, state: ClientState): void {
  state.connectClientId = packet.clientId;
  state.protocolVersion = packet.protocolVersion ?? 4;
  state.clientMaxPacketSize = packet.properties?.maximumPacketSize;
  state.sessionKind =
    operatorAccountOf(packet.username) !== undefined
      ? 'operator'
      : packet.username === PROVISION_USERNAME || packet.clientId === PROVISION_USERNAME
        ? 'provision'
        : 'device';
  if (packet.clientId !== '' || state.protocolVersion === 5) packet.clean = true;
  delete packet.will;
  if (packet.properties) packet.properties.sessionExpiryInterval = 0;
}

/** aedes `authenticate`: the platform decides; on success the session opens on our client link. */
export function authenticateHook(ctx: CoreContext): Authenticate {
  return (client, username, password, done) => {
    try {
      authenticateConnection(ctx, client, username, password, done);
    } catch (error) {
      hookFailed(ctx, 'authenticate', error);
      done(refusal('server error', 3), false);
    }
  };
}

function authenticateConnection(
  ctx: CoreContext,
  client: Client,
  username: string | undefined,
  password: Buffer | undefined,
  done: Parameters<Authenticate>[3],
): void {
  const state = ctx.states.get(client);
  if (!state) {
    done(refusal('unknown connection', 3), false);
    return;
  }
  const outcome = ctx.hub.connections.authenticate(
    {
      clientId: state.connectClientId,
      username: username === undefined || username === '' ? undefined : username,
      password: password?.toString('utf8'),
    },
    state.remoteAddress,
  );
  if (!outcome.ok) {
    done(refusal(outcome.reason, returnCodeFor(client.version, outcome.failure, state)), false);
    return;
  }
  if (refusedByFault(ctx, client, state, outcome.principal)) return;
  state.link = new AedesClientLink(client, {
    transport: state.transport,
    remoteAddress: state.remoteAddress,
    protocolVersion: client.version,
    maxPacketSize: state.clientMaxPacketSize,
    downlinkFault: (topic) => downlinkFault(ctx.hub.faults, state.session, topic),
    maxUnsentBytes: Math.max(ctx.settings.maxUnsentBytes, 4 * ctx.settings.maxPayloadSize),
    onBacklog: (blocked) => {
      state.acks.writeBlocked(blocked);
    },
    onPublishWritten: () => {
      ctx.counts.messagesSent++;
    },
    onTooLarge: (why) => {
      ctx.hub.events.record({
        kind: 'dropped',
        deviceId: state.session?.deviceId ?? null,
        deviceName: state.session?.label ?? null,
        clientId: client.id,
        message: why,
      });
    },
  });
  state.session = ctx.hub.connections.open(state.link, outcome.principal);
  touch(ctx, client, state);
  done(null, true);
}

/** CONNACK codes: 3.1.1 follows the seed (0x04/0x05); MQTT 5 the spec (0x85/0x86/0x87 via aedes' mapping). */
function returnCodeFor(
  version: number,
  failure: 'usernameEmpty' | 'badCredentials',
  state: ClientState,
): 2 | 4 | 5 {
  if (version !== 5) return failure === 'usernameEmpty' ? 4 : 5;
  if (failure === 'badCredentials') return 4; // → 0x86
  return state.connectClientId ? 2 : 5; // → 0x85 (client id only) / 0x87 (nothing)
}
