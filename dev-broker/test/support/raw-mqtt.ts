import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import mqttPacket from 'mqtt-packet';

/** One end of a raw MQTT connection: every byte and packet received, and a typed writer. */
export interface RawPeer {
  /** A TCP socket, or a WebSocket's stream. */
  socket: Duplex;
  /** Every byte received, in order. */
  received(): Buffer;
  packets: mqttPacket.Packet[];
  /** Resolves with the next (or an already received, not yet taken) packet of `cmd`. */
  next(cmd: mqttPacket.Packet['cmd'], timeoutMs?: number): Promise<mqttPacket.Packet>;
  /** Encodes and writes `packet`; returns the bytes written. */
  send(packet: mqttPacket.Packet): Buffer;
  closed: Promise<void>;
  isClosed(): boolean;
}

/** Wraps a socket that speaks MQTT `version` (packets are parsed as they arrive). */
export function rawPeer(socket: Duplex, version: 4 | 5): RawPeer {
  const chunks: Buffer[] = [];
  const packets: mqttPacket.Packet[] = [];
  const taken = new Set<mqttPacket.Packet>();
  const waiters: { cmd: string; resolve: (p: mqttPacket.Packet) => void }[] = [];
  const parser = mqttPacket.parser({ protocolVersion: version });
  let isClosed = false;
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      resolve();
    }),
  );
  socket.on('error', () => undefined);
  parser.on('packet', (p: mqttPacket.Packet) => {
    packets.push(p);
    const w = waiters.find((x) => x.cmd === p.cmd);
    if (w) {
      waiters.splice(waiters.indexOf(w), 1);
      taken.add(p);
      w.resolve(p);
    }
  });
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    parser.parse(chunk);
  });
  return {
    socket,
    received: () => Buffer.concat(chunks),
    packets,
    next(cmd, timeoutMs = 5000) {
      const ready = packets.find((p) => p.cmd === cmd && !taken.has(p));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no ${cmd} within ${String(timeoutMs)} ms`));
        }, timeoutMs);
        waiters.push({
          cmd,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    send(packet) {
      const bytes = mqttPacket.generate(packet, { protocolVersion: version });
      socket.write(bytes);
      return bytes;
    },
    closed,
    isClosed: () => isClosed,
  };
}

/** A TCP client socket to `port`, once connected. */
export function rawClient(port: number, version: 4 | 5): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.off('error', reject);
      resolve(rawPeer(socket, version));
    });
    socket.once('error', reject);
  });
}

/** A scripted "hub": a TCP server on a free port whose connections the test answers by hand. */
export interface ScriptedHub {
  url: string;
  port: number;
  /** Resolves with the next accepted connection (or one accepted and not yet taken). */
  accept(version?: 4 | 5): Promise<RawPeer>;
  close(): Promise<void>;
}

export async function startScriptedHub(): Promise<ScriptedHub> {
  const pending: Socket[] = [];
  const waiting: ((s: Socket) => void)[] = [];
  const all = new Set<Socket>();
  const server: Server = createServer((socket) => {
    all.add(socket);
    const w = waiting.shift();
    if (w) w(socket);
    else pending.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${String(port)}`,
    port,
    async accept(version = 4) {
      const socket = pending.shift() ?? (await new Promise<Socket>((r) => waiting.push(r)));
      return rawPeer(socket, version);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of all) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, read back and released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
