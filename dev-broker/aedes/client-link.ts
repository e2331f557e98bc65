import type { Client } from 'aedes';
import mqttPacket from 'mqtt-packet';

import { DelayedSends, type DownlinkFault } from '../faults/downlink-faults.ts';
import type { SessionLink } from '../platform/device-session.ts';

const MAX_PACKET_ID = 65535;

export interface LinkOptions {
  transport: 'tcp' | 'ws';
  remoteAddress: string;
  protocolVersion: number;
  /** MQTT 5: the Maximum Packet Size the client announced in CONNECT (none: no limit). */
  maxPacketSize: number | undefined;
  /** Called for every PUBLISH written to the client (broker.info counters). */
  onPublishWritten: () => void;
  /** A packet was not sent because it exceeds the client's Maximum Packet Size; `why` says which. */
  onTooLarge: (why: string) => void;
  /** Fault injection (ADR 0011): the downlink rule firing for a PUBLISH to `topic`, if any. */
  downlinkFault?: (topic: string) => DownlinkFault | undefined;
  /** Bytes the connection may hold unsent before the client's requests stop being read. */
  maxUnsentBytes: number;
  /** Over `maxUnsentBytes` (true), or drained again (false): the AckQueue's read gate. */
  onBacklog: (blocked: boolean) => void;
}

/** Bytes of an MQTT variable byte integer. */
const varIntSize = (n: number): number => (n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4);

/**
 * SessionLink over one aedes client. Broker → device messages are written here directly with
 * mqtt-packet on the client's public `conn` (never routed through aedes: `authorizeForward` drops
 * everything, so aedes writes no PUBLISH of its own), so a message reaches exactly one connection,
 * and packet ids are ours: 1..65535, wrapping, never reusing an id still waiting for its PUBACK
 * (spec §13). The client's PUBACKs come back through `acknowledged` (puback-persistence.ts).
 *
 * Our packets are encoded at once and written together at the end of the tick (process.nextTick),
 * in order: the PUBACKs that one group commit releases leave in one socket write (one WebSocket
 * frame) per connection instead of one each. `close` writes what is queued first.
 *
 * A client that stops reading while it keeps sending requests would make us hold its responses
 * without bound: once the socket holds more than `maxUnsentBytes` unsent, the client is not read
 * until it drains (`onBacklog`); nothing is dropped, and its keepalive ends a client that never reads.
 */
export class AedesClientLink implements SessionLink {
  readonly #inflight = new Map<number, (acked: boolean) => void>();
  #queued: Buffer[] = [];
  readonly #delayed = new DelayedSends();
  #nextId = 1;
  #closed = false;
  #backlogged = false;
  readonly transport: 'tcp' | 'ws';
  readonly remoteAddress: string;
  readonly protocolVersion: number;
  readonly maxPacketSize: number | undefined;

  constructor(
    private readonly client: Client,
    private readonly options: LinkOptions,
  ) {
    this.transport = options.transport;
    this.remoteAddress = options.remoteAddress;
    this.protocolVersion = options.protocolVersion;
    this.maxPacketSize = options.protocolVersion === 5 ? options.maxPacketSize : undefined;
  }

  get clientId(): string {
    return this.client.id;
  }

  send(topic: string, payload: Buffer, qos: 0 | 1): Promise<boolean> {
    if (this.#closed || this.client.closed) return Promise.resolve(false);
    const fault = this.options.downlinkFault?.(topic);
    if (!fault) return this.#send(topic, payload, qos, 1);
    // fault injection (ADR 0011): lost on the wire (a QoS 1 message waits for a PUBACK that never
    // comes), sent late, or written twice (the second copy with DUP set)
    if (fault.kind === 'downlink.drop') return this.#send(topic, payload, qos, 0);
    if (fault.kind === 'downlink.delay')
      return this.#delayed.after(fault.ms, () => this.#send(topic, payload, qos, 1));
    return this.#send(topic, payload, qos, 2);
  }

  /** Writes the PUBLISH `copies` times (0: not at all, as if lost on the wire). */
  #send(topic: string, payload: Buffer, qos: 0 | 1, copies: 0 | 1 | 2): Promise<boolean> {
    if (this.#closed || this.client.closed) return Promise.resolve(false);
    const packet = { cmd: 'publish', topic, payload, qos, retain: false, dup: false } as const;
    if (qos === 0) {
      let written = copies === 0;
      for (let i = 0; i < copies; i++) written = this.#write({ ...packet, qos: 0 });
      if (written && copies > 0) this.options.onPublishWritten();
      return Promise.resolve(written);
    }
    const messageId = this.#allocateId();
    if (messageId === undefined) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.#inflight.set(messageId, resolve);
      if (copies === 0) return;
      if (!this.#write({ ...packet, qos: 1, messageId })) {
        this.#inflight.delete(messageId);
        resolve(false);
        return;
      }
      if (copies === 2) this.#write({ ...packet, qos: 1, messageId, dup: true });
      this.options.onPublishWritten();
    });
  }

  /** Whether a PUBLISH of `payloadBytes` to `topic` fits the client's Maximum Packet Size (MQTT 5). */
  publishFits(topic: string, payloadBytes: number, qos: 0 | 1): boolean {
    if (this.maxPacketSize === undefined) return true;
    // no properties: their length is one byte 0 on MQTT 5
    const body = 2 + Buffer.byteLength(topic) + (qos === 0 ? 0 : 2) + 1 + payloadBytes;
    return 1 + varIntSize(body) + body <= this.maxPacketSize;
  }

  /** Writes our own PUBACK (with an MQTT 5 reason code when given). */
  puback(messageId: number, v5ReasonCode?: number): void {
    const packet: mqttPacket.IPubackPacket = { cmd: 'puback', messageId };
    if (this.protocolVersion === 5 && v5ReasonCode !== undefined) packet.reasonCode = v5ReasonCode;
    this.#write(packet);
  }

  /** Called for every PUBACK the client sends. */
  acknowledged(messageId: number): void {
    const resolve = this.#inflight.get(messageId);
    if (!resolve) return;
    this.#inflight.delete(messageId);
    resolve(true);
  }

  close(v5ReasonCode?: number): void {
    this.#flush();
    if (this.protocolVersion === 5 && v5ReasonCode !== undefined && this.client.connected) {
      this.client.disconnect({ reasonCode: v5ReasonCode }, () => undefined);
    } else {
      this.client.close();
    }
  }

  /** The connection is gone: every message still waiting for its PUBACK resolves `false`. */
  closed(): void {
    this.#closed = true;
    this.#delayed.cancel();
    this.#queued = [];
    for (const resolve of this.#inflight.values()) resolve(false);
    this.#inflight.clear();
  }

  #allocateId(): number | undefined {
    for (let tries = 0; tries < MAX_PACKET_ID; tries++) {
      const id = this.#nextId;
      this.#nextId = id >= MAX_PACKET_ID ? 1 : id + 1;
      if (!this.#inflight.has(id)) return id;
    }
    return undefined;
  }

  #write(packet: mqttPacket.Packet): boolean {
    if (this.client.closed || this.client.conn.destroyed) return false;
    let bytes: Buffer;
    try {
      const version = this.protocolVersion === 5 ? 5 : this.protocolVersion === 3 ? 3 : 4;
      // whole packets only: over WebSocket every write is a frame (writeToStream writes 4–6 pieces)
      bytes = mqttPacket.generate(packet, { protocolVersion: version });
    } catch {
      return false;
    }
    // [MQTT-3.1.2-24]: never send a packet larger than the client's Maximum Packet Size; the packet
    // is discarded [MQTT-3.1.2-25] and the reason reported (an event)
    if (this.maxPacketSize !== undefined && bytes.length > this.maxPacketSize) {
      const what =
        packet.cmd === 'publish' ? `PUBLISH to ${packet.topic}` : packet.cmd.toUpperCase();
      this.options.onTooLarge(
        `${what} (${String(bytes.length)} bytes) not sent: the client's Maximum Packet Size is ${String(this.maxPacketSize)} bytes [MQTT-3.1.2-24]`,
      );
      return false;
    }
    if (this.#queued.push(bytes) === 1) process.nextTick(this.#flushLater);
    return true;
  }

  readonly #flushLater = (): void => {
    this.#flush();
  };

  #flush(): void {
    const queued = this.#queued;
    if (queued.length === 0) return;
    this.#queued = [];
    const conn = this.client.conn;
    if (this.client.closed || conn.destroyed) return;
    try {
      conn.write(queued.length === 1 && queued[0] ? queued[0] : Buffer.concat(queued));
    } catch {
      // The connection is going away; its 'close' settles what waits for a PUBACK.
      return;
    }
    if (this.#backlogged || conn.writableLength <= this.options.maxUnsentBytes) return;
    this.#backlogged = true;
    this.options.onBacklog(true);
    conn.once('drain', () => {
      this.#backlogged = false;
      this.options.onBacklog(false);
    });
  }

  /** Whether reading is held because the client has not read what we sent (`maxUnsentBytes`). */
  get backlogged(): boolean {
    return this.#backlogged;
  }
}
