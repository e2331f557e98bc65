import type { CredentialKind } from './session-store.ts';

/** The username that opens a provision-only session (IoT Hub spec §1.5). */
const PROVISION = 'provision';

/**
 * How the console authenticates as a device:
 * - `token`: the access token is the CONNECT username (spec §1.2);
 * - `basic`: client id, username and password (spec §1.3); an empty client id gets a generated one;
 * - `provision`: username `provision`, a provision-only session (spec §1.5).
 */
export type Credentials =
  | { kind: 'token'; token: string }
  | { kind: 'basic'; clientId: string; username: string; password: string }
  | { kind: 'provision' };

/** What goes into CONNECT for these credentials. */
export interface ConnectIdentity {
  kind: CredentialKind;
  clientId: string;
  username: string;
  password?: string;
}

/** CONNECT fields for `credentials`; `generatedClientId` is used unless basic credentials name one. */
export function connectIdentity(
  credentials: Credentials,
  generatedClientId: string,
): ConnectIdentity {
  switch (credentials.kind) {
    case 'token':
      return { kind: 'token', clientId: generatedClientId, username: credentials.token };
    case 'provision':
      return { kind: 'provision', clientId: generatedClientId, username: PROVISION };
    case 'basic': {
      const clientId = credentials.clientId === '' ? generatedClientId : credentials.clientId;
      // MQTT forbids a password without a username [MQTT-3.1.2-22]; such a credential cannot exist (spec §1.3).
      const password =
        credentials.username !== '' && credentials.password !== ''
          ? { password: credentials.password }
          : {};
      return { kind: 'basic', clientId, username: credentials.username, ...password };
    }
  }
}

/**
 * The broker URL when none is given: this page's origin at `/mqtt` (the dev broker serves the console
 * and MQTT over WebSocket on one port), `wss:` for an `https:` page.
 */
export function sameOriginBrokerUrl(): string {
  const location = (globalThis as { location?: { protocol: string; host: string } }).location;
  if (location === undefined)
    throw new Error('MqttSession: no broker URL given and no page location to derive it from');
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/mqtt`;
}
