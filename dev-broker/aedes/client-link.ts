import mqttPacket from 'mqtt-packet';

import type { SessionLink } from '../platform/device-session.ts';

import type { AedesClientInternals } from './aedes-internals.ts';

const MAX_PACKET_ID = 65535;

/**
 * SessionLink over one aedes client. Broker → device messages are written here directly with
 * mqtt-packet (never routed through aedes), so a message reaches exactly one connection, and packet
 * ids are ours: 1..65535, wrapping, never reusing an id still waiting for its PUBACK (spec §13).
 *
 * Our packets are encoded at once and written together at the end of the tick (process.nextTick),
 * in order: the PUBACKs that one group commit releases leave in one socket write (one WebSocket
 * frame) per connection instead of one each. `close` writes what is queued first.
 */
export class AedesClientLink implements SessionLink {
  readonly #inflight = new Map<number, (acked: boolean) => void>();
  #queued: Buffer[] = [];
  #nextId = 1;
  #closed = false;

  constructor(
    private readonly client: AedesClientInternals,
    readonly transport: 'tcp' | 'ws',
    readonly remoteAddress: string,
    readonly protocolVersion: number,
    /** Called for every PUBLISH written to the client (broker.info counters). */
    private readonly onPublishWritten: () => void = () => undefined,
  ) {}

  get clientId(): string {
    return this.client.id;
  }

  send(topic: string, payload: Buffer, qos: 0 | 1): Promise<boolean> {
    if (this.#closed || this.client.closed) return Promise.resolve(false);
    if (qos === 0) {
      const written = this.#write({
        cmd: 'publish',
        topic,
        payload,
        qos: 0,
        retain: false,
        dup: false,
      });
      if (written) this.onPublishWritten();
      return Promise.resolve(written);
    }
    const messageId = this.#allocateId();
    if (messageId === undefined) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.#inflight.set(messageId, resolve);
      if (
        !this.#write({
          cmd: 'publish',
          topic,
          payload,
          qos: 1,
          retain: false,
          dup: false,
          messageId,
        })
      ) {
        this.#inflight.delete(messageId);
        resolve(false);
        return;
      }
      this.onPublishWritten();
    });
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
      conn.write(queued.length === 1 ? queued[0] : Buffer.concat(queued));
    } catch {
      // The connection is going away; its 'close' settles what waits for a PUBACK.
    }
  }
}
