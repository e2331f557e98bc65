import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A plain TCP connection that records every byte received; for bytes no client library would send. */
export interface RawConnection {
  socket: Socket;
  /** Everything received so far. */
  received(): Buffer;
  write(bytes: Buffer | string): void;
  /** Resolves true once the peer has closed the connection, false if it is still open after `ms`. */
  closedWithin(ms: number): Promise<boolean>;
  /** Resolves once `check(received)` holds (true), or false after `ms`. */
  waitFor(check: (received: Buffer) => boolean, ms?: number): Promise<boolean>;
  destroy(): void;
}

export async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let data = Buffer.alloc(0);
  let isClosed = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  socket.on('data', (chunk: Buffer) => {
    data = Buffer.concat([data, chunk]);
    notify();
  });
  socket.on('error', () => undefined);
  socket.once('close', () => {
    isClosed = true;
    notify();
  });
  const waitFor = (check: () => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (check()) {
        resolve(true);
        return;
      }
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(true);
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        resolve(check());
      }, ms);
      listeners.add(listener);
    });
  return {
    socket,
    received: () => data,
    write: (bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    },
    closedWithin: (ms) => waitFor(() => isClosed, ms),
    waitFor: (check, ms = 5000) => waitFor(() => check(data), ms),
    destroy: () => socket.destroy(),
  };
}

/** An HTTP request line plus `Host`, as raw text (nothing is encoded or checked). */
export const rawRequest = (requestLine: string, headers: string[] = []): string =>
  [requestLine, 'Host: 127.0.0.1', ...headers, '', ''].join('\r\n');

/** Headers of a WebSocket upgrade for MQTT. */
export const UPGRADE_HEADERS = [
  'Connection: Upgrade',
  'Upgrade: websocket',
  'Sec-WebSocket-Version: 13',
  `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
  'Sec-WebSocket-Protocol: mqtt',
];

/** Opens a WebSocket over a raw socket: sends the upgrade and waits for `101`. */
export async function openRawWebSocket(port: number, path = '/mqtt'): Promise<RawConnection> {
  const conn = await openRaw(port);
  conn.write(rawRequest(`GET ${path} HTTP/1.1`, UPGRADE_HEADERS));
  const upgraded = await conn.waitFor((b) => b.includes('\r\n\r\n'));
  if (!upgraded || !conn.received().toString('latin1').startsWith('HTTP/1.1 101'))
    throw new Error(`no WebSocket upgrade: ${conn.received().toString('latin1')}`);
  return conn;
}

/**
 * The header of a masked client frame (RFC 6455 §5.2) announcing `length` payload bytes; the payload
 * (masked with `mask`) is sent separately, or never.
 */
export function wsFrameHeader(opcode: number, length: number, mask = Buffer.alloc(4)): Buffer {
  const first = 0x80 | opcode; // FIN
  if (length < 126) return Buffer.concat([Buffer.from([first, 0x80 | length]), mask]);
  if (length < 0x10000) {
    const header = Buffer.from([first, 0x80 | 126, 0, 0]);
    header.writeUInt16BE(length, 2);
    return Buffer.concat([header, mask]);
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([header, mask]);
}

/** A whole masked binary frame (all-zero mask, so the payload goes as it is). */
export const wsBinaryFrame = (payload: Buffer): Buffer =>
  Buffer.concat([wsFrameHeader(0x2, payload.length), payload]);

/** MQTT bytes over either listener: raw on TCP, one masked binary frame per write on WebSocket. */
export interface RawMqtt {
  conn: RawConnection;
  send(bytes: Buffer): void;
  /** The MQTT bytes received so far (WebSocket frames unwrapped). */
  received(): Buffer;
  /** Resolves once `check(received())` holds (true), or false after `ms`. */
  waitFor(check: (mqtt: Buffer) => boolean, ms?: number): Promise<boolean>;
  closedWithin(ms: number): Promise<boolean>;
  destroy(): void;
}

export async function openRawMqtt(
  ports: { mqttPort: number; httpPort: number },
  transport: 'tcp' | 'ws',
): Promise<RawMqtt> {
  const conn =
    transport === 'tcp' ? await openRaw(ports.mqttPort) : await openRawWebSocket(ports.httpPort);
  const skip = conn.received().length; // the WebSocket handshake
  const received = () =>
    transport === 'tcp' ? conn.received() : unwrapServerFrames(conn.received().subarray(skip));
  return {
    conn,
    send: (bytes) => {
      conn.write(transport === 'tcp' ? bytes : wsBinaryFrame(bytes));
    },
    received,
    waitFor: (check, ms = 5000) => conn.waitFor(() => check(received()), ms),
    closedWithin: (ms) => conn.closedWithin(ms),
    destroy: () => conn.destroy(),
  };
}

/** The payloads of the data frames a server sent (unmasked, RFC 6455 §5.2); close frames are skipped. */
function unwrapServerFrames(bytes: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = (bytes[at] ?? 0) & 0x0f;
    let length = (bytes[at + 1] ?? 0) & 0x7f;
    let header = 2;
    if (length === 126) {
      if (at + 4 > bytes.length) break;
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (at + 10 > bytes.length) break;
      length = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (at + header + length > bytes.length) break;
    if (opcode === 0x0 || opcode === 0x1 || opcode === 0x2)
      out.push(bytes.subarray(at + header, at + header + length));
    at += header + length;
  }
  return Buffer.concat(out);
}
