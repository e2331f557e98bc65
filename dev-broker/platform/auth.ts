import { operatorAccountOf } from '../../src/protocol/operator-topics.ts';
import { PROVISION_USERNAME } from '../../src/protocol/topics.ts';
import type { DeviceRecord, Storage } from '../storage/storage.ts';

import { clientIdKey, clientIdUserNameKey, passwordMatches } from './credentials.ts';

export type Principal =
  | { kind: 'device'; device: DeviceRecord }
  | { kind: 'provision' }
  | { kind: 'operator'; account: string };

/**
 * Why a CONNECT was refused. `usernameEmpty` is CONNACK 0x04 on 3.1.1; `badCredentials` is 0x05.
 * On MQTT 5: `badCredentials` → 0x86, `usernameEmpty` with a client id → 0x85, with nothing → 0x87.
 */
export type AuthFailure = 'usernameEmpty' | 'badCredentials';

export type AuthOutcome =
  { ok: true; principal: Principal } | { ok: false; failure: AuthFailure; reason: string };

export interface ConnectCredentials {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
}

/** Resolves CONNECT credentials to a principal, in the order of spec §1.3–§1.5. */
export function authenticate(
  storage: Storage,
  c: ConnectCredentials,
  operatorPassword: (account: string, password: string | undefined) => boolean,
): AuthOutcome {
  // operator API (ADR 0004): username `operator:<account>`; device credentials can never match this
  const account = operatorAccountOf(c.username);
  if (account !== undefined) {
    if (operatorPassword(account, c.password))
      return { ok: true, principal: { kind: 'operator', account } };
    return {
      ok: false,
      failure: 'badCredentials',
      reason: `wrong password or unknown operator account "${account}"`,
    };
  }
  // spec §1.5: provision session, no credential check
  if (c.username === PROVISION_USERNAME || c.clientId === PROVISION_USERNAME) {
    return { ok: true, principal: { kind: 'provision' } };
  }
  const deviceOf = (deviceId: string): AuthOutcome => {
    const device = storage.devices.get(deviceId);
    return device
      ? { ok: true, principal: { kind: 'device', device } }
      : { ok: false, failure: 'badCredentials', reason: 'credentials belong to a deleted device' };
  };
  // spec §1.3 step 1: username empty → client-id-only credential
  if (!c.username) {
    const found = c.clientId ? storage.devices.findCredentials(clientIdKey(c.clientId)) : undefined;
    if (found) return deviceOf(found.deviceId);
    const reason = c.clientId
      ? `username is empty and no device has client id "${c.clientId}" as its only credential`
      : 'no credentials at all (empty username and client id)';
    return { ok: false, failure: 'usernameEmpty', reason };
  }
  // spec §1.3 step 2: exact clientId + userName
  if (c.clientId) {
    const exact = storage.devices.findCredentials(clientIdUserNameKey(c.clientId, c.username));
    if (exact && exact.credentials.type === 'MQTT_BASIC') {
      if (passwordMatches(exact.credentials.password, c.password)) return deviceOf(exact.deviceId);
      return {
        ok: false,
        failure: 'badCredentials',
        reason: 'wrong password for basic credentials',
      };
    }
  }
  // spec §1.3 step 3: username as a token or a userName-only basic credential
  const byName = storage.devices.findCredentials(c.username);
  if (byName?.credentials.type === 'ACCESS_TOKEN') return deviceOf(byName.deviceId);
  if (byName?.credentials.type === 'MQTT_BASIC') {
    if (passwordMatches(byName.credentials.password, c.password)) return deviceOf(byName.deviceId);
    return { ok: false, failure: 'badCredentials', reason: 'wrong password for basic credentials' };
  }
  return {
    ok: false,
    failure: 'badCredentials',
    reason: 'no device matches the username (unknown access token)',
  };
}
