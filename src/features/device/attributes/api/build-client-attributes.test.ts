import { describe, expect, it } from 'vitest';

import { buildClientAttributes } from './build-client-attributes.ts';
import type { AttributeRow } from './build-client-attributes.ts';

const row = (key: string, type: AttributeRow['type'], value: string, id = 0): AttributeRow => ({
  id,
  key,
  type,
  value,
});

describe('buildClientAttributes', () => {
  it('types each value as chosen and keeps number literals as typed', () => {
    expect(
      buildClientAttributes([
        row('attribute1', 'string', 'value1'),
        row('attribute2', 'boolean', 'true'),
        row('attribute3', 'number', '42.0'),
        row('attribute5', 'json', '{someNumber: 42}'),
      ]),
    ).toEqual({
      ok: true,
      json: '{"attribute1":"value1","attribute2":true,"attribute3":42.0,"attribute5":{"someNumber":42}}',
    });
  });

  it('says what is wrong with each row', () => {
    const built = buildClientAttributes([
      row('', 'string', 'x'),
      row('n', 'number', '4x'),
      row('j', 'json', '{"a":}'),
    ]);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.problems[0]).toBe('Attribute 1: enter a key.');
    expect(built.problems[1]).toBe('"n": "4x" is not a number.');
    expect(built.problems[2]).toMatch(/^"j": Not valid JSON/);
  });
});
