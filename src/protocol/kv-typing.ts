/**
 * Value typing for telemetry and attributes (spec §5 "Value typing" and "Numeric-string cast").
 */
import {
  type Decimal,
  isWhole,
  parseDecimal,
  toDouble,
  toPlainString,
  truncateToLong,
} from './decimal.ts';
import { describeNode, objectMembers } from './json-node.ts';
import type { KvEntry, KvValue } from './kv.ts';
import { type JsonNode, toCompactJson } from './lenient-json.ts';
import { fail, ok, type Result } from './result.ts';

export interface TypingOptions {
  /** spec §5: strings that look like decimal numbers are typed as numbers. */
  typeCastEnabled: boolean;
  /** Longest accepted string value, in UTF-16 code units; 0 = no limit (spec §4, §13). */
  maxStringValueLength: number;
}

/** The defaults of spec §13: cast on, no string limit. */
export const DEFAULT_TYPING: TypingOptions = { typeCastEnabled: true, maxStringValueLength: 0 };

/** spec §5: the numeric-string cast applies only to strings matching this. */
const CAST_PATTERN = /^-?(\d+(\.\d+)?|\.\d+)$/;

/** spec §5: a DOUBLE has at most this many decimal places (the literal's BigDecimal scale). */
const MAX_DOUBLE_DECIMALS = 16;

type NumberOutcome = { ok: true; value: KvValue } | { ok: false; reason: string };

/** Types one decimal by the number rows of the spec §5 table; out-of-range values carry a reason instead. */
function typeDecimal(d: Decimal, literal: string): NumberOutcome {
  // spec §5: "a number with a `.` and no exponent (so 3.0 too), or an exponent form whose value is not whole"
  if (!isWhole(d) || (d.hasPoint && !d.hasExponent)) {
    if (d.scale > MAX_DOUBLE_DECIMALS)
      return { ok: false, reason: 'has more than 16 decimal places' };
    const value = toDouble(literal);
    if (!Number.isFinite(value)) return { ok: false, reason: 'is too large for a DOUBLE' };
    return { ok: true, value: { type: 'DOUBLE', value } };
  }
  const long = truncateToLong(d);
  if (long === undefined) return { ok: false, reason: 'is outside the LONG range' };
  return { ok: true, value: { type: 'LONG', value: long } };
}

/**
 * Types a number literal (from a JSON number, or from a string the cast accepted). Out-of-range values become a
 * STRING of plain digits when `outOfRangeAsString`, and are an error otherwise.
 */
function typeNumber(literal: string, outOfRangeAsString: boolean): Result<KvValue> {
  const d = parseDecimal(literal);
  if (d === undefined) return fail('schema', `Invalid number literal ${literal}`);
  const typed = typeDecimal(d, literal);
  if (typed.ok) return ok(typed.value);
  if (!outOfRangeAsString) return fail('schema', `Number ${literal} ${typed.reason}`);
  const plain = toPlainString(d);
  if (plain === undefined)
    return fail('schema', `Number ${literal} is too large to store as plain digits`);
  return ok({ type: 'STRING', value: plain });
}

function typeString(value: string, opts: TypingOptions): Result<KvValue> {
  // The length check comes before the cast, on the string as sent (like the reference).
  if (opts.maxStringValueLength > 0 && value.length > opts.maxStringValueLength) {
    return fail(
      'schema',
      `String value length [${String(value.length)}] is greater than maximum allowed [${String(opts.maxStringValueLength)}]`,
    );
  }
  if (opts.typeCastEnabled && CAST_PATTERN.test(value)) return typeNumber(value, true);
  return ok({ type: 'STRING', value });
}

/**
 * Types one JSON value as the platform stores it (spec §5 table). `null` means "skip this key".
 * Fails when a string is too long, or (cast off) a number is outside the LONG range or has more than 16 decimals.
 */
export function typeValue(node: JsonNode, opts: TypingOptions): Result<KvValue | null> {
  switch (node.type) {
    case 'null':
      return ok(null);
    case 'boolean':
      return ok({ type: 'BOOLEAN', value: node.value });
    case 'object':
    case 'array':
      return ok({ type: 'JSON', value: toCompactJson(node) });
    case 'string':
      return typeString(node.value, opts);
    case 'number':
      // spec §5: with the cast on, out-of-range numbers are stored as plain digits; with it off they are invalid.
      return typeNumber(node.raw, opts.typeCastEnabled);
  }
}

/**
 * Types every member of a JSON object (spec §5, §6.1). `null` values are skipped; a repeated key keeps the later
 * value (at the first key's position). Fails, naming the key, if any value is invalid.
 */
export function objectToKvEntries(node: JsonNode, opts: TypingOptions): Result<KvEntry[]> {
  if (node.type !== 'object')
    return fail('schema', `Expected a JSON object, got ${describeNode(node)}`);
  const entries: KvEntry[] = [];
  for (const [key, member] of objectMembers(node)) {
    const typed = typeValue(member, opts);
    if (!typed.ok)
      return fail(typed.error.kind, `Key ${JSON.stringify(key)}: ${typed.error.message}`);
    if (typed.value !== null) entries.push({ key, value: typed.value });
  }
  return ok(entries);
}
