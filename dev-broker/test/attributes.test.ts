import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type TestClient } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

describe.each(MATRIX)('attributes over %s, MQTT v%i (spec §6)', (transport, version) => {
  let c: TestClient;
  let deviceId: string;
  const name = `attr-${transport}-${String(version)}`;
  beforeAll(async () => {
    const { device } = await broker.hub.devices.create({
      name,
      credentials: { type: 'ACCESS_TOKEN', token: `A-${name}` },
    });
    deviceId = device.id;
    c = await connectDevice(broker, transport, version, { username: `A-${name}` });
  });
  afterAll(async () => {
    await c.end();
  });

  it('example 11: client attributes are typed and stored before the PUBACK', async () => {
    await c.publish('v1/devices/me/attributes', '{"fwMode":"auto","slots":[1,2]}');
    const stored = broker.hub.attributes.get(deviceId, 'CLIENT').map((a) => [a.key, a.value]);
    expect(Object.fromEntries(stored)).toEqual({
      fwMode: { type: 'STRING', value: 'auto' },
      slots: { type: 'JSON', value: '[1,2]' },
    });
  });

  it('example 12: attribute request → PUBACK, then the response at QoS 1 without a subscription', async () => {
    await broker.hub.attributes.save(
      deviceId,
      'SHARED',
      broker.hub.attributes.toEntries({ targetTemp: 21.5 }),
    );
    await c.publish(
      'v1/devices/me/attributes/request/1',
      '{"clientKeys":"fwMode,slots","sharedKeys":"targetTemp,missing"}',
    );
    const response = await c.message('v1/devices/me/attributes/response/1');
    expect(JSON.parse(response.text)).toEqual({
      client: { fwMode: 'auto', slots: [1, 2] },
      shared: { targetTemp: 21.5 },
    });
    expect(response.qos).toBe(1);
    const pubackIndex = c.packets.findIndex((p) => p.cmd === 'puback');
    const responseIndex = c.packets.findIndex(
      (p) => p.cmd === 'publish' && p.topic === 'v1/devices/me/attributes/response/1',
    );
    expect(pubackIndex).toBeGreaterThanOrEqual(0);
    expect(pubackIndex).toBeLessThan(responseIndex);
  });

  it('example 13: v2 request families answer in their own family; {} returns everything', async () => {
    await c.publish('v2/a/req/j/9', '{"sharedKeys":"nope"}');
    expect((await c.message('v2/a/res/j/9')).text).toBe('{}');
    await c.publish('v2/a/req/3', '{}');
    const all = JSON.parse((await c.message('v2/a/res/3')).text) as {
      client: Record<string, unknown>;
      shared: Record<string, unknown>;
    };
    expect(all.client).toEqual({ fwMode: 'auto', slots: [1, 2] });
    expect(all.shared).toEqual({ targetTemp: 21.5 });
  });

  it('example 14: shared updates and deletions are pushed at the subscribed QoS', async () => {
    expect(await c.subscribe({ 'v1/devices/me/attributes': { qos: 0 } })).toEqual([0]);
    await broker.hub.attributes.save(
      deviceId,
      'SHARED',
      broker.hub.attributes.toEntries({ targetTemp: 22 }),
    );
    const update = await c.message('v1/devices/me/attributes');
    expect(JSON.parse(update.text)).toEqual({ targetTemp: 22 });
    expect(update.qos).toBe(0);
    await broker.hub.attributes.delete(deviceId, 'SHARED', ['targetTemp']);
    expect(JSON.parse((await c.message('v1/devices/me/attributes')).text)).toEqual({
      deleted: ['targetTemp'],
    });
  });

  it('server attributes are never pushed or returned', async () => {
    await broker.hub.attributes.save(
      deviceId,
      'SERVER',
      broker.hub.attributes.toEntries({ secretSetting: 1 }),
    );
    await c.publish('v1/devices/me/attributes/request/2', '{}');
    expect((await c.message('v1/devices/me/attributes/response/2')).text).not.toContain(
      'secretSetting',
    );
  });
});

describe('subscriptions (spec §3, example 5)', () => {
  it.each(MATRIX)(
    '%s v%i: allowed filters granted min(QoS, 1); others refused',
    async (transport, version) => {
      const c = await connectDevice(broker, transport, version, { username: 'O1' });
      const granted = await c.subscribe({
        'v1/devices/me/attributes': { qos: 2 },
        '#': { qos: 0 },
        'v1/devices/me/rpc/request/#': { qos: 1 },
      });
      const refusedCode = version === 5 ? 0x8f : 0x80;
      expect(granted).toEqual([1, refusedCode, refusedCode]);
      expect(
        await c.subscribe({
          'v1/devices/me/attributes/response/1': { qos: 1 },
          'v2/fw/response/+/chunk/+': { qos: 1 },
        }),
      ).toEqual([refusedCode, 1]);
      await c.end();
    },
  );

  it.each(MATRIX)(
    '%s v%i: a $share/… filter is refused like any other (0x80; v5 0x8F, not 0x9E) and recorded as sent',
    async (transport, version) => {
      const c = await connectDevice(broker, transport, version, { username: 'O1' });
      const granted = await c.subscribe({
        '$share/g/v1/devices/me/attributes': { qos: 1 },
        'v1/devices/me/attributes': { qos: 1 },
        '$share/g/#': { qos: 0 },
      });
      const refusedCode = version === 5 ? 0x8f : 0x80;
      expect(granted).toEqual([refusedCode, 1, refusedCode]);
      const topics = broker.hub.events
        .list({ kinds: ['subscription_refused'], limit: 2 })
        .map((e) => e.topic);
      expect(topics).toEqual(['$share/g/#', '$share/g/v1/devices/me/attributes']);
      await c.end();
    },
  );
});
