import type { PacketLogEntry } from '@/session/packet-log-store.ts';

const encoder = new TextEncoder();
const HEX = /^<\d+ bytes: ([0-9a-f ]*)>$/;

/**
 * The bytes of a logged PUBLISH payload, for decoding (Protobuf, device-api.md §2.3): text payloads were valid
 * UTF-8, so encoding the text gives the bytes back; binary ones are read from their hex. Null when the log
 * kept only part of the payload.
 */
export function loggedBytes(entry: PacketLogEntry): Uint8Array | null {
  if (entry.kind !== 'publish' || entry.payloadText === null || entry.truncated) return null;
  if (!entry.binary) return encoder.encode(entry.payloadText);
  const hex = HEX.exec(entry.payloadText)?.[1];
  if (hex === undefined) return null;
  const pairs = hex.split(' ').filter((p) => p !== '');
  return Uint8Array.from(pairs, (p) => parseInt(p, 16));
}
