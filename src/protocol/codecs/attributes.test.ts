import { describe, expect, it } from 'vitest';

import { DEFAULT_TYPING } from '../kv-typing.ts';
import type { KvEntry } from '../kv.ts';

import {
  decodeAttributeRequest,
  decodeAttributeResponse,
  decodeClientAttributes,
  decodeSharedPush,
  encodeAttributeResponse,
  encodeSharedDeleted,
  encodeSharedUpdate,
  splitKeyList,
} from './attributes.ts';

function attributes(text: string): KvEntry[] {
  const r = decodeClientAttributes(text, DEFAULT_TYPING);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('decodeClientAttributes (spec §6.1)', () => {
  it('example 11: {"fwMode":"auto","slots":[1,2]} → STRING and JSON', () => {
    expect(attributes('{"fwMode":"auto","slots":[1,2]}')).toEqual([
      { key: 'fwMode', value: { type: 'STRING', value: 'auto' } },
      { key: 'slots', value: { type: 'JSON', value: '[1,2]' } },
    ]);
  });

  it('example 34: the seed command {attribute1: value1, attribute2: true}', () => {
    expect(attributes('{attribute1: value1, attribute2: true}')).toEqual([
      { key: 'attribute1', value: { type: 'STRING', value: 'value1' } },
      { key: 'attribute2', value: { type: 'BOOLEAN', value: true } },
    ]);
  });

  it("example 34: {'a':'x';b=2 /* c */} → a STRING x, b LONG 2; {\"a\":} is invalid", () => {
    expect(attributes("{'a':'x';b=2 /* c */}")).toEqual([
      { key: 'a', value: { type: 'STRING', value: 'x' } },
      { key: 'b', value: { type: 'LONG', value: 2n } },
    ]);
    expect(decodeClientAttributes('{"a":}', DEFAULT_TYPING)).toEqual({
      ok: false,
      error: { kind: 'bad-json', message: "Unexpected '}' at position 5: expected a value" },
    });
  });

  it('treats ts as an ordinary key, skips nulls, and accepts {}', () => {
    expect(attributes('{"ts":5,"n":null}')).toEqual([
      { key: 'ts', value: { type: 'LONG', value: 5n } },
    ]);
    expect(attributes('{}')).toEqual([]);
  });

  it.each([
    ['', 'null'],
    ['[]', 'an array'],
    ['[{"a":1}]', 'an array'],
    ['"x"', 'a string'],
    ['1', 'a number'],
  ])('rejects a payload that is not an object: %j', (text, got) => {
    expect(decodeClientAttributes(text, DEFAULT_TYPING)).toEqual({
      ok: false,
      error: { kind: 'schema', message: `Attributes must be a JSON object, got ${got}` },
    });
  });
});

describe('decodeAttributeRequest (spec §6.2)', () => {
  it('example 12: both lists', () => {
    expect(
      decodeAttributeRequest('{"clientKeys":"fwMode,slots","sharedKeys":"targetTemp,missing"}'),
    ).toEqual({
      ok: true,
      value: { clientKeys: ['fwMode', 'slots'], sharedKeys: ['targetTemp', 'missing'] },
    });
  });

  it('example 13: only sharedKeys; and {} asks for everything', () => {
    expect(decodeAttributeRequest('{"sharedKeys":"nope"}')).toEqual({
      ok: true,
      value: { sharedKeys: ['nope'] },
    });
    expect(decodeAttributeRequest('{}')).toEqual({ ok: true, value: {} });
  });

  it('splits on commas without trimming; "" asks for the key ""', () => {
    expect(decodeAttributeRequest('{"clientKeys":"a, b"}')).toEqual({
      ok: true,
      value: { clientKeys: ['a', ' b'] },
    });
    expect(decodeAttributeRequest('{"clientKeys":""}')).toEqual({
      ok: true,
      value: { clientKeys: [''] },
    });
    expect(decodeAttributeRequest('{clientKeys:a;sharedKeys=b}')).toEqual({
      ok: true,
      value: { clientKeys: ['a'], sharedKeys: ['b'] },
    });
  });

  it.each([
    ['a', ['a']],
    ['a,,b', ['a', '', 'b']],
    [',a', ['', 'a']],
    ['a,', ['a']],
    ['a,,', ['a']],
    [',', []],
    ['a,b,a', ['a', 'b']],
  ])('splitKeyList(%j) follows Java split semantics', (list, keys) => {
    expect(splitKeyList(list)).toEqual(keys);
  });

  it.each([
    ['{"clientKeys":["a"]}', '"clientKeys" must be a string of comma-separated keys, got an array'],
    ['{"sharedKeys":5}', '"sharedKeys" must be a string of comma-separated keys, got a number'],
    ['{"sharedKeys":null}', '"sharedKeys" must be a string of comma-separated keys, got null'],
    ['{"clientKeys":true}', '"clientKeys" must be a string of comma-separated keys, got a boolean'],
    ['', 'Attribute request must be a JSON object, got null'],
    ['[]', 'Attribute request must be a JSON object, got an array'],
  ])('rejects %j', (text, message) => {
    expect(decodeAttributeRequest(text)).toEqual({ ok: false, error: { kind: 'schema', message } });
  });

  it('rejects unparseable text as bad-json', () => {
    expect(decodeAttributeRequest('{"clientKeys":').ok).toBe(false);
    expect(decodeAttributeRequest('{"clientKeys":')).toMatchObject({ error: { kind: 'bad-json' } });
  });
});

describe('attribute responses and shared pushes', () => {
  const client: KvEntry[] = [
    { key: 'fwMode', value: { type: 'STRING', value: 'auto' } },
    { key: 'slots', value: { type: 'JSON', value: '[1,2]' } },
  ];
  const shared: KvEntry[] = [{ key: 'targetTemp', value: { type: 'DOUBLE', value: 21.5 } }];

  it('example 12: encodes both sections with values typed as stored', () => {
    expect(encodeAttributeResponse(client, shared)).toBe(
      '{"client":{"fwMode":"auto","slots":[1,2]},"shared":{"targetTemp":21.5}}',
    );
  });

  it('example 13: sections with no values are left out; nothing found gives {}', () => {
    expect(encodeAttributeResponse(undefined, [])).toBe('{}');
    expect(encodeAttributeResponse([], undefined)).toBe('{}');
    expect(encodeAttributeResponse(undefined, undefined)).toBe('{}');
    expect(encodeAttributeResponse(client, [])).toBe('{"client":{"fwMode":"auto","slots":[1,2]}}');
    expect(encodeAttributeResponse(undefined, shared)).toBe('{"shared":{"targetTemp":21.5}}');
  });

  it('example 14: shared update and deletion pushes', () => {
    expect(encodeSharedUpdate([{ key: 'targetTemp', value: { type: 'LONG', value: 22n } }])).toBe(
      '{"targetTemp":22}',
    );
    expect(encodeSharedDeleted(['targetTemp'])).toBe('{"deleted":["targetTemp"]}');
    expect(encodeSharedDeleted(['k1', 'k"2'])).toBe('{"deleted":["k1","k\\"2"]}');
  });

  it('round-trips a response through the console decoder', () => {
    expect(decodeAttributeResponse(encodeAttributeResponse(client, shared))).toEqual({
      ok: true,
      value: { client: { fwMode: 'auto', slots: [1, 2] }, shared: { targetTemp: 21.5 } },
    });
    expect(decodeAttributeResponse('{}')).toEqual({ ok: true, value: {} });
    expect(decodeAttributeResponse('{"client":5}')).toEqual({
      ok: false,
      error: { kind: 'schema', message: '"client" must be an object, got a number' },
    });
  });

  it('round-trips shared pushes through the console decoder', () => {
    expect(
      decodeSharedPush(
        encodeSharedUpdate([{ key: 'targetTemp', value: { type: 'LONG', value: 22n } }]),
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'updated', values: { targetTemp: 22 } },
    });
    expect(decodeSharedPush(encodeSharedDeleted(['a', 'b']))).toEqual({
      ok: true,
      value: { kind: 'deleted', keys: ['a', 'b'] },
    });
    expect(decodeSharedPush('{"deleted":[1]}')).toEqual({
      ok: true,
      value: { kind: 'updated', values: { deleted: [1] } },
    });
    expect(decodeSharedPush('{"deleted":["a"],"x":1}')).toEqual({
      ok: true,
      value: { kind: 'updated', values: { deleted: ['a'], x: 1 } },
    });
    expect(decodeSharedPush('[]')).toMatchObject({ ok: false, error: { kind: 'schema' } });
  });
});
