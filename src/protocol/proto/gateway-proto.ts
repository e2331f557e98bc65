/**
 * Protobuf gateway payloads (spec §12) for gateways in PROTOBUF profiles, in the reference's `transportapi`
 * messages. Decoders return the same shapes as the JSON gateway codecs, so one service handles both.
 *
 * | Topic | Gateway → broker | Broker → gateway |
 * |---|---|---|
 * | `connect` / `disconnect` | `ConnectMsg` / `DisconnectMsg` | — |
 * | `telemetry` | `GatewayTelemetryMsg` | — |
 * | `attributes` | `GatewayAttributesMsg` | `GatewayAttributeUpdateNotificationMsg` |
 * | `attributes/request` → `attributes/response` | `GatewayAttributesRequestMsg` | `GatewayAttributeResponseMsg` |
 * | `rpc` | `GatewayRpcResponseMsg` (`data` as text) | `GatewayDeviceRpcRequestMsg` |
 * | `claim` | `GatewayClaimMsg` | — |
 */
import type { ClaimRequest } from '../codecs/claim.ts';
import type { GatewayAttributeRequest, PerDevice } from '../codecs/gateway.ts';
import type { TypingOptions } from '../kv-typing.ts';
import type { AttributeEntry, KvEntry, TsKvEntry } from '../kv.ts';
import { fail, ok, type Result } from '../result.ts';

import {
  claimOf,
  telemetryFromProto,
  type PostAttributeProto,
  type PostTelemetryProto,
} from './device-uplink.ts';
import { attributeToTsKv, kvListFromProto, kvToProto } from './kv-proto.ts';
import { decodeProto, encodeProto } from './proto-wire.ts';

const named = (device: string, what: string): Result<string> =>
  device === '' ? fail('schema', `${what} has no "deviceName"`) : ok(device);

/** `ConnectMsg`: an empty deviceType means the default profile. */
export function decodeProtoGatewayConnect(
  bytes: Uint8Array,
): Result<{ device: string; type: string | undefined }> {
  const msg = decodeProto<{ deviceName: string; deviceType: string }>(
    'transportapi.ConnectMsg',
    bytes,
  );
  if (!msg.ok) return msg;
  const device = named(msg.value.deviceName, 'ConnectMsg');
  return device.ok ? ok({ device: device.value, type: msg.value.deviceType || undefined }) : device;
}

/** `DisconnectMsg`. */
export function decodeProtoGatewayDisconnect(bytes: Uint8Array): Result<{ device: string }> {
  const msg = decodeProto<{ deviceName: string }>('transportapi.DisconnectMsg', bytes);
  if (!msg.ok) return msg;
  const device = named(msg.value.deviceName, 'DisconnectMsg');
  return device.ok ? ok({ device: device.value }) : device;
}

/**
 * Splits a repeated per-device message: entries without a device name are ignored (like JSON entries of the wrong
 * type); an inner message that breaks the rules makes the whole message invalid; no usable entry is invalid.
 */
function perDevice<I extends { deviceName: string }, T>(
  what: string,
  items: readonly I[],
  decode: (item: I) => Result<T>,
): Result<PerDevice<T>> {
  const out: PerDevice<T> = { entries: [], ignored: [] };
  for (const item of items) {
    if (item.deviceName === '') {
      out.ignored.push({ device: '', reason: `${what} entry without a deviceName` });
      continue;
    }
    const value = decode(item);
    if (!value.ok)
      return fail('schema', `${what} for "${item.deviceName}": ${value.error.message}`);
    out.entries.push({ device: item.deviceName, value: value.value });
  }
  if (out.entries.length === 0) return fail('schema', `${what} has no device entry`);
  return ok(out);
}

/** `GatewayTelemetryMsg`: each `TelemetryMsg.msg` follows the device telemetry rules. */
export function decodeProtoGatewayTelemetry(
  bytes: Uint8Array,
  nowMs: number,
  opts: TypingOptions,
): Result<PerDevice<TsKvEntry[]>> {
  const msg = decodeProto<{ msg: { deviceName: string; msg: PostTelemetryProto | null }[] }>(
    'transportapi.GatewayTelemetryMsg',
    bytes,
  );
  if (!msg.ok) return msg;
  return perDevice('GatewayTelemetryMsg', msg.value.msg, (item) =>
    telemetryFromProto(item.msg ?? { tsKvList: [] }, nowMs, opts),
  );
}

/** Attributes of one sub-device; `shared` (the inner `PostAttributeMsg.shared`) saves them in SHARED scope. */
export interface GatewayAttributesPart {
  kvs: KvEntry[];
  shared: boolean;
}

/** `GatewayAttributesMsg`: each `AttributesMsg.msg` follows the client-attribute rules (spec §2.3, §12). */
export function decodeProtoGatewayAttributes(
  bytes: Uint8Array,
  opts: TypingOptions,
): Result<PerDevice<GatewayAttributesPart>> {
  const msg = decodeProto<{ msg: { deviceName: string; msg: PostAttributeProto | null }[] }>(
    'transportapi.GatewayAttributesMsg',
    bytes,
  );
  if (!msg.ok) return msg;
  return perDevice('GatewayAttributesMsg', msg.value.msg, (item) => {
    const kvs = kvListFromProto(item.msg?.kv ?? [], opts);
    return kvs.ok ? ok({ kvs: kvs.value, shared: item.msg?.shared === true }) : kvs;
  });
}

/** `GatewayClaimMsg`. */
export function decodeProtoGatewayClaim(bytes: Uint8Array): Result<PerDevice<ClaimRequest>> {
  type Item = {
    deviceName: string;
    claimRequest: { secretKey: string; durationMs: bigint } | null;
  };
  const msg = decodeProto<{ msg: Item[] }>('transportapi.GatewayClaimMsg', bytes);
  if (!msg.ok) return msg;
  return perDevice('GatewayClaimMsg', msg.value.msg, (item) =>
    claimOf(item.claimRequest?.secretKey ?? '', item.claimRequest?.durationMs ?? 0n),
  );
}

/** `GatewayAttributesRequestMsg`: at least one key; one key answers in the single-value form. */
export function decodeProtoGatewayAttributeRequest(
  bytes: Uint8Array,
): Result<GatewayAttributeRequest> {
  const msg = decodeProto<{ id: number; deviceName: string; client: boolean; keys: string[] }>(
    'transportapi.GatewayAttributesRequestMsg',
    bytes,
  );
  if (!msg.ok) return msg;
  const { id, deviceName, client, keys } = msg.value;
  const device = named(deviceName, 'GatewayAttributesRequestMsg');
  if (!device.ok) return device;
  if (keys.length === 0)
    return fail('schema', 'GatewayAttributesRequestMsg needs at least one key');
  return ok({ id, device: device.value, client, keys, single: keys.length === 1 });
}

/** `GatewayRpcResponseMsg`: `data` is passed on as JSON when it parses, otherwise as text. */
export function decodeProtoGatewayRpcReply(
  bytes: Uint8Array,
): Result<{ device: string; id: number; dataJson: string }> {
  const msg = decodeProto<{ deviceName: string; id: number; data: string }>(
    'transportapi.GatewayRpcResponseMsg',
    bytes,
  );
  if (!msg.ok) return msg;
  const device = named(msg.value.deviceName, 'GatewayRpcResponseMsg');
  return device.ok
    ? ok({ device: device.value, id: msg.value.id, dataJson: msg.value.data })
    : device;
}

/** `GatewayAttributeResponseMsg` for one sub-device: the found attributes in the asked scope. */
export function encodeProtoGatewayAttributeResponse(
  request: GatewayAttributeRequest,
  found: readonly AttributeEntry[],
): Uint8Array {
  const list = found.map(attributeToTsKv);
  return encodeProto('transportapi.GatewayAttributeResponseMsg', {
    deviceName: request.device,
    responseMsg: {
      requestId: request.id,
      isMultipleAttributesRequest: !request.single,
      ...(request.client ? { clientAttributeList: list } : { sharedAttributeList: list }),
    },
  });
}

/** `GatewayAttributeUpdateNotificationMsg`: a shared update or deletion of a connected sub-device. */
export function encodeProtoGatewaySharedPush(
  device: string,
  change: { updated: readonly KvEntry[]; ts: number } | { deleted: readonly string[] },
): Uint8Array {
  const notificationMsg =
    'deleted' in change
      ? { sharedDeleted: change.deleted }
      : { sharedUpdated: change.updated.map((e) => ({ ts: change.ts, kv: kvToProto(e) })) };
  return encodeProto('transportapi.GatewayAttributeUpdateNotificationMsg', {
    deviceName: device,
    notificationMsg,
  });
}

/** `GatewayDeviceRpcRequestMsg`: a server-side RPC to a connected sub-device, as `ToDeviceRpcRequestMsg`. */
export function encodeProtoGatewayRpc(device: string, rpc: ProtoDeviceRpc): Uint8Array {
  return encodeProto('transportapi.GatewayDeviceRpcRequestMsg', {
    deviceName: device,
    rpcRequestMsg: toDeviceRpcRequest(rpc),
  });
}

/** What a `ToDeviceRpcRequestMsg` carries (spec §7). */
export interface ProtoDeviceRpc {
  requestId: number;
  method: string;
  paramsJson: string;
  expirationTime: number;
  oneway: boolean;
  /** The RPC's UUID (every RPC has one, as in the reference), sent as two signed 64-bit halves. */
  rpcUuid: string;
  /** A persistent RPC (spec §7). */
  persisted: boolean;
}

function toDeviceRpcRequest(rpc: ProtoDeviceRpc): object {
  const hex = rpc.rpcUuid.replace(/-/g, '');
  const half = (from: number): bigint =>
    hex.length === 32 ? BigInt.asIntN(64, BigInt(`0x${hex.slice(from, from + 16)}`)) : 0n;
  return {
    requestId: rpc.requestId,
    methodName: rpc.method,
    params: rpc.paramsJson,
    expirationTime: rpc.expirationTime,
    requestIdMSB: half(0),
    requestIdLSB: half(16),
    oneway: rpc.oneway,
    persisted: rpc.persisted,
  };
}

/**
 * MQTT 5 only: the notice on `v1/gateway/disconnect` that the broker closed a sub-device's session
 * (`transport.GatewayDisconnectDeviceMsg`, spec §12), with an MQTT 5 DISCONNECT reason code.
 */
export function encodeProtoGatewayDisconnect(device: string, reasonCode: number): Uint8Array {
  return encodeProto('transport.GatewayDisconnectDeviceMsg', { deviceName: device, reasonCode });
}
