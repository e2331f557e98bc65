import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type TestClient } from './support/mqtt-client.ts';
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
const kv = (key: string, type: string, field: string, value: unknown) => ({
  key,
  type,
  [field]: value,
});
const telemetry = (...kvs: object[]) =>
  pb('transport.PostTelemetryMsg', { tsKvList: [{ kv: kvs }] });

describe.each(MATRIX)('/p topics over %s, MQTT v%i (spec §2 Protobuf)', (transport, version) => {
  let c: TestClient;
  beforeAll(async () => {
    c = await connectDevice(broker, transport, version, { username: 'T1' });
  });
  afterAll(async () => {
    await c.end();
  });

  it('grants the /p filters', async () => {
    expect(
      await c.subscribe({
        'v2/a/p': { qos: 1 },
        'v2/a/res/p/+': { qos: 1 },
        'v2/r/req/p/+': { qos: 1 },
        'v2/r/res/p/+': { qos: 0 },
      }),
    ).toEqual([1, 1, 1, 0]);
  });

  it('telemetry on v2/t/p is stored with the exact types of its KeyValueProtos', async () => {
    const before = Date.now();
    await c.publish(
      'v2/t/p',
      pb('transport.PostTelemetryMsg', {
        tsKvList: [
          {
            ts: 1000,
            kv: [
              kv('b', 'BOOLEAN_V', 'bool_v', true),
              kv('l', 'LONG_V', 'long_v', '9223372036854775807'),
              kv('d', 'DOUBLE_V', 'double_v', 3),
              kv('s', 'STRING_V', 'string_v', '42'),
              kv('j', 'JSON_V', 'json_v', '{"a": [1, 2]}'),
            ],
          },
          { kv: [kv('now', 'LONG_V', 'long_v', -7)] },
        ],
      }),
    );
    const latest = Object.fromEntries(
      broker.hub.telemetry
        .latest(idOf('thermo-1'), ['b', 'l', 'd', 's', 'j', 'now'])
        .map((p) => [p.key, p]),
    );
    expect(latest).toMatchObject({
      b: { ts: 1000, value: { type: 'BOOLEAN', value: true } },
      l: { ts: 1000, value: { type: 'LONG', value: 9223372036854775807n } },
      d: { ts: 1000, value: { type: 'DOUBLE', value: 3 } },
      s: { ts: 1000, value: { type: 'STRING', value: '42' } },
      j: { ts: 1000, value: { type: 'JSON', value: '{"a":[1,2]}' } },
      now: { value: { type: 'LONG', value: -7n } },
    });
    expect(latest.now?.ts).toBeGreaterThanOrEqual(before);
  });

  it('client attributes on v2/a/p; an attribute request on v2/a/req/p/1 is answered on v2/a/res/p/1', async () => {
    await c.publish(
      'v2/a/p',
      pb('transport.PostAttributeMsg', { kv: [kv('fwMode', 'STRING_V', 'string_v', 'auto')] }),
    );
    await broker.hub.attributes.save(
      idOf('thermo-1'),
      'SHARED',
      broker.hub.attributes.toEntries({ targetTemp: 21.5 }),
    );
    await c.message('v2/a/p'); // the push of that write (subscribed above)
    await c.publish(
      'v2/a/req/p/1',
      pb('transportapi.AttributesRequest', {
        clientKeys: 'fwMode',
        sharedKeys: 'targetTemp,missing',
      }),
    );
    const response = unpb(
      'transport.GetAttributeResponseMsg',
      (await c.message('v2/a/res/p/1')).payload,
    );
    expect(response).toMatchObject({
      requestId: 1,
      clientAttributeList: [{ kv: { key: 'fwMode', type: 'STRING_V', string_v: 'auto' } }],
      sharedAttributeList: [{ kv: { key: 'targetTemp', type: 'DOUBLE_V', double_v: 21.5 } }],
    });
  });

  it('shared updates and deletions are pushed as AttributeUpdateNotificationMsg on v2/a/p', async () => {
    await broker.hub.attributes.save(
      idOf('thermo-1'),
      'SHARED',
      broker.hub.attributes.toEntries({ mode: 'eco' }),
    );
    expect(
      unpb('transport.AttributeUpdateNotificationMsg', (await c.message('v2/a/p')).payload),
    ).toMatchObject({
      sharedUpdated: [{ kv: { key: 'mode', type: 'STRING_V', string_v: 'eco' } }],
      sharedDeleted: [],
    });
    await broker.hub.attributes.delete(idOf('thermo-1'), 'SHARED', ['mode']);
    expect(
      unpb('transport.AttributeUpdateNotificationMsg', (await c.message('v2/a/p')).payload),
    ).toEqual({ sharedUpdated: [], sharedDeleted: ['mode'] });
  });

  it('a server-side RPC arrives on v2/r/req/p/{id} as RpcRequestMsg; the Protobuf reply reaches the operator', async () => {
    const call = broker.hub.rpc.send({
      deviceId: idOf('thermo-1'),
      method: 'getState',
      params: { pin: 1 },
    });
    const sent = await eventually(() => {
      const m = c.messages.find((x) => x.topic.startsWith('v2/r/req/p/'));
      if (!m) throw new Error('no RPC yet');
      return m;
    });
    const request = unpb('rpc.RpcRequestMsg', sent.payload);
    expect(request).toMatchObject({ method: 'getState', params: '{"pin":1}' });
    expect(sent.topic).toBe(`v2/r/req/p/${String(request.requestId)}`);
    await c.publish(
      `v2/r/res/p/${String(request.requestId)}`,
      pb('rpc.RpcResponseMsg', { payload: '{"state":"on"}' }),
    );
    expect(await call).toEqual({ kind: 'reply', reply: { json: true, value: { state: 'on' } } });
  });

  it('client-side RPC getTime over /p: ToServerRpcResponseMsg on v2/r/res/p/{id}', async () => {
    await c.publish(
      'v2/r/req/p/5',
      pb('transportapi.RpcRequest', { method: 'getTime', params: '{}' }),
    );
    const reply = unpb(
      'transport.ToServerRpcResponseMsg',
      (await c.message('v2/r/res/p/5')).payload,
    ) as { requestId: number; payload: string; error: string };
    expect(reply.requestId).toBe(5);
    expect(reply.error).toBe('');
    const body = JSON.parse(reply.payload) as { time: string; ts: number };
    expect(new Date(body.time).getTime()).toBe(body.ts);
  });
});

describe('PROTOBUF profiles on v1 and bare v2 topics (spec §2)', () => {
  it('speak Protobuf on v1: telemetry, attribute request/response, shared push, server-side RPC; JSON is invalid', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'PB1' });
    await c.subscribe({
      'v1/devices/me/attributes': { qos: 1 },
      'v1/devices/me/rpc/request/+': { qos: 1 },
    });
    await c.publish('v1/devices/me/telemetry', telemetry(kv('temp', 'LONG_V', 'long_v', 42)));
    expect(broker.hub.telemetry.latest(idOf('pb-1'), ['temp'])[0]?.value).toEqual({
      type: 'LONG',
      value: 42n,
    });
    await c.publish('v2/t', telemetry(kv('hum', 'DOUBLE_V', 'double_v', 40.5)));
    expect(broker.hub.telemetry.latest(idOf('pb-1'), ['hum'])[0]?.value).toEqual({
      type: 'DOUBLE',
      value: 40.5,
    });
    await c.publish('v2/t/j', '{"viaJ":1}'); // a /j topic is always JSON
    expect(broker.hub.telemetry.latest(idOf('pb-1'), ['viaJ'])).toHaveLength(1);

    await broker.hub.attributes.save(
      idOf('pb-1'),
      'SHARED',
      broker.hub.attributes.toEntries({ target: 5 }),
    );
    expect(
      unpb(
        'transport.AttributeUpdateNotificationMsg',
        (await c.message('v1/devices/me/attributes')).payload,
      ),
    ).toMatchObject({
      sharedUpdated: [{ kv: { key: 'target', long_v: '5' } }],
    });
    await c.publish('v1/devices/me/attributes/request/3', pb('transportapi.AttributesRequest', {}));
    expect(
      unpb(
        'transport.GetAttributeResponseMsg',
        (await c.message('v1/devices/me/attributes/response/3')).payload,
      ),
    ).toMatchObject({
      requestId: 3,
      sharedAttributeList: [{ kv: { key: 'target' } }],
    });
    const call = broker.hub.rpc.send({ deviceId: idOf('pb-1'), method: 'blink', oneway: true });
    const rpc = await eventually(
      () =>
        c.messages.find((m) => m.topic.startsWith('v1/devices/me/rpc/request/')) ?? assertNever(),
    );
    expect(unpb('rpc.RpcRequestMsg', rpc.payload)).toMatchObject({ method: 'blink', params: '{}' });
    expect(await call).toEqual({ kind: 'delivered' });

    await c.publish('v1/devices/me/telemetry', '{"temp":43}').catch(() => undefined);
    await c.closed; // JSON on a PROTOBUF profile without the compatibility switch is an invalid payload
    const event = broker.hub.events.list({ deviceId: idOf('pb-1'), kinds: ['invalid_payload'] })[0];
    expect(event?.message).toMatch(/Invalid Protobuf PostTelemetryMsg/);
  });

  it('with enableCompatibilityWithJsonPayloadFormat: Protobuf first, then JSON; the reply follows the request', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'PBC1' });
    await c.publish('v1/devices/me/telemetry', telemetry(kv('a', 'STRING_V', 'string_v', '7')));
    await c.publish('v1/devices/me/telemetry', '{"b":"7"}');
    const latest = Object.fromEntries(
      broker.hub.telemetry.latest(idOf('pbc-1'), ['a', 'b']).map((p) => [p.key, p.value]),
    );
    expect(latest).toEqual({ a: { type: 'STRING', value: '7' }, b: { type: 'LONG', value: 7n } });
    await c.publish('v1/devices/me/attributes/request/1', '{"clientKeys":"x"}');
    expect((await c.message('v1/devices/me/attributes/response/1')).text).toBe('{}');
    await c.publish(
      'v1/devices/me/attributes/request/2',
      pb('transportapi.AttributesRequest', { clientKeys: 'x' }),
    );
    expect(
      unpb(
        'transport.GetAttributeResponseMsg',
        (await c.message('v1/devices/me/attributes/response/2')).payload,
      ),
    ).toMatchObject({ requestId: 2 });
    await c.publish('v1/devices/me/telemetry', '{"broken":}').catch(() => undefined);
    await c.closed;
  });

  it('a non-gateway device sending Protobuf to v1/gateway/… gets a PUBACK and the message is dropped', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'PB1' });
    await c.publish(
      'v1/gateway/telemetry',
      pb('transportapi.GatewayTelemetryMsg', { msg: [{ deviceName: 'X', msg: {} }] }),
    );
    expect(c.isClosed()).toBe(false);
    expect(broker.hub.events.list({ deviceId: idOf('pb-1'), kinds: ['dropped'] })[0]?.topic).toBe(
      'v1/gateway/telemetry',
    );
    await c.end();
  });
});

describe('invalid Protobuf (spec §4)', () => {
  it('binary bytes on an unknown topic are dropped as an unknown topic, not an invalid payload', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'PB1' });
    expect(await c.publish('v2/t/custom', Buffer.from([0xff, 0xfe, 0x00]))).toMatchObject({
      cmd: 'puback',
    });
    expect(c.isClosed()).toBe(false);
    expect(
      broker.hub.events.list({ deviceId: idOf('pb-1'), kinds: ['unknown_topic'] })[0]?.topic,
    ).toBe('v2/t/custom');
    await c.end();
  });

  const truncated = Buffer.from([0x0a, 0x05, 0x08]);

  it('closes a 3.1.1 connection without a PUBACK and records invalid_payload', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    await expect(c.publish('v2/t/p', truncated)).rejects.toThrow(/closed before PUBACK/);
    expect(c.packets.some((p) => p.cmd === 'puback')).toBe(false);
    const event = broker.hub.events.list({
      deviceId: idOf('thermo-1'),
      kinds: ['invalid_payload'],
    })[0];
    expect(event).toMatchObject({
      topic: 'v2/t/p',
      message: expect.stringMatching(/Invalid Protobuf PostTelemetryMsg/) as unknown,
    });
  });

  it('is acknowledged with sendAckOnValidationException, and with 0x99 on MQTT 5', async () => {
    const lenient = await connectDevice(broker, 'tcp', 4, { username: 'PBL1' });
    expect(await lenient.publish('v1/devices/me/attributes', truncated)).toMatchObject({
      cmd: 'puback',
    });
    expect(lenient.isClosed()).toBe(false);
    await lenient.end();
    const v5 = await connectDevice(broker, 'tcp', 5, { username: 'T1' });
    await v5.publish('v2/a/p', pb('transport.PostAttributeMsg', {})).catch(() => undefined);
    expect(v5.packets.find((p) => p.cmd === 'puback')).toMatchObject({ reasonCode: 0x99 });
    expect(v5.isClosed()).toBe(false);
    await v5.end();
  });
});

function assertNever(): never {
  throw new Error('not yet');
}
