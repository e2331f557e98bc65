import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { PROTO_CONFIG, pb, unpb } from './support/proto-fixtures.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({ config: PROTO_CONFIG });
});
afterAll(async () => {
  await broker.close();
});

const idOf = (name: string) => broker.hub.devices.get(name).id;
/** Not a message of any schema: a length-delimited field 1 that claims 5 bytes and has 1. */
const UNDECODABLE = Buffer.from([0x0a, 0x05, 0x08]);

/**
 * Undecodable bytes on every topic a Protobuf device speaks, in every error mode of spec §4 / §2.3: the profile's
 * `sendAckOnValidationException` (pb-1: false, pbl-1: true), MQTT 3.1.1 or 5, QoS 1 or 0.
 */
const TOPICS = [
  ['v1/devices/me/telemetry', /Invalid Protobuf telemetry\.SensorDataReading: index out of range/],
  ['v1/devices/me/attributes', /Invalid Protobuf attributes\.SensorConfiguration/],
  ['v1/devices/me/rpc/response/0', /Invalid Protobuf rpc\.RpcResponseMsg/],
  ['v1/devices/me/attributes/request/1', /Invalid Protobuf AttributesRequest/],
  ['v2/t/p', /Invalid Protobuf telemetry\.SensorDataReading/],
  ['v1/devices/me/claim', /Invalid Protobuf ClaimDevice/],
] as const;

describe.each(TOPICS)('undecodable bytes on %s (spec §4, §2.3)', (topic, message) => {
  const lastEvent = (device: string) =>
    broker.hub.events.list({ deviceId: idOf(device), kinds: ['invalid_payload'] })[0];

  it('MQTT 3.1.1, sendAckOnValidationException false: no PUBACK, closed, event with the decoder message', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'PB1' });
    await expect(c.publish(topic, UNDECODABLE)).rejects.toThrow(/closed before PUBACK/);
    expect(c.packets.some((p) => p.cmd === 'puback')).toBe(false);
    expect(lastEvent('pb-1')).toMatchObject({
      topic,
      message: expect.stringMatching(message) as unknown,
    });
  });

  it('MQTT 3.1.1, sendAckOnValidationException true: PUBACK, still open; at QoS 0 closed', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'PBL1' });
    expect(await c.publish(topic, UNDECODABLE)).toMatchObject({ cmd: 'puback' });
    expect(c.isClosed()).toBe(false);
    expect(lastEvent('pbl-1')).toMatchObject({
      topic,
      message: expect.stringMatching(message) as unknown,
    });
    await c.publish(topic, UNDECODABLE, 0);
    await c.closed;
  });

  it.each([
    ['PB1', 'false'],
    ['PBL1', 'true'],
  ])('MQTT 5 (%s, sendAckOnValidationException %s): PUBACK 0x99, still open', async (token) => {
    const c = await connectDevice(broker, 'tcp', 5, { username: token });
    await c.publish(topic, UNDECODABLE).catch(() => undefined);
    expect(c.packets.find((p) => p.cmd === 'puback')).toMatchObject({ reasonCode: 0x99 });
    expect(c.isClosed()).toBe(false);
    await c.end();
  });
});

describe('an undecodable Protobuf provisioning request (spec §10, §4)', () => {
  it('MQTT 3.1.1: no PUBACK, closed, invalid_payload event', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'provision' });
    await expect(c.publish('/provision/request', UNDECODABLE)).rejects.toThrow(
      /closed before PUBACK/,
    );
    expect(broker.hub.events.list({ kinds: ['invalid_payload'] })[0]?.message).toMatch(
      /invalid provision request: .*closing the connection/,
    );
  });

  it('MQTT 5: PUBACK 0x99 and the session stays open; a good request on it is answered', async () => {
    const c = await connectDevice(broker, 'tcp', 5, { username: 'provision' });
    await c.publish('/provision/request', UNDECODABLE).catch(() => undefined);
    expect(c.packets.find((p) => p.cmd === 'puback')).toMatchObject({ reasonCode: 0x99 });
    expect(c.isClosed()).toBe(false);
    await c.publish(
      '/provision/request',
      pb('transport.ProvisionDeviceRequestMsg', {
        deviceName: 'pb-after-error',
        provisionDeviceCredentialsMsg: {
          provisionDeviceKey: 'pk-fleet',
          provisionDeviceSecret: 'ps-fleet',
        },
      }),
    );
    expect(
      unpb(
        'transport.ProvisionDeviceResponseMsg',
        (await c.message('/provision/response')).payload,
      ),
    ).toMatchObject({ status: 'SUCCESS', credentialsType: 'ACCESS_TOKEN' });
    await c.end();
  });

  it('MQTT 5 at QoS 0: dropped with the event, the session stays open (spec §4)', async () => {
    const c = await connectDevice(broker, 'tcp', 5, { username: 'provision' });
    const before = broker.hub.events.list({ kinds: ['invalid_payload'] }).length;
    await c.publish('/provision/request', UNDECODABLE, 0);
    await eventually(() =>
      expect(broker.hub.events.list({ kinds: ['invalid_payload'] }).length).toBe(before + 1),
    );
    expect(c.isClosed()).toBe(false);
    await c.end();
  });
});
