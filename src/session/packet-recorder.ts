import { MAX_PAYLOAD_TEXT } from './packet-log-store.ts';
import type { NewPacketLogEntry, PacketKind, PacketLogStore } from './packet-log-store.ts';
import type { WirePacket } from './transport.ts';

const KINDS: ReadonlySet<string> = new Set<PacketKind>([
  'connect',
  'connack',
  'publish',
  'puback',
  'pubrec',
  'pubrel',
  'pubcomp',
  'subscribe',
  'suback',
  'unsubscribe',
  'unsuback',
  'pingreq',
  'pingresp',
  'disconnect',
  'auth',
  'close',
]);

/** Which request packet an ack answers, for the latency. */
const ANSWERS: Readonly<Partial<Record<PacketKind, PacketKind>>> = {
  puback: 'publish',
  pubrec: 'publish',
  suback: 'subscribe',
  unsuback: 'unsubscribe',
  connack: 'connect',
  pingresp: 'pingreq',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Binary payloads keep their first 1 KiB as hex (about 3 KiB of text), enough to decode most Protobuf messages. */
const MAX_BINARY_SHOWN = 1024;

function hexPreview(bytes: Uint8Array): string {
  const shown = bytes.subarray(0, MAX_BINARY_SHOWN);
  const hex = Array.from(shown, (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `<${bytes.length} bytes: ${hex}${bytes.length > shown.length ? ' …' : ''}>`;
}

/** Payload as log text: UTF-8 when it decodes, hex and size when it does not; cut to a bounded length. */
export function describePayload(payload: Uint8Array | string | undefined): {
  text: string | null;
  binary: boolean;
  truncated: boolean;
  size: number;
} {
  if (payload === undefined) return { text: null, binary: false, truncated: false, size: 0 };
  const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : utf8.decode(payload);
  } catch {
    return {
      text: hexPreview(bytes),
      binary: true,
      truncated: bytes.length > MAX_BINARY_SHOWN,
      size: bytes.length,
    };
  }
  const truncated = text.length > MAX_PAYLOAD_TEXT;
  return {
    text: truncated ? text.slice(0, MAX_PAYLOAD_TEXT) : text,
    binary: false,
    truncated,
    size: bytes.length,
  };
}

function codesOf(packet: WirePacket): number[] {
  if (packet.granted !== undefined) {
    return packet.granted.map((g) => (typeof g === 'number' ? g : g.qos));
  }
  if (packet.reasonCodes !== undefined) return [...packet.reasonCodes];
  const code = packet.reasonCode ?? packet.returnCode;
  return code === undefined ? [] : [code];
}

function filtersOf(packet: WirePacket): string[] {
  if (packet.subscriptions !== undefined) return packet.subscriptions.map((s) => s.topic);
  return packet.unsubscriptions === undefined ? [] : [...packet.unsubscriptions];
}

/**
 * Turns the packets of one connection into log entries and measures ack latency by packet id.
 * Create one per connection attempt: packet ids are per connection.
 */
export function createPacketRecorder(
  log: PacketLogStore,
  now: () => number = performance.now.bind(performance),
) {
  const sentAt = new Map<string, number>();
  const keyOf = (kind: PacketKind, messageId: number | undefined) =>
    `${kind}:${String(messageId ?? 0)}`;

  function latency(kind: PacketKind, messageId: number | undefined, at: number): number | null {
    const request = ANSWERS[kind];
    if (request === undefined) return null;
    const key = keyOf(
      request,
      request === 'connect' || request === 'pingreq' ? undefined : messageId,
    );
    const started = sentAt.get(key);
    if (started === undefined) return null;
    sentAt.delete(key);
    return Math.round((at - started) * 10) / 10;
  }

  return {
    record(direction: 'in' | 'out', packet: WirePacket): void {
      if (!KINDS.has(packet.cmd)) return;
      const kind = packet.cmd as PacketKind;
      const at = now();
      const awaitsAck =
        kind === 'connect' ||
        kind === 'pingreq' ||
        kind === 'subscribe' ||
        kind === 'unsubscribe' ||
        (kind === 'publish' && (packet.qos ?? 0) > 0);
      // Only our own requests are timed; the broker's publishes are acked by us.
      if (direction === 'out' && awaitsAck) {
        const id = kind === 'connect' || kind === 'pingreq' ? undefined : packet.messageId;
        sentAt.set(keyOf(kind, id), at);
      }
      const payload = kind === 'publish' ? describePayload(packet.payload) : null;
      const entry: NewPacketLogEntry = {
        time: Date.now(),
        direction,
        kind,
        topic: packet.topic ?? null,
        payloadText: payload?.text ?? null,
        binary: payload?.binary ?? false,
        truncated: payload?.truncated ?? false,
        qos: kind === 'publish' ? (packet.qos ?? 0) : null,
        messageId: packet.messageId ?? null,
        size: payload?.size ?? packet.length ?? 0,
        latencyMs: direction === 'in' ? latency(kind, packet.messageId, at) : null,
        codes: codesOf(packet),
        filters: filtersOf(packet),
      };
      log.append(entry);
    },
    /** Logs the socket closing (not a packet, but what the user needs to see next to the last publish). */
    recordClose(reason: string): void {
      log.append({
        time: Date.now(),
        direction: 'in',
        kind: 'close',
        topic: null,
        payloadText: reason,
        binary: false,
        truncated: false,
        qos: null,
        messageId: null,
        size: 0,
        latencyMs: null,
        codes: [],
        filters: [],
      });
    },
  };
}

export type PacketRecorder = ReturnType<typeof createPacketRecorder>;
