import { decodeTelemetryNode } from '@/protocol/codecs/telemetry.ts';
import { kvValueToJson } from '@/protocol/kv-json.ts';
import { DEFAULT_TYPING } from '@/protocol/kv-typing.ts';
import type { KvType } from '@/protocol/kv.ts';
import { parseLenientJson, toCompactJson } from '@/protocol/lenient-json.ts';
import type { JsonNode } from '@/protocol/lenient-json.ts';

/** The payload shapes of spec §5. */
export type TelemetryShape = 'object' | 'ts-values' | 'array';

/** One data point as the platform will store it. */
export interface TypedRow {
  key: string;
  type: KvType;
  /** The stored value as JSON text (LONG digits, DOUBLE, quoted STRING, …). */
  value: string;
  /** Client timestamp (ms), or null when the broker stamps its own time. */
  ts: number | null;
  /** A numeric string the platform casts to a number (`"42"` → LONG 42). */
  cast: boolean;
}

export type TelemetryCheck =
  | { ok: false; message: string }
  | {
      ok: true;
      shape: TelemetryShape;
      rows: TypedRow[];
      /** Keys whose value is `null`: the platform skips them. */
      skipped: string[];
      /** Strict JSON to send. */
      json: string;
      /** The text was only lenient JSON (spec §4.1); `json` is its strict form. */
      lenient: boolean;
      notes: string[];
    };

/** Stands for "the broker stamps its own time" while decoding. */
const BROKER_TIME = Number.MIN_SAFE_INTEGER;

/** A ts below this (March 1973 in ms) is almost surely in seconds. */
const SECONDS_LIKE = 100_000_000_000;

type ObjectNode = Extract<JsonNode, { type: 'object' }>;
const member = (node: ObjectNode, name: string) => node.entries.find(([k]) => k === name)?.[1];

function shapeOf(root: JsonNode): TelemetryShape {
  if (root.type === 'array') return 'array';
  if (root.type === 'object' && member(root, 'ts') && member(root, 'values')) return 'ts-values';
  return 'object';
}

/** Source values of every element, to spot `null`s and numeric strings; also the quirk notes. */
function inspect(root: JsonNode, notes: string[]): { skipped: string[]; strings: Set<string> } {
  const skipped: string[] = [];
  const strings = new Set<string>();
  const elements = root.type === 'array' ? root.items : [root];
  for (const element of elements) {
    if (element.type !== 'object') continue;
    const ts = member(element, 'ts');
    const values = member(element, 'values');
    const flat = ts === undefined || values === undefined;
    if (flat && ts !== undefined)
      notes.push('"ts" without "values" is stored as an ordinary key, at broker time.');
    if (flat && values !== undefined)
      notes.push('"values" without "ts" is stored as a JSON key named values.');
    if (!flat && ts.type === 'number' && Math.abs(Number(ts.raw)) < SECONDS_LIKE) {
      notes.push(
        `"ts" ${ts.raw} looks like seconds: the platform reads milliseconds, so it lands in ${new Date(Number(ts.raw)).getUTCFullYear()}.`,
      );
    }
    const source = flat ? element : values;
    if (source.type !== 'object') continue;
    for (const [key, node] of source.entries) {
      if (node.type === 'null') skipped.push(key);
      if (node.type === 'string') strings.add(key);
    }
  }
  return { skipped, strings };
}

/**
 * Checks telemetry the way the platform will (spec §4.1, §5) before anything is sent: lenient JSON,
 * the three shapes, `ts` in ms, `values` an object, `null` skipped, numeric strings cast. Never throws.
 */
export function checkTelemetry(text: string): TelemetryCheck {
  if (text.trim() === '')
    return { ok: false, message: 'Enter a JSON object or array: an empty payload is invalid.' };
  const parsed = parseLenientJson(text);
  if (!parsed.ok) return { ok: false, message: `Not valid JSON: ${parsed.error.message}` };
  const root = parsed.value.value;
  const decoded = decodeTelemetryNode(root, BROKER_TIME, DEFAULT_TYPING);
  if (!decoded.ok) return { ok: false, message: decoded.error.message };
  const notes: string[] = [];
  const { skipped, strings } = inspect(root, notes);
  const shape = shapeOf(root);
  const rows = decoded.value.map((entry): TypedRow => ({
    key: entry.key,
    type: entry.value.type,
    value: kvValueToJson(entry.value),
    ts: entry.ts === BROKER_TIME ? null : entry.ts,
    cast: strings.has(entry.key) && entry.value.type !== 'STRING',
  }));
  if (rows.length === 0 && skipped.length === 0)
    notes.push('Nothing to store: the broker acknowledges and stores nothing.');
  return {
    ok: true,
    shape,
    rows,
    skipped,
    json: parsed.value.strict ? text.trim() : toCompactJson(root),
    lenient: !parsed.value.strict,
    notes: [...new Set(notes)],
  };
}
