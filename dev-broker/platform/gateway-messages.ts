import type { ClaimRequest } from '../../src/protocol/codecs/claim.ts';
import {
  decodeGatewayAttributeRequest,
  decodeGatewayAttributes,
  decodeGatewayClaim,
  decodeGatewayConnect,
  decodeGatewayDisconnect,
  decodeGatewayRpcReply,
  decodeGatewayTelemetry,
  type GatewayAttributeRequest,
  type PerDevice,
} from '../../src/protocol/codecs/gateway.ts';
import type { TypingOptions } from '../../src/protocol/kv-typing.ts';
import type { TsKvEntry } from '../../src/protocol/kv.ts';
import {
  decodeProtoGatewayAttributeRequest,
  decodeProtoGatewayAttributes,
  decodeProtoGatewayClaim,
  decodeProtoGatewayConnect,
  decodeProtoGatewayDisconnect,
  decodeProtoGatewayRpcReply,
  decodeProtoGatewayTelemetry,
  type GatewayAttributesPart,
} from '../../src/protocol/proto/gateway-proto.ts';
import { ok, type Result } from '../../src/protocol/result.ts';
import type { GatewayTopicKind } from '../../src/protocol/topics.ts';

/** A decoded gateway message (spec §12), the same whether it came as JSON or as Protobuf. */
export type GatewayMessage =
  | { topic: 'connect'; device: string; type: string | undefined }
  | { topic: 'disconnect'; device: string }
  | { topic: 'telemetry'; entries: PerDevice<TsKvEntry[]> }
  | { topic: 'attributes'; entries: PerDevice<GatewayAttributesPart> }
  | { topic: 'attributesRequest'; request: GatewayAttributeRequest }
  | { topic: 'rpc'; reply: { device: string; id: number; dataJson: string } }
  | { topic: 'claim'; entries: PerDevice<ClaimRequest> };

type Decoders<P> = {
  [K in GatewayTopicKind]: (
    payload: P,
    nowMs: number,
    typing: TypingOptions,
  ) => Result<Extract<GatewayMessage, { topic: K }>>;
};

const wrap = <T, M>(result: Result<T>, as: (value: T) => M): Result<M> =>
  result.ok ? ok(as(result.value)) : result;

const JSON_DECODERS: Decoders<string> = {
  connect: (t) => wrap(decodeGatewayConnect(t), (v) => ({ topic: 'connect', ...v })),
  disconnect: (t) => wrap(decodeGatewayDisconnect(t), (v) => ({ topic: 'disconnect', ...v })),
  telemetry: (t, now, typing) =>
    wrap(decodeGatewayTelemetry(t, now, typing), (entries) => ({ topic: 'telemetry', entries })),
  attributes: (t, _now, typing) =>
    wrap(decodeGatewayAttributes(t, typing), (entries) => ({
      topic: 'attributes',
      // spec §12: JSON gateway attributes are client attributes
      entries: {
        ignored: entries.ignored,
        entries: entries.entries.map((e) => ({
          device: e.device,
          value: { kvs: e.value, shared: false },
        })),
      },
    })),
  attributesRequest: (t) =>
    wrap(decodeGatewayAttributeRequest(t), (request) => ({ topic: 'attributesRequest', request })),
  rpc: (t) => wrap(decodeGatewayRpcReply(t), (reply) => ({ topic: 'rpc', reply })),
  claim: (t) => wrap(decodeGatewayClaim(t), (entries) => ({ topic: 'claim', entries })),
};

const PROTO_DECODERS: Decoders<Uint8Array> = {
  connect: (b) => wrap(decodeProtoGatewayConnect(b), (v) => ({ topic: 'connect', ...v })),
  disconnect: (b) => wrap(decodeProtoGatewayDisconnect(b), (v) => ({ topic: 'disconnect', ...v })),
  telemetry: (b, now, typing) =>
    wrap(decodeProtoGatewayTelemetry(b, now, typing), (entries) => ({
      topic: 'telemetry',
      entries,
    })),
  attributes: (b, _now, typing) =>
    wrap(decodeProtoGatewayAttributes(b, typing), (entries) => ({ topic: 'attributes', entries })),
  attributesRequest: (b) =>
    wrap(decodeProtoGatewayAttributeRequest(b), (request) => ({
      topic: 'attributesRequest',
      request,
    })),
  rpc: (b) => wrap(decodeProtoGatewayRpcReply(b), (reply) => ({ topic: 'rpc', reply })),
  claim: (b) => wrap(decodeProtoGatewayClaim(b), (entries) => ({ topic: 'claim', entries })),
};

/** Decodes a JSON gateway message (spec §12). */
export function decodeJsonGatewayMessage(
  kind: GatewayTopicKind,
  text: string,
  nowMs: number,
  typing: TypingOptions,
): Result<GatewayMessage> {
  return JSON_DECODERS[kind](text, nowMs, typing);
}

/** Decodes a Protobuf gateway message (spec §2, §12; gateways in PROTOBUF profiles). */
export function decodeProtoGatewayMessage(
  kind: GatewayTopicKind,
  bytes: Uint8Array,
  nowMs: number,
  typing: TypingOptions,
): Result<GatewayMessage> {
  return PROTO_DECODERS[kind](bytes, nowMs, typing);
}
