import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';

import type { Logger } from '../platform/logger.ts';

import type { ConnectionSink } from './connection-sink.ts';
import { guard } from './guard.ts';
import { requestPath } from './request-target.ts';
import { serveStatic } from './static-files.ts';
import type { Listener } from './tcp-listener.ts';

export interface HttpListenerOptions {
  host: string;
  port: number;
  wsPath: string;
  staticDir: string | null;
  /**
   * Largest WebSocket message (and frame) accepted. `ws` refuses a frame whose header announces
   * more (close 1009) before buffering its payload, so a half-sent huge frame costs nothing.
   */
  maxMessageBytes: number;
  /**
   * What a WebSocket client may send before the broker has written anything back (its CONNACK):
   * past this, the connection is dropped, so an unauthenticated client cannot make the broker hold
   * a large half-sent frame.
   */
  maxUnansweredBytes: number;
  /** Request headers must be complete within this time (slow clients are dropped); default 10 s. */
  headersTimeoutMs?: number;
  /** Answers the routes it serves (`/api/…`); returns false for a request it does not serve. */
  api?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/**
 * The WebSocket bounds for a given MQTT packet limit. Before the broker answers, one CONNECT's worth
 * (`maxPacketBytes` plus 64 KiB of headroom). After, a message may hold many packets: MQTT.js in a
 * browser concatenates every packet written in one tick into one WebSocket message (four 64 KiB
 * firmware chunks in flight make 256 KiB), so the message cap is 16 packets, at least 16 MiB; each
 * packet in it is still held to `maxPacketBytes` by the MQTT parser.
 */
export const wsLimits = (
  maxPacketBytes: number,
): Pick<HttpListenerOptions, 'maxMessageBytes' | 'maxUnansweredBytes'> => ({
  maxMessageBytes: Math.max(16 * 1024 * 1024, 16 * maxPacketBytes),
  maxUnansweredBytes: maxPacketBytes + 64 * 1024,
});

/** Slow or idle HTTP clients are dropped: headers within 10 s, a whole request within 30 s. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * One HTTP port: the built console at `/`, MQTT over WebSocket at `wsPath` (spec §1.1), and the
 * routes `opts.api` answers.
 */
export async function listenHttp(
  core: ConnectionSink,
  log: Logger,
  opts: HttpListenerOptions,
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxMessageBytes,
    handleProtocols: (protocols) =>
      protocols.has('mqtt') ? 'mqtt' : protocols.has('mqttv3.1') ? 'mqttv3.1' : false,
  });
  const headersTimeout = opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const server: Server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersTimeout),
      // how often Node looks for requests past those timeouts (default 30 s)
      connectionsCheckingInterval: Math.min(1000, headersTimeout),
    },
    guard(
      log,
      'HTTP request',
      (req: IncomingMessage, res: ServerResponse) => {
        if (opts.api?.(req, res) !== true) serveStatic(opts.staticDir, req, res);
      },
      (_req, res) => {
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { connection: 'close' }).end();
      },
    ),
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Node answers a request it cannot parse by itself only while nobody listens to 'clientError'
  // (a malformed request line, oversized headers, a header timeout); answer as Node would.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.bytesWritten > 0)
      socket.destroy(); // a response is under way: no second status line
    else refuse(socket, clientErrorStatus(error.code));
  });
  server.on(
    'upgrade',
    guard(
      log,
      'WebSocket upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        upgrade(req, socket, head);
      },
      (_req, socket) => socket.destroy(),
    ),
  );

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node removes its own socket listeners before 'upgrade': without this, a reset kills the process
    socket.on('error', () => socket.destroy());
    const path = requestPath(req.url);
    if (!path.ok) {
      refuse(socket, '400 Bad Request');
      return;
    }
    if (path.value !== opts.wsPath) {
      refuse(socket, '404 Not Found');
      return;
    }
    wss.handleUpgrade(
      req,
      socket,
      head,
      guard(
        log,
        'WebSocket connection',
        (ws: WebSocket) => {
          boundUnanswered(req.socket, opts.maxUnansweredBytes);
          const stream = createWebSocketStream(ws);
          stream.on('error', () => stream.destroy());
          const remote = `${req.socket.remoteAddress ?? '?'}:${String(req.socket.remotePort ?? 0)}`;
          core.handle(stream, 'ws', remote, req);
        },
        (ws) => ws.terminate(),
      ),
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // e.g. EMFILE while accepting: the listener stays up
  server.on('error', (error) => log.error(`HTTP listener: ${error.message}`));
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

/**
 * Drops a WebSocket connection that sends more than `limit` bytes before the broker has written
 * anything back (the 101 response aside). Counted on the TCP socket, so a frame still arriving counts.
 */
function boundUnanswered(socket: Socket, limit: number): void {
  const writtenAtUpgrade = socket.bytesWritten;
  let received = 0;
  const onData = (chunk: Buffer): void => {
    if (socket.bytesWritten > writtenAtUpgrade) {
      socket.off('data', onData);
      return;
    }
    received += chunk.length;
    if (received > limit) socket.destroy();
  };
  socket.on('data', onData);
}

/** Ends a raw HTTP socket with a bare status line and closes it (at once if it cannot be written). */
function refuse(socket: Duplex, status: string): void {
  if (!socket.writable || socket.destroyed) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () =>
    socket.destroy(),
  );
  // a peer that never reads must not keep the socket
  setTimeout(() => socket.destroy(), 1000).unref();
}

function clientErrorStatus(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  return '400 Bad Request';
}
