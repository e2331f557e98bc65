/**
 * The device side's one decoder as the console uses it (app/device-parts.ts hands it to the
 * DeviceRouter): the client layer's decoder, except that in the console's Protobuf mode (a
 * PROTOBUF profile, device-api.md §2.3) a server-side RPC request on a non-`/j` topic is read with
 * the profile's own RPC request schema, which only the console knows.
 */
import type { DeviceInbound } from '@/client/device-events.ts';
import { decodeDeviceMessage } from '@/client/device-inbound.ts';
import type { PortMessage } from '@/client/port.ts';
import { parseDownlinkTopic } from '@/protocol/downlink-topics.ts';
import { parseLenientJson, toPlainValue } from '@/protocol/lenient-json.ts';

import { protobufCodec } from './protobuf-device.ts';

export function decodeConsoleDeviceMessage(message: PortMessage): DeviceInbound | null {
  const codec = protobufCodec();
  if (codec === null) return decodeDeviceMessage(message);
  const route = parseDownlinkTopic(message.topic);
  if (route.kind !== 'rpcRequest' || route.family === 'v2j') return decodeDeviceMessage(message);
  const base = { topic: message.topic, receivedAt: message.receivedAt };
  const decoded = codec.decodeRpcRequest(message.payload);
  if (!decoded.ok) {
    const error = { kind: 'schema', message: decoded.message } as const;
    return { kind: 'badFrame', route, error, text: message.text, ...base };
  }
  const params = decoded.paramsJson === null ? null : parseLenientJson(decoded.paramsJson);
  return {
    ...route,
    ...base,
    method: decoded.method,
    params: params?.ok === true ? toPlainValue(params.value.value) : undefined,
    paramsJson: decoded.paramsJson,
  };
}
