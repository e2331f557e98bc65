/**
 * The one inbound decoder of the device side (ADR 0007): topic → decode → typed event, once per
 * message. Decoders return Results; a message that cannot be read becomes a `badFrame` event.
 * JSON families and Protobuf (`v2p`, spec §2.3) are both read.
 */
import {
  decodeAttributeResponse,
  decodeSharedPush,
  type PlainAttributes,
} from '../protocol/codecs/attributes.ts';
import { decodeProvisionResponse } from '../protocol/codecs/provision-response.ts';
import { decodeClientRpcRequest, decodeRpcReply } from '../protocol/codecs/rpc.ts';
import { parseDownlinkTopic, type DownlinkTopic } from '../protocol/downlink-topics.ts';
import { parseLenientJson, toCompactJson, toPlainValue } from '../protocol/lenient-json.ts';
import {
  decodeProtoAttributeResponse,
  decodeProtoClientRpcReply,
  decodeProtoRpcRequest,
  decodeProtoSharedPush,
} from '../protocol/proto/device-downlink.ts';
import { ok, type Result } from '../protocol/result.ts';

import type { DeviceInbound } from './device-events.ts';
import type { PortMessage } from './port.ts';

type Route<K extends DownlinkTopic['kind']> = Extract<DownlinkTopic, { kind: K }>;

/** The event of one message, or null when its topic is not a device downlink (e.g. operator/…). */
export function decodeDeviceMessage(message: PortMessage): DeviceInbound | null {
  const route = parseDownlinkTopic(message.topic);
  const base = { topic: message.topic, receivedAt: message.receivedAt };
  const decoded = decodeRoute(route, message);
  if (decoded === null) return null;
  if (!decoded.ok) {
    if (route.kind === 'unknown') return null;
    return { kind: 'badFrame', route, error: decoded.error, text: message.text, ...base };
  }
  return { ...decoded.value, ...base } as DeviceInbound;
}

type Decoded = Result<Omit<DeviceInbound, 'topic' | 'receivedAt'>> | null;

function decodeRoute(route: DownlinkTopic, message: PortMessage): Decoded {
  switch (route.kind) {
    case 'sharedAttributes': {
      const change =
        route.family === 'v2p'
          ? decodeProtoSharedPush(message.payload)
          : decodeSharedPush(message.text);
      return change.ok ? ok({ ...route, change: change.value }) : change;
    }
    case 'attributesResponse':
      return attributesResponse(route, message);
    case 'rpcRequest':
      return rpcRequest(route, message);
    case 'rpcResponse':
      return rpcResponse(route, message);
    case 'otaChunk':
      return ok({ ...route, payload: message.payload });
    case 'otaError':
      return ok({ ...route, code: message.text.trim() });
    case 'provisionResponse':
      return ok({
        kind: 'provisionResponse',
        outcome: decodeProvisionResponse(message.text),
        text: message.text,
      });
    case 'unknown':
      return null;
  }
}

function attributesResponse(route: Route<'attributesResponse'>, message: PortMessage): Decoded {
  const decoded =
    route.family === 'v2p'
      ? decodeProtoAttributeResponse(message.payload)
      : decodeAttributeResponse(message.text);
  if (!decoded.ok) return decoded;
  const sections: { client?: PlainAttributes; shared?: PlainAttributes } = {};
  if (decoded.value.client) sections.client = decoded.value.client;
  if (decoded.value.shared) sections.shared = decoded.value.shared;
  return ok({ ...route, ...sections });
}

function rpcRequest(route: Route<'rpcRequest'>, message: PortMessage): Decoded {
  if (route.family === 'v2p') {
    const proto = decodeProtoRpcRequest(message.payload);
    if (!proto.ok) return proto;
    const params = proto.value.params === '' ? null : parseLenientJson(proto.value.params);
    const node = params?.ok === true ? params.value.value : undefined;
    return ok({
      ...route,
      method: proto.value.method,
      params: node === undefined ? undefined : toPlainValue(node),
      paramsJson: node === undefined ? null : toCompactJson(node),
    });
  }
  const request = decodeClientRpcRequest(message.text);
  if (!request.ok) return request;
  const { method, params } = request.value;
  return ok({
    ...route,
    method,
    params: params === undefined ? undefined : toPlainValue(params),
    paramsJson: params === undefined ? null : toCompactJson(params),
  });
}

function rpcResponse(route: Route<'rpcResponse'>, message: PortMessage): Decoded {
  let text = message.text;
  if (route.family === 'v2p') {
    const proto = decodeProtoClientRpcReply(message.payload);
    if (!proto.ok) return proto;
    text =
      proto.value.error === '' ? proto.value.payload : JSON.stringify({ error: proto.value.error });
  }
  const reply = decodeRpcReply(text);
  return ok({
    ...route,
    json: reply.json,
    reply: reply.json ? toPlainValue(reply.value) : reply.text,
    text,
  });
}
