import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type TestClient } from './support/mqtt-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const idOf = (name: string) => broker.hub.devices.get(name).id;
const latest = (name: string, key: string) => broker.hub.telemetry.latest(idOf(name), [key])[0];

describe.each(MATRIX)('gateway API over %s, MQTT v%i (spec §12)', (transport, version) => {
  let gw: TestClient;
  const suffix = `${transport}${String(version)}`;
  const A = `Device A ${suffix}`;
  const B = `Device B ${suffix}`;
  beforeAll(async () => {
    gw = await connectDevice(broker, transport, version, { username: 'GW1' });
  });
  afterAll(async () => {
    await gw.end();
  });

  it('example 29: connect creates the sub-device with its profile; telemetry creates unknown devices', async () => {
    await gw.publish('v1/gateway/connect', JSON.stringify({ device: A, type: 'thermometer' }));
    expect(broker.hub.profiles.get(broker.hub.devices.get(A).profileId).name).toBe('thermometer');
    expect(broker.hub.sessions.isOnline(idOf(A))).toBe(true);
    await gw.publish(
      'v1/gateway/telemetry',
      JSON.stringify({
        [A]: [{ ts: 1000, values: { temp: 20 } }],
        [B]: [{ hum: 40, metadata: { connector: 'x' } }],
      }),
    );
    expect(latest(A, 'temp')).toMatchObject({ ts: 1000, value: { type: 'LONG', value: 20n } });
    expect(latest(B, 'hum')?.value).toEqual({ type: 'LONG', value: 40n });
    expect(broker.hub.telemetry.keys(idOf(B))).not.toContain('metadata');
    expect(broker.hub.profiles.get(broker.hub.devices.get(B).profileId).name).toBe('default');
    const server = broker.hub.attributes.get(idOf(B), 'SERVER', ['createdByGateway'])[0];
    expect(server?.value).toEqual({ type: 'STRING', value: idOf('gw-1') });
  });

  it('example 30: attribute requests answer with value, values, or nothing', async () => {
    await broker.hub.attributes.save(
      idOf(A),
      'SHARED',
      broker.hub.attributes.toEntries({ targetTemp: 22, mode: 'eco' }),
    );
    await gw.publish(
      'v1/gateway/attributes/request',
      JSON.stringify({ id: 1, device: A, client: false, key: 'targetTemp' }),
    );
    expect(JSON.parse((await gw.message('v1/gateway/attributes/response')).text)).toEqual({
      id: 1,
      device: A,
      value: 22,
    });
    await gw.publish(
      'v1/gateway/attributes/request',
      JSON.stringify({ id: 2, device: A, client: false, keys: ['targetTemp', 'mode'] }),
    );
    expect(JSON.parse((await gw.message('v1/gateway/attributes/response')).text)).toEqual({
      id: 2,
      device: A,
      values: { targetTemp: 22, mode: 'eco' },
    });
    await gw.publish(
      'v1/gateway/attributes/request',
      JSON.stringify({ id: 3, device: A, client: false, key: 'none' }),
    );
    expect(JSON.parse((await gw.message('v1/gateway/attributes/response')).text)).toEqual({
      id: 3,
      device: A,
    });
  });

  it('client attributes per device; shared updates of a connected sub-device arrive through the gateway', async () => {
    await gw.publish('v1/gateway/attributes', JSON.stringify({ [A]: { fw: 'v1.0' } }));
    expect(broker.hub.attributes.get(idOf(A), 'CLIENT', ['fw'])[0]?.value).toEqual({
      type: 'STRING',
      value: 'v1.0',
    });
    // the example-30 writes were pushed through the gateway already
    expect(
      gw.messages
        .filter((m) => m.topic === 'v1/gateway/attributes')
        .map((m) => JSON.parse(m.text) as unknown),
    ).toEqual([{ device: A, data: { targetTemp: 22, mode: 'eco' } }]);
    gw.messages.length = 0;
    await broker.hub.attributes.save(
      idOf(A),
      'SHARED',
      broker.hub.attributes.toEntries({ target: 5 }),
    );
    expect(JSON.parse((await gw.message('v1/gateway/attributes')).text)).toEqual({
      device: A,
      data: { target: 5 },
    });
    await broker.hub.attributes.delete(idOf(A), 'SHARED', ['target']);
    expect(JSON.parse((await gw.message('v1/gateway/attributes')).text)).toEqual({
      device: A,
      data: { deleted: ['target'] },
    });
  });

  it('example 31: a server-side RPC to a sub-device goes through the gateway and the reply returns', async () => {
    const call = broker.hub.rpc.send({
      deviceId: idOf(A),
      method: 'toggle_gpio',
      params: { pin: 1 },
    });
    const request = JSON.parse((await gw.message('v1/gateway/rpc')).text) as {
      device: string;
      data: { id: number; method: string; params: unknown };
    };
    expect(request).toEqual({
      device: A,
      data: { id: request.data.id, method: 'toggle_gpio', params: { pin: 1 } },
    });
    await gw.publish(
      'v1/gateway/rpc',
      JSON.stringify({ device: A, id: request.data.id, data: { success: true } }),
    );
    expect(await call).toEqual({ kind: 'reply', reply: { json: true, value: { success: true } } });
  });

  it('disconnect stops the pushes; an unknown device still gets a PUBACK', async () => {
    await gw.publish('v1/gateway/disconnect', JSON.stringify({ device: A }));
    expect(broker.hub.sessions.gatewayFor(idOf(A))).toBeUndefined();
    await gw.publish('v1/gateway/disconnect', JSON.stringify({ device: 'never-seen' }));
    expect(broker.hub.devices.find('never-seen')).toBeUndefined();
  });
});

describe('gateway payload errors (spec §12, §4)', () => {
  it('entries of the wrong type next to valid ones are ignored with an event', async () => {
    const gw = await connectDevice(broker, 'tcp', 4, { username: 'GW1' });
    await gw.publish('v1/gateway/telemetry', JSON.stringify({ good: [{ v: 1 }], bad: { v: 2 } }));
    expect(latest('good', 'v')?.value).toEqual({ type: 'LONG', value: 1n });
    expect(broker.hub.devices.find('bad')).toBeUndefined();
    expect(
      broker.hub.events.list({ deviceId: idOf('gw-1'), kinds: ['dropped'] })[0]?.message,
    ).toContain('"bad"');
    await gw.end();
  });

  it.each([
    ['v1/gateway/telemetry', '{"A":{"t":1}}'],
    ['v1/gateway/telemetry', '{"A":[1]}'],
    ['v1/gateway/attributes/request', '{"id":1,"device":"A","client":true}'],
    ['v1/gateway/attributes/request', '{"id":1,"device":"A","client":[],"shared":[]}'],
    ['v1/gateway/connect', '{"type":"x"}'],
    ['v1/gateway/rpc', '{"device":"A","data":{}}'],
  ])('%s %s is an invalid payload (3.1.1: closed, no PUBACK)', async (topic, payload) => {
    const gw = await connectDevice(broker, 'tcp', 4, { username: 'GW1' });
    await gw.publish(topic, payload).catch(() => undefined);
    await gw.closed;
    expect(gw.packets.some((p) => p.cmd === 'puback')).toBe(false);
  });

  it('an unknown v1/gateway topic is an unknown topic; closing the gateway disconnects its sub-devices', async () => {
    const gw = await connectDevice(broker, 'tcp', 4, { username: 'GW1' });
    await gw.publish('v1/gateway/whatever', '{}');
    expect(
      broker.hub.events.list({ deviceId: idOf('gw-1'), kinds: ['unknown_topic'] })[0]?.topic,
    ).toBe('v1/gateway/whatever');
    await gw.publish('v1/gateway/connect', '{"device":"sub-z"}');
    expect(broker.hub.sessions.isOnline(idOf('sub-z'))).toBe(true);
    await gw.end();
    await eventually(() => expect(broker.hub.sessions.isOnline(idOf('sub-z'))).toBe(false));
  });
});
