import { createStore } from 'zustand/vanilla';

/** MQTT protocol level sent in CONNECT: 4 is MQTT 3.1.1, 5 is MQTT 5. */
export type ProtocolVersion = 4 | 5;

/**
 * Where the session is in its life:
 * - `idle`: never connected;
 * - `connecting`: first attempt of a `connect()` call, waiting for CONNACK;
 * - `connected`: CONNACK 0 received;
 * - `reconnecting`: the network failed (or the broker refused for a passing reason); a retry is
 *   pending (`retryAt`) or running. It never ends by itself, only by success, refusal or the user;
 * - `closed`: the user disconnected (or the session was disposed);
 * - `error`: the broker refused the connection for a reason retrying cannot change. `lastError`
 *   says why.
 */
export type SessionStatus =
  'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'error';

/** How the session authenticates (IoT Hub spec §1.2, §1.3, §1.5). */
export type CredentialKind = 'token' | 'basic' | 'provision';

/** One remembered subscription and what the broker granted on the current connection. */
export interface SubscriptionState {
  /** Requested QoS. */
  qos: 0 | 1;
  /** SUBACK code on the current connection (0 or 1 granted, 0x80 and up refused); null before the SUBACK. */
  granted: number | null;
}

/** Connection state that components select from (style.md habit 3). */
export interface SessionState {
  status: SessionStatus;
  /**
   * The last failure in plain words, with what to do about it; null once connected, except after a
   * drop blamed on a publish of the user's, which stays until the next `connect()` or `disconnect()`.
   */
  lastError: string | null;
  /** MQTT client id of the current (or last) connection. */
  clientId: string | null;
  brokerUrl: string | null;
  protocolVersion: ProtocolVersion | null;
  credentialKind: CredentialKind | null;
  /** The CONNECT username of the current (or last) connection; never the password. */
  username: string | null;
  /**
   * Bumped by every `connect()` call (not by automatic reconnects). Subscriptions are forgotten on
   * `connect()` and `disconnect()`, so a panel subscribes again when this changes.
   */
  connectSeq: number;
  /** Filters the session keeps subscribed across reconnects, by filter. */
  subscriptions: Readonly<Record<string, SubscriptionState>>;
  /** 1-based number of the pending (or running) retry while `reconnecting`; 0 otherwise. */
  reconnectAttempt: number;
  /** When the pending retry starts (`Date.now()` ms) while `reconnecting`; null while one runs. */
  retryAt: number | null;
}

export const initialSessionState: SessionState = {
  status: 'idle',
  lastError: null,
  clientId: null,
  brokerUrl: null,
  protocolVersion: null,
  credentialKind: null,
  username: null,
  connectSeq: 0,
  subscriptions: {},
  reconnectAttempt: 0,
  retryAt: null,
};

/** A vanilla zustand store: written by the session only, read through selectors. */
export function createSessionStore() {
  return createStore<SessionState>()(() => ({ ...initialSessionState }));
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/** Puts a store back to its first state (tests). */
export function resetSessionStore(store: SessionStore): void {
  store.setState({ ...initialSessionState });
}
