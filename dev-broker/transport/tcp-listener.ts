import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

import type { ConnectionSink } from './connection-sink.ts';

export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

/** Plain MQTT over TCP (spec §1.1). */
export async function listenTcp(
  core: ConnectionSink,
  host: string,
  port: number,
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
    core.handle(socket, 'tcp', `${socket.remoteAddress ?? '?'}:${String(socket.remotePort ?? 0)}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
