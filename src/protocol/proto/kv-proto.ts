/**
 * `transport.KeyValueProto` ⇄ typed values (spec §5 value typing, Protobuf form). The type comes from the message
 * itself (BOOLEAN_V, LONG_V as int64 → bigint, DOUBLE_V, STRING_V, JSON_V), so there is no numeric-string cast.
 * Validation follows the reference's transport: a key must be non-empty, a STRING_V value non-empty, and a JSON_V
 * value must parse as JSON; an empty list of values is invalid.
 */
import type { TypingOptions } from '../kv-typing.ts';
import type { AttributeEntry, KvEntry, KvValue } from '../kv.ts';
import { parseLenientJson, toCompactJson } from '../lenient-json.ts';
import { fail, ok, type Result } from '../result.ts';

/** `transport.KeyValueType` values. */
export const KV_TYPE = { BOOLEAN_V: 0, LONG_V: 1, DOUBLE_V: 2, STRING_V: 3, JSON_V: 4 } as const;

/** A decoded `transport.KeyValueProto` (every field present). */
export interface KeyValueProto {
  key: string;
  type: number;
  bool_v: boolean;
  long_v: bigint;
  double_v: number;
  string_v: string;
  json_v: string;
}

/** A decoded `transport.TsKvProto`. */
export interface TsKvProto {
  ts: bigint;
  kv: KeyValueProto | null;
}

/** Console side reads what the broker sent: no length limit, and an empty STRING_V is a value. */
const READ_BACK: TypingOptions = { typeCastEnabled: false, maxStringValueLength: 0 };

function valueOf(kv: KeyValueProto, opts: TypingOptions, strict: boolean): Result<KvValue> {
  switch (kv.type) {
    case KV_TYPE.BOOLEAN_V:
      return ok({ type: 'BOOLEAN', value: kv.bool_v });
    case KV_TYPE.LONG_V:
      return ok({ type: 'LONG', value: kv.long_v });
    case KV_TYPE.DOUBLE_V:
      // Typing never stores a non-finite DOUBLE (JSON has none); NaN and ±Infinity are refused.
      if (!Number.isFinite(kv.double_v))
        return fail('schema', `DOUBLE_V ${String(kv.double_v)} is not a finite number`);
      return ok({ type: 'DOUBLE', value: kv.double_v });
    case KV_TYPE.STRING_V: {
      if (strict && kv.string_v === '') return fail('schema', 'Value is empty');
      const max = opts.maxStringValueLength;
      if (max > 0 && kv.string_v.length > max) {
        return fail(
          'schema',
          `String value length [${String(kv.string_v.length)}] is greater than maximum allowed [${String(max)}]`,
        );
      }
      return ok({ type: 'STRING', value: kv.string_v });
    }
    case KV_TYPE.JSON_V: {
      const parsed = parseLenientJson(kv.json_v);
      if (!parsed.ok)
        return fail(
          'schema',
          `Can't parse JSON_V value ${JSON.stringify(kv.json_v)}: ${parsed.error.message}`,
        );
      return ok({ type: 'JSON', value: toCompactJson(parsed.value.value) });
    }
    default:
      return fail('schema', `Unsupported KeyValueType ${String(kv.type)}`);
  }
}

/** One `KeyValueProto` as a typed entry; fails with the key named. `strict` applies the device-side checks. */
export function kvFromProto(
  kv: KeyValueProto,
  opts: TypingOptions,
  strict = true,
): Result<KvEntry> {
  if (strict && kv.key === '') return fail('schema', 'Invalid key: a key must not be empty');
  const value = valueOf(kv, opts, strict);
  if (!value.ok) return fail('schema', `Key ${JSON.stringify(kv.key)}: ${value.error.message}`);
  return ok({ key: kv.key, value: value.value });
}

/**
 * A list of `KeyValueProto` as typed entries, all or nothing. An empty list is invalid (the reference's
 * "KeyValue list is empty!"); a repeated key keeps the later value at the first key's position.
 */
export function kvListFromProto(
  list: readonly KeyValueProto[],
  opts: TypingOptions,
): Result<KvEntry[]> {
  if (list.length === 0) return fail('schema', 'KeyValue list is empty');
  const byKey = new Map<string, KvEntry>();
  for (const kv of list) {
    const entry = kvFromProto(kv, opts);
    if (!entry.ok) return entry;
    byKey.set(entry.value.key, entry.value);
  }
  return ok([...byKey.values()]);
}

/** A typed entry as a `KeyValueProto` object ready for encoding (only the field of its type is set). */
export function kvToProto(entry: KvEntry): object {
  const v = entry.value;
  switch (v.type) {
    case 'BOOLEAN':
      return { key: entry.key, type: KV_TYPE.BOOLEAN_V, bool_v: v.value };
    case 'LONG':
      return { key: entry.key, type: KV_TYPE.LONG_V, long_v: v.value };
    case 'DOUBLE':
      return { key: entry.key, type: KV_TYPE.DOUBLE_V, double_v: v.value };
    case 'STRING':
      return { key: entry.key, type: KV_TYPE.STRING_V, string_v: v.value };
    case 'JSON':
      return { key: entry.key, type: KV_TYPE.JSON_V, json_v: v.value };
  }
}

/** A stored attribute as a `TsKvProto` stamped with its last update (attribute responses, spec §6.2). */
export function attributeToTsKv(entry: AttributeEntry): object {
  return { ts: entry.lastUpdateTs, kv: kvToProto(entry) };
}

/** Console side: a list of `TsKvProto` as typed entries with their timestamps; invalid items are skipped. */
export function tsKvListFromProto(list: readonly TsKvProto[]): (KvEntry & { ts: number })[] {
  const out: (KvEntry & { ts: number })[] = [];
  for (const item of list) {
    if (!item.kv) continue;
    const entry = kvFromProto(item.kv, READ_BACK, false);
    if (entry.ok) out.push({ ...entry.value, ts: Number(item.ts) });
  }
  return out;
}
