import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BrokerCore } from '../aedes/aedes-adapter.ts';
import type { DevBroker } from '../main.ts';
import { createLogger } from '../platform/logger.ts';
import { listenHttp, wsLimits } from '../transport/http-listener.ts';

import { connectDevice } from './support/mqtt-client.ts';
import {
  openRaw,
  openRawMqtt,
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

const connectPacket = (username: string): Buffer =>
  mqttPacket.generate({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: true,
    clientId: 'ws-batch',
    keepalive: 60,
    username,
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

describe('WebSocket bounds: one packet before the CONNACK, batches of packets after (issue 9 §0)', () => {
  const limits = wsLimits(65536);

  it('a frame whose header announces more than the message cap is refused at the header: close 1009', async () => {
    const conn = await openRawWebSocket(broker.httpPort);
    const before = conn.received().length;
    // the header and a first kilobyte; the rest never comes
    conn.write(Buffer.concat([wsFrameHeader(0x2, limits.maxMessageBytes + 1), Buffer.alloc(1024)]));
    expect(await conn.closedWithin(3000)).toBe(true);
    const reply = conn.received().subarray(before);
    expect(reply[0]).toBe(0x88); // a close frame …
    expect(reply.readUInt16BE(2)).toBe(1009); // … "message too big"
    await expectBrokerUp();
  });

  it('before the CONNACK, a half-sent 15 MiB frame is dropped once it passes one packet plus 64 KiB', async () => {
    const conn = await openRawWebSocket(broker.httpPort);
    conn.write(Buffer.concat([wsFrameHeader(0x2, 15 * 1024 * 1024), Buffer.alloc(1024)]));
    expect(await conn.closedWithin(300)).toBe(false); // within the budget: still waiting for the rest
    conn.write(Buffer.alloc(limits.maxUnansweredBytes));
    expect(await conn.closedWithin(3000)).toBe(true);
    await expectBrokerUp();
  });

  it('after the CONNACK, one message may carry many packets: eight 40 KiB QoS 1 publishes are all acknowledged', async () => {
    const mqtt = await openRawMqtt(broker, 'ws');
    mqtt.send(connectPacket('T1'));
    expect(await mqtt.waitFor((b) => b.length >= 4)).toBe(true);
    expect(mqtt.received().subarray(0, 4)).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x00]));
    const payload = JSON.stringify({ blob: 'x'.repeat(40 * 1024) });
    const batch = Buffer.concat(
      Array.from({ length: 8 }, (_, i) =>
        mqttPacket.generate({
          cmd: 'publish',
          topic: 'v1/devices/me/telemetry',
          payload,
          qos: 1,
          messageId: i + 1,
          retain: false,
          dup: false,
        }),
      ),
    );
    expect(batch.length).toBeGreaterThan(limits.maxUnansweredBytes);
    mqtt.send(batch);
    // CONNACK (4 bytes) and eight PUBACKs (4 bytes each)
    expect(await mqtt.waitFor((b) => b.length >= 4 + 8 * 4)).toBe(true);
    expect(mqtt.received()[4]).toBe(0x40);
    expect(await mqtt.closedWithin(200)).toBe(false);
    mqtt.destroy();
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
      ...wsLimits(65536),
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
