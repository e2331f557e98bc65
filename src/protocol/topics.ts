/**
 * Every device-API topic string lives here (spec §2, mirrors ThingsBoard MqttTopics).
 * Nothing else in the project spells a `v1/`, `v2/` or `/provision` topic.
 */

/**
 * Reply family of a request or subscription (spec §2.2 "Reply family"). `v2j` topics (`…/j…`) are always JSON and
 * `v2p` topics (`…/p…`) always Protobuf; `v1` and bare `v2` use the device profile's payload type.
 */
export type Family = 'v1' | 'v2' | 'v2j' | 'v2p';

/** The `/j` or `/p` infix of a v2 short topic (spec §2.2). */
const V2_INFIX: Record<Exclude<Family, 'v1'>, string> = { v2: '', v2j: 'j/', v2p: 'p/' };
/** The `/j` or `/p` suffix of a v2 short topic without an id (spec §2.2). */
const V2_SUFFIX: Record<Exclude<Family, 'v1'>, string> = { v2: '', v2j: '/j', v2p: '/p' };

export type OtaKind = 'fw' | 'sw';

export type GatewayTopicKind =
  'connect' | 'disconnect' | 'telemetry' | 'attributes' | 'attributesRequest' | 'rpc' | 'claim';

/** What a device (or provision client) publish is, decided from its topic alone. */
export type InboundTopic =
  | { kind: 'telemetry'; family: Family }
  | { kind: 'attributes'; family: Family }
  | { kind: 'attributesRequest'; family: Family; requestId: number }
  | { kind: 'rpcRequest'; family: Family; requestId: number }
  | { kind: 'rpcResponse'; family: Family; requestId: number }
  | { kind: 'claim' }
  | { kind: 'provision' }
  | { kind: 'otaChunk'; ota: OtaKind; requestId: number; chunk: number }
  | { kind: 'gateway'; topic: GatewayTopicKind }
  /** A known topic whose `{id}` segment is not a signed 32-bit integer: an invalid payload (spec §4). */
  | { kind: 'badId'; segment: string }
  | { kind: 'unknown' };

export const DEVICE_TOPICS = {
  telemetry: 'v1/devices/me/telemetry',
  attributes: 'v1/devices/me/attributes',
  attributesRequestPrefix: 'v1/devices/me/attributes/request/',
  attributesResponsePrefix: 'v1/devices/me/attributes/response/',
  rpcRequestPrefix: 'v1/devices/me/rpc/request/',
  rpcResponsePrefix: 'v1/devices/me/rpc/response/',
  claim: 'v1/devices/me/claim',
  provision: '/provision',
  provisionRequest: '/provision/request',
  provisionResponse: '/provision/response',
} as const;

export const GATEWAY_TOPICS = {
  connect: 'v1/gateway/connect',
  disconnect: 'v1/gateway/disconnect',
  telemetry: 'v1/gateway/telemetry',
  attributes: 'v1/gateway/attributes',
  attributesRequest: 'v1/gateway/attributes/request',
  attributesResponse: 'v1/gateway/attributes/response',
  rpc: 'v1/gateway/rpc',
  claim: 'v1/gateway/claim',
} as const;

/** What a granted subscription turns on (spec §3). */
export type SubscriptionKind =
  | 'attributesPush'
  | 'attributesResponse'
  | 'rpcRequest'
  | 'rpcResponse'
  | 'otaResponse'
  | 'otaError'
  | 'gatewayAttributes'
  | 'gatewayAttributesResponse'
  | 'gatewayRpc'
  | 'provisionResponse'
  /** Operator API filters (operator-topics.ts); not part of the device API. */
  | 'operator';

export interface AllowedFilter {
  kind: SubscriptionKind;
  family?: Family;
  ota?: OtaKind;
}

/** The exact subscription allow-list of a device session (spec §3). */
export const DEVICE_FILTERS: ReadonlyMap<string, AllowedFilter> = new Map<string, AllowedFilter>([
  ['v1/devices/me/attributes', { kind: 'attributesPush', family: 'v1' }],
  ['v1/devices/me/attributes/response/+', { kind: 'attributesResponse', family: 'v1' }],
  ['v1/devices/me/rpc/request/+', { kind: 'rpcRequest', family: 'v1' }],
  ['v1/devices/me/rpc/response/+', { kind: 'rpcResponse', family: 'v1' }],
  ['v2/a', { kind: 'attributesPush', family: 'v2' }],
  ['v2/a/j', { kind: 'attributesPush', family: 'v2j' }],
  ['v2/a/res/+', { kind: 'attributesResponse', family: 'v2' }],
  ['v2/a/res/j/+', { kind: 'attributesResponse', family: 'v2j' }],
  ['v2/r/req/+', { kind: 'rpcRequest', family: 'v2' }],
  ['v2/r/req/j/+', { kind: 'rpcRequest', family: 'v2j' }],
  ['v2/r/res/+', { kind: 'rpcResponse', family: 'v2' }],
  ['v2/r/res/j/+', { kind: 'rpcResponse', family: 'v2j' }],
  ['v2/a/p', { kind: 'attributesPush', family: 'v2p' }],
  ['v2/a/res/p/+', { kind: 'attributesResponse', family: 'v2p' }],
  ['v2/r/req/p/+', { kind: 'rpcRequest', family: 'v2p' }],
  ['v2/r/res/p/+', { kind: 'rpcResponse', family: 'v2p' }],
  ['v2/fw/response/+/chunk/+', { kind: 'otaResponse', ota: 'fw' }],
  ['v2/fw/error', { kind: 'otaError', ota: 'fw' }],
  ['v2/sw/response/+/chunk/+', { kind: 'otaResponse', ota: 'sw' }],
  ['v2/sw/error', { kind: 'otaError', ota: 'sw' }],
  [GATEWAY_TOPICS.attributes, { kind: 'gatewayAttributes' }],
  [GATEWAY_TOPICS.attributesResponse, { kind: 'gatewayAttributesResponse' }],
  [GATEWAY_TOPICS.rpc, { kind: 'gatewayRpc' }],
]);

/** The only filter a provision session may subscribe to (spec §1.5). */
export const PROVISION_FILTERS: ReadonlyMap<string, AllowedFilter> = new Map<string, AllowedFilter>(
  [[DEVICE_TOPICS.provisionResponse, { kind: 'provisionResponse' }]],
);

/** The username or client id that opens a provision-only session (spec §1.5). */
export const PROVISION_USERNAME = 'provision';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** `{id}` segments are decimal integers that fit a signed 32-bit int (spec §0). */
export function parseIdSegment(segment: string): number | undefined {
  if (!/^-?\d{1,10}$/.test(segment)) return undefined;
  const n = Number(segment);
  return n >= INT32_MIN && n <= INT32_MAX ? n : undefined;
}

type IdRoute = (family: Family, requestId: number) => InboundTopic;

const ID_ROUTES: readonly (readonly [string, Family, IdRoute])[] = [
  [
    DEVICE_TOPICS.attributesRequestPrefix,
    'v1',
    (family, requestId) => ({ kind: 'attributesRequest', family, requestId }),
  ],
  [
    DEVICE_TOPICS.rpcRequestPrefix,
    'v1',
    (family, requestId) => ({ kind: 'rpcRequest', family, requestId }),
  ],
  [
    DEVICE_TOPICS.rpcResponsePrefix,
    'v1',
    (family, requestId) => ({ kind: 'rpcResponse', family, requestId }),
  ],
  ['v2/a/req/j/', 'v2j', (family, requestId) => ({ kind: 'attributesRequest', family, requestId })],
  ['v2/r/req/j/', 'v2j', (family, requestId) => ({ kind: 'rpcRequest', family, requestId })],
  ['v2/r/res/j/', 'v2j', (family, requestId) => ({ kind: 'rpcResponse', family, requestId })],
  ['v2/a/req/p/', 'v2p', (family, requestId) => ({ kind: 'attributesRequest', family, requestId })],
  ['v2/r/req/p/', 'v2p', (family, requestId) => ({ kind: 'rpcRequest', family, requestId })],
  ['v2/r/res/p/', 'v2p', (family, requestId) => ({ kind: 'rpcResponse', family, requestId })],
  ['v2/a/req/', 'v2', (family, requestId) => ({ kind: 'attributesRequest', family, requestId })],
  ['v2/r/req/', 'v2', (family, requestId) => ({ kind: 'rpcRequest', family, requestId })],
  ['v2/r/res/', 'v2', (family, requestId) => ({ kind: 'rpcResponse', family, requestId })],
];

const FIXED_ROUTES: ReadonlyMap<string, InboundTopic> = new Map<string, InboundTopic>([
  [DEVICE_TOPICS.telemetry, { kind: 'telemetry', family: 'v1' }],
  ['v2/t', { kind: 'telemetry', family: 'v2' }],
  ['v2/t/j', { kind: 'telemetry', family: 'v2j' }],
  ['v2/t/p', { kind: 'telemetry', family: 'v2p' }],
  [DEVICE_TOPICS.attributes, { kind: 'attributes', family: 'v1' }],
  ['v2/a', { kind: 'attributes', family: 'v2' }],
  ['v2/a/j', { kind: 'attributes', family: 'v2j' }],
  ['v2/a/p', { kind: 'attributes', family: 'v2p' }],
  [DEVICE_TOPICS.claim, { kind: 'claim' }],
  [DEVICE_TOPICS.provision, { kind: 'provision' }],
  [DEVICE_TOPICS.provisionRequest, { kind: 'provision' }],
  [GATEWAY_TOPICS.connect, { kind: 'gateway', topic: 'connect' }],
  [GATEWAY_TOPICS.disconnect, { kind: 'gateway', topic: 'disconnect' }],
  [GATEWAY_TOPICS.telemetry, { kind: 'gateway', topic: 'telemetry' }],
  [GATEWAY_TOPICS.attributes, { kind: 'gateway', topic: 'attributes' }],
  [GATEWAY_TOPICS.attributesRequest, { kind: 'gateway', topic: 'attributesRequest' }],
  [GATEWAY_TOPICS.rpc, { kind: 'gateway', topic: 'rpc' }],
  [GATEWAY_TOPICS.claim, { kind: 'gateway', topic: 'claim' }],
]);

const OTA_REQUEST = /^v2\/(fw|sw)\/request\/([^/]+)\/chunk\/([^/]+)$/;

/** Classifies a topic a device or provision client published to. Never throws. */
export function parseInboundTopic(topic: string): InboundTopic {
  const fixed = FIXED_ROUTES.get(topic);
  if (fixed) return fixed;
  for (const [prefix, family, route] of ID_ROUTES) {
    if (!topic.startsWith(prefix)) continue;
    const segment = topic.slice(prefix.length);
    if (segment.includes('/')) return { kind: 'unknown' };
    const id = parseIdSegment(segment);
    return id === undefined ? { kind: 'badId', segment } : route(family, id);
  }
  const ota = OTA_REQUEST.exec(topic);
  if (ota) {
    const requestId = parseIdSegment(ota[2] ?? '');
    const chunk = parseIdSegment(ota[3] ?? '');
    if (requestId === undefined) return { kind: 'badId', segment: ota[2] ?? '' };
    if (chunk === undefined) return { kind: 'badId', segment: ota[3] ?? '' };
    return { kind: 'otaChunk', ota: ota[1] === 'sw' ? 'sw' : 'fw', requestId, chunk };
  }
  return { kind: 'unknown' };
}

/** Outbound topic builders (broker → device). */
export const outboundTopic = {
  attributesPush(family: Family): string {
    return family === 'v1' ? DEVICE_TOPICS.attributes : `v2/a${V2_SUFFIX[family]}`;
  },
  attributesResponse(family: Family, requestId: number): string {
    if (family === 'v1') return `${DEVICE_TOPICS.attributesResponsePrefix}${String(requestId)}`;
    return `v2/a/res/${V2_INFIX[family]}${String(requestId)}`;
  },
  rpcRequest(family: Family, requestId: number): string {
    if (family === 'v1') return `${DEVICE_TOPICS.rpcRequestPrefix}${String(requestId)}`;
    return `v2/r/req/${V2_INFIX[family]}${String(requestId)}`;
  },
  rpcResponse(family: Family, requestId: number): string {
    if (family === 'v1') return `${DEVICE_TOPICS.rpcResponsePrefix}${String(requestId)}`;
    return `v2/r/res/${V2_INFIX[family]}${String(requestId)}`;
  },
  otaChunk(ota: OtaKind, requestId: number, chunk: number): string {
    return `v2/${ota}/response/${String(requestId)}/chunk/${String(chunk)}`;
  },
  otaError(ota: OtaKind): string {
    return `v2/${ota}/error`;
  },
  /** Device → broker topics, for clients (console, tests) that publish as a device. */
  telemetry(family: Family = 'v1'): string {
    return family === 'v1' ? DEVICE_TOPICS.telemetry : `v2/t${V2_SUFFIX[family]}`;
  },
  clientAttributes(family: Family = 'v1'): string {
    return outboundTopic.attributesPush(family);
  },
  attributesRequest(family: Family, requestId: number): string {
    if (family === 'v1') return `${DEVICE_TOPICS.attributesRequestPrefix}${String(requestId)}`;
    return `v2/a/req/${V2_INFIX[family]}${String(requestId)}`;
  },
  otaRequest(ota: OtaKind, requestId: number, chunk: number): string {
    return `v2/${ota}/request/${String(requestId)}/chunk/${String(chunk)}`;
  },
} as const;

/** Response filters a device subscribes to, per family. */
export const responseFilter = {
  attributes(family: Family): string {
    return family === 'v1'
      ? 'v1/devices/me/attributes/response/+'
      : `v2/a/res/${V2_INFIX[family]}+`;
  },
  rpcRequest(family: Family): string {
    return family === 'v1' ? 'v1/devices/me/rpc/request/+' : `v2/r/req/${V2_INFIX[family]}+`;
  },
  rpcResponse(family: Family): string {
    return family === 'v1' ? 'v1/devices/me/rpc/response/+' : `v2/r/res/${V2_INFIX[family]}+`;
  },
  otaChunks(ota: OtaKind): string {
    return `v2/${ota}/response/+/chunk/+`;
  },
} as const;

/** MQTT topic-filter matching with `+` and `#` ([MQTT-4.7]). */
export function filterMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return true;
    if (i >= t.length) return false;
    if (part !== '+' && part !== t[i]) return false;
  }
  return f.length === t.length;
}
