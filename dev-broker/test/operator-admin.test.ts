import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OPERATOR_METHODS } from '../../src/protocol/operator-api.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let op: OperatorTestClient;
beforeAll(async () => {
  broker = await startTestBroker();
  op = await connectOperator(broker, 'ws', 5);
});
afterAll(async () => {
  await op.end();
  await broker.close();
});

describe('profiles.*', () => {
  it('lists, gets by id or name, creates, updates and deletes', async () => {
    const names = (await op.ok('profiles.list')).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'fleet', 'factory', 'lenient']));
    const fleet = await op.ok('profiles.get', { profileName: 'fleet' });
    expect(fleet).toMatchObject({
      provisionType: 'ALLOW_CREATE_NEW_DEVICES',
      provisionKey: 'pk-fleet',
      provisionSecret: 'ps-fleet',
      isDefault: false,
    });
    expect(await op.ok('profiles.get', { profileId: fleet.id })).toEqual(fleet);
    const created = await op.ok('profiles.create', {
      name: 'lab',
      provisionType: 'CHECK_PRE_PROVISIONED_DEVICES',
      provisionKey: 'pk-lab',
      provisionSecret: 'ps-lab',
      sendAckOnValidationException: true,
    });
    expect(created).toMatchObject({
      name: 'lab',
      payloadType: 'JSON',
      sendAckOnValidationException: true,
      isDefault: false,
    });
    const updated = await op.ok('profiles.update', {
      profileId: created.id,
      name: 'lab-2',
      provisionType: 'DISABLED',
      payloadType: 'PROTOBUF',
    });
    expect(updated).toMatchObject({
      id: created.id,
      name: 'lab-2',
      provisionType: 'DISABLED',
      payloadType: 'PROTOBUF',
      provisionKey: 'pk-lab',
    });
    expect(await op.ok('profiles.delete', { profileName: 'lab-2' })).toEqual({
      profileId: created.id,
      deleted: true,
    });
    expect((await op.fail('profiles.get', { profileId: created.id })).code).toBe('NOT_FOUND');
  });

  it('errors: ALREADY_EXISTS, FAILED_PRECONDITION, INVALID_ARGUMENT, NOT_FOUND', async () => {
    expect((await op.fail('profiles.create', { name: 'fleet' })).code).toBe('ALREADY_EXISTS');
    const dupKey = await op.fail('profiles.create', {
      name: 'x',
      provisionType: 'ALLOW_CREATE_NEW_DEVICES',
      provisionKey: 'pk-fleet',
      provisionSecret: 's',
    });
    expect(dupKey.code).toBe('ALREADY_EXISTS');
    expect(
      (await op.fail('profiles.create', { name: 'x', provisionType: 'ALLOW_CREATE_NEW_DEVICES' }))
        .message,
    ).toMatch(/provisionKey is required when provisionType is ALLOW_CREATE_NEW_DEVICES/);
    expect((await op.fail('profiles.create', { name: 'x', payloadType: 'XML' })).message).toMatch(
      /payloadType must be JSON or PROTOBUF/,
    );
    expect(
      (
        await op.fail('profiles.update', {
          profileName: 'lenient',
          provisionType: 'ALLOW_CREATE_NEW_DEVICES',
        })
      ).message,
    ).toMatch(/needs a provisionKey and a provisionSecret/);
    expect((await op.fail('profiles.update', { profileName: 'default', name: 'std' })).code).toBe(
      'FAILED_PRECONDITION',
    );
    expect((await op.fail('profiles.update', { profileName: 'fleet' })).message).toMatch(
      /nothing to update/,
    );
    expect((await op.fail('profiles.update', { profileName: 'lenient', name: 'fleet' })).code).toBe(
      'ALREADY_EXISTS',
    );
    expect(await op.fail('profiles.delete', { profileName: 'default' })).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: 'the default profile cannot be deleted',
    });
    expect(await op.fail('profiles.delete', { profileName: 'factory' })).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: 'profile factory still has devices',
    });
    expect((await op.fail('profiles.delete', { profileName: 'ghost' })).code).toBe('NOT_FOUND');
    expect((await op.fail('profiles.get', {})).message).toMatch(/give profileId or profileName/);
  });
});

describe('events.list', () => {
  it('filters by device, kinds, afterId and limit; newest first', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    // a 3.1.1 invalid payload closes the connection without a PUBACK (spec §4)
    await expect(c.publish('v1/devices/me/telemetry', 'not json {')).rejects.toThrow(
      /closed before PUBACK/,
    );
    await c.closed;
    await eventually(() =>
      expect(broker.hub.sessions.isOnline(broker.hub.devices.get('thermo-1').id)).toBe(false),
    );
    const events = await op.ok('events.list', { deviceName: 'thermo-1' });
    expect(events.map((e) => e.kind)).toEqual([
      'session_closed',
      'invalid_payload',
      'session_opened',
    ]);
    expect(events[1]).toMatchObject({ deviceName: 'thermo-1', topic: 'v1/devices/me/telemetry' });
    expect(events[1]?.message).toMatch(/invalid payload/);
    expect(
      (await op.ok('events.list', { deviceName: 'thermo-1', kinds: ['invalid_payload'] })).map(
        (e) => e.kind,
      ),
    ).toEqual(['invalid_payload']);
    const oldest = events[2]?.id ?? 0;
    expect((await op.ok('events.list', { deviceName: 'thermo-1', afterId: oldest })).length).toBe(
      2,
    );
    expect((await op.ok('events.list', { limit: 1 })).length).toBe(1);
  });

  it('a deleted device keeps its events (by deviceId); errors for kinds, limit and unknown names', async () => {
    const { device } = await op.ok('devices.create', { name: 'ev-gone', token: 'EV-GONE' });
    await (await connectDevice(broker, 'tcp', 5, { username: 'EV-GONE' })).end();
    await op.ok('devices.delete', { deviceId: device.id });
    await eventually(() => expect(broker.hub.events.list({ deviceId: device.id }).length).toBe(2));
    expect((await op.ok('events.list', { deviceId: device.id })).map((e) => e.kind)).toEqual([
      'session_closed',
      'session_opened',
    ]);
    expect((await op.fail('events.list', { deviceName: 'ev-gone' })).code).toBe('NOT_FOUND');
    expect((await op.fail('events.list', { kinds: ['boom'] })).message).toMatch(
      /every kind must be one of auth_failed/,
    );
    expect((await op.fail('events.list', { limit: 5000 })).message).toMatch(
      /limit must be at most 1000/,
    );
  });
});

describe('sessions.list', () => {
  it('lists device and operator sessions with transport, protocol and subscriptions, never credentials', async () => {
    const c = await connectDevice(broker, 'tcp', 4, {
      clientId: 'probe-2-cid',
      username: 'probe2',
      password: 's3cret',
    });
    await c.subscribe({ 'v1/devices/me/attributes': { qos: 1 }, 'v2/r/req/+': { qos: 0 } });
    await op.subscribe({ 'operator/v1/events/#': { qos: 0 } });
    const sessions = await op.ok('sessions.list');
    const device = sessions.find((s) => s.deviceName === 'probe-2');
    expect(device).toMatchObject({
      kind: 'device',
      clientId: 'probe-2-cid',
      transport: 'tcp',
      protocolVersion: 4,
      protocol: 'MQTT 3.1.1',
      account: null,
      subscriptions: [
        { filter: 'v1/devices/me/attributes', qos: 1 },
        { filter: 'v2/r/req/+', qos: 0 },
      ],
    });
    expect(device?.connectedAt).toBeGreaterThan(0);
    const operator = sessions.find((s) => s.kind === 'operator');
    expect(operator).toMatchObject({
      account: 'admin',
      transport: 'ws',
      protocol: 'MQTT 5',
      deviceId: null,
      subscriptions: [{ filter: 'operator/v1/events/#', qos: 0 }],
    });
    const text = JSON.stringify(sessions);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain(broker.admin.password);
    expect((await op.ok('sessions.list', { deviceName: 'probe-2' })).length).toBe(1);
    expect(
      (await op.ok('sessions.list', { kind: 'operator' })).every((s) => s.kind === 'operator'),
    ).toBe(true);
    expect((await op.fail('sessions.list', { deviceName: 'ghost' })).code).toBe('NOT_FOUND');
    expect((await op.fail('sessions.list', { kind: 'robot' })).message).toMatch(
      /kind must be device, operator or provision/,
    );
    await c.end();
  });
});

describe('broker.info', () => {
  it('reports version, ports, uptime, limits, settings and growing counters', async () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const first = await op.ok('broker.info');
    expect(first).toMatchObject({
      name: 'iothub-dev-broker',
      version: pkg.version,
      storage: 'memory',
      ports: { mqtt: broker.mqttPort, http: broker.httpPort },
      urls: { mqtt: broker.mqttUrl, ws: broker.wsUrl, http: broker.httpUrl },
      limits: { maxPayloadSize: 65536, maxInflightMessages: 100, maxSessionsPerDevice: 1 },
      methods: OPERATOR_METHODS,
    });
    expect(first.settings).toMatchObject({ rpc: { defaultTimeoutMs: 10_000 } });
    expect(first.uptimeMs).toBeGreaterThanOrEqual(0);
    const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await c.publish('v1/devices/me/telemetry', '{"x":1}');
    await c.end();
    const second = await op.ok('broker.info');
    expect(second.counters.connectionsTotal).toBeGreaterThan(first.counters.connectionsTotal);
    expect(second.counters.publishesReceived).toBeGreaterThanOrEqual(
      first.counters.publishesReceived + 2,
    );
    expect(second.counters.publishesAcked).toBeGreaterThanOrEqual(
      first.counters.publishesAcked + 2,
    );
    expect(second.counters.messagesSent).toBeGreaterThan(first.counters.messagesSent);
    expect(second.counters.connectionsOpen).toBeGreaterThanOrEqual(1);
    expect(second.sessions.operator).toBe(1);
    expect(second.devices).toBeGreaterThanOrEqual(7);
    expect((await op.fail('broker.info', { verbose: true })).message).toMatch(
      /Unrecognized key: "verbose"/,
    );
  });
});
