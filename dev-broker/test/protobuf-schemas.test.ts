import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { PROTO_CONFIG, pb, unpb } from './support/proto-fixtures.ts';
import { refDecode, refEncode } from './support/reference-proto.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

/** A device maker's own schemas (spec §2.3): the last top-level message is the one used. */
const TS_VALUES = `syntax = "proto3";
package lab;
message Values { double temperature = 1; int64 counter = 2; string label = 3; }
message Reading { int64 ts = 1; Values values = 2; }`;

const KITCHEN_SINK = `syntax = "proto3";
package lab;
enum Mode { OFF = 0; ECO = 1; TURBO = 2; }
message Status {
  Mode mode = 1;
  uint64 uptime = 2;
  sint64 offset = 3;
  int32 level = 4;
  float ratio = 5;
  bool on = 6;
  Location where = 8;
  repeated int32 samples = 9;
  optional double maybe = 10;
  message Location { double lat = 1; double lng = 2; }
}`;

const CALL = `syntax = "proto3";
package mine;
message Call { string method = 1; int32 requestId = 2; string params = 3; int64 deadline = 4; }`;
const ANSWER = `syntax = "proto3";
package mine;
message Answer { bool ok = 1; int64 count = 2; }`;

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({ config: PROTO_CONFIG });
});
afterAll(async () => {
  await broker.close();
});

/** A PROTOBUF profile with the given settings and one device in it, whose token is returned. */
async function deviceIn(name: string, settings: Record<string, unknown>): Promise<string> {
  await broker.hub.profiles.create({ name, payloadType: 'PROTOBUF', ...settings });
  const token = `TOK-${name}`;
  await broker.hub.devices.create({
    name: `${name}-dev`,
    profile: name,
    credentials: { type: 'ACCESS_TOKEN', token },
  });
  return token;
}

const latest = (device: string) =>
  Object.fromEntries(
    broker.hub.telemetry
      .latest(broker.hub.devices.get(device).id)
      .map((p) => [p.key, { ts: p.ts, value: p.value }]),
  );

describe("a profile's own schemas (spec §2.3)", () => {
  it('a {ts, values} schema carries its timestamp; 64-bit integers are LONG through the numeric-string cast', async () => {
    const c = await connectDevice(broker, 'tcp', 4, {
      username: await deviceIn('ts-values', { deviceTelemetryProtoSchema: TS_VALUES }),
    });
    await c.publish(
      'v1/devices/me/telemetry',
      refEncode(
        'lab.Reading',
        {
          ts: '1700000000123',
          values: { temperature: 21.5, counter: '9007199254740993', label: 'x' },
        },
        TS_VALUES,
      ),
    );
    expect(latest('ts-values-dev')).toEqual({
      temperature: { ts: 1700000000123, value: { type: 'DOUBLE', value: 21.5 } },
      counter: { ts: 1700000000123, value: { type: 'LONG', value: 9007199254740993n } },
      label: { ts: 1700000000123, value: { type: 'STRING', value: 'x' } },
    });
    await c.end();
  });

  it('enums by name, nested messages and repeated fields as JSON, defaults included, unset optionals left out', async () => {
    const c = await connectDevice(broker, 'tcp', 5, {
      username: await deviceIn('sink', {
        deviceAttributesProtoSchema: KITCHEN_SINK,
        deviceTelemetryProtoSchema: KITCHEN_SINK,
      }),
    });
    const status = {
      mode: 'TURBO',
      uptime: '18446744073709551615',
      offset: '-5',
      ratio: 0.1,
      where: { lat: 1.5, lng: 2 },
      samples: [1, 2],
    };
    await c.publish('v1/devices/me/attributes', refEncode('lab.Status', status, KITCHEN_SINK));
    const stored = Object.fromEntries(
      broker.hub.attributes
        .get(broker.hub.devices.get('sink-dev').id, 'CLIENT')
        .map((a) => [a.key, a.value]),
    );
    expect(stored).toEqual({
      mode: { type: 'STRING', value: 'TURBO' },
      uptime: { type: 'STRING', value: '18446744073709551615' }, // outside the LONG range: a string
      offset: { type: 'LONG', value: -5n },
      level: { type: 'LONG', value: 0n }, // a default, printed as 0
      ratio: { type: 'DOUBLE', value: 0.1 }, // the float's shortest form, as Java prints it
      on: { type: 'BOOLEAN', value: false },
      where: { type: 'JSON', value: '{"lat":1.5,"lng":2.0}' },
      samples: { type: 'JSON', value: '[1,2]' },
    });
    await c.publish('v1/devices/me/telemetry', refEncode('lab.Status', { level: 3 }, KITCHEN_SINK));
    expect(latest('sink-dev')).toMatchObject({
      level: { value: { type: 'LONG', value: 3n } },
      mode: { value: { type: 'STRING', value: 'OFF' } },
    });
    await c.end();
  });

  it('a message that decodes but breaks the JSON rules of §5 is invalid', async () => {
    const schema =
      'syntax = "proto3"; message Bad { string ts = 1; map<string, double> values = 2; }';
    const c = await connectDevice(broker, 'tcp', 4, {
      username: await deviceIn('bad-ts', { deviceTelemetryProtoSchema: schema }),
    });
    await expect(
      c.publish(
        'v1/devices/me/telemetry',
        refEncode('Bad', { ts: 'soon', values: { t: 1 } }, schema),
      ),
    ).rejects.toThrow(/closed before PUBACK/);
    const event = broker.hub.events.list({
      deviceId: broker.hub.devices.get('bad-ts-dev').id,
      kinds: ['invalid_payload'],
    })[0];
    expect(event?.message).toMatch(/"ts" must be an integer or a string of decimal digits/);
  });

  it('a schema changed while the device is connected applies to its next message', async () => {
    const before = 'syntax = "proto3"; message A { double temperature = 1; }';
    const after = 'syntax = "proto3"; message B { double temp_c = 1; }';
    const c = await connectDevice(broker, 'tcp', 4, {
      username: await deviceIn('changing', { deviceTelemetryProtoSchema: before }),
    });
    const bytes = refEncode('A', { temperature: 20 }, before);
    await c.publish('v1/devices/me/telemetry', bytes);
    expect(Object.keys(latest('changing-dev'))).toEqual(['temperature']);
    await broker.hub.profiles.update(broker.hub.profiles.get('changing').id, {
      deviceTelemetryProtoSchema: after,
    });
    await c.publish('v1/devices/me/telemetry', bytes); // the same bytes, read with the new schema
    expect(latest('changing-dev')).toMatchObject({
      tempC: { value: { type: 'DOUBLE', value: 20 } },
    });
    expect(c.isClosed()).toBe(false);
    await c.end();
  });

  it('server-side RPC through custom request and response schemas; the operator gets the response message as JSON', async () => {
    const c = await connectDevice(broker, 'tcp', 4, {
      username: await deviceIn('rpc-schemas', {
        deviceRpcRequestProtoSchema: CALL,
        deviceRpcResponseProtoSchema: ANSWER,
      }),
    });
    await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    const call = broker.hub.rpc.send({
      deviceId: broker.hub.devices.get('rpc-schemas-dev').id,
      method: 'count',
      params: ['a', 1],
    });
    const sent = await eventually(
      () => c.messages.find((m) => m.topic.startsWith('v1/devices/me/rpc/request/')) ?? fail(),
    );
    const request = refDecode('mine.Call', sent.payload, CALL);
    expect(request).toEqual({
      method: 'count',
      requestId: Number(sent.topic.split('/').pop()),
      params: '["a",1]',
      deadline: '0',
    });
    await c.publish(
      sent.topic.replace('request', 'response'),
      refEncode('mine.Answer', { ok: true, count: '5' }, ANSWER),
    );
    expect(await call).toEqual({
      kind: 'reply',
      reply: { json: true, value: { ok: true, count: '5' } },
    });
    await c.end();
  });

  it('useJsonPayloadFormatForDefaultDownlinkTopics (with JSON compatibility): JSON on v1 topics, Protobuf on bare v2', async () => {
    const token = await deviceIn('json-down', {
      enableCompatibilityWithJsonPayloadFormat: true,
      useJsonPayloadFormatForDefaultDownlinkTopics: true,
    });
    const id = broker.hub.devices.get('json-down-dev').id;
    const c = await connectDevice(broker, 'tcp', 4, { username: token });
    await c.subscribe({
      'v1/devices/me/attributes': { qos: 1 },
      'v1/devices/me/rpc/request/+': { qos: 1 },
    });
    await broker.hub.attributes.save(id, 'SHARED', broker.hub.attributes.toEntries({ target: 5 }));
    expect((await c.message('v1/devices/me/attributes')).text).toBe('{"target":5}');
    await c.publish(
      'v1/devices/me/attributes/request/4',
      pb('transportapi.AttributesRequest', { sharedKeys: 'target' }),
    );
    expect((await c.message('v1/devices/me/attributes/response/4')).text).toBe(
      '{"shared":{"target":5}}',
    );
    void broker.hub.rpc.send({ deviceId: id, method: 'blink', params: 'fast', oneway: true });
    expect((await c.message('v1/devices/me/rpc/request/0')).text).toBe(
      '{"method":"blink","params":"fast"}',
    );
    await c.publish(
      'v1/devices/me/telemetry',
      refEncode(
        'A',
        { temperature: 3 },
        'syntax = "proto3"; message A { double temperature = 1; }',
      ),
    );
    expect(latest('json-down-dev')).toMatchObject({
      temperature: { value: { type: 'DOUBLE', value: 3 } },
    });
    await c.end();
    const v2 = await connectDevice(broker, 'tcp', 4, { username: token });
    await v2.subscribe({ 'v2/a': { qos: 1 } });
    await broker.hub.attributes.save(id, 'SHARED', broker.hub.attributes.toEntries({ target: 6 }));
    expect(
      unpb('transport.AttributeUpdateNotificationMsg', (await v2.message('v2/a')).payload),
    ).toMatchObject({
      sharedUpdated: [{ kv: { key: 'target', long_v: '6' } }],
    });
    await v2.end();
  });

  it('without JSON compatibility the downlink switch has no effect', async () => {
    const token = await deviceIn('json-down-off', {
      useJsonPayloadFormatForDefaultDownlinkTopics: true,
    });
    const c = await connectDevice(broker, 'tcp', 4, { username: token });
    await c.subscribe({ 'v1/devices/me/attributes': { qos: 1 } });
    await broker.hub.attributes.save(
      broker.hub.devices.get('json-down-off-dev').id,
      'SHARED',
      broker.hub.attributes.toEntries({ t: 1 }),
    );
    expect(
      unpb(
        'transport.AttributeUpdateNotificationMsg',
        (await c.message('v1/devices/me/attributes')).payload,
      ),
    ).toMatchObject({
      sharedUpdated: [{ kv: { key: 't' } }],
    });
    await c.end();
  });
});

function fail(): never {
  throw new Error('not yet');
}
