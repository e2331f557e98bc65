import type { Duplex } from 'node:stream';

import type { Client } from 'aedes';

import type { Hub } from '../platform/hub.ts';

import { stopReading } from './aedes-internals.ts';
import { ProtocolViolation } from './parser-guards.ts';

/** CONNACK 0x01 "unacceptable protocol version", in the 3.1.1 layout every level can read. */
const CONNACK_UNSUPPORTED_LEVEL = Buffer.from([0x20, 0x02, 0x00, 0x01]);

/**
 * spec §1.4, [MQTT-3.1.2-2]: a CONNECT with a protocol level other than 3, 4 or 5 gets CONNACK
 * 0x01, then the close. Nothing more is read from the connection; a peer that does not close is
 * dropped after a second.
 */
export function refuseProtocolLevel(
  hub: Hub,
  client: Client,
  stream: Duplex,
  level: number,
): string {
  stopReading(client);
  stream.end(CONNACK_UNSUPPORTED_LEVEL);
  setTimeout(() => stream.destroy(), 1000).unref();
  const message = `connection refused (CONNACK 0x01): unsupported protocol level ${String(level)}; the broker speaks 3 (MQTT 3.1), 4 (3.1.1) and 5`;
  hub.events.record({ kind: 'auth_failed', message });
  return message;
}

/**
 * What to remember about an error aedes reports for a connection: a ProtocolViolation found by the
 * parser guards stays the reason even when the parser reports a second, generic error for the
 * same packet.
 */
export function errorReason(previous: string | null, error: Error): string {
  if (previous !== null && previous.startsWith(VIOLATION)) return previous;
  return error instanceof ProtocolViolation ? `${VIOLATION}${error.message}` : error.message;
}

const VIOLATION = 'protocol violation: ';

/**
 * aedes' own CONNACK refusals (`errorCode`: 0x02 for an empty client id with CleanSession 0
 * [MQTT-3.1.3-8], …) are recorded like the broker's credential refusals (spec §1.4: `auth_failed`).
 */
export function recordConnackRefusal(hub: Hub, clientId: string, error: Error): void {
  const code = (error as Error & { errorCode?: number }).errorCode;
  if (code === undefined) return;
  hub.events.record({
    kind: 'auth_failed',
    clientId,
    message: `connection refused (CONNACK 0x${code.toString(16).padStart(2, '0')}): ${error.message}`,
  });
}
