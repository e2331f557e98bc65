/**
 * Telemetry payloads (spec §5): a flat object, `{ts, values}`, or an array of those.
 */
import { parseDecimal, truncateToLong } from '../decimal.ts';
import { describeNode, type JsonObjectNode, objectMembers } from '../json-node.ts';
import { objectToKvEntries, type TypingOptions } from '../kv-typing.ts';
import type { TsKvEntry } from '../kv.ts';
import { type JsonNode, parseLenientJson } from '../lenient-json.ts';
import { fail, ok, type Result } from '../result.ts';

/**
 * A timestamp in ms (spec §5): a JSON number (a fractional one is truncated towards zero) or a string of decimal
 * digits. It must also fit a JS safe integer, so that it can be stored as a number.
 */
export function parseTelemetryTs(node: JsonNode): Result<number> {
  let literal: string;
  if (node.type === 'number') literal = node.raw;
  else if (node.type === 'string' && /^\d+$/.test(node.value)) literal = node.value;
  else {
    const shown = node.type === 'string' ? JSON.stringify(node.value) : describeNode(node);
    return fail('schema', `"ts" must be an integer or a string of decimal digits, got ${shown}`);
  }
  const decimal = parseDecimal(literal);
  const long = decimal === undefined ? undefined : truncateToLong(decimal);
  const ts = long === undefined ? Number.NaN : Number(long);
  if (!Number.isSafeInteger(ts)) return fail('schema', `"ts" ${literal} is out of range`);
  return ok(ts);
}

/** One element of shape 1 or 2 (spec §5); entries are appended to `out`. */
function decodeElement(
  element: JsonObjectNode,
  nowMs: number,
  opts: TypingOptions,
  out: TsKvEntry[],
): Result<true> {
  const members = objectMembers(element);
  const tsNode = members.get('ts');
  const valuesNode = members.get('values');
  // spec §5: only an object with BOTH ts and values has shape 2; `{ts,k}` and `{values}` alone are flat (shape 1).
  if (tsNode === undefined || valuesNode === undefined) {
    const flat = objectToKvEntries(element, opts);
    if (!flat.ok) return flat;
    for (const { key, value } of flat.value) out.push({ key, value, ts: nowMs });
    return ok(true);
  }
  const ts = parseTelemetryTs(tsNode);
  if (!ts.ok) return ts;
  if (valuesNode.type !== 'object') {
    return fail('schema', `"values" must be an object, got ${describeNode(valuesNode)}`);
  }
  const values = objectToKvEntries(valuesNode, opts);
  if (!values.ok) return values;
  for (const { key, value } of values.value) out.push({ key, value, ts: ts.value });
  return ok(true);
}

/** spec §5: the same key and timestamp twice in one message: the later one wins (at the earlier position). */
function keepLatest(points: TsKvEntry[]): TsKvEntry[] {
  const latest = new Map<string, TsKvEntry>();
  for (const point of points) latest.set(`${String(point.ts)}\u0000${point.key}`, point);
  return latest.size === points.length ? points : [...latest.values()];
}

/**
 * Decodes an already parsed telemetry value (an object, or an array of objects; spec §5). Exported for payloads
 * that embed telemetry, such as the gateway API.
 */
export function decodeTelemetryNode(
  root: JsonNode,
  nowMs: number,
  opts: TypingOptions,
): Result<TsKvEntry[]> {
  const out: TsKvEntry[] = [];
  if (root.type === 'object') {
    // One element: its keys are already unique (objectMembers) and share one ts, so nothing repeats.
    const done = decodeElement(root, nowMs, opts, out);
    return done.ok ? ok(out) : done;
  }
  if (root.type !== 'array') {
    return fail(
      'schema',
      `Telemetry must be a JSON object or an array of objects, got ${describeNode(root)}`,
    );
  }
  for (const [index, element] of root.items.entries()) {
    if (element.type !== 'object') {
      return fail(
        'schema',
        `Telemetry array element ${String(index)} must be an object, got ${describeNode(element)}`,
      );
    }
    const done = decodeElement(element, nowMs, opts, out);
    if (!done.ok)
      return fail(
        done.error.kind,
        `Telemetry array element ${String(index)}: ${done.error.message}`,
      );
  }
  return ok(keepLatest(out));
}

/**
 * Decodes a telemetry payload (spec §5) into data points, all or nothing. Entries without their own `ts` are
 * stamped with `nowMs`. `{}` and `[]` give `ok([])`; a scalar, `null` or an empty payload is invalid.
 */
export function decodeTelemetry(
  text: string,
  nowMs: number,
  opts: TypingOptions,
): Result<TsKvEntry[]> {
  const parsed = parseLenientJson(text);
  if (!parsed.ok) return parsed;
  return decodeTelemetryNode(parsed.value.value, nowMs, opts);
}
