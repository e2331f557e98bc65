import { connect } from 'node:net';

import mqttPacket, { type Packet } from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice, markerRoundTrip } from './support/mqtt-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({
    config: { settings: { maxPayloadSize: 2048, sessionInactivityTimeoutMs: 400 } },
  });
});
afterAll(async () => {
  await broker.close();
});

const thermo = () => broker.hub.devices.get('thermo-1').id;

describe('limits and settings (spec §13)', () => {
  it.each([4, 5] as const)(
    'a packet larger than maxPayloadSize closes the connection without a PUBACK (v%i)',
    async (version) => {
      const c = await connectDevice(broker, 'tcp', version, { username: 'T1' });
      await c
        .publish('v1/devices/me/telemetry', JSON.stringify({ big: 'x'.repeat(4000) }))
        .catch(() => undefined);
      await c.closed;
      expect(c.packets.some((p) => p.cmd === 'puback')).toBe(false);
      expect(broker.hub.telemetry.latest(thermo(), ['big'])).toEqual([]);
      await eventually(() =>
        expect(broker.hub.events.list({ kinds: ['payload_too_large'] }).length).toBeGreaterThan(0),
      );
    },
  );

  it('an MQTT 5 client that reads only after writing a 30 MB packet still gets DISCONNECT 0x95, not a reset', async () => {
    const packets = await publishWithoutReading(broker.mqttPort, 'T1', 30_000_000);
    expect(packets.map((p) => p.cmd)).toEqual(['connack', 'disconnect']);
    expect(packets[1]).toMatchObject({ reasonCode: 0x95 });
  });

  it('a session with no PUBLISH/SUBSCRIBE/PINGREQ for sessionInactivityTimeoutMs is closed', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await c.closed;
    await eventually(() =>
      expect(
        broker.hub.events
          .list({ kinds: ['session_closed'] })
          .some((e) => e.message.includes('inactivity')),
      ).toBe(true),
    );
  });

  it('retain is ignored: a retained telemetry publish is stored but never replayed', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    await new Promise<void>((resolve, reject) =>
      c.client.publish('v1/devices/me/attributes', '{"r":1}', { qos: 1, retain: true }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    await c.end();
    const again = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    await again.subscribe({ 'v1/devices/me/attributes': { qos: 1 } });
    await markerRoundTrip(again);
    expect(again.messages).toEqual([]);
    await again.end();
  });

  it('an unknown v2 variant is an unknown topic and its filter is refused (/p topics: protobuf.test.ts)', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    await c.publish('v2/t/x', 'x');
    expect(c.isClosed()).toBe(false);
    expect(await c.subscribe({ 'v2/a/res/x/+': { qos: 1 } })).toEqual([0x80]);
    await c.end();
  });

  it('device activity: server attributes active and lastConnectTime are kept', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    await eventually(() => {
      const attrs = Object.fromEntries(
        broker.hub.attributes.get(thermo(), 'SERVER').map((a) => [a.key, a.value]),
      );
      expect(attrs.active).toEqual({ type: 'BOOLEAN', value: true });
      expect(attrs.lastConnectTime?.type).toBe('LONG');
    });
    await c.end();
    await eventually(() =>
      expect(broker.hub.attributes.get(thermo(), 'SERVER', ['lastDisconnectTime'])).toHaveLength(1),
    );
  });
});

describe('rate limits (spec §13)', () => {
  it('a device over telemetryMessages is disconnected without a PUBACK; getSessionLimits reports the limits', async () => {
    const limited = await startTestBroker({
      config: { settings: { rateLimits: { telemetryMessages: '3:60', messages: '100:60' } } },
    });
    try {
      const c = await connectDevice(limited, 'tcp', 4, { username: 'T1' });
      await c.publish('v1/devices/me/rpc/request/1', '{"method":"getSessionLimits"}');
      expect(JSON.parse((await c.message('v1/devices/me/rpc/response/1')).text)).toEqual({
        maxPayloadSize: 65536,
        maxInflightMessages: 100,
        rateLimits: { messages: '100:60', telemetryMessages: '3:60' },
      });
      for (let i = 0; i < 3; i++) await c.publish('v1/devices/me/telemetry', `{"n":${String(i)}}`);
      await c.publish('v1/devices/me/telemetry', '{"n":3}').catch(() => undefined);
      await c.closed;
      const id = limited.hub.devices.get('thermo-1').id;
      expect(limited.hub.telemetry.latest(id, ['n'])[0]?.value).toEqual({
        type: 'LONG',
        value: 2n,
      });
      expect(limited.hub.events.list({ deviceId: id, kinds: ['dropped'] })[0]?.message).toContain(
        'telemetryMessages rate limit "3:60" exceeded',
      );
    } finally {
      await limited.close();
    }
  });
});

/**
 * Connects (MQTT 5), then writes one PUBLISH of `size` bytes and reads nothing until that write has
 * finished, like a device busy sending: the packets it then reads before the close, in order.
 */
async function publishWithoutReading(port: number, username: string, size: number) {
  const socket = connect(port, '127.0.0.1');
  const parser = mqttPacket.parser({ protocolVersion: 5 });
  const packets: Packet[] = [];
  parser.on('packet', (p) => packets.push(p));
  socket.on('data', (chunk) => parser.parse(chunk));
  socket.on('error', () => undefined);
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.write(
    mqttPacket.generate({
      cmd: 'connect',
      protocolVersion: 5,
      clientId: '',
      username,
      keepalive: 60,
      clean: true,
      protocolId: 'MQTT',
    }),
  );
  await vi.waitFor(() => expect(packets.map((p) => p.cmd)).toEqual(['connack']));
  socket.pause();
  const publish = mqttPacket.generate({
    cmd: 'publish',
    topic: 'v1/devices/me/telemetry',
    payload: Buffer.alloc(size, 0x20),
    qos: 1,
    messageId: 1,
    dup: false,
    retain: false,
  });
  await new Promise<void>((resolve) => socket.write(publish, () => resolve()));
  socket.resume();
  await closed;
  return packets;
}
