/**
 * Attribute payloads (spec §6): client attributes from the device, attribute requests and responses,
 * and shared-attribute pushes.
 */
import { describeNode, type JsonObjectNode, objectMembers, parseJsonObject } from '../json-node.ts';
import { kvEntriesToJsonObject } from '../kv-json.ts';
import { objectToKvEntries, type TypingOptions } from '../kv-typing.ts';
import type { KvEntry } from '../kv.ts';
import { toPlainValue } from '../lenient-json.ts';
import { fail, ok, type Result } from '../result.ts';

/** Which attributes a device asked for (spec §6.2). A missing field is absent, not empty. */
export interface AttributeRequest {
  clientKeys?: string[];
  sharedKeys?: string[];
}

/** Plain attribute values by key, for the console. */
export type PlainAttributes = Record<string, unknown>;

/** A shared-attribute push as the device sees it (spec §6.3). */
export type SharedPush =
  { kind: 'updated'; values: PlainAttributes } | { kind: 'deleted'; keys: string[] };

/**
 * Decodes a client-attributes publish (spec §6.1): a JSON object whose values are typed as in spec §5
 * (`null` skips the key). `{}` gives no entries.
 */
export function decodeClientAttributes(text: string, opts: TypingOptions): Result<KvEntry[]> {
  const root = parseJsonObject(text, 'Attributes');
  if (!root.ok) return root;
  return objectToKvEntries(root.value, opts);
}

/**
 * Splits a key list on `,` without trimming (spec §6.2), like Java's String.split: `""` asks for the key `""`,
 * trailing empty names are dropped (`"a,"` → `a`). Repeated names are asked for once.
 */
export function splitKeyList(list: string): string[] {
  if (list === '') return [''];
  const parts = list.split(',');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return [...new Set(parts)];
}

/**
 * Decodes an attribute request (spec §6.2). The payload must be an object (an empty payload is invalid);
 * `clientKeys` and `sharedKeys`, when present, must be strings of comma-separated names.
 */
export function decodeAttributeRequest(text: string): Result<AttributeRequest> {
  const root = parseJsonObject(text, 'Attribute request');
  if (!root.ok) return root;
  const members = objectMembers(root.value);
  const request: AttributeRequest = {};
  for (const field of ['clientKeys', 'sharedKeys'] as const) {
    const node = members.get(field);
    if (node === undefined) continue;
    if (node.type !== 'string') {
      return fail(
        'schema',
        `"${field}" must be a string of comma-separated keys, got ${describeNode(node)}`,
      );
    }
    request[field] = splitKeyList(node.value);
  }
  return ok(request);
}

/**
 * Encodes the answer to an attribute request (spec §6.2): `{"client":{…},"shared":{…}}`, values typed as stored.
 * A section that is undefined or has no values is left out, so nothing found gives `{}`.
 */
export function encodeAttributeResponse(
  client: KvEntry[] | undefined,
  shared: KvEntry[] | undefined,
): string {
  const sections: string[] = [];
  if (client !== undefined && client.length > 0)
    sections.push(`"client":${kvEntriesToJsonObject(client)}`);
  if (shared !== undefined && shared.length > 0)
    sections.push(`"shared":${kvEntriesToJsonObject(shared)}`);
  return `{${sections.join(',')}}`;
}

/** A shared-attribute update push (spec §6.3): a flat object of the keys written, e.g. `{"targetTemp":22}`. */
export function encodeSharedUpdate(entries: KvEntry[]): string {
  return kvEntriesToJsonObject(entries);
}

/** A shared-attribute deletion push (spec §6.3): `{"deleted":["k1","k2"]}`. */
export function encodeSharedDeleted(keys: string[]): string {
  return JSON.stringify({ deleted: keys });
}

function plainObject(node: JsonObjectNode): PlainAttributes {
  return toPlainValue(node) as PlainAttributes;
}

/** Console side: decodes an attribute response (spec §6.2) into plain values per section. */
export function decodeAttributeResponse(
  text: string,
): Result<{ client?: PlainAttributes; shared?: PlainAttributes }> {
  const root = parseJsonObject(text, 'Attribute response');
  if (!root.ok) return root;
  const members = objectMembers(root.value);
  const response: { client?: PlainAttributes; shared?: PlainAttributes } = {};
  for (const section of ['client', 'shared'] as const) {
    const node = members.get(section);
    if (node === undefined) continue;
    if (node.type !== 'object')
      return fail('schema', `"${section}" must be an object, got ${describeNode(node)}`);
    response[section] = plainObject(node);
  }
  return ok(response);
}

/**
 * Console side: decodes a shared-attribute push (spec §6.3). An object whose only member is `deleted` holding an
 * array of strings is a deletion; any other object is an update.
 */
export function decodeSharedPush(text: string): Result<SharedPush> {
  const root = parseJsonObject(text, 'Shared attribute update');
  if (!root.ok) return root;
  const members = objectMembers(root.value);
  const deleted = members.get('deleted');
  if (members.size === 1 && deleted?.type === 'array') {
    const keys: string[] = [];
    for (const item of deleted.items) if (item.type === 'string') keys.push(item.value);
    if (keys.length === deleted.items.length) return ok({ kind: 'deleted', keys });
  }
  return ok({ kind: 'updated', values: plainObject(root.value) });
}
