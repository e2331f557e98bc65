import { describe, expect, it } from 'vitest';

import {
  isWhole,
  MAX_PLAIN_PADDING,
  parseDecimal,
  strippedScale,
  toPlainString,
  truncateToLong,
} from './decimal.ts';

function dec(text: string) {
  const d = parseDecimal(text);
  if (d === undefined) throw new Error(`not a decimal: ${text}`);
  return d;
}

describe('parseDecimal', () => {
  it('splits a literal into unscaled digits and a BigDecimal-style scale', () => {
    expect(parseDecimal('1.5E2')).toEqual({
      negative: false,
      digits: '15',
      scale: -1,
      hasPoint: true,
      hasExponent: true,
    });
    expect(parseDecimal('3.0')).toEqual({
      negative: false,
      digits: '30',
      scale: 1,
      hasPoint: true,
      hasExponent: false,
    });
    expect(parseDecimal('-007')).toEqual({
      negative: true,
      digits: '7',
      scale: 0,
      hasPoint: false,
      hasExponent: false,
    });
    expect(parseDecimal('-.5')).toEqual({
      negative: true,
      digits: '5',
      scale: 1,
      hasPoint: true,
      hasExponent: false,
    });
    expect(parseDecimal('-0.00')).toEqual({
      negative: false,
      digits: '',
      scale: 2,
      hasPoint: true,
      hasExponent: false,
    });
    expect(parseDecimal('1e-2')).toEqual({
      negative: false,
      digits: '1',
      scale: 2,
      hasPoint: false,
      hasExponent: true,
    });
  });

  it.each(['', '-', '.', 'e5', '+5', '1e', '0x1A', ' 1', '1 ', '1.2.3', 'NaN'])(
    'rejects %j',
    (text) => {
      expect(parseDecimal(text)).toBeUndefined();
    },
  );
});

describe('whole-ness and truncation', () => {
  it.each([
    ['150', true, -1],
    ['1.5E2', true, -1],
    ['1.50E1', true, 0],
    ['3.0', true, 0],
    ['1E-2', false, 2],
    ['0.00', true, 0],
    ['0E5', true, 0],
  ])('%s: whole=%s, stripped scale %d', (text, whole, scale) => {
    expect(isWhole(dec(text))).toBe(whole);
    expect(strippedScale(dec(text))).toBe(scale);
  });

  it.each([
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775808', undefined],
    ['-9223372036854775809', undefined],
    ['1E19', undefined],
    ['9.2E18', 9200000000000000000n],
    ['1451649600512.9', 1451649600512n],
    ['-1.9', -1n],
    ['-0.5', 0n],
    ['1.7E12', 1700000000000n],
    ['1E-400', 0n],
    ['1E400', undefined],
  ])('truncateToLong(%s) = %s', (text, expected) => {
    expect(truncateToLong(dec(text))).toBe(expected);
  });

  it('survives an exponent with hundreds of digits', () => {
    expect(truncateToLong(dec(`1E${'9'.repeat(400)}`))).toBeUndefined();
    expect(truncateToLong(dec(`1E-${'9'.repeat(400)}`))).toBe(0n);
  });
});

describe('toPlainString (BigDecimal.toPlainString)', () => {
  it.each([
    ['1E3', '1000'],
    ['1.5E2', '150'],
    ['-1.5E20', '-150000000000000000000'],
    ['99999999999999999999', '99999999999999999999'],
    ['0099999999999999999999', '99999999999999999999'],
    ['1E-20', '0.00000000000000000001'],
    ['1.50E-17', '0.0000000000000000150'],
    ['-2.5E-18', '-0.0000000000000000025'],
    ['12345.678901234567890', '12345.678901234567890'],
    ['0.12345678901234567', '0.12345678901234567'],
    ['-0.00000000000000000000', '0.00000000000000000000'],
    ['0E5', '0'],
    ['.5', '0.5'],
  ])('%s → %s', (text, plain) => {
    expect(toPlainString(dec(text))).toBe(plain);
  });

  it('expands up to the padding limit and refuses beyond it', () => {
    expect(toPlainString(dec(`1E${String(MAX_PLAIN_PADDING)}`))).toBe(
      `1${'0'.repeat(MAX_PLAIN_PADDING)}`,
    );
    expect(toPlainString(dec(`1E${String(MAX_PLAIN_PADDING + 1)}`))).toBeUndefined();
    expect(toPlainString(dec('1E-5000'))).toBeUndefined();
    expect(toPlainString(dec('1E999999999999'))).toBeUndefined();
    expect(toPlainString(dec(`${'7'.repeat(5000)}.5`))).toBe(`${'7'.repeat(5000)}.5`);
  });
});
