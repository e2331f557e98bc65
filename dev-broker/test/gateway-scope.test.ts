import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { SettingsInput } from '../config/settings.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice, type TestClient } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

const SUB = 'Sub of gw-1';
let broker: DevBroker;
let gw1: TestClient;
let gw2: TestClient;
const idOf = (name: string) => broker.hub.devices.get(name).id;

/** A broker with gateways gw-1 (token GW1, from the spec fixtures) and gw-2; gw-1 creates SUB. */
async function setUp(settings: SettingsInput): Promise<void> {
  broker = await startTestBroker({ config: { settings } });
  await broker.hub.devices.create({
    name: 'gw-2',
    gateway: true,
    credentials: { type: 'ACCESS_TOKEN', token: 'GW2' },
  });
  gw1 = await connectDevice(broker, 'tcp', 4, { username: 'GW1' });
  gw2 = await connectDevice(broker, 'tcp', 4, { username: 'GW2' });
  await gw1.publish('v1/gateway/connect', JSON.stringify({ device: SUB }));
  await broker.hub.attributes.save(idOf(SUB), 'SHARED', broker.hub.attributes.toEntries({ t: 1 }));
}

/** gw-2 speaks for gw-1's sub-device: connect, telemetry, attribute request. */
async function actAsOtherGateway(): Promise<unknown> {
  await gw2.publish('v1/gateway/connect', JSON.stringify({ device: SUB }));
  await gw2.publish('v1/gateway/telemetry', JSON.stringify({ [SUB]: [{ hijack: 1 }] }));
  const response = gw2.message('v1/gateway/attributes/response');
  await gw2.publish(
    'v1/gateway/attributes/request',
    JSON.stringify({ id: 7, device: SUB, client: false, key: 't' }),
  );
  return JSON.parse((await response).text);
}

afterEach(async () => {
  await gw1.end();
  await gw2.end();
  await broker.close();
});

describe('gateway.scope "any" (default, as the reference): a gateway may act for any device by name', () => {
  beforeEach(() => setUp({}));

  it('gw-2 reads, writes and becomes the route for a device gw-1 created', async () => {
    expect(await actAsOtherGateway()).toEqual({ id: 7, device: SUB, value: 1 });
    expect(broker.hub.telemetry.latest(idOf(SUB), ['hijack'])).toHaveLength(1);
    expect(broker.hub.sessions.gatewayFor(idOf(SUB))).toBeDefined();
  });
});

describe('gateway.scope "own": only devices the gateway created or was assigned', () => {
  beforeEach(() => setUp({ gateway: { scope: 'own' } }));

  it("gw-2 cannot connect, write or read gw-1's device; each refusal is a dropped event", async () => {
    const route = broker.hub.sessions.gatewayFor(idOf(SUB));
    expect(await actAsOtherGateway()).toEqual({ id: 7, device: SUB });
    expect(broker.hub.telemetry.latest(idOf(SUB), ['hijack'])).toEqual([]);
    expect(broker.hub.sessions.gatewayFor(idOf(SUB))).toBe(route); // still gw-1's
    const dropped = broker.hub.events
      .list({ deviceId: idOf('gw-2'), kinds: ['dropped'] })
      .map((e) => e.message);
    expect(dropped).toHaveLength(3);
    expect(dropped[0]).toContain('gateway "gw-2" may not act for device "Sub of gw-1"');
  });

  it("gw-2 still serves its own devices; its reply to an RPC of gw-1's device is dropped", async () => {
    await gw2.publish('v1/gateway/telemetry', JSON.stringify({ 'Own of gw-2': [{ v: 2 }] }));
    expect(broker.hub.telemetry.latest(idOf('Own of gw-2'), ['v'])).toHaveLength(1);
    const rpc = broker.hub.rpc.send({ deviceId: idOf(SUB), method: 'm' });
    const request = JSON.parse((await gw1.message('v1/gateway/rpc')).text) as {
      data: { id: number };
    };
    const reply = (from: string) =>
      JSON.stringify({ device: SUB, id: request.data.id, data: { from } });
    await gw2.publish('v1/gateway/rpc', reply('gw-2'));
    await gw1.publish('v1/gateway/rpc', reply('gw-1'));
    expect(await rpc).toEqual({ kind: 'reply', reply: { json: true, value: { from: 'gw-1' } } });
  });

  it('assigning the device to gw-2 (server attribute createdByGateway) lets it act for it', async () => {
    await broker.hub.attributes.save(
      idOf(SUB),
      'SERVER',
      broker.hub.attributes.toEntries({ createdByGateway: idOf('gw-2') }),
    );
    expect(await actAsOtherGateway()).toEqual({ id: 7, device: SUB, value: 1 });
    expect(broker.hub.telemetry.latest(idOf(SUB), ['hijack'])).toHaveLength(1);
  });
});
