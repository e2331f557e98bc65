import { describe, expect, it } from 'vitest';

import { DEFAULT_TYPING, objectToKvEntries, type TypingOptions, typeValue } from './kv-typing.ts';
import type { KvEntry, KvValue } from './kv.ts';
import { type JsonNode, parseLenientJson } from './lenient-json.ts';

const CAST_OFF: TypingOptions = { typeCastEnabled: false, maxStringValueLength: 0 };

function node(text: string): JsonNode {
  const r = parseLenientJson(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.value;
}

function typed(text: string, opts: TypingOptions = DEFAULT_TYPING): KvValue | null {
  const r = typeValue(node(text), opts);
  if (!r.ok) throw new Error(`expected ok: ${r.error.message}`);
  return r.value;
}

function typeError(text: string, opts: TypingOptions = DEFAULT_TYPING): string {
  const r = typeValue(node(text), opts);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  expect(r.error.kind).toBe('schema');
  return r.error.message;
}

const LONG = (value: bigint): KvValue => ({ type: 'LONG', value });
const DOUBLE = (value: number): KvValue => ({ type: 'DOUBLE', value });
const STRING = (value: string): KvValue => ({ type: 'STRING', value });

describe('typeValue: the spec §5 table', () => {
  it('true / false → BOOLEAN', () => {
    expect(typed('true')).toEqual({ type: 'BOOLEAN', value: true });
    expect(typed('false')).toEqual({ type: 'BOOLEAN', value: false });
  });

  it.each([
    ['42', 42n],
    ['-7', -7n],
    ['0', 0n],
    ['-0', 0n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['1.5E2', 150n],
    ['1E2', 100n],
    ['1.50E1', 15n],
    ['2.0e0', 2n],
    ['-3E18', -3000000000000000000n],
    ['0E5', 0n],
  ])('integer literal or whole exponent form %s → LONG', (text, value) => {
    expect(typed(text)).toEqual(LONG(value));
  });

  it.each([
    ['9223372036854775808', '9223372036854775808'],
    ['-9223372036854775809', '-9223372036854775809'],
    ['99999999999999999999', '99999999999999999999'],
    ['1E19', '10000000000000000000'],
    ['1.5E25', '15000000000000000000000000'],
  ])('integer %s outside the 64-bit range → STRING of plain digits', (text, plain) => {
    expect(typed(text)).toEqual(STRING(plain));
  });

  it.each([
    ['3.0', 3],
    ['4.50', 4.5],
    ['-0.25', -0.25],
    ['1E-2', 0.01],
    ['2.5E-1', 0.25],
    ['1.2345678901234567', 1.2345678901234567],
    ['0.0000000000000001', 1e-16],
    ['-0.0', 0],
  ])('decimal or non-whole exponent form %s → DOUBLE', (text, value) => {
    expect(typed(text)).toEqual(DOUBLE(value));
  });

  it('-0.0 becomes DOUBLE +0, as a BigDecimal has no negative zero', () => {
    expect(Object.is((typed('-0.0') as { value: number }).value, 0)).toBe(true);
  });

  it.each([
    ['0.12345678901234567', '0.12345678901234567'],
    ['1.00000000000000000', '1.00000000000000000'],
    ['1E-17', '0.00000000000000001'],
    ['1.5E-16', '0.00000000000000015'],
    ['-2.5E-20', '-0.000000000000000000025'],
  ])('more than 16 decimal places %s → STRING of plain digits', (text, plain) => {
    expect(typed(text)).toEqual(STRING(plain));
  });

  it('a decimal too large for a double → STRING of plain digits', () => {
    const text = `${'9'.repeat(400)}.5`;
    expect(typed(text)).toEqual(STRING(text));
  });

  it('string → STRING', () => {
    expect(typed('"kitchen"')).toEqual(STRING('kitchen'));
    expect(typed('""')).toEqual(STRING(''));
    expect(typed('value1')).toEqual(STRING('value1'));
  });

  it('object or array → JSON as compact text, numbers as written', () => {
    expect(typed('[1, 2]')).toEqual({ type: 'JSON', value: '[1,2]' });
    expect(typed("{ a: 1.50, 'b': [true, null] }")).toEqual({
      type: 'JSON',
      value: '{"a":1.50,"b":[true,null]}',
    });
    expect(typed('{}')).toEqual({ type: 'JSON', value: '{}' });
  });

  it('null → skip the key', () => {
    expect(typed('null')).toBeNull();
  });
});

describe('typeValue: numeric-string cast (spec §5)', () => {
  it.each([
    ['"42"', LONG(42n)],
    ['"007"', LONG(7n)],
    ['"-12"', LONG(-12n)],
    ['"4.50"', DOUBLE(4.5)],
    ['".5"', DOUBLE(0.5)],
    ['"-.5"', DOUBLE(-0.5)],
    ['"3.0"', DOUBLE(3)],
    ['"99999999999999999999"', STRING('99999999999999999999')],
    ['"0.123456789012345678"', STRING('0.123456789012345678')],
  ])('%s is cast', (text, value) => {
    expect(typed(text)).toEqual(value);
  });

  it.each(['"1e3"', '"+5"', '" 42"', '"42 "', '"5."', '"0x1A"', '"-"', '"1.2.3"', '"NaN"', '"١٢"'])(
    '%s stays a string',
    (text) => {
      expect(typed(text)).toEqual(STRING(JSON.parse(text) as string));
    },
  );

  it('with the cast off, every string stays a string', () => {
    expect(typed('"42"', CAST_OFF)).toEqual(STRING('42'));
    expect(typed('"4.50"', CAST_OFF)).toEqual(STRING('4.50'));
    expect(typed('"99999999999999999999"', CAST_OFF)).toEqual(STRING('99999999999999999999'));
    expect(typed('42', CAST_OFF)).toEqual(LONG(42n));
    expect(typed('3.0', CAST_OFF)).toEqual(DOUBLE(3));
  });

  it('with the cast off, out-of-range numbers are invalid', () => {
    expect(typeError('9223372036854775808', CAST_OFF)).toBe(
      'Number 9223372036854775808 is outside the LONG range',
    );
    expect(typeError('1E19', CAST_OFF)).toBe('Number 1E19 is outside the LONG range');
    expect(typeError('0.12345678901234567', CAST_OFF)).toBe(
      'Number 0.12345678901234567 has more than 16 decimal places',
    );
    expect(typeError('1E-17', CAST_OFF)).toBe('Number 1E-17 has more than 16 decimal places');
  });

  it('refuses a number whose plain form would be absurdly long, instead of expanding it', () => {
    expect(typeError('1E999999999')).toBe(
      'Number 1E999999999 is too large to store as plain digits',
    );
    expect(typeError('1E-999999999')).toBe(
      'Number 1E-999999999 is too large to store as plain digits',
    );
  });
});

describe('typeValue: maxStringValueLength', () => {
  const limited: TypingOptions = { typeCastEnabled: true, maxStringValueLength: 5 };

  it('accepts strings up to the limit and refuses longer ones, before any cast', () => {
    expect(typed('"abcde"', limited)).toEqual(STRING('abcde'));
    expect(typeError('"abcdef"', limited)).toBe(
      'String value length [6] is greater than maximum allowed [5]',
    );
    expect(typeError('"123456"', limited)).toBe(
      'String value length [6] is greater than maximum allowed [5]',
    );
  });

  it('does not apply to numbers or JSON values', () => {
    expect(typed('1234567', limited)).toEqual(LONG(1234567n));
    expect(typed('["abcdefgh"]', limited)).toEqual({ type: 'JSON', value: '["abcdefgh"]' });
  });
});

describe('objectToKvEntries', () => {
  function entries(text: string, opts: TypingOptions = DEFAULT_TYPING): KvEntry[] {
    const r = objectToKvEntries(node(text), opts);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  it('types each member and skips nulls (example 7 values)', () => {
    expect(
      entries('{"a":"42","b":"4.50","c":null,"d":"0x1A","e":1.5E2,"f":"007","g":3.0}'),
    ).toEqual([
      { key: 'a', value: LONG(42n) },
      { key: 'b', value: DOUBLE(4.5) },
      { key: 'd', value: STRING('0x1A') },
      { key: 'e', value: LONG(150n) },
      { key: 'f', value: LONG(7n) },
      { key: 'g', value: DOUBLE(3) },
    ]);
  });

  it('lets a later duplicate win, at the first position; a later null removes the key', () => {
    expect(entries('{"a":1,"b":2,"a":3}')).toEqual([
      { key: 'a', value: LONG(3n) },
      { key: 'b', value: LONG(2n) },
    ]);
    expect(entries('{"a":1,"a":null}')).toEqual([]);
  });

  it('only the surviving duplicate is validated', () => {
    const limited: TypingOptions = { typeCastEnabled: true, maxStringValueLength: 3 };
    expect(entries('{"a":"toolong","a":"ok"}', limited)).toEqual([
      { key: 'a', value: STRING('ok') },
    ]);
  });

  it('names the key of an invalid value, and stores nothing', () => {
    const r = objectToKvEntries(node('{"ok":1,"big":1E19}'), CAST_OFF);
    expect(r).toEqual({
      ok: false,
      error: { kind: 'schema', message: 'Key "big": Number 1E19 is outside the LONG range' },
    });
  });

  it('requires an object', () => {
    for (const [text, got] of [
      ['[]', 'an array'],
      ['1', 'a number'],
      ['"x"', 'a string'],
      ['', 'null'],
      ['true', 'a boolean'],
    ]) {
      expect(objectToKvEntries(node(text ?? ''), DEFAULT_TYPING)).toEqual({
        ok: false,
        error: { kind: 'schema', message: `Expected a JSON object, got ${got ?? ''}` },
      });
    }
  });
});
