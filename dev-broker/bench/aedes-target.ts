import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';

import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

import { listenLocal, type BenchTarget } from './bench-target.ts';

/**
 * A vanilla aedes broker (same version as the dev broker's) with default options: no
 * authentication, no hooks, in-memory persistence. TCP is `net.createServer(broker.handle)`; WS
 * is http + `ws` + createWebSocketStream → broker.handle. Like the dev broker's TCP listener,
 * sockets get TCP_NODELAY, so both sides write PUBACKs the same way.
 */
export async function startAedesTarget(): Promise<BenchTarget> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const tcp = createTcpServer((socket) => {
    track(socket);
    socket.setNoDelay(true);
    broker.handle(socket);
  });
  const http = createHttpServer((_req, res) => res.writeHead(404).end());
  http.on('connection', track);
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws, req) => {
    const stream = createWebSocketStream(ws);
    stream.on('error', () => stream.destroy());
    broker.handle(stream, req);
  });
  const [tcpPort, httpPort] = await Promise.all([listenLocal(tcp), listenLocal(http)]);
  let closing: Promise<void> | undefined;
  return {
    name: 'aedes',
    tcpUrl: `mqtt://127.0.0.1:${String(tcpPort)}`,
    wsUrl: `ws://127.0.0.1:${String(httpPort)}`,
    publishers: (count) =>
      Array.from({ length: count }, (_, i) => ({ clientId: `bench-aedes-${String(i + 1)}` })),
    verify: () => null,
    details: () => ({ aedes: 'default options, in-memory persistence' }),
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.terminate();
        for (const socket of sockets) socket.destroy();
        await Promise.all([
          new Promise<void>((resolve) =>
            tcp.close(() => {
              resolve();
            }),
          ),
          new Promise<void>((resolve) => {
            wss.close(() => {
              resolve();
            });
          }),
          new Promise<void>((resolve) =>
            http.close(() => {
              resolve();
            }),
          ),
        ]);
        await new Promise<void>((resolve) => {
          broker.close(() => {
            resolve();
          });
        });
      })();
      return closing;
    },
  };
}
