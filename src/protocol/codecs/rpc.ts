/**
 * RPC payloads: server-side requests and device replies (spec §7), client-side requests and the built-in
 * replies `getTime` and `getSessionLimits` (spec §8).
 */
import { describeNode, objectMembers, parseJsonObject } from '../json-node.ts';
import { type JsonNode, parseLenientJson } from '../lenient-json.ts';
import { fail, ok, type Result } from '../result.ts';

/** A device's client-side RPC request (spec §8). `params` is the parsed node, or undefined when absent. */
export interface ClientRpcRequest {
  method: string;
  params: JsonNode | undefined;
}

/** A device's reply to a server-side RPC (spec §7): JSON when it parses, otherwise the raw text. */
export type RpcReply = { json: true; value: JsonNode } | { json: false; text: string };

/** Rate-limit strings such as `"20:600,100:3600"` (spec §13); an unset limit is left out of the reply. */
export interface RateLimitsInfo {
  messages?: string | undefined;
  telemetryMessages?: string | undefined;
  telemetryDataPoints?: string | undefined;
}

export interface SessionLimitsInfo {
  maxPayloadSize: number;
  maxInflightMessages: number;
  rateLimits: RateLimitsInfo;
  /** Only for a gateway: its own limits, while `rateLimits` holds the per-sub-device ones (spec §8). */
  gatewayRateLimits?: RateLimitsInfo | undefined;
}

/**
 * Decodes a client-side RPC request (spec §8): an object with a string `method` and optional `params`.
 * Anything else (including an empty payload) is invalid.
 */
export function decodeClientRpcRequest(text: string): Result<ClientRpcRequest> {
  const root = parseJsonObject(text, 'RPC request');
  if (!root.ok) return root;
  const members = objectMembers(root.value);
  const method = members.get('method');
  if (method === undefined) return fail('schema', 'RPC request has no "method"');
  if (method.type !== 'string')
    return fail('schema', `"method" must be a string, got ${describeNode(method)}`);
  return ok({ method: method.value, params: members.get('params') });
}

/**
 * The payload of a server-side RPC sent to a device (spec §7): exactly `{"method":…,"params":…}`, no `id`.
 * `paramsJson` must already be JSON text (the operator's params, passed through unchanged).
 */
export function encodeRpcRequest(method: string, paramsJson: string): string {
  return `{"method":${JSON.stringify(method)},"params":${paramsJson}}`;
}

/**
 * Reads a device's reply to a server-side RPC (spec §7). Any value the lenient parser accepts is JSON; anything
 * else, and a blank payload, is text.
 */
export function decodeRpcReply(text: string): RpcReply {
  if (/^[ \t\r\n]*$/.test(text)) return { json: false, text };
  const parsed = parseLenientJson(text);
  return parsed.ok ? { json: true, value: parsed.value.value } : { json: false, text };
}

/** The built-in `getTime` reply (spec §8): `{"time":"<ISO-8601 UTC, ms>","ts":<epoch ms>}`, the same instant. */
export function encodeGetTimeReply(nowMs: number): string {
  const ms = Math.trunc(nowMs);
  return `{"time":${JSON.stringify(new Date(ms).toISOString())},"ts":${String(ms)}}`;
}

function rateLimitsJson(limits: RateLimitsInfo): string {
  const present: [string, string][] = [];
  for (const name of ['messages', 'telemetryMessages', 'telemetryDataPoints'] as const) {
    const value = limits[name];
    if (value !== undefined && value !== '') present.push([name, value]);
  }
  return JSON.stringify(Object.fromEntries(present));
}

/**
 * The built-in `getSessionLimits` reply (spec §8):
 * `{"maxPayloadSize":N,"maxInflightMessages":M,"rateLimits":{…}}`, plus `gatewayRateLimits` for a gateway.
 * Limits that are not configured (undefined or empty) are left out, so none gives `"rateLimits":{}`.
 */
export function encodeSessionLimits(info: SessionLimitsInfo): string {
  const parts = [
    `"maxPayloadSize":${String(info.maxPayloadSize)}`,
    `"maxInflightMessages":${String(info.maxInflightMessages)}`,
    `"rateLimits":${rateLimitsJson(info.rateLimits)}`,
  ];
  if (info.gatewayRateLimits !== undefined)
    parts.push(`"gatewayRateLimits":${rateLimitsJson(info.gatewayRateLimits)}`);
  return `{${parts.join(',')}}`;
}

/** What a device learns from the `getSessionLimits` reply (spec §8) before sending. */
export interface SessionLimitsReply {
  /** Largest PUBLISH payload in bytes; a bigger one closes the connection. */
  maxPayloadSize: number;
  maxInflightMessages: number;
}

/** Reads a `getSessionLimits` reply (spec §8). Never throws. */
export function decodeSessionLimits(text: string): Result<SessionLimitsReply> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('bad-json', 'getSessionLimits reply is not JSON');
  }
  const reply = value as Partial<Record<keyof SessionLimitsReply, unknown>> | null;
  const size = reply?.maxPayloadSize;
  const inflight = reply?.maxInflightMessages;
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)
    return fail('schema', 'getSessionLimits reply has no positive integer maxPayloadSize');
  return ok({
    maxPayloadSize: size,
    maxInflightMessages: typeof inflight === 'number' ? inflight : 0,
  });
}
