import type { KvType, KvValue } from '../../src/protocol/kv.ts';

/** The typed value columns shared by ts_kv, ts_kv_latest and attributes, in bind order. */
export const KV_COLUMNS = 'type, bool_v, long_v, dbl_v, str_v, json_v';

/** Bind values for `KV_COLUMNS`: the type, then exactly one non-null typed column. */
export type KvColumns = [
  type: KvType,
  bool: number | null,
  long: bigint | null,
  dbl: number | null,
  str: string | null,
  json: string | null,
];

/** A row holding `KV_COLUMNS`, read with safe integers (INTEGER columns arrive as bigint). */
export interface KvRow {
  type: string;
  bool_v: bigint | null;
  long_v: bigint | null;
  dbl_v: number | null;
  str_v: string | null;
  json_v: string | null;
}

/** Spreads a value over the typed columns. LONG binds as a 64-bit integer, exactly. */
export function kvColumns(value: KvValue): KvColumns {
  switch (value.type) {
    case 'BOOLEAN':
      return ['BOOLEAN', value.value ? 1 : 0, null, null, null, null];
    case 'LONG':
      return ['LONG', null, value.value, null, null, null];
    case 'DOUBLE':
      return ['DOUBLE', null, null, value.value, null, null];
    case 'STRING':
      return ['STRING', null, null, null, value.value, null];
    case 'JSON':
      return ['JSON', null, null, null, null, value.value];
  }
}

const corrupt = (row: KvRow): Error =>
  new Error(`stored value of type ${row.type} has no value column`);

/** Reads a value back from its typed columns. */
export function kvFromRow(row: KvRow): KvValue {
  switch (row.type) {
    case 'BOOLEAN':
      if (row.bool_v === null) throw corrupt(row);
      return { type: 'BOOLEAN', value: row.bool_v !== 0n };
    case 'LONG':
      if (row.long_v === null) throw corrupt(row);
      return { type: 'LONG', value: row.long_v };
    case 'DOUBLE':
      if (row.dbl_v === null) throw corrupt(row);
      return { type: 'DOUBLE', value: row.dbl_v };
    case 'STRING':
      if (row.str_v === null) throw corrupt(row);
      return { type: 'STRING', value: row.str_v };
    case 'JSON':
      if (row.json_v === null) throw corrupt(row);
      return { type: 'JSON', value: row.json_v };
    default:
      throw new Error(`unknown stored value type ${row.type}`);
  }
}

/**
 * The value columns of the time-series tables (no type column: ADR 0010), in bind order:
 * `bool_v, long_v, dbl_v, str_v, json_v`. Exactly one is non-null.
 */
export const VALUE_COLUMNS = 'bool_v, long_v, dbl_v, str_v, json_v';

/** A row holding `VALUE_COLUMNS`, read with safe integers. */
export type ValueRow = Omit<KvRow, 'type'>;

/** Bind values for `VALUE_COLUMNS`: `kvColumns` without the type. */
export function valueColumns(value: KvValue): KvColumns extends [unknown, ...infer R] ? R : never {
  const [, ...values] = kvColumns(value);
  return values;
}

/** Reads a value back from the one value column that is set. */
export function kvFromValues(row: ValueRow): KvValue {
  if (row.dbl_v !== null) return { type: 'DOUBLE', value: row.dbl_v };
  if (row.long_v !== null) return { type: 'LONG', value: row.long_v };
  if (row.str_v !== null) return { type: 'STRING', value: row.str_v };
  if (row.bool_v !== null) return { type: 'BOOLEAN', value: row.bool_v !== 0n };
  if (row.json_v !== null) return { type: 'JSON', value: row.json_v };
  throw new Error('stored point has no value column');
}
