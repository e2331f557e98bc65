import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A TCP connection that keeps what it received and tells when the peer closed it. */
export interface Held {
  socket: Socket;
  received(): Buffer;
  closed: Promise<void>;
  isClosed(): boolean;
}

export async function hold(port: number): Promise<Held> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let data = Buffer.alloc(0);
  let closed = false;
  socket.on('data', (chunk: Buffer) => (data = Buffer.concat([data, chunk])));
  socket.on('error', () => undefined);
  return {
    socket,
    received: () => data,
    closed: new Promise((resolve) =>
      socket.once('close', () => {
        closed = true;
        resolve();
      }),
    ),
    isClosed: () => closed,
  };
}

/**
 * Sends raw request text (nothing is normalised: `..`, `%`, `//[` go out as written) and resolves
 * with the status code (0: none) and the body, once the server answered and closed, or after 5 s.
 */
export async function rawRequest(
  port: number,
  text: string | Buffer,
): Promise<{ status: number; response: string }> {
  const conn = await hold(port);
  conn.socket.write(text);
  await Promise.race([conn.closed, new Promise((r) => setTimeout(r, 5000))]);
  conn.socket.destroy();
  const response = conn.received().toString('latin1');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0), response };
}

/** A GET (or a WebSocket upgrade for MQTT) of `target`, with `Connection: close`. */
export function getRequest(target: string, upgrade = false, extraHeaders: string[] = []): string {
  const headers = upgrade
    ? [
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Protocol: mqtt',
      ]
    : ['Connection: close'];
  return [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...headers, ...extraHeaders, '', ''].join(
    '\r\n',
  );
}

/** The header of a masked binary WebSocket frame announcing `length` payload bytes (RFC 6455 §5.2). */
export function binaryFrameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x82;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header; // the last 4 bytes: an all-zero mask
}
