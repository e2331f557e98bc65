import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EventDto } from '../../src/protocol/operator-dto.ts';
import type {
  AttributesEvent,
  RpcEvent,
  TelemetryEvent,
} from '../../src/protocol/operator-events.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice, rawConnect } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let op: OperatorTestClient;
let thermo: string;
let other: string;
beforeAll(async () => {
  broker = await startTestBroker({ config: { settings: { clientRpc: { timeoutMs: 2000 } } } });
  op = await connectOperator(broker, 'ws', 5);
  thermo = broker.hub.devices.get('thermo-1').id;
  other = broker.hub.devices.get('other-1').id;
});
afterAll(async () => {
  await op.end();
  await broker.close();
});

const json = (m: { text: string }): unknown => JSON.parse(m.text);

describe('per-device events (operator/v1/events/{deviceId}/{kind})', () => {
  it('telemetry, attributes, session, rpc, client_rpc and error reach a subscriber of the device, nobody else', async () => {
    expect(await op.subscribe({ [`operator/v1/events/${thermo}/#`]: { qos: 1 } })).toEqual([1]);
    const bystander = await connectOperator(broker, 'tcp', 4);
    await bystander.subscribe({ [`operator/v1/events/${other}/#`]: { qos: 1 } });
    const c = await connectDevice(broker, 'tcp', 5, { username: 'T1' });
    const session = json(await op.message(`operator/v1/events/${thermo}/session`)) as EventDto;
    expect(session).toMatchObject({
      kind: 'session_opened',
      deviceId: thermo,
      deviceName: 'thermo-1',
      message: 'connected over tcp with MQTT 5',
    });

    await c.publish('v1/devices/me/telemetry', '{"ts":1700000000000,"values":{"temp":21.5}}');
    const t = await op.message(`operator/v1/events/${thermo}/telemetry`);
    expect(t.qos).toBe(1);
    expect(json(t) as TelemetryEvent).toEqual({
      deviceId: thermo,
      deviceName: 'thermo-1',
      points: [{ key: 'temp', ts: 1700000000000, type: 'DOUBLE', value: 21.5 }],
    });

    await c.publish('v1/devices/me/attributes', '{"fw":"v2"}');
    expect(
      json(await op.message(`operator/v1/events/${thermo}/attributes`)) as AttributesEvent,
    ).toEqual({
      deviceId: thermo,
      deviceName: 'thermo-1',
      scope: 'CLIENT',
      change: 'updated',
      values: [{ key: 'fw', type: 'STRING', value: 'v2' }],
    });
    await op.ok('attributes.delete', { deviceId: thermo, scope: 'CLIENT', keys: ['fw'] });
    expect(
      json(await op.message(`operator/v1/events/${thermo}/attributes`)) as AttributesEvent,
    ).toMatchObject({ change: 'deleted', keys: ['fw'] });

    await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    const rpc = op.ok('rpc.send', { deviceId: thermo, method: 'getState' });
    await c.message('v1/devices/me/rpc/request/0');
    // Reply once the PUBACK is in (a reply racing ahead of its PUBACK goes SENT → SUCCESSFUL).
    await eventually(() => {
      expect(
        op.messages.some(
          (m) => m.topic.endsWith('/rpc') && (json(m) as RpcEvent).status === 'DELIVERED',
        ),
      ).toBe(true);
    });
    await c.publish('v1/devices/me/rpc/response/0', '{"on":true}');
    await rpc;
    const rpcEvents = op.messages
      .filter((m) => m.topic.endsWith('/rpc'))
      .map((m) => json(m) as RpcEvent);
    expect(rpcEvents.map((e) => e.status)).toEqual(['SENT', 'DELIVERED', 'SUCCESSFUL']);
    expect(rpcEvents[2]).toEqual({
      deviceId: thermo,
      deviceName: 'thermo-1',
      requestId: 0,
      rpcId: null,
      method: 'getState',
      status: 'SUCCESSFUL',
      json: true,
      response: { on: true },
    });

    await c.publish('v1/devices/me/rpc/request/4', '{"method":"askOperator","params":{"q":2}}');
    const pending = await op.message(`operator/v1/events/${thermo}/client_rpc`);
    expect(json(pending)).toMatchObject({
      deviceId: thermo,
      deviceName: 'thermo-1',
      requestId: 4,
      method: 'askOperator',
      params: { q: 2 },
    });

    await c.publish('v1/devices/me/nowhere', 'x').catch(() => undefined);
    expect(json(await op.message(`operator/v1/events/${thermo}/error`)) as EventDto).toMatchObject({
      kind: 'unknown_topic',
      topic: 'v1/devices/me/nowhere',
    });

    await c.end();
    expect(
      json(await op.message(`operator/v1/events/${thermo}/session`)) as EventDto,
    ).toMatchObject({
      kind: 'session_closed',
      message: expect.stringMatching(/connection closed: /) as unknown,
    });
    expect(bystander.messages).toEqual([]);
    await bystander.end();
  });

  it('a single-level wildcard per kind: every device’s telemetry, and nothing else', async () => {
    const watcher = await connectOperator(broker, 'tcp', 5);
    await watcher.subscribe({ 'operator/v1/events/+/telemetry': { qos: 0 } });
    const a = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await a.publish('v1/devices/me/telemetry', '{"x":1}');
    await a.publish('v1/devices/me/attributes', '{"y":1}');
    const m = await watcher.message(`operator/v1/events/${other}/telemetry`);
    expect(m.qos).toBe(0);
    expect((json(m) as TelemetryEvent).points[0]).toMatchObject({ key: 'x', value: 1 });
    await a.end();
    expect(watcher.messages.filter((x) => !x.topic.endsWith('/telemetry'))).toEqual([]);
    await watcher.end();
  });

  it('an operator without event subscriptions receives no events', async () => {
    const quiet = await connectOperator(broker, 'tcp', 4);
    const a = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await a.publish('v1/devices/me/telemetry', '{"x":2}');
    await op.ok('attributes.save', { deviceId: other, scope: 'SHARED', values: { z: 1 } });
    await a.end();
    await quiet.ok('broker.info');
    expect(quiet.messages.filter((m) => m.topic.startsWith('operator/v1/events/'))).toEqual([]);
    await quiet.end();
  });
});

describe('broker-wide events (operator/v1/events/_broker/{kind})', () => {
  it('auth_failed, refused operator publishes (error) and operator sessions closing (session)', async () => {
    const watcher = await connectOperator(broker, 'tcp', 5);
    await watcher.subscribe({ 'operator/v1/events/_broker/+': { qos: 1 } });
    await rawConnect(broker, 'tcp', 4, { username: 'no-such-token' }).result;
    const auth = json(await watcher.message('operator/v1/events/_broker/auth_failed')) as EventDto;
    expect(auth).toMatchObject({ kind: 'auth_failed', deviceId: null });
    expect(auth.message).toMatch(/no device matches the username/);

    const other = await connectOperator(broker, 'tcp', 5);
    await other.publish('v1/devices/me/telemetry', '{}').catch(() => undefined);
    expect(
      json(await watcher.message('operator/v1/events/_broker/error')) as EventDto,
    ).toMatchObject({ kind: 'dropped', deviceName: 'operator:admin' });
    await other.end();
    expect(
      json(await watcher.message('operator/v1/events/_broker/session')) as EventDto,
    ).toMatchObject({ kind: 'session_closed', deviceName: 'operator:admin' });
    await watcher.end();
  });
});
