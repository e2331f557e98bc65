import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';

import { Aedes, type AedesOptions, type Client } from 'aedes';
import mqttPacket from 'mqtt-packet';
import { afterEach } from 'vitest';

import { openRaw, type RawConnection } from './raw-socket.ts';

/** A bare aedes (the installed version, nothing of the dev broker) on a free TCP port. */
export interface RawAedes {
  broker: Aedes;
  port: number;
  /** aedes' client objects, in connection order. */
  clients: Client[];
  close(): Promise<void>;
}

export async function startRawAedes(
  options: AedesOptions,
  onClient?: (client: Client) => void,
): Promise<RawAedes> {
  const broker = await Aedes.createBroker({ heartbeatInterval: 60_000, ...options });
  const clients: Client[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const client = broker.handle(socket);
    clients.push(client);
    onClient?.(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    broker,
    port,
    clients,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts bare aedes brokers inside tests; each is closed after its test (vitest afterEach). */
export function rawAedesPerTest(): typeof startRawAedes {
  const started: RawAedes[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((aedes) => aedes.close()));
  });
  return async (options, onClient) => {
    const aedes = await startRawAedes(options, onClient);
    started.push(aedes);
    return aedes;
  };
}

/** A client speaking MQTT bytes built with mqtt-packet, reading back what the broker wrote. */
export interface MqttPeer {
  conn: RawConnection;
  /** Sends the packets in one socket write. */
  send(...packets: mqttPacket.Packet[]): void;
  /** Every packet received so far, decoded. */
  packets(): mqttPacket.Packet[];
  /** Resolves once `count` packets of `cmd` have arrived (true), or false after `ms`. */
  waitFor(cmd: mqttPacket.Packet['cmd'], count?: number, ms?: number): Promise<boolean>;
}

export async function openPeer(port: number, protocolVersion: 4 | 5): Promise<MqttPeer> {
  const conn = await openRaw(port);
  const packets = () => {
    const out: mqttPacket.Packet[] = [];
    const parser = mqttPacket.parser({ protocolVersion });
    parser.on('packet', (p: mqttPacket.Packet) => out.push(p));
    parser.parse(conn.received());
    return out;
  };
  const count = (cmd: string) => packets().filter((p) => p.cmd === cmd).length;
  return {
    conn,
    send: (...list) => {
      conn.write(Buffer.concat(list.map((p) => mqttPacket.generate(p, { protocolVersion }))));
    },
    packets,
    waitFor: (cmd, n = 1, ms = 5000) => conn.waitFor(() => count(cmd) >= n, ms),
  };
}

/** A CONNECT for `peer`'s protocol version; `extra` overrides any field. */
export function connectPacket(
  protocolVersion: 4 | 5,
  extra: Partial<mqttPacket.IConnectPacket> = {},
): mqttPacket.IConnectPacket {
  return {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion,
    clientId: 'contract',
    clean: true,
    keepalive: 0,
    ...extra,
  };
}

/** Opens a peer and completes CONNECT/CONNACK. */
export async function connectedPeer(
  port: number,
  protocolVersion: 4 | 5,
  extra: Partial<mqttPacket.IConnectPacket> = {},
): Promise<MqttPeer> {
  const peer = await openPeer(port, protocolVersion);
  peer.send(connectPacket(protocolVersion, extra));
  if (!(await peer.waitFor('connack'))) throw new Error('no CONNACK from aedes');
  return peer;
}

/** Waits until `check` holds, polling each 10 ms; false after `ms`. */
export async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/** What a contract suite runs against, for its title. */
export const installedVersions = (): string =>
  `aedes ${installedVersion('aedes')}, mqtt-packet ${installedVersion('mqtt-packet')}`;

/** The installed version of a package (whose `exports` may hide its package.json). */
export function installedVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
