/**
 * A Protobuf device's own messages, read with its profile's schemas (spec §2.3): the last top-level message of
 * the schema, turned into the reference's JSON (64-bit integers as strings, enums by name, defaults included),
 * which then follows exactly the JSON rules of §5 (telemetry) and §6.1 (client attributes). The fixed
 * `PostTelemetryMsg` / `PostAttributeMsg` are used only inside gateway messages.
 */
import { decodeTelemetryNode } from '../../src/protocol/codecs/telemetry.ts';
import { objectToKvEntries, type TypingOptions } from '../../src/protocol/kv-typing.ts';
import type { KvEntry, TsKvEntry } from '../../src/protocol/kv.ts';
import type { JsonNode } from '../../src/protocol/lenient-json.ts';
import { decodeProfileRpcReply } from '../../src/protocol/proto/profile-rpc.ts';
import type { ProfileSchemaField } from '../../src/protocol/proto/profile-schema-defaults.ts';
import { decodeProfileMessage } from '../../src/protocol/proto/profile-schema.ts';
import type { Result } from '../../src/protocol/result.ts';
import type { ProfileRecord } from '../storage/storage.ts';

import { profileSchema } from './profile-schemas.ts';

function decodeWith(
  profile: ProfileRecord,
  field: ProfileSchemaField,
  bytes: Uint8Array,
): Result<JsonNode> {
  const schema = profileSchema(profile, field);
  return schema.ok ? decodeProfileMessage(schema.value, bytes) : schema;
}

/** Telemetry bytes → data points (spec §2.3 then §5; a `{ts, values}` shaped message carries its timestamp). */
export function decodeSchemaTelemetry(
  profile: ProfileRecord,
  bytes: Uint8Array,
  nowMs: number,
  typing: TypingOptions,
): Result<TsKvEntry[]> {
  const node = decodeWith(profile, 'deviceTelemetryProtoSchema', bytes);
  return node.ok ? decodeTelemetryNode(node.value, nowMs, typing) : node;
}

/** Client-attribute bytes → entries (spec §2.3 then §6.1; nested messages become JSON values). */
export function decodeSchemaAttributes(
  profile: ProfileRecord,
  bytes: Uint8Array,
  typing: TypingOptions,
): Result<KvEntry[]> {
  const node = decodeWith(profile, 'deviceAttributesProtoSchema', bytes);
  return node.ok ? objectToKvEntries(node.value, typing) : node;
}

/** A reply to a server-side RPC → the JSON text of the response message (the operator gets it as JSON). */
export function decodeSchemaRpcReply(profile: ProfileRecord, bytes: Uint8Array): Result<string> {
  const schema = profileSchema(profile, 'deviceRpcResponseProtoSchema');
  return schema.ok ? decodeProfileRpcReply(schema.value, bytes) : schema;
}
