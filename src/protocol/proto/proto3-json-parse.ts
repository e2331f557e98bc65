/**
 * JSON → a profile message, as the reference merges JSON into one (spec §2.3, Java's
 * `JsonFormat.parser().ignoringUnknownFields()`): fields by JSON name or proto name, unknown fields ignored, `null`
 * leaves a field unset, 64-bit integers as numbers or decimal strings, enums by name or number, bytes as base64.
 * A value of the wrong kind is an error naming the field (the console shows it; the broker never builds one).
 */
import type protobuf from 'protobufjs';

import { fail, ok, type Result } from '../result.ts';

import { isIntType, isLongType, jsonNameOf } from './proto3-json.ts';

type Plain = Record<string, unknown>;

const INTEGER_TEXT = /^-?\d+$/;
const SPECIAL_FLOATS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

const isObject = (v: unknown): v is Plain =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown): string => {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
};

function fromBase64(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function scalar(field: protobuf.Field, path: string, value: unknown): Result<unknown> {
  const wrong = () => fail('schema', `${path}: expected ${describe(field)}, got ${kind(value)}`);
  const resolved = field.resolvedType;
  if (resolved && 'fields' in resolved) {
    return isObject(value) ? jsonToMessageObject(resolved, value, path) : wrong();
  }
  if (resolved) {
    const e = resolved;
    if (typeof value === 'string')
      return value in e.values
        ? ok(e.values[value])
        : fail(
            'schema',
            `${path}: ${JSON.stringify(value)} is not a value of enum ${e.name} (${Object.keys(e.values).join(', ')})`,
          );
    return typeof value === 'number' && Number.isInteger(value) ? ok(value) : wrong();
  }
  const type = field.type;
  if (isLongType(type) || isIntType(type)) {
    const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
    if (typeof text !== 'string' || !INTEGER_TEXT.test(text)) return wrong();
    if (isLongType(type)) return ok(text);
    const n = Number(text);
    const unsigned = type === 'uint32' || type === 'fixed32';
    const inRange = unsigned ? n >= 0 && n <= 0xffffffff : n >= -0x80000000 && n <= 0x7fffffff;
    return inRange ? ok(n) : fail('schema', `${path}: ${text} is out of range for ${type}`);
  }
  if (type === 'double' || type === 'float') {
    if (typeof value === 'number') return ok(value);
    if (typeof value === 'string' && value in SPECIAL_FLOATS) return ok(SPECIAL_FLOATS[value]);
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return ok(Number(value));
    return wrong();
  }
  if (type === 'bool') {
    if (typeof value === 'boolean') return ok(value);
    return value === 'true' || value === 'false' ? ok(value === 'true') : wrong();
  }
  if (type === 'bytes') {
    const bytes = typeof value === 'string' ? fromBase64(value) : undefined;
    return bytes ? ok(bytes) : wrong();
  }
  if (typeof value === 'string') return ok(value);
  return typeof value === 'number' || typeof value === 'boolean' ? ok(String(value)) : wrong();
}

function describe(field: protobuf.Field): string {
  const resolved = field.resolvedType;
  if (resolved && 'fields' in resolved) return `a ${resolved.name} object`;
  if (resolved) return `a ${resolved.name} name`;
  if (isLongType(field.type)) return `an integer or a string of digits (${field.type})`;
  if (isIntType(field.type)) return `an integer (${field.type})`;
  if (field.type === 'double' || field.type === 'float') return `a number (${field.type})`;
  if (field.type === 'bool') return 'true or false';
  if (field.type === 'bytes') return 'base64 text (bytes)';
  return 'a string';
}

function fieldValue(field: protobuf.Field, path: string, value: unknown): Result<unknown> {
  if (field.map) {
    if (!isObject(value))
      return fail('schema', `${path}: expected an object (map), got ${kind(value)}`);
    const out: Plain = {};
    for (const [k, v] of Object.entries(value)) {
      const item = scalar(field, `${path}.${k}`, v);
      if (!item.ok) return item;
      out[k] = item.value;
    }
    return ok(out);
  }
  if (field.repeated) {
    if (!Array.isArray(value))
      return fail('schema', `${path}: expected an array, got ${kind(value)}`);
    const out: unknown[] = [];
    for (const [i, v] of (value as unknown[]).entries()) {
      const item = scalar(field, `${path}[${String(i)}]`, v);
      if (!item.ok) return item;
      out.push(item.value);
    }
    return ok(out);
  }
  return scalar(field, path, value);
}

/**
 * A JSON object as a plain object for `type.fromObject` (proto field names; checked values). With
 * `skipInvalid`, a top-level field whose value does not fit is left unset instead of failing.
 */
export function jsonToMessageObject(
  type: protobuf.Type,
  json: unknown,
  path = '',
  skipInvalid = false,
): Result<Plain> {
  if (!isObject(json))
    return fail('schema', `${path || type.name}: expected a JSON object, got ${kind(json)}`);
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    const jsonName = jsonNameOf(field);
    const value = jsonName in json ? json[jsonName] : json[field.name];
    if (value === undefined || value === null) continue;
    const converted = fieldValue(field, path ? `${path}.${jsonName}` : jsonName, value);
    if (!converted.ok && skipInvalid) continue;
    if (!converted.ok) return converted;
    out[field.name] = converted.value;
  }
  return ok(out);
}
