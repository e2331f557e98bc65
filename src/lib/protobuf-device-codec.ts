/**
 * Builds the device side's Protobuf codec from the chosen schemas (device-api.md §2.3). The Protobuf code
 * (protobufjs and the schema compiler) is imported here on demand, so it is not part of the first page load.
 */
import { parseLenientJson, toCompactJson, toPlainValue } from '@/protocol/lenient-json.ts';
import { protobufMessageFor } from '@/protocol/proto/console-messages.ts';
import {
  PROFILE_SCHEMA_FIELDS,
  type ProfileSchemaField,
} from '@/protocol/proto/profile-schema-defaults.ts';
import type * as ProfileSchemaTypes from '@/protocol/proto/profile-schema.ts';
import type * as WireTypes from '@/protocol/proto/proto-wire.ts';

import type { Decoded, DevicePayloadCodec, ProfileSchemas } from './protobuf-device.ts';

export type ProfileSchemaModule = typeof ProfileSchemaTypes;
type WireModule = typeof WireTypes;
type Compiled = Record<ProfileSchemaField, ProfileSchemaTypes.ProfileSchema>;

/** The compiler, loaded once. */
export const loadProfileSchemaModule = (): Promise<ProfileSchemaModule> =>
  import('@/protocol/proto/profile-schema.ts');

export interface CodecBuild {
  codec: DevicePayloadCodec | null;
  /** A schema that does not compile, with the parser's message. */
  problems: Partial<Record<ProfileSchemaField, string>>;
}

const bigintSafe = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;

export async function buildDeviceCodec(schemas: ProfileSchemas): Promise<CodecBuild> {
  const [ps, wire, uplink, downlink] = await Promise.all([
    loadProfileSchemaModule(),
    import('@/protocol/proto/proto-wire.ts'),
    import('@/protocol/proto/device-uplink.ts'),
    import('@/protocol/proto/device-downlink.ts'),
  ]);
  const problems: CodecBuild['problems'] = {};
  const compiled: Partial<Compiled> = {};
  for (const field of PROFILE_SCHEMA_FIELDS) {
    const result = ps.compileProfileSchema(schemas[field]);
    if (result.ok) compiled[field] = result.value;
    else problems[field] = result.error.message;
  }
  if (Object.keys(problems).length > 0) return { codec: null, problems };
  const codec = codecOf(ps, wire, compiled as Compiled);
  // the fixed reference messages (spec §2.3): attribute requests and responses
  codec.encodeAttributeRequest = (request) =>
    uplink.encodeProtoAttributeRequest({
      ...(request.clientKeys === undefined ? {} : { clientKeys: request.clientKeys.split(',') }),
      ...(request.sharedKeys === undefined ? {} : { sharedKeys: request.sharedKeys.split(',') }),
    });
  codec.decodeAttributeResponse = (bytes) => {
    const decoded = downlink.decodeProtoAttributeResponse(bytes);
    if (!decoded.ok) return { ok: false, message: decoded.error.message };
    const { client, shared } = decoded.value;
    return { ok: true, ...(client ? { client } : {}), ...(shared ? { shared } : {}) };
  };
  return { codec, problems };
}

const notLoaded = (): never => {
  throw new Error('the attribute codec is not loaded');
};

function codecOf(ps: ProfileSchemaModule, wire: WireModule, schemas: Compiled): DevicePayloadCodec {
  return {
    encodeAttributeRequest: notLoaded,
    decodeAttributeResponse: notLoaded,
    decodeRpcRequest(bytes) {
      const node = ps.decodeProfileMessage(schemas.deviceRpcRequestProtoSchema, bytes);
      if (!node.ok) return { ok: false, message: node.error.message };
      const plain = toPlainValue(node.value) as Record<string, unknown>;
      const method = typeof plain.method === 'string' ? plain.method : '';
      const params = plain.params;
      if (params === undefined || params === null || params === '')
        return { ok: true, method, paramsJson: null };
      if (typeof params !== 'string')
        return { ok: true, method, paramsJson: JSON.stringify(params) };
      // a string field holds JSON text, or a bare string (spec §2.3: "hello" arrives as hello)
      const parsed = parseLenientJson(params);
      return {
        ok: true,
        method,
        paramsJson:
          parsed.ok && parsed.value.strict
            ? toCompactJson(parsed.value.value)
            : JSON.stringify(params),
      };
    },
    encodeRpcReply(json) {
      const parsed = parseLenientJson(json);
      if (!parsed.ok || parsed.value.value.type !== 'object') {
        return {
          ok: false,
          message: `A reply is a JSON object of ${schemas.deviceRpcResponseProtoSchema.messageName}, e.g. {"payload":"done"}.`,
        };
      }
      const bytes = ps.encodeProfileMessage(
        schemas.deviceRpcResponseProtoSchema,
        toPlainValue(parsed.value.value),
      );
      return bytes.ok
        ? { ok: true, bytes: bytes.value }
        : { ok: false, message: bytes.error.message };
    },
    describe(topic, direction, bytes): Decoded | null {
      const message = protobufMessageFor(topic, direction);
      if (message === null) return null;
      if ('schema' in message) {
        const node = ps.decodeProfileMessage(schemas[message.schema], bytes);
        return node.ok
          ? { ok: true, json: toCompactJson(node.value) }
          : { ok: false, message: node.error.message };
      }
      const decoded = wire.decodeProto(message.fixed, bytes);
      return decoded.ok
        ? { ok: true, json: JSON.stringify(decoded.value, bigintSafe) }
        : { ok: false, message: decoded.error.message };
    },
  };
}
