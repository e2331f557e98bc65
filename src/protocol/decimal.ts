/**
 * Exact decimal arithmetic on number literals, the way the reference types values with java.math.BigDecimal
 * (spec §5): an unscaled digit string and a scale, so `1.5E2` is 15 with scale -1 and `3.0` is 30 with scale 1.
 * Nothing here goes through a binary double except `toDouble`.
 */

export interface Decimal {
  negative: boolean;
  /** Unscaled digits without leading zeros; '' for zero. */
  digits: string;
  /** The value is digits × 10^-scale. May be ±Infinity for absurd exponents. */
  scale: number;
  hasPoint: boolean;
  hasExponent: boolean;
}

/** Accepts JSON number literals and the numeric strings of the cast (`007`, `.5`, `-.5`). */
const DECIMAL = /^(-?)(\d*)(?:(\.)(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Most padding zeros a plain-digit expansion may add (`1E400` needs 400); beyond that the value is refused. */
export const MAX_PLAIN_PADDING = 1024;

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Parses a decimal literal, or returns undefined when the text is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign = '', int = '', point, frac = '', exp] = m;
  if (int === '' && frac === '') return undefined;
  const digits = (int + frac).replace(/^0+/, '');
  return {
    negative: sign === '-' && digits !== '',
    digits,
    scale: frac.length - (exp === undefined ? 0 : Number(exp)),
    hasPoint: point !== undefined,
    hasExponent: exp !== undefined,
  };
}

function trailingZeros(digits: string): number {
  let n = 0;
  while (n < digits.length && digits[digits.length - 1 - n] === '0') n++;
  return n;
}

/** Scale after removing trailing zeros (BigDecimal.stripTrailingZeros().scale()); 0 for zero. */
export function strippedScale(d: Decimal): number {
  return d.digits === '' ? 0 : d.scale - trailingZeros(d.digits);
}

/** True when the value has no fractional part. */
export function isWhole(d: Decimal): boolean {
  return strippedScale(d) <= 0;
}

/**
 * The integer part (truncated towards zero) as a bigint, or undefined when it does not fit a signed 64-bit LONG.
 */
export function truncateToLong(d: Decimal): bigint | undefined {
  const intDigits = d.digits.length - d.scale;
  if (d.digits === '' || intDigits <= 0) return 0n;
  if (intDigits > 19) return undefined;
  const text = d.scale >= 0 ? d.digits.slice(0, intDigits) : d.digits + '0'.repeat(-d.scale);
  const value = d.negative ? -BigInt(text) : BigInt(text);
  return value < LONG_MIN || value > LONG_MAX ? undefined : value;
}

/** The nearest double; -0 becomes 0 (a BigDecimal has no negative zero). */
export function toDouble(literal: string): number {
  const value = Number(literal);
  return value === 0 ? 0 : value;
}

/**
 * BigDecimal.toPlainString: the value written out without an exponent, keeping the literal's scale
 * (`1E3` → `1000`, `1.50E-17` → `0.0000000000000000150`). Undefined when more than MAX_PLAIN_PADDING zeros
 * would have to be added.
 */
export function toPlainString(d: Decimal): string | undefined {
  const sign = d.negative ? '-' : '';
  const digits = d.digits === '' ? '0' : d.digits;
  if (d.scale <= 0) {
    if (d.digits === '') return '0';
    if (-d.scale > MAX_PLAIN_PADDING) return undefined;
    return sign + digits + '0'.repeat(-d.scale);
  }
  if (digits.length > d.scale) {
    const cut = digits.length - d.scale;
    return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }
  const padding = d.scale - digits.length;
  if (padding > MAX_PLAIN_PADDING) return undefined;
  return `${sign}0.${'0'.repeat(padding)}${digits}`;
}
