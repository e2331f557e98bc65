import { isUtf8 } from 'node:buffer';

import type { Client } from 'aedes';

import { checkParser, type PacketBody, type PacketVerdict } from './aedes-internals.ts';

/** A packet that breaks a rule where MQTT says the server MUST close the connection. */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

export interface ParserGuardHooks {
  /**
   * A CONNECT whose protocol level is not 3, 4 or 5: mqtt-packet would fail it with no answer. The
   * packet is dropped here; the hook answers CONNACK 0x01 and closes (spec §1.4, [MQTT-3.1.2-2]).
   */
  unsupportedLevel(level: number): void;
}

const CONFIRMATIONS = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp']);

/**
 * Makes one connection's parser apply the MUST-close rules mqtt-packet lets through (through the
 * parser-steps touchpoint, aedes-internals.ts):
 * - every UTF-8 string (topics, filters, will topic, client id, username, properties) must be
 *   well-formed UTF-8 [MQTT-1.5.3-1] (v5: [MQTT-1.5.4-1]) without U+0000 [MQTT-1.5.3-2];
 * - MQTT 3.1.1: PUBACK, PUBREC, PUBREL and PUBCOMP have exactly 2 bytes after the fixed header,
 *   DISCONNECT none; PINGREQ never has any (a protocol violation closes: [MQTT-4.8.0-1]);
 * - a CONNECT protocol level other than 3, 4, 5 gets its CONNACK 0x01 (see the hook).
 * A violation fails the parser with a ProtocolViolation; aedes then closes the connection and the
 * packet is never handled (no PUBACK, no SUBACK).
 */
export function guardParser(client: Client, hooks: ParserGuardHooks): void {
  checkParser(client, {
    string: stringProblem,
    packet(cmd, length, body, v5): PacketVerdict {
      if (cmd === 'connect') {
        const level = protocolLevel(body, length);
        if (level !== undefined && level !== 3 && level !== 4 && level !== 5) {
          // stop without an 'error' (aedes would drop the connection before the CONNACK)
          hooks.unsupportedLevel(level);
          return { stop: new ProtocolViolation(`unsupported protocol level ${String(level)}`) };
        }
      }
      const extra = unexpectedLength(cmd, length, v5);
      return extra ? { fail: new ProtocolViolation(extra) } : null;
    },
  });
}

/**
 * Why strings are checked this way: mqtt-packet decodes them with `toString('utf8')`, which turns
 * every ill-formed sequence into U+FFFD, so the decoded text alone cannot tell "\xFF" from a real
 * U+FFFD. The converse is sound: a decoded string without U+FFFD came from well-formed bytes (each
 * ill-formed sequence yields at least one U+FFFD). So only a string that contains U+FFFD has its raw
 * bytes checked with `isUtf8` (which also refuses surrogates and overlong forms). U+0000 decodes as
 * itself and is checked on the text.
 */
export function stringProblem(text: string, raw: () => Buffer, cmd: string): Error | null {
  const problem = text.includes('\u0000')
    ? 'contains U+0000 [MQTT-1.5.3-2]'
    : text.includes('\uFFFD') && !isUtf8(raw())
      ? 'is not well-formed UTF-8 [MQTT-1.5.3-1]'
      : null;
  return problem ? new ProtocolViolation(`a string in ${cmd.toUpperCase()} ${problem}`) : null;
}

/** The protocol level byte of a complete CONNECT, when its protocol name is there to skip. */
function protocolLevel(body: PacketBody, length: number): number | undefined {
  if (length < 3) return undefined;
  const at = 2 + body.readUInt16BE(0);
  return at < length ? body.readUInt8(at) : undefined;
}

function unexpectedLength(cmd: string, length: number, v5: boolean): string | null {
  if (cmd === 'pingreq' && length !== 0)
    return `PINGREQ with ${String(length)} bytes after the fixed header (0 allowed) [MQTT-4.8.0-1]`;
  if (v5) return null;
  if (CONFIRMATIONS.has(cmd) && length !== 2)
    return `${cmd.toUpperCase()} with ${String(length)} bytes after the fixed header (MQTT 3.1.1 allows exactly 2) [MQTT-4.8.0-1]`;
  if (cmd === 'disconnect' && length !== 0)
    return `DISCONNECT with ${String(length)} bytes after the fixed header (MQTT 3.1.1 allows none) [MQTT-4.8.0-1]`;
  return null;
}
