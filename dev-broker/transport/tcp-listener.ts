import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

import type { Logger } from '../platform/logger.ts';

import type { ConnectionSink } from './connection-sink.ts';
import { guard } from './guard.ts';

export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

/** Plain MQTT over TCP (spec §1.1). */
export async function listenTcp(
  core: ConnectionSink,
  log: Logger,
  host: string,
  port: number,
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(
    guard(
      log,
      'TCP connection',
      (socket: Socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
        socket.setNoDelay(true);
        core.handle(
          socket,
          'tcp',
          `${socket.remoteAddress ?? '?'}:${String(socket.remotePort ?? 0)}`,
        );
      },
      (socket) => socket.destroy(),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // e.g. EMFILE while accepting: the listener stays up
  server.on('error', (error) => log.error(`MQTT TCP listener: ${error.message}`));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
