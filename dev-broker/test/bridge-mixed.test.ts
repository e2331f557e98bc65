import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BrokerInfo } from '../../src/protocol/broker-info.ts';
import type { DevBroker } from '../main.ts';

import { startBridge, type TestBridge } from './support/bridge-pair.ts';
import { connectDevice } from './support/mqtt-client.ts';
import { newDevice } from './support/ota-fixtures.ts';
import { rawClient } from './support/raw-mqtt.ts';
import { startTestBroker } from './support/test-broker.ts';

// ADR 0008: --upstream-only-for bridges the listed sessions and serves the rest locally.
let upstream: DevBroker;
let mixed: TestBridge;
beforeAll(async () => {
  upstream = await startTestBroker();
  mixed = await startBridge(
    { url: upstream.mqttUrl, onlyFor: ['real-*', 'T1'] },
    {
      config: {
        devices: [{ name: 'local-1', credentials: { type: 'ACCESS_TOKEN', token: 'L-1' } }],
      },
    },
  );
});
afterAll(async () => {
  await mixed.bridge.close();
  await upstream.close();
});

async function info(broker: DevBroker, clientId?: string): Promise<BrokerInfo> {
  const query = clientId === undefined ? '' : `?clientId=${encodeURIComponent(clientId)}`;
  const res = await fetch(`${broker.httpUrl}/api/info${query}`);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  return (await res.json()) as BrokerInfo;
}

describe('mixed mode (--upstream-only-for)', () => {
  it('a token matching a prefix entry is bridged: stored upstream, and /api/info says so', async () => {
    const { device } = await upstream.hub.devices.create({
      name: 'real-meter',
      credentials: { type: 'ACCESS_TOKEN', token: 'real-meter-token' },
    });
    const c = await connectDevice(mixed.bridge, 'ws', 4, {
      username: 'real-meter-token',
      clientId: 'console-real',
    });
    await c.publish('v1/devices/me/telemetry', '{"kw":3}');
    expect(upstream.hub.telemetry.latest(device.id, ['kw'])).toHaveLength(1);
    expect(await info(mixed.bridge, 'console-real')).toEqual({
      bridge: {
        upstream: upstream.mqttUrl.replace('mqtt://', ''),
        tls: false,
        scope: 'listed',
        sessions: 1,
        maxSessions: 100,
      },
      session: { clientId: 'console-real', bridged: true },
    });
    await c.end();
  });

  it('an exact entry bridges that token too', async () => {
    const c = await connectDevice(mixed.bridge, 'tcp', 5, { username: 'T1', clientId: 'exact' });
    await c.publish('v1/devices/me/telemetry', '{"exact":1}');
    const thermo = upstream.hub.devices.get('thermo-1');
    expect(upstream.hub.telemetry.latest(thermo.id, ['exact'])).toHaveLength(1);
    await c.end();
  });

  it('any other device is served by the local platform and stored locally, and is not bridged', async () => {
    const c = await connectDevice(mixed.bridge, 'ws', 5, {
      username: 'L-1',
      clientId: 'console-local',
    });
    await c.publish('v1/devices/me/telemetry', '{"local":1}');
    const local = mixed.bridge.hub.devices.get('local-1');
    expect(mixed.bridge.hub.telemetry.latest(local.id, ['local'])).toHaveLength(1);
    expect(upstream.hub.devices.find('local-1')).toBeUndefined();
    expect((await info(mixed.bridge, 'console-local')).session).toEqual({
      clientId: 'console-local',
      bridged: false,
    });
    await c.end();
  });

  it('a CONNECT that does not decode goes to the local broker, which closes it as always; nothing is dialled', async () => {
    const device = await rawClient(mixed.bridge.mqttPort, 4);
    // protocol level 6 does not exist [MQTT-3.1.2-2]: the local broker answers CONNACK 0x01 (spec §1.4)
    device.socket.write(
      Buffer.from([
        0x10, 0x0d, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x06, 0x02, 0x00, 0x3c, 0x00, 0x01, 0x78,
      ]),
    );
    await device.closed;
    expect(device.received()).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x01]));
    expect(mixed.bridge.bridge?.info().sessions).toBe(0);
  });
});

describe('GET /api/info', () => {
  it('without bridge mode: bridge null, and a session is never bridged', async () => {
    const plain = await startTestBroker();
    try {
      expect(await info(plain, 'x')).toEqual({
        bridge: null,
        session: { clientId: 'x', bridged: false },
      });
      expect(await info(plain)).toEqual({ bridge: null, session: null });
    } finally {
      await plain.close();
    }
  });

  it('bridging every device session turns the demo off (its devices exist only locally)', async () => {
    const all = await startBridge({ url: upstream.mqttUrl }, { demo: true });
    try {
      expect(all.bridge.demo).toBeNull();
      expect((await info(all.bridge)).bridge?.scope).toBe('all');
      const d = await newDevice(upstream, 'all-mode');
      const c = await connectDevice(all.bridge, 'tcp', 4, { username: d.token, clientId: 'all-1' });
      expect((await info(all.bridge, 'all-1')).session?.bridged).toBe(true);
      await c.end();
    } finally {
      await all.bridge.close();
    }
  });
});
