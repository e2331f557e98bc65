import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { WebSocketServer, createWebSocketStream } from 'ws';

import type { BrokerCore } from '../aedes/aedes-adapter.ts';

import type { HttpApiHandler } from './http-api.ts';
import { serveStatic } from './static-files.ts';
import type { Listener } from './tcp-listener.ts';

/**
 * One HTTP port: the built console at `/`, MQTT over WebSocket at `wsPath` (spec §1.1), and the paths
 * `api` answers (`/healthz`, `/api/testing/*`).
 */
export async function listenHttp(
  core: BrokerCore,
  opts: {
    host: string;
    port: number;
    wsPath: string;
    staticDir: string | null;
    api?: HttpApiHandler;
  },
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 16 * 1024 * 1024,
    handleProtocols: (protocols) =>
      protocols.has('mqtt') ? 'mqtt' : protocols.has('mqttv3.1') ? 'mqttv3.1' : false,
  });
  const server: Server = createServer((req, res) => {
    if (opts.api?.(req, res)) return;
    serveStatic(opts.staticDir, req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== opts.wsPath) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', () => stream.destroy());
      const remote = `${req.socket.remoteAddress ?? '?'}:${String(req.socket.remotePort ?? 0)}`;
      core.handle(stream, 'ws', remote, req);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        for (const socket of sockets) socket.destroy();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
