import { connect as tcpConnect } from 'node:net';
import type { Duplex } from 'node:stream';

import mqttPacket, { type Packet } from 'mqtt-packet';
import WebSocket, { createWebSocketStream } from 'ws';

/** How one QoS 1 publish ended: the PUBACK's reason code and the time from write to PUBACK. */
export interface Ack {
  reasonCode: number;
  ms: number;
}

export interface RawDeviceOptions {
  /** `mqtt://host:port` or `ws://host:port/mqtt`. */
  url: string;
  username?: string;
  password?: string;
  clientId?: string;
  version?: 4 | 5;
  connectTimeoutMs?: number;
}

/** Opens the byte stream of `url`: a TCP socket, or a WebSocket (subprotocol `mqtt`) as a stream. */
export async function openStream(url: string): Promise<Duplex> {
  const parsed = new URL(url);
  if (parsed.protocol === 'mqtt:') {
    const socket = tcpConnect(Number(parsed.port), parsed.hostname);
    socket.setNoDelay(true);
    await new Promise<void>((ready, fail) => {
      socket.once('connect', ready);
      socket.once('error', fail);
    });
    return socket;
  }
  const ws = new WebSocket(url, 'mqtt');
  await new Promise<void>((ready, fail) => {
    ws.once('open', ready);
    ws.once('error', fail);
  });
  const stream = createWebSocketStream(ws);
  // the stream is created with emitClose: false; its users wait for 'close' as on a socket
  ws.once('close', () => stream.emit('close'));
  return stream;
}

/**
 * A device speaking MQTT over a raw stream with mqtt-packet: light enough to run a thousand of them
 * in one process, and exact about what went on the wire (packet ids, PUBACK reason codes, latency).
 * Never reconnects. Failed writes and a closed connection reject every pending publish.
 */
export class RawDevice {
  readonly messages: { topic: string; payload: Buffer }[] = [];
  /** The reason code of a DISCONNECT the broker sent (MQTT 5), if any. */
  disconnectReason: number | null = null;
  readonly closed: Promise<void>;
  #nextId = 1;
  readonly #pending = new Map<
    number,
    { at: number; done: (ack: Ack) => void; fail: (e: Error) => void }
  >();
  readonly #subacks = new Map<number, (granted: number[]) => void>();
  readonly #watchers = new Set<() => void>();
  #isClosed = false;

  private constructor(
    private readonly stream: Duplex,
    readonly version: 4 | 5,
  ) {
    this.closed = new Promise((resolve) => stream.once('close', resolve));
    void this.closed.then(() => {
      this.#isClosed = true;
      for (const p of this.#pending.values()) p.fail(new Error('connection closed'));
      this.#pending.clear();
      this.#notify();
    });
    stream.on('error', () => undefined);
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }
  get inFlight(): number {
    return this.#pending.size;
  }

  /** Connects; resolves once CONNACK 0 arrived, rejects with the CONNACK code or the close. */
  static async connect(options: RawDeviceOptions): Promise<RawDevice> {
    const version = options.version ?? 4;
    const device = new RawDevice(await openStream(options.url), version);
    const connack = new Promise<number>((resolve, reject) => {
      device.#onConnack = resolve;
      void device.closed.then(() => reject(new Error('closed before CONNACK')));
      setTimeout(
        () => reject(new Error('no CONNACK in time')),
        options.connectTimeoutMs ?? 10_000,
      ).unref();
    });
    device.#listen();
    device.write({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: version,
      clean: true,
      keepalive: 0,
      clientId: options.clientId ?? '',
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: Buffer.from(options.password) }),
    });
    const code = await connack.catch((error: unknown) => {
      device.destroy();
      throw error;
    });
    if (code !== 0) {
      device.destroy();
      throw Object.assign(new Error(`CONNACK ${String(code)}`), { code });
    }
    return device;
  }

  #onConnack: (code: number) => void = () => undefined;

  #listen(): void {
    const parser = mqttPacket.parser({ protocolVersion: this.version });
    parser.on('packet', (packet: Packet) => this.#receive(packet));
    parser.on('error', () => this.destroy());
    this.stream.on('data', (chunk: Buffer) => parser.parse(chunk));
  }

  #receive(packet: Packet): void {
    switch (packet.cmd) {
      case 'connack':
        this.#onConnack(this.version === 5 ? (packet.reasonCode ?? 0) : (packet.returnCode ?? 0));
        return;
      case 'puback': {
        const pending = this.#pending.get(packet.messageId ?? -1);
        if (!pending) return;
        this.#pending.delete(packet.messageId ?? -1);
        pending.done({ reasonCode: packet.reasonCode ?? 0, ms: performance.now() - pending.at });
        return;
      }
      case 'suback':
        this.#subacks.get(packet.messageId ?? -1)?.(packet.granted as number[]);
        return;
      case 'publish':
        this.messages.push({ topic: packet.topic, payload: Buffer.from(packet.payload) });
        if (packet.qos === 1) this.write({ cmd: 'puback', messageId: packet.messageId ?? 0 });
        this.#notify();
        return;
      case 'disconnect':
        this.disconnectReason = packet.reasonCode ?? 0;
        return;
      default:
        return;
    }
  }

  write(packet: Packet): void {
    if (!this.#isClosed)
      this.stream.write(mqttPacket.generate(packet, { protocolVersion: this.version }));
  }

  /** Writes raw bytes (for malformed frames). */
  writeBytes(bytes: Buffer): void {
    if (!this.#isClosed) this.stream.write(bytes);
  }

  #id(): number {
    for (;;) {
      const id = this.#nextId;
      this.#nextId = id === 65_535 ? 1 : id + 1;
      if (!this.#pending.has(id) && !this.#subacks.has(id)) return id;
    }
  }

  /** QoS 1 publish: resolves with the PUBACK; rejects if the connection closes first. */
  publish(topic: string, payload: string | Buffer): Promise<Ack> {
    if (this.#isClosed) return Promise.reject(new Error('connection closed'));
    const messageId = this.#id();
    return new Promise<Ack>((done, fail) => {
      this.#pending.set(messageId, { at: performance.now(), done, fail });
      this.write({ cmd: 'publish', topic, payload, qos: 1, messageId, retain: false, dup: false });
    });
  }

  /** QoS 0 publish (no answer). */
  publish0(topic: string, payload: string | Buffer): void {
    this.write({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false });
  }

  subscribe(topics: string[]): Promise<number[]> {
    const messageId = this.#id();
    return new Promise((resolve, reject) => {
      this.#subacks.set(messageId, (granted) => {
        this.#subacks.delete(messageId);
        resolve(granted);
      });
      void this.closed.then(() => reject(new Error('closed before SUBACK')));
      this.write({
        cmd: 'subscribe',
        messageId,
        subscriptions: topics.map((topic) => ({ topic, qos: 1 })),
      });
    });
  }

  /** Resolves with the first received message matching `match`, or rejects after `ms`. */
  waitForMessage(
    match: (m: { topic: string; payload: Buffer }) => boolean,
    ms = 10_000,
  ): Promise<{ topic: string; payload: Buffer }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(match);
        if (!found) return;
        this.#watchers.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#watchers.delete(check);
        reject(new Error(`no matching message within ${String(ms)} ms`));
      }, ms);
      this.#watchers.add(check);
      check();
    });
  }

  #notify(): void {
    for (const watcher of [...this.#watchers]) watcher();
  }

  /** DISCONNECT, then end the stream. */
  async end(): Promise<void> {
    this.write({ cmd: 'disconnect' });
    this.stream.end();
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, 2000))]);
    this.destroy();
  }

  destroy(): void {
    this.stream.destroy();
  }
}
