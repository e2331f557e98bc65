import type { EventEmitter } from 'node:events';

import { Aedes, type Client } from 'aedes';

import type { Settings } from '../config/settings.ts';
import { closeByFault } from '../faults/session-faults.ts';
import type { Hub } from '../platform/hub.ts';
import type { Logger } from '../platform/logger.ts';
import type { ConnectionSink } from '../transport/connection-sink.ts';
import { lingerOnNextDestroy } from '../transport/linger-close.ts';

import { tapPackets } from './aedes-internals.ts';
import { hookFailed, newClientState, touch, type CoreContext } from './client-state.ts';
import { authenticateHook, preConnectHook } from './connect-hooks.ts';
import { guardParser } from './parser-guards.ts';
import { errorReason, recordConnackRefusal, refuseProtocolLevel } from './protocol-refusals.ts';
import { pubackObservingPersistence } from './puback-persistence.ts';
import { authorizePublishHook } from './publish-hook.ts';
import {
  adjustSubscribe,
  authorizeSubscribeHook,
  watchSubscriptions,
  type RefusedSubscriptions,
} from './subscribe-hooks.ts';

/** Message counters since start, reported by the operator API's broker.info. */
export interface CoreCounters {
  /** Connections open now / accepted since start (TCP and WebSocket). */
  connectionsOpen: number;
  connectionsTotal: number;
  /** PUBLISH packets received from clients / answered with our PUBACK. */
  publishesReceived: number;
  publishesAcked: number;
  /** PUBLISH packets the broker wrote to clients. */
  messagesSent: number;
}

export interface BrokerCore extends ConnectionSink {
  connectedClients(): number;
  counters(): CoreCounters;
  close(): Promise<void>;
}

/**
 * The dev broker's MQTT core: aedes, configured through its public options and hooks. The few
 * private touchpoints left are in aedes-internals.ts (ADR 0009); only `dev-broker/aedes/` knows
 * aedes (ADR 0001).
 */
export async function createBrokerCore(
  hub: Hub,
  settings: Settings,
  log: Logger,
): Promise<BrokerCore> {
  const ctx: CoreContext = {
    hub,
    settings,
    log,
    states: new WeakMap(),
    counts: { connectionsTotal: 0, publishesReceived: 0, publishesAcked: 0, messagesSent: 0 },
  };
  const refused: RefusedSubscriptions = new WeakMap();
  const live = new Set<Client>();

  const broker = await Aedes.createBroker({
    maximumPacketSize: settings.maxPayloadSize,
    queueLimit: settings.maxInflightMessages,
    connectTimeout: settings.connectTimeoutMs,
    persistence: pubackObservingPersistence((client, messageId) => {
      ctx.states.get(client)?.link?.acknowledged(messageId);
    }),
    preConnect: preConnectHook(ctx),
    authenticate: authenticateHook(ctx),
    authorizePublish: authorizePublishHook(ctx),
    authorizeSubscribe: authorizeSubscribeHook(ctx, refused),
    // spec §2: device publishes are consumed, never routed; broker → device messages bypass routing.
    authorizeForward: () => null,
  });
  watchSubscriptions(ctx, broker);
  watchErrors(ctx, broker);
  // session.close rules (ADR 0011) hit sessions that open later once their CONNACK is out
  broker.on('clientReady', (client) => {
    const session = ctx.states.get(client)?.session;
    if (session) closeByFault(hub.faults, session);
  });
  broker.on('ping', (_packet, client) => {
    const state = ctx.states.get(client);
    if (state?.session) touch(ctx, client, state); // a PINGREQ is activity (spec §13)
  });

  /** Set by close(): called once the last connection has ended. */
  let whenNoneLive: (() => void) | undefined;

  function connectionEnded(client: Client): void {
    live.delete(client);
    if (live.size === 0) whenNoneLive?.(); // resolves a promise: close() goes on after this returns
    const state = ctx.states.get(client);
    if (!state) return;
    if (state.inactivity) clearTimeout(state.inactivity);
    state.acks.close();
    state.link?.closed();
    if (state.session)
      hub.connections.close(state.session, state.lastError ?? 'the client disconnected');
    state.session = null;
  }

  return {
    handle(stream, transport, remoteAddress, req) {
      const client = broker.handle(stream, req);
      ctx.counts.connectionsTotal++;
      const state = newClientState(transport, remoteAddress, settings.maxInflightMessages);
      ctx.states.set(client, state);
      live.add(client);
      guardParser(client, {
        unsupportedLevel: (level) => {
          state.lastError = refuseProtocolLevel(hub, client, stream, level);
        },
      });
      tapPackets(client, (packet) => {
        if (packet.cmd !== 'subscribe') return;
        try {
          adjustSubscribe(packet, state, refused);
        } catch (error) {
          // a throw here would escape aedes' read loop and end the process
          hookFailed(ctx, 'subscribe tap', error);
          client.close();
        }
      });
      stream.once('close', () => connectionEnded(client));
    },
    connectedClients: () => broker.connectedClients,
    counters: () => ({ connectionsOpen: live.size, ...ctx.counts }),
    async close() {
      const allEnded = new Promise<void>((resolve) => {
        whenNoneLive = resolve;
        if (live.size === 0) resolve();
      });
      for (const client of live) client.close();
      // every session's end (its events and activity writes) happens before the storage closes
      await Promise.race([allEnded, new Promise((r) => setTimeout(r, 2000).unref())]);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

/** aedes' error events (public): why a connection ended, refusals, oversized packets. */
function watchErrors(ctx: CoreContext, broker: Aedes): void {
  const { hub, settings, log, states } = ctx;
  broker.on('clientError', (client, error) => {
    const state = states.get(client);
    if (!state) return;
    state.lastError = errorReason(state.lastError, error);
    if (error.message === 'packet too large') {
      // aedes writes the MQTT 5 DISCONNECT 0x95 and then destroys the socket while the client is
      // most likely still sending the rest of that packet: close gently so the reason arrives
      lingerOnNextDestroy(client.conn);
      hub.events.record({
        kind: 'payload_too_large',
        deviceId: state.session?.deviceId ?? null,
        deviceName: state.session?.label ?? null,
        clientId: client.id,
        message: `packet larger than maxPayloadSize (${String(settings.maxPayloadSize)} bytes); closing the connection`,
      });
    }
  });
  // aedes reports persistence and routing failures on 'error'; unheard, that event ends the process
  (broker as EventEmitter).on('error', (error: Error) => {
    log.error(`broker core: ${error.stack ?? error.message}`);
  });
  // before CONNECT (no client id yet): garbage, the connect deadline, an oversized first packet
  broker.on('connectionError', (client, error: Error) => {
    const state = states.get(client);
    if (state) state.lastError = errorReason(state.lastError, error);
    log.debug(`connection refused before CONNECT: ${error.message}`);
    recordConnackRefusal(hub, state?.connectClientId ?? '', error);
  });
  broker.on('keepaliveTimeout', (client) => {
    const state = states.get(client);
    if (state) state.lastError = 'keep-alive timeout (no packet for 1.5 × keep-alive)';
  });
}
