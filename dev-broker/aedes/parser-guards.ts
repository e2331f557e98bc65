import { isUtf8 } from 'node:buffer';

/**
 * The parts of an mqtt-packet 9.0.2 parser (pinned exactly in package.json) that the guards below
 * wrap. `_list` holds the bytes of the packet being parsed; when `_parsePayload` runs with the whole
 * packet present, `_list[0 .. packet.length)` is its variable header and payload.
 */
interface ParserInternals {
  packet: { cmd: string; length: number };
  settings: { protocolVersion?: number };
  error: Error | null;
  _pos: number;
  _list: {
    length: number;
    readUInt8(offset: number): number;
    readUInt16BE(offset: number): number;
    slice(start: number, end: number): Buffer;
  };
  _parseString(maybeBuffer?: boolean): string | null;
  _parsePayload(): boolean;
  _emitError(error: Error): void;
}

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
 * Makes one connection's parser apply the MUST-close rules mqtt-packet lets through:
 * - every UTF-8 string (topics, filters, will topic, client id, username, properties) must be
 *   well-formed UTF-8 [MQTT-1.5.3-1] (v5: [MQTT-1.5.4-1]) without U+0000 [MQTT-1.5.3-2];
 * - MQTT 3.1.1: PUBACK, PUBREC, PUBREL and PUBCOMP have exactly 2 bytes after the fixed header,
 *   DISCONNECT none; PINGREQ never has any (a protocol violation closes: [MQTT-4.8.0-1]);
 * - a CONNECT protocol level other than 3, 4, 5 gets its CONNACK 0x01 (see the hook).
 * A violation fails the parser with a ProtocolViolation; aedes then closes the connection and the
 * packet is never handled (no PUBACK, no SUBACK).
 *
 * Why strings are checked here: mqtt-packet decodes them with `toString('utf8')`, which turns every
 * ill-formed sequence into U+FFFD, so the decoded text alone cannot tell "\xFF" from a real U+FFFD.
 * The converse is sound: a decoded string without U+FFFD came from well-formed bytes (each
 * ill-formed sequence yields at least one U+FFFD). So only a string that contains U+FFFD has its
 * raw bytes, still in the parser's buffer at that point, checked with `isUtf8` (which also refuses
 * surrogates and overlong forms). U+0000 decodes as itself and is checked on the text.
 */
export function guardParser(parser: object, hooks: ParserGuardHooks): void {
  const p = parser as ParserInternals;
  const parseString = p._parseString.bind(p);
  const parsePayload = p._parsePayload.bind(p);

  p._parseString = (maybeBuffer) => {
    const start = p._pos + 2; // after the 2-byte length
    const text = parseString(maybeBuffer);
    if (text === null) return null;
    const problem = text.includes('\u0000')
      ? 'contains U+0000 [MQTT-1.5.3-2]'
      : text.includes('\uFFFD') && !isUtf8(p._list.slice(start, p._pos))
        ? 'is not well-formed UTF-8 [MQTT-1.5.3-1]'
        : null;
    if (!problem) return text;
    p._emitError(new ProtocolViolation(`a string in ${p.packet.cmd.toUpperCase()} ${problem}`));
    return null; // the caller fails the packet too; the first error is the one reported
  };

  p._parsePayload = () => {
    const { cmd, length } = p.packet;
    const complete = length === 0 || p._list.length >= length;
    if (!complete) return parsePayload();
    if (cmd === 'connect') {
      const level = protocolLevel(p, length);
      if (level !== undefined && level !== 3 && level !== 4 && level !== 5) {
        // stop this parse without an 'error' (aedes would drop the connection before the CONNACK)
        p.error = new ProtocolViolation(`unsupported protocol level ${String(level)}`);
        hooks.unsupportedLevel(level);
        return false;
      }
    }
    const extra = unexpectedLength(cmd, length, p.settings.protocolVersion === 5);
    if (extra) {
      p._emitError(new ProtocolViolation(extra));
      return false;
    }
    return parsePayload();
  };
}

/** The protocol level byte of a complete CONNECT, when its protocol name is there to skip. */
function protocolLevel(p: ParserInternals, length: number): number | undefined {
  if (length < 3) return undefined;
  const at = 2 + p._list.readUInt16BE(0);
  return at < length ? p._list.readUInt8(at) : undefined;
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
