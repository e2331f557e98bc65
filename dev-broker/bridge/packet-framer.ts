/** MQTT control packet types (high nibble of the first byte) the bridge acts on [MQTT-2.1.2]. */
export const PacketType = {
  CONNECT: 1,
  CONNACK: 2,
  PUBLISH: 3,
  PINGREQ: 12,
  PINGRESP: 13,
  DISCONNECT: 14,
} as const;

/** A whole packet as it came off the wire, and its type. */
export interface Frame {
  type: number;
  bytes: Buffer;
}

/** The bridge's own limit on one packet, either direction (ADR 0008). */
export const MAX_BRIDGED_PACKET = 16 * 1024 * 1024;

/**
 * Cuts a byte stream into whole MQTT packets by their fixed header (type and remaining length
 * [MQTT-2.2.3]) without decoding them, so the bridge can forward each packet byte for byte. A packet
 * that fits in one chunk is a view of that chunk (no copy); at most one partial packet is kept.
 */
export class PacketFramer {
  /** The start of an unfinished packet, in the chunks it came in (joined once it is whole). */
  #parts: Buffer[] = [];
  #partsLength = 0;
  /** Total size of the unfinished packet once its header is known; 0 while it is not. */
  #need = 0;

  /** @param limit the largest packet accepted, in bytes (changeable: CONNECT has a lower one) */
  constructor(public limit: number = MAX_BRIDGED_PACKET) {}

  /** Bytes held for a packet not yet complete. */
  get buffered(): number {
    return this.#partsLength;
  }

  /**
   * Appends `chunk` and returns every packet it completes, in order (and, as `whole`, their bytes in
   * one buffer), or why the stream is not MQTT (a malformed remaining length or a packet over the
   * limit); the framer is then unusable. A packet that arrives in many chunks is copied once.
   */
  push(chunk: Buffer): { ok: true; frames: Frame[]; whole: Buffer } | { ok: false; error: string } {
    if (this.#need > 0 && this.#partsLength + chunk.length < this.#need) {
      this.#parts.push(chunk);
      this.#partsLength += chunk.length;
      return { ok: true, frames: [], whole: EMPTY };
    }
    const data = this.#parts.length > 0 ? Buffer.concat([...this.#parts, chunk]) : chunk;
    this.#parts = [];
    this.#partsLength = 0;
    this.#need = 0;
    const frames: Frame[] = [];
    let at = 0;
    while (at < data.length) {
      const header = readHeader(data, at);
      if (header === null) break;
      if ('error' in header) return { ok: false, error: header.error };
      const total = header.headerBytes + header.remaining;
      if (total > this.limit)
        return {
          ok: false,
          error: `packet of ${String(total)} bytes is larger than the bridge's limit of ${String(this.limit)}`,
        };
      if (at + total > data.length) {
        this.#need = total;
        break;
      }
      frames.push({ type: header.type, bytes: data.subarray(at, at + total) });
      at += total;
    }
    if (at < data.length) {
      this.#parts = [Buffer.from(data.subarray(at))];
      this.#partsLength = data.length - at;
    }
    // `whole` is every complete packet of this push, back to back: one write forwards them all
    return { ok: true, frames, whole: at === data.length ? data : data.subarray(0, at) };
  }
}

const EMPTY = Buffer.alloc(0);

/** Reads the fixed header at `at`: type, length and remaining length; null while incomplete. */
function readHeader(
  data: Buffer,
  at: number,
): { type: number; headerBytes: number; remaining: number } | { error: string } | null {
  const first = data[at];
  if (first === undefined) return null;
  let remaining = 0;
  let multiplier = 1;
  // [MQTT-2.2.3] Remaining Length: 1 to 4 bytes, 7 bits each, least significant first
  for (let i = 1; i <= 4; i++) {
    const byte = data[at + i];
    if (byte === undefined) return null;
    remaining += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return { type: first >> 4, headerBytes: 1 + i, remaining };
    multiplier *= 128;
  }
  return { error: 'malformed remaining length (more than 4 bytes)' };
}
