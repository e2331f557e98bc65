import type { ProtocolVersion } from './session-store.ts';

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

function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
}

/**
 * Plain-words explanation of a CONNACK refusal, with the fix.
 * @param code the CONNACK return code (3.1.1) or reason code (5), non-zero
 */
export function describeRefusal(code: number, version: ProtocolVersion): string {
  const table = version === 5 ? V5_REFUSALS : V3_REFUSALS;
  return table[code] ?? `${REFUSED} (CONNACK code ${hex(code)}).`;
}

/** The broker did not answer: no socket, or no CONNACK before the timeout. */
export function describeUnreachable(url: string): string {
  return `Cannot reach the broker at ${url}. Check that the broker is running and that the URL is right (it usually ends in /mqtt).`;
}

/** The connection was up and then dropped. */
export function describeLost(url: string): string {
  return `The connection to the broker at ${url} was lost.`;
}

/** The bounded retries ran out (style.md habit 4). */
export function describeGaveUp(url: string, attempts: number): string {
  return `${describeUnreachable(url)} Gave up after ${attempts} retries; press Connect to try again.`;
}
