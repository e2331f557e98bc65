import type { Client } from 'aedes';

import type { Settings } from '../config/settings.ts';
import type { DeviceSession } from '../platform/device-session.ts';
import type { Hub } from '../platform/hub.ts';
import type { Logger } from '../platform/logger.ts';

import { AckQueue } from './ack-queue.ts';
import type { AedesClientLink } from './client-link.ts';

/** What the adapter keeps per connection, from before CONNECT until the socket closes. */
export interface ClientState {
  transport: 'tcp' | 'ws';
  remoteAddress: string;
  /** The client id as sent in CONNECT (empty when the broker assigns one). */
  connectClientId: string;
  protocolVersion: number;
  /** MQTT 5 CONNECT property Maximum Packet Size: nothing larger may be sent to this client. */
  clientMaxPacketSize: number | undefined;
  /** Which allow-list applies: decided from CONNECT exactly as authentication decides the principal. */
  sessionKind: 'device' | 'provision' | 'operator';
  session: DeviceSession | null;
  link: AedesClientLink | null;
  lastError: string | null;
  inactivity: NodeJS.Timeout | null;
  acks: AckQueue;
}

export function newClientState(
  transport: 'tcp' | 'ws',
  remoteAddress: string,
  maxWaitingPublishes: number,
): ClientState {
  return {
    transport,
    remoteAddress,
    connectClientId: '',
    protocolVersion: 4,
    clientMaxPacketSize: undefined,
    sessionKind: 'device',
    session: null,
    link: null,
    lastError: null,
    inactivity: null,
    acks: new AckQueue(maxWaitingPublishes),
  };
}

/** Counters since start (operator API broker.info), apart from the connections open now. */
export interface CoreCounts {
  connectionsTotal: number;
  /** PUBLISH packets received from clients / answered with our PUBACK. */
  publishesReceived: number;
  publishesAcked: number;
  /** PUBLISH packets the broker wrote to clients. */
  messagesSent: number;
}

/** What every hook of the adapter works with. */
export interface CoreContext {
  hub: Hub;
  settings: Settings;
  log: Logger;
  states: WeakMap<Client, ClientState>;
  counts: CoreCounts;
}

/** Logs a throw caught inside an aedes hook (one escaping aedes' callbacks would end the process). */
export function hookFailed(ctx: CoreContext, hook: string, error: unknown): void {
  ctx.log.error(
    `${hook} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}

/** Activity on a session: restarts its inactivity timer (spec §13 "Session inactivity"). */
export function touch(ctx: CoreContext, client: Client, state: ClientState): void {
  if (state.inactivity) {
    state.inactivity.refresh();
    return;
  }
  const timeoutMs = ctx.settings.sessionInactivityTimeoutMs;
  state.inactivity = setTimeout(() => {
    state.lastError = `no activity for ${String(timeoutMs)} ms (session inactivity timeout)`;
    client.close();
  }, timeoutMs);
  state.inactivity.unref();
}
