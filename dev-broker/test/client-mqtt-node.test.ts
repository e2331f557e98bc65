import { Socket } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  connectMqtt,
  MqttConnectError,
  type MqttPort,
} from '../../src/client/adapters/mqtt-node.ts';
import type { PortMessage } from '../../src/client/port.ts';
import type { DevBroker } from '../main.ts';

import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
const ports: MqttPort[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  await Promise.all(ports.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await broker.close();
});

async function device(token: string, protocolVersion: 4 | 5 = 4, url = broker.mqttUrl) {
  const port = await connectMqtt({ url, username: token, protocolVersion });
  ports.push(port);
  return port;
}

const thermoId = () => broker.hub.devices.get('thermo-1').id;

describe('the MQTT.js port (src/client/adapters/mqtt-node.ts) against the dev broker', () => {
  it('publishes at QoS 1 and resolves on the PUBACK, after the broker stored the data', async () => {
    for (const url of [broker.mqttUrl, broker.wsUrl]) {
      const port = await device('T1', 4, url);
      const outcome = await port.publish('v1/devices/me/telemetry', '{"portTemp":21.5}', {
        qos: 1,
      });
      expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
      expect(outcome.reasonCode).toBeUndefined();
      expect(broker.hub.telemetry.latest(thermoId(), ['portTemp'])[0]?.value).toEqual({
        type: 'DOUBLE',
        value: 21.5,
      });
      expect((await port.publish('v1/devices/me/telemetry', '{}')).latencyMs).toBeNull();
    }
  });

  it('an MQTT 5 PUBACK failure code resolves with reasonCode (0x90 unknown topic)', async () => {
    const port = await device('T1', 5);
    const outcome = await port.publish('v2/t/x', '{}', { qos: 1 });
    expect(outcome.reasonCode).toBe(0x90);
    expect(port.closed).toBe(false);
  });

  it('subscribes with the SUBACK codes, refusals included, and hands out every message', async () => {
    const port = await device('T1');
    const seen: PortMessage[] = [];
    const stop = port.onMessage((m) => seen.push(m));
    expect(await port.subscribe({ 'v1/devices/me/attributes': 1, 'v1/devices/me/#': 1 })).toEqual([
      1, 0x80,
    ]);
    await port.publish('v1/devices/me/attributes/request/5', '{"sharedKeys":"none"}', { qos: 1 });
    await expect
      .poll(() => seen.map((m) => [m.topic, m.text]))
      .toEqual([['v1/devices/me/attributes/response/5', '{}']]);
    expect(seen[0]?.payload).toBeInstanceOf(Uint8Array);
    stop();
  });

  it('rejects a publish still waiting for its PUBACK when the broker closes the connection', async () => {
    const port = await device('T1');
    const closed = new Promise<void>((resolve) => port.onClose(resolve));
    const listenersBefore = port.client.listenerCount('close');
    for (let i = 0; i < 20; i++)
      await port.publish('v1/devices/me/telemetry', `{"n":${String(i)}}`, { qos: 1 });
    expect(port.client.listenerCount('close')).toBe(listenersBefore);
    // an invalid payload: no PUBACK, the connection is closed (spec §4)
    await expect(port.publish('v1/devices/me/telemetry', '42', { qos: 1 })).rejects.toThrow(
      'The connection closed before the PUBACK.',
    );
    await closed;
    expect(port.closed).toBe(true);
    await expect(port.publish('v1/devices/me/telemetry', '{}', { qos: 1 })).rejects.toThrow(
      /^Not connected/,
    );
    await expect(port.subscribe({ 'v1/devices/me/attributes': 1 })).rejects.toThrow(
      /^Not connected/,
    );
  });

  it('close() does not wait for a PUBACK the broker will never send', async () => {
    const port = await device('T1');
    const refused = port
      .publish('v1/devices/me/telemetry', '42', { qos: 1 }) // no PUBACK (spec §4)
      .catch((error: unknown) => error);
    await port.close();
    expect((await refused) as Error).toBeInstanceOf(Error);
    expect(((await refused) as Error).message).toMatch(/before the PUBACK/);
    expect(port.closed).toBe(true);
  });

  it('a refused CONNECT is an MqttConnectError with the CONNACK code; an unreachable broker has none', async () => {
    const refusal = (version: 4 | 5) =>
      connectMqtt({
        url: broker.mqttUrl,
        username: 'NO-SUCH-TOKEN',
        protocolVersion: version,
      }).catch((e: unknown) => e);
    expect(await refusal(4)).toMatchObject({
      name: 'MqttConnectError',
      code: 5,
      reason: 'refused',
    });
    expect(await refusal(5)).toMatchObject({ code: 0x86, reason: 'refused' });
    const unreachable = await connectMqtt({
      url: 'mqtt://127.0.0.1:9',
      connectTimeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(MqttConnectError);
    expect(unreachable).toMatchObject({ code: undefined });
    expect(['failed', 'closed']).toContain((unreachable as MqttConnectError).reason);
    expect((unreachable as Error).message).toMatch(
      /ECONNREFUSED|Cannot reach the broker at mqtt:\/\/127\.0\.0\.1:9\./,
    );
  });
});

describe('the MQTT.js port over TCP', () => {
  it("turns Nagle's algorithm off on its socket (an RPC answer waited ~40 ms for a delayed ACK)", async () => {
    const spy = vi.spyOn(Socket.prototype, 'setNoDelay');
    try {
      const port = await device('T1');
      const onItsSocket = spy.mock.calls.filter(
        (_, i) => spy.mock.contexts[i] === port.client.stream,
      );
      expect(onItsSocket).toContainEqual([true]);
    } finally {
      spy.mockRestore();
    }
  });
});
