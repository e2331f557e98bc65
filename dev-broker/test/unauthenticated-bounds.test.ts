import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { openRawMqtt, type RawMqtt } from './support/raw-socket.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({ config: { settings: { connectTimeoutMs: 300 } } });
});
afterAll(async () => {
  await broker.close();
});

const connectBytes = (): Buffer =>
  mqttPacket.generate({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: true,
    clientId: '',
    keepalive: 60,
    username: 'T1',
  });

const open = (transport: 'tcp' | 'ws'): Promise<RawMqtt> => openRawMqtt(broker, transport);

describe('an unauthenticated connection holds little, and not for long (issue 9 §0)', () => {
  it.each(['tcp', 'ws'] as const)(
    '%s: a connection that sends nothing is closed after connectTimeoutMs',
    async (transport) => {
      const conn = await open(transport);
      expect(await conn.closedWithin(3000)).toBe(true);
    },
  );

  it.each(['tcp', 'ws'] as const)(
    '%s: a CONNECT dribbled a byte at a time is closed at the deadline, not when it completes',
    async (transport) => {
      const conn = await open(transport);
      const bytes = connectBytes();
      let i = 0;
      const drip = setInterval(() => {
        if (i < bytes.length - 1) conn.send(bytes.subarray(i, ++i));
      }, 100);
      try {
        expect(await conn.closedWithin(3000)).toBe(true);
        expect(i).toBeLessThan(bytes.length - 1);
      } finally {
        clearInterval(drip);
      }
    },
  );

  it.each(['tcp', 'ws'] as const)(
    '%s: a CONNECT sent in time is accepted (CONNACK 0) and the session outlives the deadline',
    async (transport) => {
      const device = await connectDevice(broker, transport, 4, { username: 'T1' });
      await new Promise((r) => setTimeout(r, 600));
      expect(device.isClosed()).toBe(false);
      await device.end();
    },
  );

  it.each(['tcp', 'ws'] as const)(
    '%s: a CONNECT header announcing 10 MiB is refused at the header (> maxPayloadSize)',
    async (transport) => {
      const conn = await open(transport);
      // fixed header: CONNECT, remaining length 10 MiB (variable-length encoding), then a few bytes
      const header = Buffer.from([0x10, 0x80, 0x80, 0x80, 0x05]);
      conn.send(Buffer.concat([header, connectBytes().subarray(2, 20)]));
      expect(await conn.closedWithin(250)).toBe(true);
      expect(conn.received()).toEqual(Buffer.alloc(0)); // no CONNACK
    },
  );

  it('garbage on the MQTT port closes that connection only', async () => {
    const conn = await open('tcp');
    conn.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    expect(await conn.closedWithin(3000)).toBe(true);
    const device = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    await device.end();
  });

  it('a failure inside authentication answers CONNACK 0x03 (server unavailable), and the broker stays up', async () => {
    const spy = vi.spyOn(broker.hub.connections, 'authenticate').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    try {
      const conn = await open('tcp');
      conn.send(connectBytes());
      expect(await conn.closedWithin(3000)).toBe(true);
      expect(conn.received()).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x03]));
    } finally {
      spy.mockRestore();
    }
    const device = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    await device.end();
  });
});
