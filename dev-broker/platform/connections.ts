import { operatorAccountOf } from '../../src/protocol/operator-topics.ts';
import type { Settings } from '../config/settings.ts';
import type { Storage } from '../storage/storage.ts';

import type { ActivityService } from './activity-service.ts';
import { authenticate, type AuthOutcome, type ConnectCredentials, type Principal } from './auth.ts';
import { DeviceSession, type GrantedSubscription, type SessionLink } from './device-session.ts';
import type { EventsService } from './events-service.ts';
import { LoginThrottle } from './login-throttle.ts';
import type { OperatorAccounts } from './operator-accounts.ts';
import { RefusedConnectLog, hostOf } from './refused-connects.ts';
import type { RpcService } from './rpc-service.ts';
import type { SessionRegistry } from './session-registry.ts';

/** MQTT 5 reason code sent to a connection that a newer one of the same device replaces (spec §13). */
export const SESSION_TAKEN_OVER = 0x8e;

export interface ConnectionDeps {
  storage: Storage;
  sessions: SessionRegistry;
  events: EventsService;
  rpc: RpcService;
  activity: ActivityService;
  operators: OperatorAccounts;
  settings: () => Settings;
}

/**
 * The username as an event or the log may show it: only its first 3 characters and its length, with
 * or without a password. Without a password it is an access token; with one it is often a token too
 * (a rotated one, sent by a client that always adds a password), and a refused one is often a near
 * miss of a real secret.
 */
export function describeUsername({ username, password }: ConnectCredentials): string {
  if (!username) return '';
  const shown = username.length > 8 ? `${username.slice(0, 3)}…` : '…';
  const what = password !== undefined && password !== '' ? 'username' : 'access token';
  return ` ${what} "${shown}" (${String(username.length)} characters)`;
}

/** Session lifecycle: CONNECT, SUBSCRIBE, UNSUBSCRIBE and close, for the broker core adapter. */
export class Connections {
  readonly #refusals: RefusedConnectLog;
  readonly #logins = new LoginThrottle();

  constructor(private readonly d: ConnectionDeps) {
    this.#refusals = new RefusedConnectLog(
      d.events,
      () => d.settings().events.refusedConnectsPerAddress,
    );
  }

  /** `remoteAddress` is the socket's "host:port"; refusals are counted and throttled per host. */
  authenticate(credentials: ConnectCredentials, remoteAddress = '?'): AuthOutcome {
    const address = hostOf(remoteAddress);
    const outcome = this.#check(credentials, address);
    if (!outcome.ok && this.#refusals.admit(address)) {
      const user = describeUsername(credentials);
      this.d.events.record({
        kind: 'auth_failed',
        clientId: credentials.clientId,
        message: `connection from ${address} refused (client id "${credentials.clientId}"${user}): ${outcome.reason}`,
      });
    }
    return outcome;
  }

  /** Operator logins from a locked-out address are refused before the password is looked at. */
  #check(credentials: ConnectCredentials, address: string): AuthOutcome {
    const operator = operatorAccountOf(credentials.username) !== undefined;
    const locked = operator ? this.#logins.lockedFor(address) : 0;
    if (locked > 0) {
      const seconds = String(Math.ceil(locked / 1000));
      return {
        ok: false,
        failure: 'badCredentials',
        reason: `too many failed operator logins from ${address}: locked out, try again in ${seconds} s`,
      };
    }
    const outcome = authenticate(this.d.storage, credentials, (account, password) =>
      this.d.operators.verify(account, password),
    );
    if (operator && outcome.ok) this.#logins.succeeded(address);
    else if (operator) this.#logins.failed(address);
    return outcome;
  }

  /** Writes the pending summary of refused CONNECTs (broker shutdown). */
  dispose(): void {
    this.#refusals.dispose();
  }

  /** Registers a connected session; older sessions of the same device beyond the limit are closed. */
  open(link: SessionLink, principal: Principal): DeviceSession {
    const session = new DeviceSession(link, principal);
    const kicked = this.d.sessions.add(session, this.d.settings().maxSessionsPerDevice);
    for (const old of kicked) {
      old.closeReason = `replaced by a newer connection of the same device (${link.transport})`;
      old.link.close(SESSION_TAKEN_OVER);
    }
    if (principal.kind === 'device') {
      this.d.events.record({
        kind: 'session_opened',
        deviceId: principal.device.id,
        deviceName: principal.device.name,
        clientId: link.clientId,
        message: `connected over ${link.transport} with MQTT ${link.protocolVersion === 5 ? '5' : '3.1.1'}`,
      });
      this.#activityWrite(this.d.activity.connected(principal.device.id), principal.device.id);
    }
    return session;
  }

  /** Decides each SUBSCRIBE entry: the granted QoS (min(requested, 1)) or undefined when refused (spec §3). */
  subscribe(
    session: DeviceSession,
    filters: { topic: string; qos: number }[],
  ): (GrantedSubscription | undefined)[] {
    if (session.principal.kind === 'device') this.d.activity.touch(session.principal.device.id);
    return filters.map(({ topic, qos }) => {
      const granted = session.addSubscription(topic, qos >= 1 ? 1 : 0);
      if (!granted) {
        this.d.events.record({
          kind: 'subscription_refused',
          deviceId: session.deviceId,
          deviceName: session.label,
          clientId: session.link.clientId,
          topic,
          message: `subscription to "${topic}" refused: only the device API filters are allowed`,
        });
      }
      return granted;
    });
  }

  /** After the SUBACK: an RPC-request subscription delivers pending RPCs (spec §7). */
  subscribed(session: DeviceSession, granted: GrantedSubscription[]): void {
    const deviceId = session.deviceId;
    if (deviceId && granted.some((g) => g.kind === 'rpcRequest'))
      this.d.rpc.deliverPending(deviceId);
  }

  unsubscribe(session: DeviceSession, filters: string[]): void {
    for (const filter of filters) session.removeSubscription(filter);
  }

  close(session: DeviceSession, reason: string): void {
    if (session.closed) return;
    session.closed = true;
    this.d.sessions.remove(session);
    const why = session.closeReason ?? reason;
    this.d.events.record({
      kind: 'session_closed',
      deviceId: session.deviceId,
      deviceName: session.label,
      clientId: session.link.clientId,
      message: `connection closed: ${why}`,
    });
    const deviceId = session.deviceId;
    if (deviceId && this.d.sessions.forDevice(deviceId).length === 0)
      this.#activityWrite(this.d.activity.disconnected(deviceId), deviceId);
  }

  /**
   * The activity attributes (active, lastConnectTime, lastDisconnectTime) are written beside the
   * session: a failed write is a storage_error event, never an unhandled rejection (which would end
   * the process).
   */
  #activityWrite(write: Promise<void>, deviceId: string): void {
    write.catch((error: unknown) => {
      try {
        this.d.events.record({
          kind: 'storage_error',
          deviceId,
          message: `activity attributes not stored: ${error instanceof Error ? error.message : String(error)}`,
        });
      } catch {
        // the storage is closed: the broker is shutting down
      }
    });
  }
}
