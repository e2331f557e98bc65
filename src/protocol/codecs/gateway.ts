/**
 * Gateway API payloads (spec §12): a gateway speaks for sub-devices named in its messages.
 */
import { describeNode, objectMembers, parseJsonObject, type JsonObjectNode } from '../json-node.ts';
import type { TypingOptions } from '../kv-typing.ts';
import { objectToKvEntries } from '../kv-typing.ts';
import type { KvEntry, TsKvEntry } from '../kv.ts';
import { toCompactJson, type JsonNode } from '../lenient-json.ts';
import { fail, ok, type Result } from '../result.ts';

import { decodeClaimNode, type ClaimRequest } from './claim.ts';
import { decodeTelemetryNode } from './telemetry.ts';

/** An entry of a multi-device message that was skipped because its value has the wrong type. */
export interface IgnoredEntry {
  device: string;
  reason: string;
}

export interface PerDevice<T> {
  entries: { device: string; value: T }[];
  ignored: IgnoredEntry[];
}

function deviceName(node: JsonNode | undefined, what: string): Result<string> {
  if (node === undefined) return fail('schema', `${what} has no "device"`);
  if (node.type !== 'string' || node.value === '')
    return fail('schema', `"device" must be a non-empty string, got ${describeNode(node)}`);
  return ok(node.value);
}

/** `{"device":"A","type":"thermometer"}` (type optional) — spec §12 connect. */
export function decodeGatewayConnect(
  text: string,
): Result<{ device: string; type: string | undefined }> {
  const root = parseJsonObject(text, 'Gateway connect');
  if (!root.ok) return root;
  const m = objectMembers(root.value);
  const device = deviceName(m.get('device'), 'Gateway connect');
  if (!device.ok) return device;
  const type = m.get('type');
  if (type !== undefined && type.type !== 'string')
    return fail('schema', `"type" must be a string, got ${describeNode(type)}`);
  return ok({
    device: device.value,
    type: type?.type === 'string' && type.value !== '' ? type.value : undefined,
  });
}

/** `{"device":"A"}` — spec §12 disconnect. */
export function decodeGatewayDisconnect(text: string): Result<{ device: string }> {
  const root = parseJsonObject(text, 'Gateway disconnect');
  if (!root.ok) return root;
  const device = deviceName(objectMembers(root.value).get('device'), 'Gateway disconnect');
  return device.ok ? ok({ device: device.value }) : device;
}

/** Splits `{"A": …, "B": …}` into entries of the wanted JSON type; others are ignored (spec §12). */
function perDevice<T>(
  root: JsonObjectNode,
  what: string,
  wanted: 'array' | 'object',
  decode: (node: JsonNode, device: string) => Result<T>,
): Result<PerDevice<T>> {
  const out: PerDevice<T> = { entries: [], ignored: [] };
  for (const [device, node] of objectMembers(root)) {
    if (device === '' || node.type !== wanted) {
      out.ignored.push({
        device,
        reason: `${what} for "${device}" must be ${wanted === 'array' ? 'an array' : 'an object'}, got ${describeNode(node)}`,
      });
      continue;
    }
    const decoded = decode(node, device);
    if (!decoded.ok)
      return fail(decoded.error.kind, `${what} for "${device}": ${decoded.error.message}`);
    out.entries.push({ device, value: decoded.value });
  }
  if (out.entries.length === 0)
    return fail(
      'schema',
      `${what} has no device entry of the required type (${wanted === 'array' ? 'an array' : 'an object'})`,
    );
  return ok(out);
}

/** Gateway telemetry elements may carry a `metadata` object, which is not telemetry (spec §12). */
function withoutMetadata(node: JsonNode): JsonNode {
  if (node.type !== 'array') return node;
  return {
    type: 'array',
    items: node.items.map((el) =>
      el.type === 'object'
        ? { type: 'object', entries: el.entries.filter(([k]) => k !== 'metadata') }
        : el,
    ),
  };
}

/** `{"A":[{"ts":1000,"values":{…}},{…flat…}],"B":[…]}` — spec §12 telemetry. */
export function decodeGatewayTelemetry(
  text: string,
  nowMs: number,
  opts: TypingOptions,
): Result<PerDevice<TsKvEntry[]>> {
  const root = parseJsonObject(text, 'Gateway telemetry');
  if (!root.ok) return root;
  return perDevice(root.value, 'Gateway telemetry', 'array', (node) =>
    decodeTelemetryNode(withoutMetadata(node), nowMs, opts),
  );
}

/** `{"A":{"k":"v"},"B":{…}}` — spec §12 attributes. */
export function decodeGatewayAttributes(
  text: string,
  opts: TypingOptions,
): Result<PerDevice<KvEntry[]>> {
  const root = parseJsonObject(text, 'Gateway attributes');
  if (!root.ok) return root;
  return perDevice(root.value, 'Gateway attributes', 'object', (node) =>
    objectToKvEntries(node, opts),
  );
}

/** `{"A":{"secretKey":"v","durationMs":60000}}` — spec §12 claim. */
export function decodeGatewayClaim(text: string): Result<PerDevice<ClaimRequest>> {
  const root = parseJsonObject(text, 'Gateway claim');
  if (!root.ok) return root;
  return perDevice(root.value, 'Gateway claim', 'object', (node) =>
    node.type === 'object' ? decodeClaimNode(node) : fail('schema', 'a claim must be an object'),
  );
}

export interface GatewayAttributeRequest {
  id: number;
  device: string;
  client: boolean;
  keys: string[];
  /** `key` (or `keys` with one element) was asked: the response uses `value`. */
  single: boolean;
}

/** `{"id":1,"device":"A","client":true,"key":"k"}` or `…"keys":["k1","k2"]` — spec §12. */
export function decodeGatewayAttributeRequest(text: string): Result<GatewayAttributeRequest> {
  const root = parseJsonObject(text, 'Gateway attribute request');
  if (!root.ok) return root;
  const m = objectMembers(root.value);
  const id = m.get('id');
  if (id?.type !== 'number' || !/^-?\d+$/.test(id.raw))
    return fail('schema', `"id" must be an integer, got ${id ? describeNode(id) : 'nothing'}`);
  const device = deviceName(m.get('device'), 'Gateway attribute request');
  if (!device.ok) return device;
  const client = m.get('client');
  if (client?.type !== 'boolean')
    return fail(
      'schema',
      `"client" must be true or false, got ${client ? describeNode(client) : 'nothing'}`,
    );
  const key = m.get('key');
  const keys = m.get('keys');
  let names: string[];
  if (key !== undefined) {
    if (key.type !== 'string')
      return fail('schema', `"key" must be a string, got ${describeNode(key)}`);
    names = [key.value];
  } else if (keys !== undefined) {
    if (keys.type !== 'array' || keys.items.some((k) => k.type !== 'string'))
      return fail('schema', '"keys" must be an array of strings');
    names = keys.items.map((k) => (k.type === 'string' ? k.value : ''));
  } else {
    return fail('schema', 'Gateway attribute request needs "key" or "keys"');
  }
  return ok({
    id: Number(id.raw),
    device: device.value,
    client: client.value,
    keys: names,
    single: names.length === 1,
  });
}

/** `{"device":"A","id":0,"data":{…}}` — the gateway's reply to a sub-device RPC (spec §12). */
export function decodeGatewayRpcReply(
  text: string,
): Result<{ device: string; id: number; dataJson: string }> {
  const root = parseJsonObject(text, 'Gateway RPC reply');
  if (!root.ok) return root;
  const m = objectMembers(root.value);
  const device = deviceName(m.get('device'), 'Gateway RPC reply');
  if (!device.ok) return device;
  const id = m.get('id');
  if (id?.type !== 'number' || !/^-?\d+$/.test(id.raw))
    return fail('schema', `"id" must be an integer, got ${id ? describeNode(id) : 'nothing'}`);
  const data = m.get('data');
  return ok({
    device: device.value,
    id: Number(id.raw),
    dataJson: data === undefined ? 'null' : toCompactJson(data),
  });
}

/** One key asked: `{"id":1,"device":"A","value":v}`; several: `"values":{…}`; nothing found: `{"id":1,"device":"A"}`. */
export function encodeGatewayAttributeResponse(
  id: number,
  device: string,
  single: boolean,
  values: { key: string; json: string }[],
): string {
  const head = `{"id":${String(id)},"device":${JSON.stringify(device)}`;
  if (values.length === 0) return `${head}}`;
  if (single && values[0]) return `${head},"value":${values[0].json}}`;
  return `${head},"values":{${values.map((v) => `${JSON.stringify(v.key)}:${v.json}`).join(',')}}}`;
}

/** Shared update for a sub-device: `{"device":"A","data":{…}}` (the data is already JSON text). */
export const encodeGatewayAttributesPush = (device: string, dataJson: string): string =>
  `{"device":${JSON.stringify(device)},"data":${dataJson}}`;

/** Server-side RPC to a sub-device: `{"device":"A","data":{"id":0,"method":…,"params":…}}`. */
export const encodeGatewayRpc = (
  device: string,
  id: number,
  method: string,
  paramsJson: string,
): string =>
  `{"device":${JSON.stringify(device)},"data":{"id":${String(id)},"method":${JSON.stringify(method)},"params":${paramsJson}}}`;

/** MQTT 5 only: the broker closed sub-device `device`'s session (spec §12), with a DISCONNECT reason code. */
export function encodeGatewayDisconnectNotice(device: string, reason: number): string {
  return JSON.stringify({ device, reason });
}
