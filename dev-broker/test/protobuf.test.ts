import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type TestClient } from './support/mqtt-client.ts';
import { PROTO_CONFIG, pb, unpb } from './support/proto-fixtures.ts';
import { REFERENCE_SCHEMAS, refEncode } from './support/reference-proto.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({ config: PROTO_CONFIG });
});
afterAll(async () => {
  await broker.close();
});

const idOf = (name: string) => broker.hub.devices.get(name).id;
/** The reference's default profile schemas, as a device maker compiles them (reference-proto.ts). */
const reading = (value: object) =>
  refEncode('telemetry.SensorDataReading', value, REFERENCE_SCHEMAS.telemetry);
const configuration = (value: object) =>
  refEncode('attributes.SensorConfiguration', value, REFERENCE_SCHEMAS.attributes);

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

  it("telemetry on v2/t/p is decoded with the profile's SensorDataReading, then typed by the JSON rules", async () => {
    const before = Date.now();
    await c.publish(
      'v2/t/p',
      reading({ temperature: 42, humidity: 58.5, innerObject: { key1: 'v', key2: true, key4: 7 } }),
    );
    const latest = Object.fromEntries(
      broker.hub.telemetry
        .latest(idOf('thermo-1'), ['temperature', 'humidity', 'innerObject'])
        .map((p) => [p.key, p]),
    );
    // spec §2.3: `42` prints as 42.0 (a double) → DOUBLE; the nested message is a JSON value
    expect(latest).toMatchObject({
      temperature: { value: { type: 'DOUBLE', value: 42 } },
      humidity: { value: { type: 'DOUBLE', value: 58.5 } },
      innerObject: { value: { type: 'JSON', value: '{"key1":"v","key2":true,"key4":7}' } },
    });
    expect(latest.temperature?.ts).toBeGreaterThanOrEqual(before);
  });

  it('client attributes on v2/a/p (SensorConfiguration); an attribute request on v2/a/req/p/1 is answered on v2/a/res/p/1', async () => {
    await c.publish('v2/a/p', configuration({ firmwareVersion: '1.2.3', serialNumber: 'SN-1' }));
    await broker.hub.attributes.save(
      idOf('thermo-1'),
      'SHARED',
      broker.hub.attributes.toEntries({ targetTemp: 21.5 }),
    );
    await c.message('v2/a/p'); // the push of that write (subscribed above)
    await c.publish(
      'v2/a/req/p/1',
      pb('transportapi.AttributesRequest', {
        clientKeys: 'firmwareVersion',
        sharedKeys: 'targetTemp,missing',
      }),
    );
    const response = unpb(
      'transport.GetAttributeResponseMsg',
      (await c.message('v2/a/res/p/1')).payload,
    );
    expect(response).toMatchObject({
      requestId: 1,
      clientAttributeList: [
        { kv: { key: 'firmwareVersion', type: 'STRING_V', string_v: '1.2.3' } },
      ],
      sharedAttributeList: [{ kv: { key: 'targetTemp', type: 'DOUBLE_V', double_v: 21.5 } }],
      isMultipleAttributesRequest: true, // three keys asked
    });
    await c.publish(
      'v2/a/req/p/2',
      pb('transportapi.AttributesRequest', { sharedKeys: 'targetTemp' }),
    );
    expect(
      unpb('transport.GetAttributeResponseMsg', (await c.message('v2/a/res/p/2')).payload),
    ).toMatchObject({ requestId: 2, isMultipleAttributesRequest: false });
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

  it('a server-side RPC arrives on v2/r/req/p/{id} as RpcRequestMsg; the operator gets the RpcResponseMsg as JSON', async () => {
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
    // spec §2.3: the whole response message as JSON, not the unwrapped payload
    expect(await call).toEqual({
      kind: 'reply',
      reply: { json: true, value: { payload: '{"state":"on"}' } },
    });
  });

  it('a string params arrives unquoted: "hello" is hello', async () => {
    c.messages.length = 0;
    void broker.hub.rpc.send({
      deviceId: idOf('thermo-1'),
      method: 'say',
      params: 'hello',
      oneway: true,
    });
    const sent = await eventually(() => {
      const m = c.messages.find((x) => x.topic.startsWith('v2/r/req/p/'));
      if (!m) throw new Error('no RPC yet');
      return m;
    });
    expect(unpb('rpc.RpcRequestMsg', sent.payload)).toMatchObject({
      method: 'say',
      params: 'hello',
    });
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
    await c.publish('v1/devices/me/telemetry', reading({ temperature: 42 }));
    expect(broker.hub.telemetry.latest(idOf('pb-1'), ['temperature'])[0]?.value).toEqual({
      type: 'DOUBLE',
      value: 42,
    });
    await c.publish('v2/t', reading({ humidity: 40.5 }));
    expect(broker.hub.telemetry.latest(idOf('pb-1'), ['humidity'])[0]?.value).toEqual({
      type: 'DOUBLE',
      value: 40.5,
    });
    await c.publish('v1/devices/me/attributes', configuration({ serialNumber: 'SN-9' }));
    expect(broker.hub.attributes.get(idOf('pb-1'), 'CLIENT', ['serialNumber'])[0]?.value).toEqual({
      type: 'STRING',
      value: 'SN-9',
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
    expect(
      broker.hub.events.list({ deviceId: idOf('pb-1'), kinds: ['invalid_payload'] }),
    ).toHaveLength(0);
    expect(await call).toEqual({ kind: 'delivered' });

    await c.publish('v1/devices/me/telemetry', '{"temp":43}').catch(() => undefined);
    await c.closed; // JSON on a PROTOBUF profile without the compatibility switch is an invalid payload
    const event = broker.hub.events.list({ deviceId: idOf('pb-1'), kinds: ['invalid_payload'] })[0];
    expect(event?.message).toMatch(/Invalid Protobuf telemetry\.SensorDataReading/);
  });

  it('with enableCompatibilityWithJsonPayloadFormat: Protobuf first, then JSON; the reply follows the request', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'PBC1' });
    await c.publish('v1/devices/me/telemetry', reading({ temperature: 7 }));
    await c.publish('v1/devices/me/telemetry', '{"b":"7"}');
    const latest = Object.fromEntries(
      broker.hub.telemetry.latest(idOf('pbc-1'), ['temperature', 'b']).map((p) => [p.key, p.value]),
    );
    expect(latest).toEqual({
      temperature: { type: 'DOUBLE', value: 7 },
      b: { type: 'LONG', value: 7n },
    });
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

  it('a ClaimDevice on v1/devices/me/claim registers the claim (spec §9)', async () => {
    const c = await connectDevice(broker, 'tcp', 5, { username: 'PB1' });
    await c.publish(
      'v1/devices/me/claim',
      pb('transportapi.ClaimDevice', { secretKey: 'pb-secret', durationMs: '60000' }),
    );
    const registration = broker.hub.claims.registration('pb-1');
    expect(registration?.secretKey).toBe('pb-secret');
    expect(registration?.expiresAt).toBeGreaterThan(Date.now() + 50_000);
    await c.end();
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
});

function assertNever(): never {
  throw new Error('not yet');
}
