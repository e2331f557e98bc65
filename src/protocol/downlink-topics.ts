/**
 * Broker → device topics, classified (spec §2, §3): what a device (or provision) session receives.
 * The device client's one inbound decoder reads them (src/client/device-inbound.ts).
 */
import {
  DEVICE_TOPICS,
  outboundTopic,
  parseIdSegment,
  parseInboundTopic,
  type Family,
  type OtaKind,
} from './topics.ts';

/** What a message a device received is, decided from its topic alone. */
export type DownlinkTopic =
  | { kind: 'sharedAttributes'; family: Family }
  | { kind: 'attributesResponse'; family: Family; requestId: number }
  /** A server-side RPC to the device (spec §7). */
  | { kind: 'rpcRequest'; family: Family; requestId: number }
  /** The reply to the device's own client-side RPC (spec §8). */
  | { kind: 'rpcResponse'; family: Family; requestId: number }
  | { kind: 'otaChunk'; ota: OtaKind; requestId: number; chunk: number }
  | { kind: 'otaError'; ota: OtaKind }
  | { kind: 'provisionResponse' }
  | { kind: 'unknown' };

const FAMILIES: readonly Family[] = ['v1', 'v2', 'v2j', 'v2p'];
const OTA_KINDS: readonly OtaKind[] = ['fw', 'sw'];

/** `…/attributes/response/` prefixes of every family (spec §2.2), longest first. */
const ATTRIBUTE_RESPONSE_PREFIXES: readonly (readonly [string, Family])[] = FAMILIES.map(
  (family) => [outboundTopic.attributesResponse(family, 0).slice(0, -1), family] as const,
).sort(([a], [b]) => b.length - a.length);

const OTA_CHUNK = /^v2\/(fw|sw)\/response\/([^/]+)\/chunk\/([^/]+)$/;

/** Classifies a topic a device or provision session received. Never throws. */
export function parseDownlinkTopic(topic: string): DownlinkTopic {
  if (topic === DEVICE_TOPICS.provisionResponse) return { kind: 'provisionResponse' };
  for (const ota of OTA_KINDS)
    if (topic === outboundTopic.otaError(ota)) return { kind: 'otaError', ota };
  const chunk = OTA_CHUNK.exec(topic);
  if (chunk) {
    const requestId = parseIdSegment(chunk[2] ?? '');
    const n = parseIdSegment(chunk[3] ?? '');
    if (requestId === undefined || n === undefined) return { kind: 'unknown' };
    return { kind: 'otaChunk', ota: chunk[1] === 'sw' ? 'sw' : 'fw', requestId, chunk: n };
  }
  for (const [prefix, family] of ATTRIBUTE_RESPONSE_PREFIXES) {
    if (!topic.startsWith(prefix)) continue;
    const requestId = parseIdSegment(topic.slice(prefix.length));
    return requestId === undefined
      ? { kind: 'unknown' }
      : { kind: 'attributesResponse', family, requestId };
  }
  // The push and the RPC topics are the ones the device itself publishes to (spec §2).
  const route = parseInboundTopic(topic);
  switch (route.kind) {
    case 'attributes':
      return { kind: 'sharedAttributes', family: route.family };
    case 'rpcRequest':
    case 'rpcResponse':
      return route;
    default:
      return { kind: 'unknown' };
  }
}
