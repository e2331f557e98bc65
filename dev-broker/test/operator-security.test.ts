import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, rawConnect } from './support/mqtt-client.ts';
import { connectOperator } from './support/operator-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({
    adminPassword: 'admin-pass-123',
    config: {
      operators: [{ name: 'ops', password: 'ops-pass-456' }],
      // every refused CONNECT of this file is checked one by one
      settings: { events: { refusedConnectsPerAddress: 1000 } },
    },
  });
});
afterAll(async () => {
  await broker.close();
});

describe.each(MATRIX)('operator security over %s, MQTT v%i', (transport, version) => {
  const refused = version === 5 ? 0x86 : 5;

  it('a device session cannot subscribe to operator/… (0x80; v5 0x8F)', async () => {
    const c = await connectDevice(broker, transport, version, { username: 'T1' });
    const granted = await c.subscribe({
      'operator/v1/events/#': { qos: 0 },
      'operator/v1/response/+': { qos: 1 },
      'v1/devices/me/attributes': { qos: 1 },
    });
    expect(granted).toEqual(version === 5 ? [0x8f, 0x8f, 1] : [0x80, 0x80, 1]);
    expect(broker.hub.events.list({ kinds: ['subscription_refused'] })[0]?.topic).toBe(
      'operator/v1/response/+',
    );
    await c.end();
  });

  it('a device publishing on operator/v1/request/… gets an unknown topic (v5 0x90) and no call runs', async () => {
    const c = await connectDevice(broker, transport, version, { username: 'T1' });
    const { device } = await broker.hub.devices.create({
      name: `victim-${transport}-${String(version)}`,
    });
    const ack = (await c
      .publish(
        'operator/v1/request/x1',
        JSON.stringify({ method: 'devices.delete', params: { deviceId: device.id } }),
      )
      .catch((e: unknown) => e)) as {
      reasonCode?: number;
      code?: number;
      cmd?: string;
    };
    if (version === 5) expect(ack.reasonCode ?? ack.code).toBe(0x90);
    else expect(ack.cmd).toBe('puback');
    await expect(c.message('operator/v1/response/x1', 200)).rejects.toThrow(/no message/);
    expect(broker.hub.devices.find(device.id)).toBeDefined();
    expect(broker.hub.events.list({ kinds: ['unknown_topic'] })[0]?.topic).toBe(
      'operator/v1/request/x1',
    );
    await c.end();
  });

  it('a wrong or missing operator password and an unknown account are refused (0x05; v5 0x86)', async () => {
    expect(
      (
        await rawConnect(broker, transport, version, {
          username: 'operator:admin',
          password: 'nope',
        }).result
      )?.code,
    ).toBe(refused);
    expect(
      (await rawConnect(broker, transport, version, { username: 'operator:admin' }).result)?.code,
    ).toBe(refused);
    expect(
      (
        await rawConnect(broker, transport, version, {
          username: 'operator:root',
          password: 'admin-pass-123',
        }).result
      )?.code,
    ).toBe(refused);
    // each account has its own password
    expect(
      (
        await rawConnect(broker, transport, version, {
          username: 'operator:ops',
          password: 'admin-pass-123',
        }).result
      )?.code,
    ).toBe(refused);
    const ops = await connectDevice(broker, transport, version, {
      username: 'operator:ops',
      password: 'ops-pass-456',
    });
    await ops.end();
  });

  it('an operator session cannot subscribe to device topics', async () => {
    const op = await connectOperator(broker, transport, version);
    const granted = await op.subscribe({
      'v1/devices/me/attributes': { qos: 1 },
      '#': { qos: 0 },
      'operator/v1/events/+/telemetry': { qos: 1 },
    });
    expect(granted).toEqual(version === 5 ? [0x8f, 0x8f, 1] : [0x80, 0x80, 1]);
    await op.end();
  });
});

describe('device credentials never open an operator session', () => {
  it('no device credential may start with "operator:" (create, set, basic user name)', async () => {
    await expect(
      broker.hub.devices.create({
        name: 'x1',
        credentials: { type: 'ACCESS_TOKEN', token: 'operator:admin' },
      }),
    ).rejects.toThrow(/reserved for operator logins/);
    const { device } = await broker.hub.devices.create({ name: 'x2' });
    await expect(
      broker.hub.devices.setCredentials(device.id, { type: 'ACCESS_TOKEN', token: 'operator:ops' }),
    ).rejects.toThrow(/reserved/);
    await expect(
      broker.hub.devices.setCredentials(device.id, {
        type: 'MQTT_BASIC',
        clientId: 'c',
        userName: 'operator:admin',
        password: 'admin-pass-123',
      }),
    ).rejects.toThrow(/reserved/);
  });

  it('a device whose token equals the admin password is a device, not an operator', async () => {
    const { device } = await broker.hub.devices.create({
      name: 'mimic',
      credentials: { type: 'ACCESS_TOKEN', token: 'admin-pass-123' },
    });
    const c = await connectDevice(broker, 'tcp', 5, { username: 'admin-pass-123' });
    expect(broker.hub.sessions.forDevice(device.id).map((s) => s.principal.kind)).toEqual([
      'device',
    ]);
    await eventually(() => expect(broker.hub.sessions.operators().size).toBe(0)); // earlier operators have left
    expect(await c.subscribe({ 'operator/v1/events/#': { qos: 0 } })).toEqual([0x8f]);
    await c.end();
  });

  it('a device token as the operator password is refused', async () => {
    expect(
      (await rawConnect(broker, 'tcp', 4, { username: 'operator:admin', password: 'T1' }).result)
        ?.code,
    ).toBe(5);
  });
});

describe('event payloads never carry credentials', () => {
  it('a workload touching every event kind publishes no token or password', async () => {
    const op = await connectOperator(broker, 'tcp', 5);
    await op.subscribe({ 'operator/v1/events/#': { qos: 0 } });
    const secrets = [
      'SECRET-TOKEN-1',
      'SECRET-TOKEN-2',
      'basic-pw-9',
      'admin-pass-123',
      'ops-pass-456',
      'wrong-pw-7',
    ];
    const { device } = await op.ok('devices.create', {
      name: 'secretive',
      token: 'SECRET-TOKEN-1',
    });
    await op.ok('devices.create', {
      name: 'basic-secretive',
      credentials: {
        type: 'MQTT_BASIC',
        clientId: 'bs-cid',
        userName: 'bs',
        password: 'basic-pw-9',
      },
    });
    const c = await connectDevice(broker, 'tcp', 5, {
      username: 'SECRET-TOKEN-1',
      password: 'ignored-pw',
    });
    await c.subscribe({
      'v1/devices/me/rpc/request/+': { qos: 1 },
      'operator/v1/events/#': { qos: 0 },
    });
    await c.publish('v1/devices/me/telemetry', '{"t":1}');
    await c.publish('v1/devices/me/attributes', '{"a":1}');
    await expect(c.publish('v1/devices/me/telemetry', '{"bad":}')).rejects.toThrow(
      /Payload format invalid/,
    );
    await op.ok('attributes.save', { deviceId: device.id, scope: 'SHARED', values: { s: 1 } });
    const rpc = op.ok('rpc.send', { deviceId: device.id, method: 'm' });
    await c.message('v1/devices/me/rpc/request/0');
    await c.publish('v1/devices/me/rpc/response/0', '{}');
    await rpc;
    await c.publish('v1/devices/me/rpc/request/0', '{"method":"askOperator"}');
    await rawConnect(broker, 'tcp', 4, {
      clientId: 'bs-cid',
      username: 'bs',
      password: 'wrong-pw-7',
    }).result;
    await rawConnect(broker, 'tcp', 5, { username: 'operator:admin', password: 'wrong-pw-7' })
      .result;
    await op.ok('devices.credentials.set', {
      deviceId: device.id,
      credentials: { type: 'ACCESS_TOKEN', token: 'SECRET-TOKEN-2' },
    });
    await c.closed;
    const kinds = new Set<string>();
    const until = Date.now() + 3000;
    while (kinds.size < 7 && Date.now() < until) {
      for (const m of op.messages)
        kinds.add(m.topic.split('/').slice(3).join('/').replace(device.id, 'D'));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'D/telemetry',
        'D/attributes',
        'D/session',
        'D/rpc',
        'D/client_rpc',
        'D/error',
        '_broker/auth_failed',
      ]),
    );
    const all = op.messages.map((m) => m.text).join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
    expect(c.messages.filter((m) => m.topic.startsWith('operator/'))).toEqual([]);
    await op.end();
  });
});
