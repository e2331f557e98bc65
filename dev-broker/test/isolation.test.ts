import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEVICE_FILTERS } from '../../src/protocol/topics.ts';
import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, markerRoundTrip } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

describe.each(MATRIX)('isolation over %s, MQTT v%i (spec §2)', (transport, version) => {
  it("device B subscribed to every allowed filter never receives device A's traffic", async () => {
    const a = await connectDevice(broker, transport, version, { username: 'T1' });
    const b = await connectDevice(broker, transport, version, { username: 'O1' });
    const all = Object.fromEntries([...DEVICE_FILTERS.keys()].map((f) => [f, { qos: 1 as const }]));
    await b.subscribe({ ...all, '#': { qos: 1 }, '+/#': { qos: 1 } });
    await a.subscribe({
      'v1/devices/me/attributes': { qos: 1 },
      'v1/devices/me/rpc/request/+': { qos: 1 },
    });
    const thermo = broker.hub.devices.get('thermo-1').id;
    // A's own traffic in every direction
    await a.publish('v1/devices/me/telemetry', '{"secret":1}');
    await a.publish('v1/devices/me/attributes', '{"secretAttr":1}');
    await a.publish('v1/devices/me/attributes/request/1', '{}');
    await a.publish('v1/devices/me/rpc/request/2', '{"method":"getTime"}');
    await a.publish('v1/devices/me/rpc/response/3', '{"x":1}');
    await a.publish('v2/a/res/1', '{"forged":true}').catch(() => undefined); // v5: PUBACK 0x90
    await a.publish('v1/devices/me/attributes', '{"retainTry":1}');
    await broker.hub.attributes.save(
      thermo,
      'SHARED',
      broker.hub.attributes.toEntries({ onlyForA: 1 }),
    );
    const rpc = broker.hub.rpc.send({ deviceId: thermo, method: 'forA', oneway: true });
    await a.message('v1/devices/me/attributes');
    expect(await rpc).toEqual({ kind: 'delivered' });
    await a.message('v1/devices/me/attributes/response/1');
    await a.message('v1/devices/me/rpc/response/2');
    await markerRoundTrip(b);
    expect(b.messages).toEqual([]);
    await a.end();
    await b.end();
  });
});
