import { protoType, type ProtoMessageName } from '../../../src/protocol/proto/transport-schema.ts';
import type { ConfigFileInput } from '../../config/config-file.ts';

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

/** Encodes with protobufjs straight from the schema (enum names and decimal strings for int64 are accepted). */
export function pb(name: ProtoMessageName, value: object): Buffer {
  const type = protoType(name);
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

/** Decodes with protobufjs straight from the schema: int64 as decimal strings, enums as names, defaults filled. */
export function unpb(name: ProtoMessageName, payload: Buffer): Record<string, unknown> {
  const type = protoType(name);
  return type.toObject(type.decode(payload), {
    longs: String,
    enums: String,
    defaults: true,
    arrays: true,
  });
}
