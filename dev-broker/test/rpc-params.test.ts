import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { connectOperator } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const idOf = (name: string) => broker.hub.devices.get(name).id;

describe('server-side RPC params pass through unchanged (spec §7)', () => {
  it.each([
    ['v1', 'v1/devices/me/rpc/request/+', 'v1/devices/me/rpc/request/'],
    ['v2', 'v2/r/req/+', 'v2/r/req/'],
  ])(
    '%s: "params": null is delivered as null; left out, as {}',
    async (_family, filter, prefix) => {
      const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
      await c.subscribe({ [filter]: { qos: 1 } });
      const oneway = { deviceId: idOf('other-1'), oneway: true };
      await broker.hub.rpc.send({ ...oneway, method: 'withNull', params: null });
      await broker.hub.rpc.send({ ...oneway, method: 'without' });
      await broker.hub.rpc.send({ ...oneway, method: 'withZero', params: 0 });
      expect(c.messages.filter((m) => m.topic.startsWith(prefix)).map((m) => m.text)).toEqual([
        '{"method":"withNull","params":null}',
        '{"method":"without","params":{}}',
        '{"method":"withZero","params":0}',
      ]);
      await c.end();
    },
  );

  it('a gateway gets "params": null for its sub-device', async () => {
    const gw = await connectDevice(broker, 'tcp', 4, { username: 'GW1' });
    await gw.publish('v1/gateway/connect', JSON.stringify({ device: 'Sub P' }));
    await broker.hub.rpc.send({ deviceId: idOf('Sub P'), method: 'm', params: null, oneway: true });
    expect(JSON.parse((await gw.message('v1/gateway/rpc')).text)).toEqual({
      device: 'Sub P',
      data: { id: 0, method: 'm', params: null },
    });
    await gw.end();
  });

  it('from the operator API too: rpc.send with "params": null', async () => {
    const c = await connectDevice(broker, 'ws', 5, { username: 'T1' });
    await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    const operator = await connectOperator(broker);
    await operator.call('rpc.send', {
      deviceName: 'thermo-1',
      method: 'fromOperator',
      params: null,
      oneway: true,
    });
    expect((await c.message('v1/devices/me/rpc/request/0')).text).toBe(
      '{"method":"fromOperator","params":null}',
    );
    await operator.end();
    await c.end();
  });
});
