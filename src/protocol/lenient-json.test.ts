import { describe, expect, it } from 'vitest';

import { type JsonNode, parseLenientJson, toCompactJson, toPlainValue } from './lenient-json.ts';

function parse(text: string): { value: JsonNode; strict: boolean } {
  const r = parseLenientJson(text);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

function parseError(text: string): string {
  const r = parseLenientJson(text);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  expect(r.error.kind).toBe('bad-json');
  return r.error.message;
}

const num = (raw: string): JsonNode => ({ type: 'number', raw });
const str = (value: string): JsonNode => ({ type: 'string', value });

describe('parseLenientJson: strict JSON', () => {
  it('parses strict JSON and reports it as strict', () => {
    expect(parse('{"a":[1,-2.5e3,"x",true,false,null],"b":{}}')).toEqual({
      strict: true,
      value: {
        type: 'object',
        entries: [
          [
            'a',
            {
              type: 'array',
              items: [
                num('1'),
                num('-2.5e3'),
                str('x'),
                { type: 'boolean', value: true },
                { type: 'boolean', value: false },
                { type: 'null' },
              ],
            },
          ],
          ['b', { type: 'object', entries: [] }],
        ],
      },
    });
  });

  it.each(['42', '"x"', 'null', ' [ ] ', '\t{ }\r\n', '-0', '0.5', '1E+2'])(
    'top-level %j is strict',
    (text) => {
      expect(parse(text).strict).toBe(true);
    },
  );

  it('decodes every JSON escape', () => {
    expect(parse(String.raw`"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"`)).toEqual({
      strict: true,
      value: str('"\\/\b\f\n\r\té😀'),
    });
  });

  it('agrees with JSON.parse on a range of strict documents', () => {
    const docs: unknown[] = [
      { temperature: 42, label: 'kitchen' },
      [{ ts: 1000, values: { t: 1 } }, { t: 2 }],
      {
        nested: { deep: [[[]], {}, [{ x: 'y' }]] },
        s: 'tab\there "q" \\ é ☃',
        n: -0.000123,
        big: 12345678901234,
      },
      'just a string',
      [true, false, null, 0, 1e21, 1.5e-7],
    ];
    for (const doc of docs) {
      const text = JSON.stringify(doc, null, 2);
      const r = parse(text);
      expect(r.strict).toBe(true);
      expect(toPlainValue(r.value)).toEqual(JSON.parse(text));
      expect(toCompactJson(r.value)).toBe(JSON.stringify(doc));
    }
  });
});

describe('parseLenientJson: lenient extensions (spec §4.1)', () => {
  it('reads the shell-mangled seed telemetry {temperature:42} (example 34)', () => {
    expect(parse('{temperature:42}')).toEqual({
      strict: false,
      value: { type: 'object', entries: [['temperature', num('42')]] },
    });
  });

  it('reads the seed attributes {attribute1: value1, attribute2: true} (example 34)', () => {
    expect(parse('{attribute1: value1, attribute2: true}').value).toEqual({
      type: 'object',
      entries: [
        ['attribute1', str('value1')],
        ['attribute2', { type: 'boolean', value: true }],
      ],
    });
  });

  it("reads {'a':'x';b=2 /* c */} (example 34)", () => {
    expect(parse("{'a':'x';b=2 /* c */}")).toEqual({
      strict: false,
      value: {
        type: 'object',
        entries: [
          ['a', str('x')],
          ['b', num('2')],
        ],
      },
    });
  });

  it('accepts => as a name separator and ; between array elements', () => {
    expect(toCompactJson(parse('{a => 1, b=>[1;2;x]}').value)).toBe('{"a":1,"b":[1,2,"x"]}');
  });

  it('accepts // and # line comments and /* */ block comments anywhere blank is allowed', () => {
    const text = '# head\n{ // one\n "a" /* x */ : /* y */ 1 # two\r, "b":2 } // tail';
    expect(parse(text)).toEqual({
      strict: false,
      value: {
        type: 'object',
        entries: [
          ['a', num('1')],
          ['b', num('2')],
        ],
      },
    });
  });

  it.each([
    ['1.5e3', num('1.5e3')],
    ['-7', num('-7')],
    ['1.', str('1.')],
    ['.5', str('.5')],
    ['+5', str('+5')],
    ['007', str('007')],
    ['0x1A', str('0x1A')],
    ['1e', str('1e')],
    ['-', str('-')],
    ['NaN', str('NaN')],
    ['Infinity', str('Infinity')],
    ['12abc', str('12abc')],
    ['TRUE', str('TRUE')],
    ['Null', str('Null')],
    ['true', { type: 'boolean', value: true }],
    ['null', { type: 'null' }],
    ['x"y', str('x"y')],
    ['héllo', str('héllo')],
  ] satisfies [string, JsonNode][])('unquoted value %s', (token, expected) => {
    expect(parse(`{k:${token}}`).value).toEqual({ type: 'object', entries: [['k', expected]] });
  });

  it('ends an unquoted token at whitespace and at each of { } [ ] : , ; = # / \\', () => {
    expect(toCompactJson(parse('[a b]'.replace(' b', ',b')).value)).toBe('["a","b"]');
    expect(toCompactJson(parse('[a\t]').value)).toBe('["a"]');
    expect(toCompactJson(parse('[a]').value)).toBe('["a"]');
    expect(toCompactJson(parse('{a:b}').value)).toBe('{"a":"b"}');
    expect(toCompactJson(parse('[a;b]').value)).toBe('["a","b"]');
    expect(toCompactJson(parse('{a:b#c\n}').value)).toBe('{"a":"b"}');
    expect(toCompactJson(parse('{a:b/*c*/}').value)).toBe('{"a":"b"}');
    expect(parseError('{a:b=c}')).toBe("Unexpected '=' at position 4: expected ',' or '}'");
    expect(parseError('{a:b\\c}')).toBe("Unexpected '\\' at position 4: expected ',' or '}'");
    expect(parseError('{a:b/c}')).toBe("Unexpected '/' at position 4: expected ',' or '}'");
    expect(parseError('[a{]')).toBe("Unexpected '{' at position 2: expected ',' or ']'");
    expect(parseError('[a b]')).toBe("Unexpected 'b' at position 3: expected ',' or ']'");
  });

  it('keeps an unquoted name as a string even when it reads as a number or literal', () => {
    expect(toCompactJson(parse('{1:2, true:3, null:4}').value)).toBe('{"1":2,"true":3,"null":4}');
  });

  it("accepts \\' and raw control characters in strings, as lenient", () => {
    expect(parse(String.raw`'it\'s'`)).toEqual({ strict: false, value: str("it's") });
    expect(parse(String.raw`"it\'s"`)).toEqual({ strict: false, value: str("it's") });
    expect(parse('"a\nb"')).toEqual({ strict: false, value: str('a\nb') });
    expect(parse(`'say "hi"'`)).toEqual({ strict: false, value: str('say "hi"') });
  });

  it('parses empty, blank and comment-only text as null, not strict', () => {
    for (const text of ['', '   ', '\n\t', '// nothing', '/* */']) {
      expect(parse(text)).toEqual({ strict: false, value: { type: 'null' } });
    }
  });
});

describe('parseLenientJson: rejections (spec §4.1)', () => {
  it('rejects a member with no value, with a parser-style message', () => {
    expect(parseError('{"a":}')).toBe("Unexpected '}' at position 5: expected a value");
    expect(parseError('{"temperature":}')).toBe("Unexpected '}' at position 15: expected a value");
    expect(parseError('{"a":,"b":1}')).toBe("Unexpected ',' at position 5: expected a value");
    expect(parseError('{"a"}')).toBe("Unexpected '}' at position 4: expected ':'");
  });

  it.each([
    ['{"a":1', "Unexpected end of input at position 6: expected ',' or '}'"],
    ['[1,2', "Unexpected end of input at position 4: expected ',' or ']'"],
    ['{"a":1]', "Unexpected ']' at position 6: expected ',' or '}'"],
    ['[1}', "Unexpected '}' at position 2: expected ',' or ']'"],
    ['}', "Unexpected '}' at position 0: expected a value"],
    ['{', 'Unexpected end of input at position 1: expected a name'],
    ['{"a":', 'Unexpected end of input at position 5: expected a value'],
    ['"abc', 'Unterminated string starting at position 0'],
    ["{'a:1}", 'Unterminated string starting at position 1'],
    ['{"a":"x}', 'Unterminated string starting at position 5'],
    ['/* open', 'Unterminated comment starting at position 0'],
  ])('rejects unbalanced %j', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  it.each([
    ['{} x', "Unexpected 'x' at position 3: expected end of input"],
    ['{}{}', "Unexpected '{' at position 2: expected end of input"],
    ['1 2', "Unexpected '2' at position 2: expected end of input"],
    ['{"a":1}}', "Unexpected '}' at position 7: expected end of input"],
    ['hello world', "Unexpected 'w' at position 6: expected end of input"],
  ])('rejects trailing text in %j', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  it('allows a trailing comment after the value', () => {
    expect(parse('{"a":1} // done').strict).toBe(false);
  });

  it.each([
    ['[1,]', "Unexpected ']' at position 3: expected a value"],
    ['[,1]', "Unexpected ',' at position 1: expected a value"],
    ['[1,,2]', "Unexpected ',' at position 3: expected a value"],
    ['{"a":1,}', "Unexpected '}' at position 7: expected a name"],
    ['{:1}', "Unexpected ':' at position 1: expected a name"],
    ['{a b:1}', "Unexpected 'b' at position 3: expected ':'"],
  ])('rejects empty elements and names in %j', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  it.each([
    [String.raw`"\x"`, "Invalid escape 'x' at position 1"],
    [String.raw`"\u12"`, 'Invalid unicode escape at position 1'],
    ['"\\', 'Unexpected end of input at position 2: expected an escape'],
    ['{a:1\f}', "Unexpected U+000C at position 4: expected ',' or '}'"],
  ])('rejects bad escapes and characters in %j', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  it('limits nesting depth to 256 without overflowing the stack', () => {
    expect(parse('['.repeat(256) + ']'.repeat(256)).strict).toBe(true);
    expect(parseError('['.repeat(257) + ']'.repeat(257))).toBe(
      'Nesting deeper than 256 levels at position 256',
    );
    expect(parseError('{a:'.repeat(100_000))).toMatch(/^Nesting deeper than 256 levels/);
    expect(parseError('['.repeat(1_000_000))).toMatch(/^Nesting deeper than 256 levels/);
  });

  // Speed is for benchmarks, not assertions here; a quadratic parser would blow the test timeout.
  it('parses large inputs: 100,000 members, a 700,000-character string, 200,000 comments', () => {
    const big = `[${Array.from({ length: 100_000 }, (_, i) => `{k${String(i)}:'v\\n${String(i)}';n=${String(i)}.5}`).join(';')}]`;
    const longString = `"${'\\n'.repeat(200_000)}${'x'.repeat(500_000)}"`;
    const comments = '# c\n'.repeat(200_000) + '1';
    expect(parse(big).strict).toBe(false);
    expect(parse(longString).value).toEqual(str('\n'.repeat(200_000) + 'x'.repeat(500_000)));
    expect(parse(comments).value).toEqual(num('1'));
  });
});

describe('toCompactJson and toPlainValue', () => {
  it('prints compact JSON and keeps number literals as written', () => {
    const node = parse(' { "a" : [ 1 , 2.50 , 1.5E2, -0 ] , b: \'y"\', c: {} } ').value;
    expect(toCompactJson(node)).toBe('{"a":[1,2.50,1.5E2,-0],"b":"y\\"","c":{}}');
  });

  it('prints lenient number-like tokens as strings, so the output is always valid JSON', () => {
    const text = toCompactJson(parse('[1., .5, +5, 007, 0x1A]').value);
    expect(text).toBe('["1.",".5","+5","007","0x1A"]');
    expect(JSON.parse(text)).toEqual(['1.', '.5', '+5', '007', '0x1A']);
  });

  it('escapes control characters and quotes in names and strings', () => {
    const node: JsonNode = { type: 'object', entries: [['a"\n', str('\u0001\\')]] };
    expect(toCompactJson(node)).toBe('{"a\\"\\n":"\\u0001\\\\"}');
  });

  it('round-trips: parse(toCompactJson(x)) is strict and prints the same', () => {
    for (const text of [
      '{temperature:42}',
      "{'a':'x';b=2 /* c */}",
      '[{ts:1000,values:{t:1.0}},{t:null}]',
    ]) {
      const once = toCompactJson(parse(text).value);
      const again = parse(once);
      expect(again.strict).toBe(true);
      expect(toCompactJson(again.value)).toBe(once);
    }
  });

  it('gives plain values: numbers as JS numbers, later duplicate wins, __proto__ as an own key', () => {
    const plain = toPlainValue(
      parse('{"a":1,"b":[2.5,"x",null,true],"a":3,"__proto__":{"p":1}}').value,
    );
    expect(plain).toEqual({ a: 3, b: [2.5, 'x', null, true], ['__proto__']: { p: 1 } });
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain as object)).toEqual(['a', 'b', '__proto__']);
  });
});
