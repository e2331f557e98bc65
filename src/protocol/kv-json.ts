/**
 * Typed values back to JSON text, for payloads the broker sends to devices (spec §6.2 responses, §6.3 pushes):
 * "values typed as stored".
 */
import type { KvEntry, KvValue } from './kv.ts';
import { parseLenientJson, toPlainValue } from './lenient-json.ts';

/** A DOUBLE as JSON: a whole value keeps a fractional part (3 → `3.0`), as the Java reference prints it. */
function doubleToJson(value: number): string {
  // Typing never produces a non-finite DOUBLE; `null` keeps the output valid JSON if one ever arrives.
  if (!Number.isFinite(value)) return 'null';
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** One typed value as JSON text: LONG as its digits, DOUBLE as a number, STRING quoted, JSON as stored. */
export function kvValueToJson(v: KvValue): string {
  switch (v.type) {
    case 'BOOLEAN':
      return v.value ? 'true' : 'false';
    case 'LONG':
      return v.value.toString();
    case 'DOUBLE':
      return doubleToJson(v.value);
    case 'STRING':
      return JSON.stringify(v.value);
    case 'JSON':
      return v.value;
  }
}

/** `{"k":v,...}` in the entries' order. Callers pass distinct keys. */
export function kvEntriesToJsonObject(entries: readonly KvEntry[]): string {
  return `{${entries.map((e) => `${JSON.stringify(e.key)}:${kvValueToJson(e.value)}`).join(',')}}`;
}

/** A typed value as a plain JS value for display: a LONG beyond the safe-integer range becomes its digit string. */
export function kvValueToPlain(v: KvValue): unknown {
  switch (v.type) {
    case 'LONG': {
      const n = Number(v.value);
      return Number.isSafeInteger(n) ? n : v.value.toString();
    }
    case 'JSON': {
      const parsed = parseLenientJson(v.value);
      return parsed.ok ? toPlainValue(parsed.value.value) : v.value;
    }
    case 'BOOLEAN':
    case 'DOUBLE':
    case 'STRING':
      return v.value;
  }
}
