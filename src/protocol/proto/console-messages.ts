/**
 * Which Protobuf message a device-side topic carries, seen from the device (the console): a profile schema
 * (spec §2.3) or a fixed reference message. `out` is what the device publishes, `in` what the broker sends it.
 * JSON-only (`/j`) topics, OTA and provisioning carry none here.
 */
import { DEVICE_FILTERS, filterMatches, parseInboundTopic } from '../topics.ts';

import type { ProfileSchemaField } from './profile-schema-defaults.ts';
import type { ProtoMessageName } from './transport-schema.ts';

export type ConsoleMessage = { schema: ProfileSchemaField } | { fixed: ProtoMessageName };

export function protobufMessageFor(topic: string, direction: 'in' | 'out'): ConsoleMessage | null {
  if (direction === 'out') {
    const route = parseInboundTopic(topic);
    if ('family' in route && route.family === 'v2j') return null;
    switch (route.kind) {
      case 'telemetry':
        return { schema: 'deviceTelemetryProtoSchema' };
      case 'attributes':
        return { schema: 'deviceAttributesProtoSchema' };
      case 'attributesRequest':
        return { fixed: 'transportapi.AttributesRequest' };
      case 'rpcRequest':
        return { fixed: 'transportapi.RpcRequest' };
      case 'rpcResponse':
        return { schema: 'deviceRpcResponseProtoSchema' };
      case 'claim':
        return { fixed: 'transportapi.ClaimDevice' };
      default:
        return null;
    }
  }
  for (const [filter, info] of DEVICE_FILTERS) {
    if (!filterMatches(filter, topic)) continue;
    if ('family' in info && info.family === 'v2j') return null;
    switch (info.kind) {
      case 'attributesPush':
        return { fixed: 'transport.AttributeUpdateNotificationMsg' };
      case 'attributesResponse':
        return { fixed: 'transport.GetAttributeResponseMsg' };
      case 'rpcRequest':
        return { schema: 'deviceRpcRequestProtoSchema' };
      case 'rpcResponse':
        return { fixed: 'transport.ToServerRpcResponseMsg' };
      default:
        return null;
    }
  }
  return null;
}
