/**
 * Protobuf payloads the broker sends a device (spec §2 Protobuf, §6.2, §6.3, §7, §8): the broker's encoders and the
 * console's decoders.
 *
 * | Topic | Message |
 * |---|---|
 * | attribute response `…/{id}` | `transport.GetAttributeResponseMsg` (TsKvProto ts = the attribute's last update) |
 * | shared-attribute update | `transport.AttributeUpdateNotificationMsg` (updates and deletions never combined) |
 * | server-side RPC `…/{id}` | the profile's RPC request schema (profile-schema.ts); `rpc.RpcRequestMsg` by default |
 * | client-side RPC reply `…/{id}` | `transport.ToServerRpcResponseMsg` (`payload` JSON text, or `error`) |
 */
import type { PlainAttributes, SharedPush } from '../codecs/attributes.ts';
import { kvValueToPlain } from '../kv-json.ts';
import type { AttributeEntry, KvEntry } from '../kv.ts';
import { parseLenientJson } from '../lenient-json.ts';
import { ok, type Result } from '../result.ts';

import { attributeToTsKv, kvToProto, tsKvListFromProto, type TsKvProto } from './kv-proto.ts';
import { decodeProto, encodeProto } from './proto-wire.ts';

/**
 * The answer to an attribute request; an undefined section is left empty (spec §6.2). `keysAsked` is how many
 * keys the request named: `isMultipleAttributesRequest` is true when it is more than one (spec §2.3, as the
 * reference counts them: all attributes, `{}`, names none).
 */
export function encodeProtoAttributeResponse(
  requestId: number,
  client: readonly AttributeEntry[] | undefined,
  shared: readonly AttributeEntry[] | undefined,
  keysAsked: number,
): Uint8Array {
  return encodeProto('transport.GetAttributeResponseMsg', {
    requestId,
    isMultipleAttributesRequest: keysAsked > 1,
    clientAttributeList: (client ?? []).map(attributeToTsKv),
    sharedAttributeList: (shared ?? []).map(attributeToTsKv),
  });
}

/** A shared-attribute update push (spec §6.3), each value stamped with `ts`. */
export function encodeProtoSharedUpdate(entries: readonly KvEntry[], ts: number): Uint8Array {
  return encodeProto('transport.AttributeUpdateNotificationMsg', {
    sharedUpdated: entries.map((e) => ({ ts, kv: kvToProto(e) })),
  });
}

/** A shared-attribute deletion push (spec §6.3). */
export function encodeProtoSharedDeleted(keys: readonly string[]): Uint8Array {
  return encodeProto('transport.AttributeUpdateNotificationMsg', { sharedDeleted: keys });
}

/** A server-side RPC to a device (spec §7); `paramsJson` is the operator's params as JSON text. */
export function encodeProtoRpcRequest(
  requestId: number,
  method: string,
  paramsJson: string,
): Uint8Array {
  return encodeProto('rpc.RpcRequestMsg', { method, requestId, params: paramsJson });
}

/**
 * A client-side RPC reply (spec §8) from the JSON reply the broker chose: `{"error":"<text>"}` (a timeout, an error
 * rule) goes in `error`, anything else in `payload` as JSON text.
 */
export function encodeProtoClientRpcReply(requestId: number, json: string): Uint8Array {
  const parsed = parseLenientJson(json);
  const root = parsed.ok ? parsed.value.value : undefined;
  if (root?.type === 'object' && root.entries.length === 1) {
    const [name, value] = root.entries[0] ?? [];
    if (name === 'error' && value?.type === 'string') {
      return encodeProto('transport.ToServerRpcResponseMsg', { requestId, error: value.value });
    }
  }
  return encodeProto('transport.ToServerRpcResponseMsg', { requestId, payload: json });
}

interface AttributeResponseProto {
  requestId: number;
  clientAttributeList: TsKvProto[];
  sharedAttributeList: TsKvProto[];
  error: string;
}

const plainOf = (list: readonly TsKvProto[]): PlainAttributes | undefined => {
  const entries = tsKvListFromProto(list);
  return entries.length === 0
    ? undefined
    : Object.fromEntries(entries.map((e) => [e.key, kvValueToPlain(e.value)]));
};

/** Console side: an attribute response as plain values per section (an empty section is left out). */
export function decodeProtoAttributeResponse(
  bytes: Uint8Array,
): Result<{ requestId: number; client?: PlainAttributes; shared?: PlainAttributes }> {
  const msg = decodeProto<AttributeResponseProto>('transport.GetAttributeResponseMsg', bytes);
  if (!msg.ok) return msg;
  const client = plainOf(msg.value.clientAttributeList);
  const shared = plainOf(msg.value.sharedAttributeList);
  return ok({
    requestId: msg.value.requestId,
    ...(client ? { client } : {}),
    ...(shared ? { shared } : {}),
  });
}

/** Console side: a shared-attribute push. */
export function decodeProtoSharedPush(bytes: Uint8Array): Result<SharedPush> {
  const msg = decodeProto<{ sharedUpdated: TsKvProto[]; sharedDeleted: string[] }>(
    'transport.AttributeUpdateNotificationMsg',
    bytes,
  );
  if (!msg.ok) return msg;
  if (msg.value.sharedUpdated.length === 0 && msg.value.sharedDeleted.length > 0) {
    return ok({ kind: 'deleted', keys: msg.value.sharedDeleted });
  }
  return ok({ kind: 'updated', values: plainOf(msg.value.sharedUpdated) ?? {} });
}

/** Console side: a server-side RPC request (`params` is JSON text). */
export function decodeProtoRpcRequest(
  bytes: Uint8Array,
): Result<{ requestId: number; method: string; params: string }> {
  const msg = decodeProto<{
    requestId?: number | null;
    method?: string | null;
    params?: string | null;
  }>('rpc.RpcRequestMsg', bytes);
  if (!msg.ok) return msg;
  return ok({
    requestId: msg.value.requestId ?? 0,
    method: msg.value.method ?? '',
    params: msg.value.params ?? '',
  });
}

/** Console side: a client-side RPC reply. */
export function decodeProtoClientRpcReply(
  bytes: Uint8Array,
): Result<{ requestId: number; payload: string; error: string }> {
  return decodeProto('transport.ToServerRpcResponseMsg', bytes);
}
