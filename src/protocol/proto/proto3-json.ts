/**
 * The proto3 JSON mapping as the reference prints and parses a profile's messages (spec §2.3): Java's
 * `JsonFormat.printer().includingDefaultValueFields()` and `JsonFormat.parser().ignoringUnknownFields()`.
 *
 * Printing (decoded message → JsonNode, so the number text is exactly what the reference hands to §5):
 * - names are the fields' JSON names (lowerCamelCase, or `json_name`);
 * - fields without presence (plain proto3 scalars, repeated, maps) are always printed, with their defaults;
 *   fields with presence (`optional`, oneof members, message fields) only when set;
 * - 64-bit integers as decimal strings, 32-bit integers as numbers, `double`/`float` in Java's `toString` form
 *   (`42.0`, `1.0E10`; NaN and ±Infinity as strings), enums by name, bytes as base64, nested messages as objects.
 */
import type protobuf from 'protobufjs';

import type { JsonNode } from '../lenient-json.ts';

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

/** Whether a proto scalar type is 64-bit (printed as a string). */
export const isLongType = (type: string): boolean => LONG_TYPES.has(type);
/** Whether a proto scalar type is a 32-bit integer. */
export const isIntType = (type: string): boolean => INT_TYPES.has(type);

/** protoc's JSON name: `json_name`, else lowerCamelCase of the field name (`fw_version` → `fwVersion`). */
export function jsonNameOf(field: protobuf.Field): string {
  const explicit = field.options?.json_name as unknown;
  if (typeof explicit === 'string') return explicit;
  return field.name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Whether a field is printed only when set (proto3 `optional`, a oneof member, or a message). */
function hasPresence(field: protobuf.Field): boolean {
  if (field.repeated || field.map) return false;
  if (field.partOf) return true;
  return field.resolvedType !== null && 'fields' in field.resolvedType;
}

/** Java's `Double.toString` for a finite, non-zero double given its shortest digits. */
function javaDecimal(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(v);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa = '0', exponent = '0'] = v.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${String(Number(exponent))}`;
}

/** A double or float as the reference prints it; `float` uses the shortest digits that give back the float. */
export function javaFloatingText(v: number, float: boolean): JsonNode {
  if (Number.isNaN(v)) return { type: 'string', value: 'NaN' };
  if (!Number.isFinite(v)) return { type: 'string', value: v > 0 ? 'Infinity' : '-Infinity' };
  if (!float) return { type: 'number', raw: javaDecimal(v) };
  for (let digits = 1; digits <= 9; digits++) {
    const shortest = Number(v.toPrecision(digits));
    if (Math.fround(shortest) === v) return { type: 'number', raw: javaDecimal(shortest) };
  }
  return { type: 'number', raw: javaDecimal(v) };
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** A 64-bit value as decoded (a long.js Long, or a number) as decimal text. */
function longText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return (value as { toString(): string }).toString();
}

function scalarNode(field: protobuf.Field, value: unknown): JsonNode {
  const resolved = field.resolvedType;
  if (resolved && !('fields' in resolved)) {
    const name = resolved.valuesById[value as number];
    return name === undefined
      ? { type: 'number', raw: String(value) }
      : { type: 'string', value: name };
  }
  if (resolved) return messageToJsonNode(resolved, value as protobuf.Message);
  const type = field.type;
  if (LONG_TYPES.has(type)) return { type: 'string', value: longText(value) };
  if (INT_TYPES.has(type)) return { type: 'number', raw: String(value) };
  if (type === 'double' || type === 'float')
    return javaFloatingText(value as number, type === 'float');
  if (type === 'bool') return { type: 'boolean', value: value as boolean };
  if (type === 'bytes') return { type: 'string', value: base64(value as Uint8Array) };
  return { type: 'string', value: String(value) };
}

/** The default of a field without presence (spec §2.3 "with default values included"). */
function defaultNode(field: protobuf.Field): JsonNode {
  if (field.map) return { type: 'object', entries: [] };
  if (field.repeated) return { type: 'array', items: [] };
  const resolved = field.resolvedType;
  if (resolved && !('fields' in resolved)) {
    const e = resolved;
    return scalarNode(field, e.values[Object.keys(e.values)[0] ?? ''] ?? 0);
  }
  if (LONG_TYPES.has(field.type)) return { type: 'string', value: '0' };
  if (INT_TYPES.has(field.type)) return { type: 'number', raw: '0' };
  if (field.type === 'double' || field.type === 'float') return { type: 'number', raw: '0.0' };
  if (field.type === 'bool') return { type: 'boolean', value: false };
  return { type: 'string', value: '' };
}

function fieldNode(field: protobuf.Field, value: unknown): JsonNode {
  if (field.map) {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]): [string, JsonNode] => [k, scalarNode(field, v)],
    );
    return { type: 'object', entries };
  }
  if (field.repeated)
    return { type: 'array', items: (value as unknown[]).map((v) => scalarNode(field, v)) };
  return scalarNode(field, value);
}

/** A decoded message as the reference's JSON (the header comment says how). */
export function messageToJsonNode(type: protobuf.Type, message: protobuf.Message): JsonNode {
  const entries: [string, JsonNode][] = [];
  const own = message as unknown as Record<string, unknown>;
  for (const field of type.fieldsArray) {
    const value = Object.prototype.hasOwnProperty.call(own, field.name) ? own[field.name] : null;
    const empty =
      value === null ||
      value === undefined ||
      (field.repeated && (value as unknown[]).length === 0) ||
      (field.map && Object.keys(value).length === 0);
    if (empty) {
      if (!hasPresence(field)) entries.push([jsonNameOf(field), defaultNode(field)]);
      continue;
    }
    entries.push([jsonNameOf(field), fieldNode(field, value)]);
  }
  return { type: 'object', entries };
}
