import { describe, expect, it } from 'vitest';

import { kvEntriesToJsonObject, kvValueToJson, kvValueToPlain } from './kv-json.ts';
import { objectToKvEntries, DEFAULT_TYPING } from './kv-typing.ts';
import type { KvEntry, KvValue } from './kv.ts';
import { parseLenientJson } from './lenient-json.ts';

describe('kvValueToJson', () => {
  it.each([
    [{ type: 'BOOLEAN', value: true }, 'true'],
    [{ type: 'BOOLEAN', value: false }, 'false'],
    [{ type: 'LONG', value: 42n }, '42'],
    [{ type: 'LONG', value: -9223372036854775808n }, '-9223372036854775808'],
    [{ type: 'DOUBLE', value: 3 }, '3.0'],
    [{ type: 'DOUBLE', value: -0 }, '0.0'],
    [{ type: 'DOUBLE', value: 4.5 }, '4.5'],
    [{ type: 'DOUBLE', value: 21.5 }, '21.5'],
    [{ type: 'DOUBLE', value: 1e21 }, '1e+21'],
    [{ type: 'DOUBLE', value: 1e-7 }, '1e-7'],
    [{ type: 'DOUBLE', value: Number.NaN }, 'null'],
    [{ type: 'STRING', value: 'a "q"\n' }, '"a \\"q\\"\\n"'],
    [{ type: 'STRING', value: '42' }, '"42"'],
    [{ type: 'JSON', value: '[1,2]' }, '[1,2]'],
  ] satisfies [KvValue, string][])('%# → %s', (value, json) => {
    expect(kvValueToJson(value)).toBe(json);
  });
});

describe('kvEntriesToJsonObject', () => {
  it('writes {"k":v,...} in order, and {} for nothing', () => {
    const entries: KvEntry[] = [
      { key: 'fwMode', value: { type: 'STRING', value: 'auto' } },
      { key: 'slots', value: { type: 'JSON', value: '[1,2]' } },
      { key: 'g', value: { type: 'DOUBLE', value: 3 } },
    ];
    expect(kvEntriesToJsonObject(entries)).toBe('{"fwMode":"auto","slots":[1,2],"g":3.0}');
    expect(kvEntriesToJsonObject([])).toBe('{}');
  });

  it('round-trips through typing: decode(encode(entries)) gives the same typed entries', () => {
    const source =
      '{"a":42,"b":4.5,"c":"x","d":true,"e":[1,{"f":null}],"g":3.0,"h":-9223372036854775808,"i":1E-5}';
    const first = objectToKvEntries(parse(source), DEFAULT_TYPING);
    if (!first.ok) throw new Error(first.error.message);
    const text = kvEntriesToJsonObject(first.value);
    expect(text).toBe(
      '{"a":42,"b":4.5,"c":"x","d":true,"e":[1,{"f":null}],"g":3.0,"h":-9223372036854775808,"i":0.00001}',
    );
    expect(objectToKvEntries(parse(text), DEFAULT_TYPING)).toEqual(first);
  });
});

describe('kvValueToPlain', () => {
  it('gives display values; LONG beyond 2^53 as digits', () => {
    expect(kvValueToPlain({ type: 'LONG', value: 42n })).toBe(42);
    expect(kvValueToPlain({ type: 'LONG', value: 9007199254740993n })).toBe('9007199254740993');
    expect(kvValueToPlain({ type: 'DOUBLE', value: 4.5 })).toBe(4.5);
    expect(kvValueToPlain({ type: 'STRING', value: 'x' })).toBe('x');
    expect(kvValueToPlain({ type: 'BOOLEAN', value: false })).toBe(false);
    expect(kvValueToPlain({ type: 'JSON', value: '{"a":[1,"b"]}' })).toEqual({ a: [1, 'b'] });
    expect(kvValueToPlain({ type: 'JSON', value: '{broken' })).toBe('{broken');
  });
});

function parse(text: string) {
  const r = parseLenientJson(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.value;
}
