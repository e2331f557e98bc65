import type { EventEmitter } from 'node:events';

import { Aedes, type Client, type PublishPacket, type Subscription } from 'aedes';
import type mqttPacket from 'mqtt-packet';

import type { Settings } from '../config/settings.ts';
import type { DeviceSession } from '../platform/device-session.ts';
import type { Hub } from '../platform/hub.ts';
import type { Logger } from '../platform/logger.ts';
import type { ConnectionSink } from '../transport/connection-sink.ts';

import { AckQueue } from './ack-queue.ts';
import type { AedesClientInternals, FlaggablePublish } from './aedes-internals.ts';
import { AedesClientLink } from './client-link.ts';
import { interceptPacket, type ConnState } from './packet-intercept.ts';
import { guardParser } from './parser-guards.ts';
import { errorReason, recordConnackRefusal, refuseProtocolLevel } from './protocol-refusals.ts';

/** A refused v5 subscription is parked on this filter so its SUBACK keeps reason code 0x8F. */
const REFUSED_SINK = '$iothub/refused';

interface ClientState extends ConnState {
  transport: 'tcp' | 'ws';
  remoteAddress: string;
  session: DeviceSession | null;
  link: AedesClientLink | null;
  lastError: string | null;
  inactivity: NodeJS.Timeout | null;
  acks: AckQueue;
}

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

/** Every aedes touchpoint of the dev broker is in this folder (ADR 0001). */
export async function createBrokerCore(
  hub: Hub,
  settings: Settings,
  log: Logger,
): Promise<BrokerCore> {
  const states = new WeakMap<Client, ClientState>();
  const refused = new WeakSet<object>();
  const live = new Set<AedesClientInternals>();
  const counts = { connectionsTotal: 0, publishesReceived: 0, publishesAcked: 0, messagesSent: 0 };
  const countSent = () => {
    counts.messagesSent++;
  };

  const broker = await Aedes.createBroker({
    maximumPacketSize: settings.maxPayloadSize,
    queueLimit: settings.maxInflightMessages,
    connectTimeout: settings.connectTimeoutMs,
    authenticate(client, username, password, done) {
      try {
        authenticateConnection(client, username, password, done);
      } catch (error) {
        // a throw inside an aedes hook escapes aedes' callbacks and would end the process
        hookFailed('authenticate', error);
        done(Object.assign(new Error('server error'), { returnCode: 3 as const }), false);
      }
    },
    authorizePublish(client, packet, done) {
      const state = client ? states.get(client) : undefined;
      if (!client || !state?.session || !state.link) {
        done(new Error('publish before the session was set up'));
        return;
      }
      try {
        touch(client, state);
        onPublish(client, state, packet, done);
      } catch (error) {
        hookFailed('publish', error);
        client.close();
      }
    },
    authorizeSubscribe(client, sub, done) {
      try {
        decideSubscription(client, sub, done);
      } catch (error) {
        hookFailed('subscribe', error);
        done(new Error('server error'));
      }
    },
    // spec §2: device publishes are consumed, never routed; broker → device messages bypass routing.
    authorizeForward: () => null,
  });

  function hookFailed(hook: string, error: unknown): void {
    log.error(
      `${hook} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }

  function authenticateConnection(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: (Error & { returnCode: 2 | 3 | 4 | 5 }) | null, success: boolean) => void,
  ): void {
    const state = states.get(client);
    if (!state) {
      done(Object.assign(new Error('unknown connection'), { returnCode: 3 as const }), false);
      return;
    }
    const outcome = hub.connections.authenticate({
      clientId: state.connectClientId,
      username: username === undefined || username === '' ? undefined : username,
      password: password?.toString('utf8'),
    });
    if (!outcome.ok) {
      const error = Object.assign(new Error(outcome.reason), {
        returnCode: returnCodeFor(client.version, outcome.failure, state),
      });
      done(error, false);
      return;
    }
    const link = new AedesClientLink(client as AedesClientInternals, {
      transport: state.transport,
      remoteAddress: state.remoteAddress,
      protocolVersion: client.version,
      maxPacketSize: state.clientMaxPacketSize,
      onPublishWritten: countSent,
      onTooLarge: (why) => {
        hub.events.record({
          kind: 'dropped',
          deviceId: state.session?.deviceId ?? null,
          deviceName: state.session?.label ?? null,
          clientId: client.id,
          message: why,
        });
      },
    });
    state.link = link;
    state.session = hub.connections.open(state.link, outcome.principal);
    touch(client, state);
    done(null, true);
  }

  function decideSubscription(
    client: Client,
    sub: Subscription,
    done: (error: Error | null, subscription?: Subscription | null) => void,
  ): void {
    const state = states.get(client);
    if (!state?.session) {
      done(new Error('subscribe before the session was set up'));
      return;
    }
    touch(client, state);
    const [granted] = hub.connections.subscribe(state.session, [
      { topic: sub.topic, qos: sub.qos },
    ]);
    if (granted && !refused.has(sub)) {
      done(null, sub);
      return;
    }
    // spec §3: 0x80 on 3.1.1; on MQTT 5 the sink keeps the 0x8F set at parse time
    if (client.version === 5) {
      done(null, { ...sub, topic: REFUSED_SINK, qos: 0 });
      return;
    }
    done(null, null);
  }

  function onPublish(
    client: Client,
    state: ClientState,
    packet: PublishPacket,
    done: (error?: Error | null) => void,
  ): void {
    const session = state.session;
    const link = state.link;
    if (!session || !link) {
      done(new Error('no session'));
      return;
    }
    const flag = packet as PublishPacket & FlaggablePublish;
    counts.publishesReceived++;
    // QoS 0/1: we write the PUBACK ourselves, so aedes neither acknowledges nor routes this packet.
    if (packet.qos !== 2) flag._notAuthorized = true;
    const settle = state.acks.reserve();
    const handled = hub.deviceApi.handlePublish(
      session,
      packet.topic,
      packet.payload as Buffer,
      packet.qos,
    );
    // The handler has applied its writes synchronously; aedes may read the next packet while this one
    // waits for its commit (QoS 2 keeps aedes' own PUBREC flow, so it waits).
    if (packet.qos !== 2) state.acks.release(() => done());
    handled.then(
      (outcome) => {
        settle(() => {
          if (!outcome.ack) {
            link.close(outcome.v5Disconnect ?? 0x80);
            return;
          }
          if (packet.qos === 1 && packet.messageId !== undefined) {
            link.puback(packet.messageId, outcome.v5ReasonCode);
            counts.publishesAcked++;
          }
          outcome.after?.();
          if (outcome.closeAfterAck) setImmediate(() => link.close());
        });
        if (packet.qos === 2) done();
      },
      (error: unknown) => {
        log.error(`publish handling failed: ${(error as Error).stack ?? String(error)}`);
        settle(() => link.close(0x80));
        if (packet.qos === 2) done();
      },
    );
  }

  function touch(client: Client, state: ClientState): void {
    if (state.inactivity) {
      state.inactivity.refresh();
      return;
    }
    // spec §13 "Session inactivity"
    state.inactivity = setTimeout(() => {
      state.lastError = `no activity for ${String(settings.sessionInactivityTimeoutMs)} ms (session inactivity timeout)`;
      client.close();
    }, settings.sessionInactivityTimeoutMs);
    state.inactivity.unref();
  }

  broker.on('subscribe', (subs, client) => {
    const state = states.get(client);
    if (!state?.session) return;
    const granted = subs.flatMap((s) => state.session?.subscriptions.get(s.topic) ?? []);
    hub.connections.subscribed(state.session, granted);
  });
  broker.on('unsubscribe', (topics, client) => {
    const state = states.get(client);
    if (state?.session) hub.connections.unsubscribe(state.session, topics);
  });
  broker.on('clientError', (client, error) => {
    const state = states.get(client);
    if (!state) return;
    state.lastError = errorReason(state.lastError, error);
    if (error.message === 'packet too large') {
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

  function connectionEnded(client: AedesClientInternals): void {
    live.delete(client);
    const state = states.get(client);
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
      const client = broker.handle(stream, req) as AedesClientInternals;
      counts.connectionsTotal++;
      const state: ClientState = {
        transport,
        remoteAddress,
        session: null,
        link: null,
        lastError: null,
        inactivity: null,
        acks: new AckQueue(settings.maxInflightMessages),
        connectClientId: '',
        protocolVersion: 4,
        clientMaxPacketSize: undefined,
        sessionKind: 'device',
      };
      states.set(client, state);
      live.add(client);
      guardParser(client._parser, {
        unsupportedLevel: (level) => {
          state.lastError = refuseProtocolLevel(hub, client, stream, level);
        },
      });
      client._parser.prependListener('packet', (packet: mqttPacket.Packet) => {
        try {
          interceptPacket(
            packet,
            state,
            refused,
            (messageId) => state.link?.acknowledged(messageId),
            () => {
              if (state.session) touch(client, state);
            },
          );
        } catch (error) {
          // a throw here would escape aedes' read loop and end the process
          log.error(`packet intercept failed: ${(error as Error).stack ?? String(error)}`);
          client.close();
        }
      });
      stream.once('close', () => connectionEnded(client));
    },
    connectedClients: () => broker.connectedClients,
    counters: () => ({ connectionsOpen: live.size, ...counts }),
    async close() {
      for (const client of live) client.close();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

/** CONNACK codes: 3.1.1 follows the seed (0x04/0x05); MQTT 5 the spec (0x85/0x86/0x87 via aedes' mapping). */
function returnCodeFor(
  version: number,
  failure: 'usernameEmpty' | 'badCredentials',
  state: ConnState,
): 2 | 4 | 5 {
  if (version !== 5) return failure === 'usernameEmpty' ? 4 : 5;
  if (failure === 'badCredentials') return 4; // → 0x86
  return state.connectClientId ? 2 : 5; // → 0x85 (client id only) / 0x87 (nothing)
}
