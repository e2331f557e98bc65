/**
 * The lenient JSON reader for device payloads (spec §4.1), modelled on the reference platform's lenient Gson reader.
 * It accepts strict JSON plus: unquoted or single-quoted names and string values, `=` / `=>` for `:`, `;` for `,`,
 * and `//`, `#` and `/* *\/` comments. It rejects members without a value, unbalanced brackets or quotes and trailing
 * text. Numbers keep their literal spelling so that typing (spec §5) can follow the literal.
 */
import { JsonSyntaxError, LenientParser } from './lenient-json-reader.ts';
import { fail, ok, type Result } from './result.ts';

export type JsonNode =
  | { type: 'object'; entries: [string, JsonNode][] }
  | { type: 'array'; items: JsonNode[] }
  | { type: 'string'; value: string }
  | { type: 'number'; raw: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' };

/**
 * Parses a device payload with the lenient rules of spec §4.1. Never throws.
 * `strict` is true when the text was also valid strict JSON. Empty or blank text parses as `null` (not strict).
 */
export function parseLenientJson(text: string): Result<{ value: JsonNode; strict: boolean }> {
  const parser = new LenientParser(text);
  try {
    const value = parser.parseDocument();
    return ok({ value, strict: !parser.lenient });
  } catch (error) {
    if (error instanceof JsonSyntaxError) return fail('bad-json', error.message);
    // Not expected (depth is bounded), but a decoder must never throw.
    return fail('bad-json', error instanceof Error ? error.message : String(error));
  }
}

/** Prints a node as compact JSON text. Number literals are printed as read: the grammar only admits valid JSON ones. */
export function toCompactJson(node: JsonNode): string {
  switch (node.type) {
    case 'object':
      return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${toCompactJson(v)}`).join(',')}}`;
    case 'array':
      return `[${node.items.map(toCompactJson).join(',')}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.raw;
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}

/** Converts a node to plain JS values for display (numbers as JS numbers; a repeated name: the later one wins). */
export function toPlainValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      // Object.fromEntries defines own properties, so a "__proto__" name stays an ordinary key.
      return Object.fromEntries(node.entries.map(([k, v]) => [k, toPlainValue(v)]));
    case 'array':
      return node.items.map(toPlainValue);
    case 'string':
    case 'boolean':
      return node.value;
    case 'number':
      return Number(node.raw);
    case 'null':
      return null;
  }
}
