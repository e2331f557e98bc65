import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_PROTO_PROFILE_SETTINGS,
  DEFAULT_TELEMETRY_PROTO_SCHEMA,
} from '../../src/protocol/proto/profile-schema-defaults.ts';
import { ConfigError, parseConfig } from '../config/config-file.ts';
import type { DevBroker } from '../main.ts';

import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';

const READING = 'syntax = "proto3";\npackage lab;\nmessage Reading { int64 ts = 1; }';

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

describe('profiles.* with Protobuf schemas and switches (spec §2.3)', () => {
  it("a new profile carries the reference's four default schemas and both switches off", async () => {
    const created = await op.ok('profiles.create', {
      name: 'pb-defaults',
      payloadType: 'PROTOBUF',
    });
    expect(created).toMatchObject(DEFAULT_PROTO_PROFILE_SETTINGS);
    expect(
      (await op.ok('profiles.get', { profileName: 'default' })).deviceTelemetryProtoSchema,
    ).toBe(DEFAULT_TELEMETRY_PROTO_SCHEMA);
  });

  it('creates and updates schemas and switches; they read back as saved', async () => {
    const created = await op.ok('profiles.create', {
      name: 'pb-custom',
      payloadType: 'PROTOBUF',
      deviceTelemetryProtoSchema: READING,
      enableCompatibilityWithJsonPayloadFormat: true,
      useJsonPayloadFormatForDefaultDownlinkTopics: true,
    });
    expect(created).toMatchObject({
      deviceTelemetryProtoSchema: READING,
      deviceAttributesProtoSchema: DEFAULT_PROTO_PROFILE_SETTINGS.deviceAttributesProtoSchema,
      enableCompatibilityWithJsonPayloadFormat: true,
      useJsonPayloadFormatForDefaultDownlinkTopics: true,
    });
    const rpc = 'syntax = "proto3"; message Call { string method = 1; string params = 3; }';
    const updated = await op.ok('profiles.update', {
      profileName: 'pb-custom',
      deviceRpcRequestProtoSchema: rpc,
      useJsonPayloadFormatForDefaultDownlinkTopics: false,
    });
    expect(updated).toMatchObject({
      deviceTelemetryProtoSchema: READING,
      deviceRpcRequestProtoSchema: rpc,
      useJsonPayloadFormatForDefaultDownlinkTopics: false,
    });
    expect(await op.ok('profiles.get', { profileId: created.id })).toEqual(updated);
  });

  it("refuses a schema that does not compile with INVALID_ARGUMENT and the parser's message", async () => {
    const bad = await op.fail('profiles.create', {
      name: 'pb-bad',
      deviceTelemetryProtoSchema: 'syntax = "proto3"; message A { int32 a = 1 }',
    });
    expect(bad).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message:
        "deviceTelemetryProtoSchema (telemetry schema): illegal token '}', ';' expected (line 1)",
    });
    const unresolved = await op.fail('profiles.update', {
      profileName: 'pb-custom',
      deviceRpcResponseProtoSchema: 'syntax = "proto3"; message R { Missing m = 1; }',
    });
    expect(unresolved.code).toBe('INVALID_ARGUMENT');
    expect(unresolved.message).toMatch(
      /deviceRpcResponseProtoSchema .*no such Type or Enum 'Missing'/,
    );
    expect(
      (await op.ok('profiles.get', { profileName: 'pb-custom' })).deviceRpcResponseProtoSchema,
    ).toBe(DEFAULT_PROTO_PROFILE_SETTINGS.deviceRpcResponseProtoSchema);
    expect((await op.fail('profiles.get', { profileName: 'pb-bad' })).code).toBe('NOT_FOUND');
  });

  it('the config file takes the schemas and switches, and reports a bad schema by its path', () => {
    const config = parseConfig({
      profiles: [{ name: 'pb', payloadType: 'PROTOBUF', deviceTelemetryProtoSchema: READING }],
    });
    expect(config.profiles[0]).toMatchObject({
      deviceTelemetryProtoSchema: READING,
      useJsonPayloadFormatForDefaultDownlinkTopics: false,
    });
    expect(() =>
      parseConfig({ profiles: [{ name: 'pb', deviceAttributesProtoSchema: 'message X {' }] }),
    ).toThrow(ConfigError);
    expect(() =>
      parseConfig({ profiles: [{ name: 'pb', deviceAttributesProtoSchema: 'message X {' }] }),
    ).toThrow(/profiles\.0\.deviceAttributesProtoSchema: Only proto3/);
  });
});
