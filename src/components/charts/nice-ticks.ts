/**
 * About `count` round tick values (1, 2, 2.5 or 5 × 10ⁿ apart) from at or below `min` to at or above
 * `max`: a chart uses the first and last as its scale, so the ticks stay put while the data moves
 * inside them. Equal or non-finite bounds get a unit span around the value.
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (hi === lo) {
    const half = Math.abs(lo) > 0 ? Math.abs(lo) / 10 : 0.5;
    lo -= half;
    hi += half;
  }
  const rough = (hi - lo) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  // Multiples of `step` (an integer times it), rounded to its precision: no 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: last - first + 1 }, (_, i) =>
    Number(((first + i) * step).toFixed(digits)),
  );
}
