import { operatorAccountOf } from '@protocol/operator-topics.ts';

import type { CredentialKind, ProtocolVersion } from './session-store.ts';

const REFUSED = 'The broker refused the connection';
const ENTER_TOKEN = "Enter the device's access token.";
const CHECK_TOKEN = "Check the token in the device's credentials (it is case-sensitive).";
const TRY_LATER = 'Try again in a moment.';

/** MQTT 3.1.1 CONNACK return codes [MQTT-3.2.2-3], worded as the IoT Hub spec §1.4 uses them. */
const V3_REFUSALS: Readonly<Record<number, string>> = {
  1: `${REFUSED}: it does not accept this MQTT version. Choose MQTT 5 or 3.1.1.`,
  2: `${REFUSED}: the client id was rejected. Connect again to use a new client id.`,
  3: `${REFUSED}: the server is unavailable. ${TRY_LATER}`,
  // IoT Hub §1.4: 0x04 = username empty and no client-id credential matches.
  4: `${REFUSED}: the username (access token) is empty. ${ENTER_TOKEN}`,
  // IoT Hub §1.4: 0x05 = username given but no device matches.
  5: `${REFUSED}: not authorized: no device has this access token. ${CHECK_TOKEN}`,
};

/** MQTT 5 CONNACK reason codes (MQTT 5 §3.2.2.2), worded as the IoT Hub spec §1.1 uses them. */
const V5_REFUSALS: Readonly<Record<number, string>> = {
  0x80: `${REFUSED} for an unspecified reason. ${TRY_LATER}`,
  0x84: `${REFUSED}: it does not accept MQTT 5. Choose MQTT 3.1.1.`,
  // IoT Hub §1.1: 0x85 = only a client id was given and no client-id credential matches.
  0x85: `${REFUSED}: the client identifier is not valid: no access token was given and no device has this client id. ${ENTER_TOKEN}`,
  // IoT Hub §1.1: 0x86 = credentials were given but match no device.
  0x86: `${REFUSED}: bad user name or password: no device has this access token. ${CHECK_TOKEN}`,
  // IoT Hub §1.1: 0x87 = no credentials at all.
  0x87: `${REFUSED}: not authorized: the username (access token) is empty. ${ENTER_TOKEN}`,
  0x88: `${REFUSED}: the server is unavailable. ${TRY_LATER}`,
  0x89: `${REFUSED}: the server is busy. ${TRY_LATER}`,
  0x8a: `${REFUSED}: this client is banned.`,
  0x9f: `${REFUSED}: too many connections in a short time. ${TRY_LATER}`,
};

const CHECK_BASIC =
  "Check the client id, username and password against the device's basic MQTT credentials (all are case-sensitive).";

/** Basic MQTT credentials (spec §1.3): the same codes, other causes and fixes. */
const V3_BASIC: Readonly<Record<number, string>> = {
  4: `${REFUSED}: the username is empty and no device has this client id as its only credential. Enter the username, or the client id of a client-id-only credential.`,
  5: `${REFUSED}: not authorized: no device matches this client id, username and password. ${CHECK_BASIC}`,
};

const V5_BASIC: Readonly<Record<number, string>> = {
  0x85: `${REFUSED}: the client identifier is not valid: no username was given and no device has this client id as its only credential. Enter the username too.`,
  0x86: `${REFUSED}: bad user name or password: no device matches this client id, username and password. ${CHECK_BASIC}`,
  0x87: `${REFUSED}: not authorized: no credentials were given. Enter a client id, a username or both.`,
};

function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
}

/** Codes the broker answers a wrong operator account or password with (ADR 0004). */
const OPERATOR_BAD_LOGIN = new Set([4, 5, 0x85, 0x86, 0x87]);

/**
 * Plain-words explanation of a CONNACK refusal, with the fix.
 * @param code the CONNACK return code (3.1.1) or reason code (5), non-zero
 * @param username the CONNECT username: an operator login (`operator:<account>`) gets its own words
 */
export function describeRefusal(
  code: number,
  version: ProtocolVersion,
  kind: CredentialKind = 'token',
  username?: string,
): string {
  const account = operatorAccountOf(username);
  if (account !== undefined && OPERATOR_BAD_LOGIN.has(code)) {
    return `The broker refused the operator login (CONNACK code ${hex(code)}): wrong password or unknown operator account "${account}", or too many failed logins from this address. Enter the account and password and press Log in.`;
  }
  const table = version === 5 ? V5_REFUSALS : V3_REFUSALS;
  const basic = version === 5 ? V5_BASIC : V3_BASIC;
  const own = kind === 'basic' ? basic[code] : undefined;
  // A provision session is never refused for its credentials (spec §1.5): only the generic codes apply.
  if (kind === 'provision' && (code === 4 || code === 5 || (code >= 0x85 && code <= 0x87))) {
    return `${REFUSED} (CONNACK code ${hex(code)}): this broker does not open provision sessions for the username "provision".`;
  }
  return own ?? table[code] ?? `${REFUSED} (CONNACK code ${hex(code)}).`;
}

/** The broker did not answer: no socket, or no CONNACK before the timeout. */
export function describeUnreachable(url: string): string {
  return `Cannot reach the broker at ${url}. Check that the broker is running and that the URL is right (it usually ends in /mqtt).`;
}

/** MQTT 5 DISCONNECT reason codes the broker sends (MQTT 5 §3.14.2.1), in plain words. */
const DISCONNECT_REASONS: Readonly<Record<number, string>> = {
  0x80: 'an unspecified error',
  0x83: 'an implementation-specific error',
  0x8e: 'another connection took over this session (same device or client id)',
  0x96: 'the message rate was too high',
  0x98: "an administrative action: the operator closed the session (the Faults tab's session.close does this on purpose)",
  0x99: 'an invalid payload',
};

/** The connection was up and then dropped; on MQTT 5 with the reason the broker gave. */
export function describeLost(url: string, disconnectReason?: number): string {
  if (disconnectReason !== undefined && disconnectReason !== 0) {
    const why = DISCONNECT_REASONS[disconnectReason] ?? 'a reason this console does not know';
    return `The broker at ${url} closed the connection (DISCONNECT ${hex(disconnectReason)}): ${why}.`;
  }
  return `The connection to the broker at ${url} was lost.`;
}

/**
 * A reconnect after an outage was refused for good (the credentials changed or were removed while
 * the connection was down): the session stops, and says so first.
 */
export function describeRefusedAgain(refusal: string): string {
  return `The connection came back, but logging in again with the same credentials was refused. ${refusal}`;
}

/**
 * The broker closed the connection right after a publish: the reference platform's answer to an invalid
 * payload (spec §4), a payload over the size limit, or a rate limit. Names the publish that caused it.
 */
export function describeClosedAfterPublish(topic: string): string {
  return `The broker closed the connection after your publish to ${topic}. It usually means the payload was invalid (not JSON the platform accepts, a shape it rejects such as a scalar or "values" that is not an object, or larger than the broker allows) or a rate limit was exceeded; less often the broker could not store it (a storage failure, which the operator's Faults tab can also cause on purpose). Fix the payload before you send it again; the console reconnects by itself.`;
}

/** A publish, subscribe or request made while there is no connection. */
export function describeNotConnected(what: string): string {
  return `Cannot ${what}: the console is not connected. Connect first, then try again.`;
}

/** The connection ended before the broker acknowledged a publish. */
export function describeUnacknowledged(topic: string): string {
  return `The connection closed before the broker acknowledged your publish to ${topic}.`;
}
