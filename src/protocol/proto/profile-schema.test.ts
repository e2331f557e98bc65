import { describe, expect, it } from 'vitest';

import { toCompactJson } from '../lenient-json.ts';

import {
  DEFAULT_ATTRIBUTES_PROTO_SCHEMA,
  DEFAULT_RPC_REQUEST_PROTO_SCHEMA,
  DEFAULT_RPC_RESPONSE_PROTO_SCHEMA,
  DEFAULT_TELEMETRY_PROTO_SCHEMA,
} from './profile-schema-defaults.ts';
import {
  compileProfileSchema,
  decodeProfileMessage,
  encodeProfileMessage,
  ProfileSchemaCache,
  type ProfileSchema,
} from './profile-schema.ts';

function compiled(text: string): ProfileSchema {
  const schema = compileProfileSchema(text);
  if (!schema.ok) throw new Error(schema.error.message);
  return schema.value;
}

function roundTrip(schema: ProfileSchema, json: unknown): string {
  const bytes = encodeProfileMessage(schema, json);
  if (!bytes.ok) throw new Error(bytes.error.message);
  const node = decodeProfileMessage(schema, bytes.value);
  if (!node.ok) throw new Error(node.error.message);
  return toCompactJson(node.value);
}

const KITCHEN = `syntax = "proto3";
package kitchen;
enum Mode { OFF = 0; ECO = 1; TURBO = 2; }
message Helper { string x = 1; }
message Reading {
  int64 ts = 1;
  Values values = 2;
  message Values {
    int64 counter = 1;
    uint64 big = 2;
    int32 small = 3;
    float ratio = 4;
    double temp = 5;
    Mode mode = 6;
    repeated string tags = 7;
    string fw_version = 8;
    bool on = 9;
    bytes raw = 10;
    optional int32 maybe = 11;
    map<string, int32> counts = 12;
  }
}`;

describe('profile schemas (spec §2.3)', () => {
  it('compiles the four default schemas to their last top-level message', () => {
    expect(compiled(DEFAULT_TELEMETRY_PROTO_SCHEMA).messageName).toBe(
      'telemetry.SensorDataReading',
    );
    expect(compiled(DEFAULT_ATTRIBUTES_PROTO_SCHEMA).messageName).toBe(
      'attributes.SensorConfiguration',
    );
    expect(compiled(DEFAULT_RPC_REQUEST_PROTO_SCHEMA).messageName).toBe('rpc.RpcRequestMsg');
    expect(compiled(DEFAULT_RPC_RESPONSE_PROTO_SCHEMA).messageName).toBe('rpc.RpcResponseMsg');
    expect(compiled(KITCHEN).messageName).toBe('kitchen.Reading');
  });

  it("refuses a schema that does not compile with the parser's message", () => {
    const bad = compileProfileSchema('syntax = "proto3"; message A { int32 a = 1 }');
    expect(bad).toEqual({
      ok: false,
      error: { kind: 'schema', message: "illegal token '}', ';' expected (line 1)" },
    });
    const unresolved = compileProfileSchema('syntax = "proto3"; message A { Foo a = 1; }');
    expect(unresolved.ok ? '' : unresolved.error.message).toMatch(/no such Type or Enum 'Foo'/);
    const proto2 = compileProfileSchema('message A { optional int32 a = 1; }');
    expect(proto2.ok ? '' : proto2.error.message).toMatch(/Only proto3/);
    const enumOnly = compileProfileSchema('syntax = "proto3"; enum E { A = 0; }');
    expect(enumOnly.ok ? '' : enumOnly.error.message).toMatch(/no message/);
  });

  it('decodes the default SensorDataReading as the reference prints it (optional fields only when set)', () => {
    const schema = compiled(DEFAULT_TELEMETRY_PROTO_SCHEMA);
    expect(roundTrip(schema, { temperature: 42, humidity: 58.5 })).toBe(
      '{"temperature":42.0,"humidity":58.5}',
    );
    expect(
      roundTrip(schema, { temperature: 0, innerObject: { key1: 'v', key2: false, key4: 7 } }),
    ).toBe('{"temperature":0.0,"innerObject":{"key1":"v","key2":false,"key4":7}}');
  });

  it('prints defaults, 64-bit integers as strings, enums by name, floats and doubles as Java does', () => {
    const schema = compiled(KITCHEN);
    expect(roundTrip(schema, {})).toBe('{"ts":"0"}');
    expect(
      roundTrip(schema, {
        ts: '1700000000000',
        values: {
          counter: '9007199254740993',
          big: '18446744073709551615',
          ratio: 0.1,
          temp: 1e10,
          mode: 'TURBO',
          fwVersion: '1.2',
          raw: 'AQI=',
          maybe: 0,
          counts: { a: 1 },
        },
      }),
    ).toBe(
      '{"ts":"1700000000000","values":{"counter":"9007199254740993","big":"18446744073709551615",' +
        '"small":0,"ratio":0.1,"temp":1.0E10,"mode":"TURBO","tags":[],"fwVersion":"1.2","on":false,' +
        '"raw":"AQI=","maybe":0,"counts":{"a":1}}}',
    );
  });

  it('merges JSON by JSON name or proto name, ignores unknown fields, and names a wrong value', () => {
    const schema = compiled(KITCHEN);
    expect(roundTrip(schema, { values: { fw_version: 'x', mode: 1 }, extra: true })).toBe(
      '{"ts":"0","values":{"counter":"0","big":"0","small":0,"ratio":0.0,"temp":0.0,"mode":"ECO",' +
        '"tags":[],"fwVersion":"x","on":false,"raw":"","counts":{}}}',
    );
    const wrong = encodeProfileMessage(schema, { values: { small: 'abc' } });
    expect(wrong.ok ? '' : wrong.error.message).toBe(
      'values.small: expected an integer (int32), got a string',
    );
    const badEnum = encodeProfileMessage(schema, { values: { mode: 'FAST' } });
    expect(badEnum.ok ? '' : badEnum.error.message).toMatch(/"FAST" is not a value of enum Mode/);
  });

  it('reports bytes that do not decode with the decoder message', () => {
    const schema = compiled(DEFAULT_TELEMETRY_PROTO_SCHEMA);
    const result = decodeProfileMessage(schema, new Uint8Array([0xff, 0xff, 0xff]));
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'schema',
        message: 'Invalid Protobuf telemetry.SensorDataReading: index out of range: 3 + 1 > 3',
      },
    });
  });

  it('compiles a schema once per text, per key', () => {
    const cache = new ProfileSchemaCache();
    const first = cache.get('p1:t', DEFAULT_TELEMETRY_PROTO_SCHEMA);
    expect(cache.get('p1:t', DEFAULT_TELEMETRY_PROTO_SCHEMA)).toBe(first);
    const changed = cache.get('p1:t', DEFAULT_ATTRIBUTES_PROTO_SCHEMA);
    expect(changed).not.toBe(first);
    expect(changed.ok && changed.value.messageName).toBe('attributes.SensorConfiguration');
  });
});
