import { describe, expect, it } from 'vitest';

import { DEFAULT_TYPING, type TypingOptions } from '../kv-typing.ts';
import type { KvValue, TsKvEntry } from '../kv.ts';

import { decodeTelemetry } from './telemetry.ts';

const NOW = 1_782_986_400_000;
const LONG = (value: bigint): KvValue => ({ type: 'LONG', value });
const DOUBLE = (value: number): KvValue => ({ type: 'DOUBLE', value });
const STRING = (value: string): KvValue => ({ type: 'STRING', value });

function points(text: string, opts: TypingOptions = DEFAULT_TYPING): TsKvEntry[] {
  const r = decodeTelemetry(text, NOW, opts);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

function invalid(
  text: string,
  opts: TypingOptions = DEFAULT_TYPING,
): { kind: string; message: string } {
  const r = decodeTelemetry(text, NOW, opts);
  if (r.ok) throw new Error(`expected ${text} to be invalid`);
  return r.error;
}

describe('decodeTelemetry: worked examples', () => {
  it('example 6: a flat object is stored at broker time', () => {
    expect(points('{"temperature":42,"label":"kitchen"}')).toEqual([
      { key: 'temperature', value: LONG(42n), ts: NOW },
      { key: 'label', value: STRING('kitchen'), ts: NOW },
    ]);
  });

  it('example 7: {ts, values} with casts, a null and an exponent', () => {
    const text =
      '{"ts":1451649600512,"values":{"a":"42","b":"4.50","c":null,"d":"0x1A","e":1.5E2,"f":"007","g":3.0}}';
    const ts = Date.parse('2016-01-01T12:00:00.512Z');
    expect(ts).toBe(1451649600512);
    expect(points(text)).toEqual([
      { key: 'a', value: LONG(42n), ts },
      { key: 'b', value: DOUBLE(4.5), ts },
      { key: 'd', value: STRING('0x1A'), ts },
      { key: 'e', value: LONG(150n), ts },
      { key: 'f', value: LONG(7n), ts },
      { key: 'g', value: DOUBLE(3), ts },
    ]);
  });

  it('example 8: an array mixes shapes; each element gets its own timestamp', () => {
    expect(points('[{"ts":1000,"values":{"t":1}},{"t":2}]')).toEqual([
      { key: 't', value: LONG(1n), ts: 1000 },
      { key: 't', value: LONG(2n), ts: NOW },
    ]);
  });

  it('example 8: {"ts":…,"t":…} without values is flat, so ts is an ordinary key at broker time', () => {
    expect(points('{"ts":1700000000000,"t":5}')).toEqual([
      { key: 'ts', value: LONG(1700000000000n), ts: NOW },
      { key: 't', value: LONG(5n), ts: NOW },
    ]);
  });

  it('example 9: [] and {} are accepted and store nothing; {"temperature":} is a parse error', () => {
    expect(points('[]')).toEqual([]);
    expect(points('{}')).toEqual([]);
    expect(points('[{}]')).toEqual([]);
    expect(invalid('{"temperature":}')).toEqual({
      kind: 'bad-json',
      message: "Unexpected '}' at position 15: expected a value",
    });
  });

  it('example 34: the shell-mangled {temperature:42} stores LONG 42', () => {
    expect(points('{temperature:42}')).toEqual([{ key: 'temperature', value: LONG(42n), ts: NOW }]);
  });
});

describe('decodeTelemetry: shapes and quirks (spec §5)', () => {
  it('{"values":{…}} without ts is flat: a JSON-typed key named values', () => {
    expect(points('{"values":{"a":1}}')).toEqual([
      { key: 'values', value: { type: 'JSON', value: '{"a":1}' }, ts: NOW },
    ]);
  });

  it('ignores other top-level keys next to ts and values', () => {
    expect(points('{"ts":5,"values":{"a":1},"extra":"x"}')).toEqual([
      { key: 'a', value: LONG(1n), ts: 5 },
    ]);
  });

  it('{ts, values:{}} stores nothing', () => {
    expect(points('{"ts":5,"values":{}}')).toEqual([]);
  });

  it.each([
    ['1000', 1000],
    ['"1000"', 1000],
    ['"0001000"', 1000],
    ['1000.9', 1000],
    ['-1.5', -1],
    ['1.7E12', 1700000000000],
    ['0', 0],
  ])('accepts ts %s as %d', (tsText, ts) => {
    expect(points(`{"ts":${tsText},"values":{"k":true}}`)).toEqual([
      { key: 'k', value: { type: 'BOOLEAN', value: true }, ts },
    ]);
  });

  it.each([
    ['"10.5"', '"ts" must be an integer or a string of decimal digits, got "10.5"'],
    ['"-5"', '"ts" must be an integer or a string of decimal digits, got "-5"'],
    ['" 1000"', '"ts" must be an integer or a string of decimal digits, got " 1000"'],
    ['""', '"ts" must be an integer or a string of decimal digits, got ""'],
    ['soon', '"ts" must be an integer or a string of decimal digits, got "soon"'],
    ['true', '"ts" must be an integer or a string of decimal digits, got a boolean'],
    ['null', '"ts" must be an integer or a string of decimal digits, got null'],
    ['{}', '"ts" must be an integer or a string of decimal digits, got an object'],
    ['1E400', '"ts" 1E400 is out of range'],
    ['"99999999999999999999"', '"ts" 99999999999999999999 is out of range'],
    ['9007199254740993', '"ts" 9007199254740993 is out of range'],
  ])('rejects ts %s', (tsText, message) => {
    expect(invalid(`{"ts":${tsText},"values":{"k":1}}`)).toEqual({ kind: 'schema', message });
  });

  it.each([
    ['[1]', 'an array'],
    ['null', 'null'],
    ['"x"', 'a string'],
    ['5', 'a number'],
  ])('requires values to be an object, not %s', (valuesText, got) => {
    expect(invalid(`{"ts":1,"values":${valuesText}}`)).toEqual({
      kind: 'schema',
      message: `"values" must be an object, got ${got}`,
    });
  });

  it.each([
    ['', 'null'],
    ['   ', 'null'],
    ['null', 'null'],
    ['42', 'a number'],
    ['"x"', 'a string'],
    ['true', 'a boolean'],
  ])('rejects the root %j', (text, got) => {
    expect(invalid(text)).toEqual({
      kind: 'schema',
      message: `Telemetry must be a JSON object or an array of objects, got ${got}`,
    });
  });

  it('rejects an array holding something that is not an object', () => {
    expect(invalid('[{"a":1},2]')).toEqual({
      kind: 'schema',
      message: 'Telemetry array element 1 must be an object, got a number',
    });
    expect(invalid('[[]]')).toEqual({
      kind: 'schema',
      message: 'Telemetry array element 0 must be an object, got an array',
    });
    expect(invalid('[null]')).toEqual({
      kind: 'schema',
      message: 'Telemetry array element 0 must be an object, got null',
    });
  });

  it('is all-or-nothing: one bad element invalidates the message, naming it', () => {
    expect(invalid('[{"a":1},{"ts":"x","values":{}}]')).toEqual({
      kind: 'schema',
      message:
        'Telemetry array element 1: "ts" must be an integer or a string of decimal digits, got "x"',
    });
    expect(invalid('[{"a":1},{"b":}]').kind).toBe('bad-json');
  });

  it('same key and timestamp twice in one message: the later one wins', () => {
    expect(points('[{"t":1},{"t":2}]')).toEqual([{ key: 't', value: LONG(2n), ts: NOW }]);
    expect(points('{"t":1,"u":0,"t":2}')).toEqual([
      { key: 't', value: LONG(2n), ts: NOW },
      { key: 'u', value: LONG(0n), ts: NOW },
    ]);
    expect(
      points('[{"ts":5,"values":{"t":1}},{"ts":6,"values":{"t":3}},{"ts":"5","values":{"t":2}}]'),
    ).toEqual([
      { key: 't', value: LONG(2n), ts: 5 },
      { key: 't', value: LONG(3n), ts: 6 },
    ]);
  });

  it('skips null values and keeps the rest', () => {
    expect(points('{"a":null,"b":false}')).toEqual([
      { key: 'b', value: { type: 'BOOLEAN', value: false }, ts: NOW },
    ]);
  });

  it('applies the typing options', () => {
    const castOff: TypingOptions = { typeCastEnabled: false, maxStringValueLength: 0 };
    expect(points('{"a":"42"}', castOff)).toEqual([{ key: 'a', value: STRING('42'), ts: NOW }]);
    expect(invalid('{"ts":1,"values":{"big":1E19}}', castOff)).toEqual({
      kind: 'schema',
      message: 'Key "big": Number 1E19 is outside the LONG range',
    });
    expect(invalid('[{"s":"abcd"}]', { typeCastEnabled: true, maxStringValueLength: 3 })).toEqual({
      kind: 'schema',
      message:
        'Telemetry array element 0: Key "s": String value length [4] is greater than maximum allowed [3]',
    });
  });
});
