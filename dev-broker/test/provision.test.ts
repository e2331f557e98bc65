import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type TestClient } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({ config: { settings: { provision: { closeDelayMs: 400 } } } });
});
afterAll(async () => {
  await broker.close();
});

async function provision(
  topic: '/provision' | '/provision/request',
  request: object,
  via: TestClient | null = null,
) {
  const c = via ?? (await connectDevice(broker, 'tcp', 4, { username: 'provision' }));
  await c.publish(topic, JSON.stringify(request));
  const reply = JSON.parse((await c.message('/provision/response')).text) as Record<
    string,
    unknown
  >;
  return { c, reply };
}

const fleet = { provisionDeviceKey: 'pk-fleet', provisionDeviceSecret: 'ps-fleet' };

describe.each(MATRIX)('provisioning over %s, MQTT v%i (spec §10)', (transport, version) => {
  it('example 23: ALLOW_CREATE_NEW_DEVICES creates the device; the token connects and publishes; closed after the delay', async () => {
    const name = `sensor-9-${transport}-${String(version)}`;
    const c = await connectDevice(broker, transport, version, { username: 'provision' });
    const { reply } = await provision('/provision', { deviceName: name, ...fleet }, c);
    expect(reply).toEqual({
      status: 'SUCCESS',
      credentialsType: 'ACCESS_TOKEN',
      credentialsValue: expect.stringMatching(/^[A-Za-z0-9]{20}$/) as unknown,
    });
    const device = broker.hub.devices.get(name);
    expect(broker.hub.profiles.get(device.profileId).name).toBe('fleet');
    expect(broker.hub.attributes.get(device.id, 'SERVER', ['provisionState'])[0]?.value).toEqual({
      type: 'STRING',
      value: 'provisioned',
    });
    const d = await connectDevice(broker, transport, version, {
      username: reply.credentialsValue as string,
    });
    await d.publish('v1/devices/me/telemetry', '{"ok":1}');
    expect(broker.hub.telemetry.latest(device.id, ['ok'])).toHaveLength(1);
    await d.end();
    await c.closed; // provision.closeDelayMs
  });
});

describe('provisioning outcomes (spec §10, examples 24-26)', () => {
  it('example 24: an existing name → FAILURE; a wrong secret → NOT_FOUND; /provision/request works too', async () => {
    expect(
      (await provision('/provision/request', { deviceName: 'thermo-1', ...fleet })).reply,
    ).toEqual({ status: 'FAILURE', errorMsg: 'Failed to provision device!' });
    expect(
      (
        await provision('/provision/request', {
          deviceName: 'x-1',
          provisionDeviceKey: 'pk-fleet',
          provisionDeviceSecret: 'wrong',
        })
      ).reply,
    ).toEqual({
      status: 'NOT_FOUND',
      errorMsg: 'Provision data was not found!',
    });
    expect(
      (
        await provision('/provision', {
          deviceName: 'x-2',
          provisionDeviceKey: 'nope',
          provisionDeviceSecret: 'x',
        })
      ).reply.status,
    ).toBe('NOT_FOUND');
    expect(
      (
        await provision('/provision', {
          deviceName: 'x-3',
          provisionDeviceKey: '',
          provisionDeviceSecret: '',
        })
      ).reply.status,
    ).toBe('NOT_FOUND');
  });

  it('example 25: MQTT_BASIC credentials are returned as an object with userName', async () => {
    const { reply } = await provision('/provision', {
      deviceName: 'sensor-10',
      ...fleet,
      credentialsType: 'MQTT_BASIC',
      clientId: 'c10',
      username: 'u10',
      password: 'p10',
    });
    expect(reply).toEqual({
      status: 'SUCCESS',
      credentialsType: 'MQTT_BASIC',
      credentialsValue: { clientId: 'c10', userName: 'u10', password: 'p10' },
    });
    const d = await connectDevice(broker, 'tcp', 4, {
      clientId: 'c10',
      username: 'u10',
      password: 'p10',
    });
    await d.end();
  });

  it('duplicate credentials → FAILURE and no device is created (atomic, §14.12)', async () => {
    const { reply } = await provision('/provision', {
      deviceName: 'dup-token',
      ...fleet,
      token: 'T1',
    });
    expect(reply.status).toBe('FAILURE');
    expect(broker.hub.devices.find('dup-token')).toBeUndefined();
  });

  it('X509 certificate text is stored as given; a given token is used', async () => {
    expect(
      (
        await provision('/provision', {
          deviceName: 'cert-1',
          ...fleet,
          credentialsType: 'X509_CERTIFICATE',
          hash: 'MIIBcert',
        })
      ).reply,
    ).toEqual({
      status: 'SUCCESS',
      credentialsType: 'X509_CERTIFICATE',
      credentialsValue: 'MIIBcert',
    });
    expect(
      (await provision('/provision', { deviceName: 'tok-1', ...fleet, token: 'my-own-token' }))
        .reply.credentialsValue,
    ).toBe('my-own-token');
  });

  it('example 26: CHECK_PRE_PROVISIONED returns the existing credentials once; the session refuses device topics', async () => {
    const factory = {
      deviceName: 'line-7',
      provisionDeviceKey: 'pk-factory',
      provisionDeviceSecret: 'ps-factory',
      token: 'other',
    };
    const { c, reply } = await provision('/provision', factory);
    expect(reply).toEqual({
      status: 'SUCCESS',
      credentialsType: 'ACCESS_TOKEN',
      credentialsValue: 'L7',
    });
    expect((await provision('/provision', factory, c)).reply).toEqual({
      status: 'FAILURE',
      errorMsg: 'Failed to provision device!',
    });
    expect(await c.subscribe({ 'v1/devices/me/attributes': { qos: 1 } })).toEqual([0x80]);
    expect((await c.publish('v1/devices/me/telemetry', '{"a":1}'))?.cmd).toBe('puback');
    await c.closed;
  });

  it('a request without key or secret gets a PUBACK, no reply, and the connection closes; a non-object is invalid', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'provision' });
    expect((await c.publish('/provision', '{"deviceName":"x"}'))?.cmd).toBe('puback');
    await c.closed;
    expect(c.messages).toEqual([]);
    const d = await connectDevice(broker, 'tcp', 4, { username: 'provision' });
    await d.publish('/provision', '[1,2]').catch(() => undefined);
    await d.closed;
    expect(d.packets.some((p) => p.cmd === 'puback')).toBe(false);
  });

  it('a gateway flag makes the new device a gateway; a missing name gets a random one', async () => {
    const { reply } = await provision('/provision', {
      deviceName: 'gw-new',
      ...fleet,
      gateway: true,
    });
    expect(reply.status).toBe('SUCCESS');
    expect(broker.hub.devices.get('gw-new').gateway).toBe(true);
    const before = broker.hub.devices.list({ limit: 1000 }).total;
    expect((await provision('/provision', { ...fleet })).reply.status).toBe('SUCCESS');
    expect(broker.hub.devices.list({ limit: 1000 }).total).toBe(before + 1);
  });
});
