import { EventEmitter } from 'node:events';

import type { Client, PublishPacket, Subscription } from 'aedes';
import type mqttPacket from 'mqtt-packet';

/**
 * The only module that reaches past the public API of aedes 2.0.0-beta.1 and mqtt-packet 9.0.2
 * (both pinned exactly in package.json). Each export is one touchpoint, named as in ADR 0009 and in
 * the contract suite `dev-broker/test/aedes-contract.test.ts`, which fails with that name when an
 * upgrade changes what the touchpoint relies on. Everything else in `dev-broker/aedes/` uses
 * public hooks, options, events and typed client fields only.
 */
export const TOUCHPOINT = {
  parserTap: 'parser-tap',
  ackTakeover: '_notAuthorized',
  grantedCode: 'granted-code',
  stopReading: 'pause',
  parserSteps: 'parser-steps',
} as const;

/** A touchpoint is no longer there: thrown at once, naming it, instead of misbehaving later. */
export class AedesTouchpointError extends Error {
  override readonly name = 'AedesTouchpointError';
  constructor(touchpoint: string, what: string) {
    super(`aedes touchpoint ${touchpoint}: ${what} (see docs/adr/0009-aedes-coupling.md)`);
  }
}

/** mqtt-packet's parser of one connection: aedes keeps it as `client._parser`. */
function parserOf(client: Client, touchpoint: string): EventEmitter {
  const parser = (client as Client & { _parser?: unknown })._parser;
  if (!(parser instanceof EventEmitter))
    throw new AedesTouchpointError(
      touchpoint,
      'aedes clients no longer keep their parser as _parser',
    );
  return parser as EventEmitter;
}

/**
 * parser-tap: `listener` sees every packet parsed from `client`'s connection before aedes handles
 * it (a prepended 'packet' listener), and may adjust it. Used for SUBSCRIBE only: the granted QoS
 * and refusal codes must be on the packet before aedes copies them for its SUBACK.
 */
export function tapPackets(client: Client, listener: (packet: mqttPacket.Packet) => void): void {
  parserOf(client, TOUCHPOINT.parserTap).prependListener('packet', listener);
}

/**
 * _notAuthorized: aedes neither writes its PUBACK (PUBREC for QoS 2) nor routes a publish flagged
 * like this once `authorizePublish` has called back. The adapter acknowledges QoS 0/1 publishes
 * itself: after the durable commit, in arrival order, with MQTT 5 reason codes.
 */
export function takeOverAcknowledgement(packet: PublishPacket): void {
  (packet as PublishPacket & { _notAuthorized?: boolean })._notAuthorized = true;
}

/** A filter nothing is ever published to (authorizeForward drops everything anyway). */
export const REFUSED_SINK = '$iothub/refused';

/**
 * granted-code: aedes' SUBACK code for a subscription is the `qos` on the SUBSCRIBE packet before
 * `authorizeSubscribe` runs, unless the hook answers null (then 0x80; MQTT 5: 0x87). A refused MQTT
 * 5 subscription whose code the tap set to 0x8F is therefore answered with this parked subscription,
 * not null, so the SUBACK keeps 0x8F.
 */
export function refusalKeepingCode(sub: Subscription): Subscription {
  return { ...sub, topic: REFUSED_SINK, qos: 0 };
}

/** pause: aedes reads nothing more from `client`'s connection (its read loop returns at once). */
export function stopReading(client: Client): void {
  const pause = (client as Client & { pause?: unknown }).pause;
  if (typeof pause !== 'function')
    throw new AedesTouchpointError(TOUCHPOINT.stopReading, 'aedes clients no longer have pause()');
  (pause as () => void).call(client);
}

/** The parser's buffer: the variable header and payload of the packet start at offset 0. */
export interface PacketBody {
  readUInt8(offset: number): number;
  readUInt16BE(offset: number): number;
}

/** What to do with a complete packet: decode it, fail the parser ('error'), or stop silently. */
export type PacketVerdict = { fail: Error } | { stop: Error } | null;

export interface ParserChecks {
  /**
   * A string mqtt-packet just decoded (topic, filter, client id, property, …); `raw()` returns its
   * bytes as received. An Error fails the packet: the parser emits it and aedes closes.
   */
  string(text: string, raw: () => Buffer, cmd: string): Error | null;
  /**
   * A packet whose `length` bytes after the fixed header have all arrived, before mqtt-packet
   * decodes it. `stop` ends parsing without an 'error' event (the caller answers the peer itself).
   */
  packet(cmd: string, length: number, body: PacketBody, v5: boolean): PacketVerdict;
}

/** The mqtt-packet 9.0.2 parser fields parser-steps reads and the methods it wraps. */
interface ParserInternals {
  packet: { cmd: string; length: number };
  settings: { protocolVersion?: number };
  error: Error | null;
  _pos: number;
  _list: PacketBody & { length: number; slice(start: number, end: number): Buffer };
  _parseString(maybeBuffer?: boolean): string | null;
  _parsePayload(): boolean;
  _emitError(error: Error): void;
}

/**
 * parser-steps: runs `checks` inside `client`'s mqtt-packet parser — on every decoded string (with
 * its raw bytes still in the parser's buffer) and on every complete packet before it is decoded —
 * by wrapping the parser's `_parseString` and `_parsePayload`.
 */
export function checkParser(client: Client, checks: ParserChecks): void {
  const p = parserOf(client, TOUCHPOINT.parserSteps) as unknown as ParserInternals;
  for (const method of ['_parseString', '_parsePayload', '_emitError'] as const) {
    if (typeof p[method] !== 'function')
      throw new AedesTouchpointError(TOUCHPOINT.parserSteps, `mqtt-packet has no ${method}()`);
  }
  const parseString = p._parseString.bind(p);
  const parsePayload = p._parsePayload.bind(p);

  p._parseString = (maybeBuffer) => {
    const start = p._pos + 2; // after the 2-byte length
    const text = parseString(maybeBuffer);
    if (text === null) return null;
    const problem = checks.string(text, () => p._list.slice(start, p._pos), p.packet.cmd);
    if (!problem) return text;
    p._emitError(problem);
    return null; // the caller fails the packet too; the first error is the one reported
  };

  p._parsePayload = () => {
    const { cmd, length } = p.packet;
    // still waiting for bytes: nothing to check yet
    if (length !== 0 && p._list.length < length) return parsePayload();
    const verdict = checks.packet(cmd, length, p._list, p.settings.protocolVersion === 5);
    if (verdict === null) return parsePayload();
    if ('fail' in verdict) p._emitError(verdict.fail);
    else p.error = verdict.stop; // ends this parse without an 'error' event
    return false;
  };
}
