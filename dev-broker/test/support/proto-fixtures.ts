import type { ProtoMessageName } from '../../../src/protocol/proto/transport-schema.ts';
import type { ConfigFileInput } from '../../config/config-file.ts';

import { REFERENCE_SCHEMAS, refDecode, refEncode } from './reference-proto.ts';
import { SPEC_CONFIG } from './spec-fixtures.ts';

/** The spec fixtures plus PROTOBUF profiles and their devices (spec §2 Protobuf tests). */
export const PROTO_CONFIG: ConfigFileInput = {
  profiles: [
    ...(SPEC_CONFIG.profiles ?? []),
    { name: 'proto', payloadType: 'PROTOBUF' },
    {
      name: 'proto-compat',
      payloadType: 'PROTOBUF',
      enableCompatibilityWithJsonPayloadFormat: true,
    },
    { name: 'proto-lenient', payloadType: 'PROTOBUF', sendAckOnValidationException: true },
  ],
  devices: [
    ...(SPEC_CONFIG.devices ?? []),
    { name: 'pb-1', profile: 'proto', credentials: { type: 'ACCESS_TOKEN', token: 'PB1' } },
    {
      name: 'pbc-1',
      profile: 'proto-compat',
      credentials: { type: 'ACCESS_TOKEN', token: 'PBC1' },
    },
    {
      name: 'pbl-1',
      profile: 'proto-lenient',
      credentials: { type: 'ACCESS_TOKEN', token: 'PBL1' },
    },
    {
      name: 'pgw-1',
      profile: 'proto',
      gateway: true,
      credentials: { type: 'ACCESS_TOKEN', token: 'PGW1' },
    },
  ],
};

/**
 * Encodes a reference message from the published `.proto` fixtures (reference-proto.ts; the names are checked
 * against the product's list). Default profile schema messages (`rpc.RpcRequestMsg`, …) are looked up in the
 * reference's default schema texts.
 */
export function pb(name: ProtoMessageName, value: object): Buffer {
  return refEncode(name, value, profileSchemaOf(name));
}

/** Decodes a reference message: 64-bit as decimal strings, enums as names, defaults filled. */
export function unpb(name: ProtoMessageName, payload: Buffer): Record<string, unknown> {
  return refDecode(name, payload, profileSchemaOf(name));
}

function profileSchemaOf(name: string): string | undefined {
  if (name === 'rpc.RpcRequestMsg') return REFERENCE_SCHEMAS.rpcRequest;
  if (name === 'rpc.RpcResponseMsg') return REFERENCE_SCHEMAS.rpcResponse;
  return undefined;
}
