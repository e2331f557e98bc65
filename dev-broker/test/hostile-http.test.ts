import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BrokerCore } from '../aedes/aedes-adapter.ts';
import type { DevBroker } from '../main.ts';
import { createLogger } from '../platform/logger.ts';
import { listenHttp, wsMessageLimit } from '../transport/http-listener.ts';

import { connectDevice } from './support/mqtt-client.ts';
import {
  openRaw,
  openRawWebSocket,
  rawRequest,
  UPGRADE_HEADERS,
  wsFrameHeader,
} from './support/raw-socket.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let staticDir: string;
beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'iothub-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  broker = await startTestBroker({ staticDir });
});
afterAll(async () => {
  await broker.close();
  rmSync(staticDir, { recursive: true, force: true });
});

/** Sends raw bytes to the HTTP port; resolves with the status line once the server has closed. */
async function httpExchange(text: string): Promise<{ status: string; closed: boolean }> {
  const conn = await openRaw(broker.httpPort);
  conn.write(text);
  await conn.waitFor((b) => b.includes('\r\n'));
  const status = conn.received().toString('latin1').split('\r\n')[0] ?? '';
  const closed = await conn.closedWithin(3000);
  conn.destroy();
  return { status, closed };
}

/** Both listeners still answer: the console page over HTTP and a device over TCP and WebSocket. */
async function expectBrokerUp(): Promise<void> {
  const page = await fetch(`${broker.httpUrl}/`);
  expect(page.status).toBe(200);
  for (const transport of ['tcp', 'ws'] as const) {
    const device = await connectDevice(broker, transport, 4, { username: 'T1' });
    await device.end();
  }
}

describe('nothing that arrives on the HTTP port ends the process (issue 9 §0)', () => {
  it('GET /% (bad percent-encoding, a URIError before) gets 400 and the close', async () => {
    expect(await httpExchange(rawRequest('GET /% HTTP/1.1'))).toEqual({
      status: 'HTTP/1.1 400 Bad Request',
      closed: true,
    });
    await expectBrokerUp();
  });

  it('GET //[ (a TypeError: Invalid URL before) is served as the path it is', async () => {
    const conn = await openRaw(broker.httpPort);
    conn.write(rawRequest('GET //[ HTTP/1.1', ['Connection: close']));
    expect(await conn.closedWithin(3000)).toBe(true);
    // an unknown path without an extension is the SPA's: index.html
    expect(conn.received().toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*console/);
    await expectBrokerUp();
  });

  it.each(['/%00', '/a%0ab', '/%E0%A4%A'])('GET %s gets 400', async (path) => {
    expect((await httpExchange(rawRequest(`GET ${path} HTTP/1.1`))).status).toBe(
      'HTTP/1.1 400 Bad Request',
    );
  });

  it.each([
    ['//[', '404 Not Found'],
    ['/%', '400 Bad Request'],
    ['*', '400 Bad Request'],
  ])('a WebSocket upgrade to %s gets %s and the close', async (path, status) => {
    expect(await httpExchange(rawRequest(`GET ${path} HTTP/1.1`, UPGRADE_HEADERS))).toEqual({
      status: `HTTP/1.1 ${status}`,
      closed: true,
    });
    await expectBrokerUp();
  });

  it('a request line that is not HTTP gets 400 (clientError) and the close', async () => {
    expect(await httpExchange('\u0000\u0001 nonsense\r\n\r\n')).toEqual({
      status: 'HTTP/1.1 400 Bad Request',
      closed: true,
    });
    await expectBrokerUp();
  });

  it('oversized request headers get 431 and the close', async () => {
    const huge = `X-Filler: ${'a'.repeat(20 * 1024)}`;
    expect(await httpExchange(rawRequest('GET / HTTP/1.1', [huge]))).toEqual({
      status: 'HTTP/1.1 431 Request Header Fields Too Large',
      closed: true,
    });
  });

  it('a path that climbs out of the console folder is refused', async () => {
    expect(
      (
        await httpExchange(
          rawRequest('GET /..%2f..%2fetc%2fpasswd HTTP/1.1', ['Connection: close']),
        )
      ).status,
    ).toBe('HTTP/1.1 403 Forbidden');
  });
});

describe('WebSocket frames are capped at the MQTT packet limit plus headroom (issue 9 §0)', () => {
  const cap = wsMessageLimit(65536);

  it.each([
    ['15 MiB', 15 * 1024 * 1024],
    ['the cap + 1 byte', cap + 1],
  ])(
    'a frame whose header announces %s is refused at the header: close 1009, then the socket closes',
    async (_label, length) => {
      const conn = await openRawWebSocket(broker.httpPort);
      const before = conn.received().length;
      // the header and a first kilobyte; the rest never comes
      conn.write(Buffer.concat([wsFrameHeader(0x2, length), Buffer.alloc(1024)]));
      expect(await conn.closedWithin(3000)).toBe(true);
      const reply = conn.received().subarray(before);
      expect(reply[0]).toBe(0x88); // a close frame …
      expect(reply.readUInt16BE(2)).toBe(1009); // … "message too big"
      await expectBrokerUp();
    },
  );

  it('a frame within the cap is read (the connection stays open waiting for the rest)', async () => {
    const conn = await openRawWebSocket(broker.httpPort);
    conn.write(Buffer.concat([wsFrameHeader(0x2, cap), Buffer.alloc(1024)]));
    expect(await conn.closedWithin(500)).toBe(false);
    conn.destroy();
  });
});

describe('slow HTTP clients are dropped', () => {
  it('headers still coming after headersTimeoutMs: 408 and the close', async () => {
    // the HTTP listener alone: no MQTT connection is involved
    const core = { handle: () => expect.fail('no WebSocket here') } as unknown as BrokerCore;
    const log = createLogger('silent');
    const listener = await listenHttp(core, log, {
      host: '127.0.0.1',
      port: 0,
      wsPath: '/mqtt',
      staticDir,
      maxMessageBytes: wsMessageLimit(65536),
      headersTimeoutMs: 300,
    });
    try {
      const conn = await openRaw(listener.port);
      conn.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => conn.write('X-Slow: 1\r\n'), 100); // never the blank line
      try {
        expect(await conn.closedWithin(3000)).toBe(true);
      } finally {
        clearInterval(drip);
      }
      expect(conn.received().toString('latin1')).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    } finally {
      await listener.close();
    }
  });
});
