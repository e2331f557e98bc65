/**
 * Protobuf payloads a device sends (spec §2 Protobuf, §5, §6, §7, §8, §9): the broker's decoders and the console's
 * encoders, side by side so both stay in step.
 *
 * | Topic | Message |
 * |---|---|
 * | telemetry | `transport.PostTelemetryMsg` (a TsKvListProto with ts 0 is stamped with the broker's time) |
 * | client attributes | `transport.PostAttributeMsg` |
 * | attribute request `…/{id}` | `transportapi.AttributesRequest` (comma-separated key strings; id from the topic) |
 * | client-side RPC request `…/{id}` | `transportapi.RpcRequest` (`params` is JSON text) |
 * | reply to a server-side RPC | `rpc.RpcResponseMsg` (`payload` is passed on as JSON when it parses, else text) |
 * | claim | `transportapi.ClaimDevice` |
 */
import type { AttributeRequest } from '../codecs/attributes.ts';
import { splitKeyList } from '../codecs/attributes.ts';
import type { ClaimRequest } from '../codecs/claim.ts';
import type { TypingOptions } from '../kv-typing.ts';
import type { KvEntry, TsKvEntry } from '../kv.ts';
import { fail, ok, type Result } from '../result.ts';

import { kvListFromProto, kvToProto, type KeyValueProto } from './kv-proto.ts';
import { decodeProto, encodeProto, safeNumber } from './proto-wire.ts';

interface TsKvListProto {
  ts: bigint;
  kv: KeyValueProto[];
}

/** A decoded `transport.PostTelemetryMsg`. */
export interface PostTelemetryProto {
  tsKvList: TsKvListProto[];
}

/** A decoded `transport.PostAttributeMsg`. */
export interface PostAttributeProto {
  kv: KeyValueProto[];
  /** Only inside a gateway's `AttributesMsg`: the attributes are SHARED (spec §2.3). */
  shared: boolean;
}

/** Decodes a Protobuf telemetry publish into data points, all or nothing. An empty message is invalid. */
export function decodeProtoTelemetry(
  bytes: Uint8Array,
  nowMs: number,
  opts: TypingOptions,
): Result<TsKvEntry[]> {
  const msg = decodeProto<PostTelemetryProto>('transport.PostTelemetryMsg', bytes);
  return msg.ok ? telemetryFromProto(msg.value, nowMs, opts) : msg;
}

/** Data points of a decoded `PostTelemetryMsg` (also the inner message of gateway telemetry, spec §12). */
export function telemetryFromProto(
  msg: PostTelemetryProto,
  nowMs: number,
  opts: TypingOptions,
): Result<TsKvEntry[]> {
  if (msg.tsKvList.length === 0) return fail('schema', 'TsKv list is empty');
  // spec §5: the same key and timestamp twice in one message: the later one wins
  const latest = new Map<string, TsKvEntry>();
  for (const [index, list] of msg.tsKvList.entries()) {
    const ts = list.ts === 0n ? nowMs : safeNumber(list.ts);
    if (ts === undefined)
      return fail('schema', `tsKvList ${String(index)}: ts ${String(list.ts)} is out of range`);
    const entries = kvListFromProto(list.kv, opts);
    if (!entries.ok) return fail('schema', `tsKvList ${String(index)}: ${entries.error.message}`);
    for (const entry of entries.value)
      latest.set(`${String(ts)}\u0000${entry.key}`, { ...entry, ts });
  }
  return ok([...latest.values()]);
}

/** Decodes a Protobuf client-attributes publish (spec §6.1). An empty message is invalid. */
export function decodeProtoAttributes(bytes: Uint8Array, opts: TypingOptions): Result<KvEntry[]> {
  const msg = decodeProto<PostAttributeProto>('transport.PostAttributeMsg', bytes);
  return msg.ok ? kvListFromProto(msg.value.kv, opts) : msg;
}

/**
 * Decodes a Protobuf attribute request (spec §6.2). Proto3 cannot tell an empty string from a missing one, so
 * `""` means "not asked" (both empty: everything, as `{}` in JSON).
 */
export function decodeProtoAttributeRequest(bytes: Uint8Array): Result<AttributeRequest> {
  const msg = decodeProto<{ clientKeys: string; sharedKeys: string }>(
    'transportapi.AttributesRequest',
    bytes,
  );
  if (!msg.ok) return msg;
  const request: AttributeRequest = {};
  if (msg.value.clientKeys !== '') request.clientKeys = splitKeyList(msg.value.clientKeys);
  if (msg.value.sharedKeys !== '') request.sharedKeys = splitKeyList(msg.value.sharedKeys);
  return ok(request);
}

/** A Protobuf client-side RPC request (spec §8): `params` is JSON text, `""` when absent. */
export interface ProtoClientRpcRequest {
  method: string;
  params: string;
}

/** Decodes a Protobuf client-side RPC request; one without a method is invalid (spec §8). */
export function decodeProtoClientRpcRequest(bytes: Uint8Array): Result<ProtoClientRpcRequest> {
  const msg = decodeProto<ProtoClientRpcRequest>('transportapi.RpcRequest', bytes);
  if (!msg.ok) return msg;
  if (msg.value.method === '') return fail('schema', 'RPC request has no "method"');
  return ok({ method: msg.value.method, params: msg.value.params });
}

/** Decodes a device's Protobuf reply to a server-side RPC (spec §7) into its payload text. */
export function decodeProtoRpcReply(bytes: Uint8Array): Result<string> {
  const msg = decodeProto<{ payload?: string | null }>('rpc.RpcResponseMsg', bytes);
  return msg.ok ? ok(msg.value.payload ?? '') : msg;
}

/** Decodes a Protobuf claim registration (spec §9); a duration ≤ 0 means the default. */
export function decodeProtoClaim(bytes: Uint8Array): Result<ClaimRequest> {
  const msg = decodeProto<{ secretKey: string; durationMs: bigint }>(
    'transportapi.ClaimDevice',
    bytes,
  );
  if (!msg.ok) return msg;
  return claimOf(msg.value.secretKey, msg.value.durationMs);
}

/** A claim from its Protobuf fields (also used per sub-device by the gateway form, spec §12). */
export function claimOf(secretKey: string, durationMs: bigint): Result<ClaimRequest> {
  if (durationMs <= 0n) return ok({ secretKey, durationMs: undefined });
  const ms = safeNumber(durationMs);
  if (ms === undefined) return fail('schema', `durationMs ${String(durationMs)} is out of range`);
  return ok({ secretKey, durationMs: ms });
}

/** Console side: telemetry groups as a `PostTelemetryMsg`; a group without `ts` gets the broker's time. */
export function encodeProtoTelemetry(
  groups: readonly { ts?: number; entries: readonly KvEntry[] }[],
): Uint8Array {
  return encodeProto('transport.PostTelemetryMsg', {
    tsKvList: groups.map((g) => ({ ts: g.ts ?? 0, kv: g.entries.map(kvToProto) })),
  });
}

/** Console side: client attributes as a `PostAttributeMsg`. */
export function encodeProtoAttributes(entries: readonly KvEntry[]): Uint8Array {
  return encodeProto('transport.PostAttributeMsg', { kv: entries.map(kvToProto) });
}

/** Console side: an attribute request as `AttributesRequest` (key lists joined with `,`). */
export function encodeProtoAttributeRequest(request: AttributeRequest): Uint8Array {
  return encodeProto('transportapi.AttributesRequest', {
    clientKeys: request.clientKeys?.join(',') ?? '',
    sharedKeys: request.sharedKeys?.join(',') ?? '',
  });
}

/** Console side: a client-side RPC request as `RpcRequest`; `paramsJson` is JSON text. */
export function encodeProtoClientRpcRequest(method: string, paramsJson = ''): Uint8Array {
  return encodeProto('transportapi.RpcRequest', { method, params: paramsJson });
}

/** Console side: the reply to a server-side RPC as `RpcResponseMsg`. */
export function encodeProtoRpcReply(payload: string): Uint8Array {
  return encodeProto('rpc.RpcResponseMsg', { payload });
}

/** Console side: a claim registration as `ClaimDevice`. */
export function encodeProtoClaim(secretKey: string, durationMs = 0): Uint8Array {
  return encodeProto('transportapi.ClaimDevice', { secretKey, durationMs });
}
