/**
 * Values the simulated devices publish, encoded so that their platform types stay stable: a measurement
 * is always written with a decimal point (`21.0`, never `21`), so it is stored as DOUBLE on every sample
 * (spec §5: "a number with a `.` and no exponent (so 3.0 too)" is a DOUBLE), counts as LONG, flags as
 * BOOLEAN and labels as STRING.
 */

/** A number written with a fixed count of decimals (at least 1), so the platform types it DOUBLE. */
export interface Measure {
  readonly value: number;
  readonly decimals: number;
}

/** One telemetry or attribute value of a simulated device. */
export type Reading = Measure | number | boolean | string;

/** Readings by key, in publish order. */
export type Readings = Readonly<Record<string, Reading>>;

/** `value` rounded to `decimals` places (1 when fewer are asked), typed DOUBLE once published. */
export function measure(value: number, decimals = 1): Measure {
  return { value, decimals: Math.max(1, Math.floor(decimals)) };
}

function encodeReading(reading: Reading): string {
  if (typeof reading === 'object') {
    return Number.isFinite(reading.value) ? reading.value.toFixed(reading.decimals) : 'null';
  }
  if (typeof reading === 'number')
    return Number.isFinite(reading) ? String(Math.trunc(reading)) : 'null';
  return JSON.stringify(reading);
}

/** A flat JSON object of readings (spec §5 shape 1, spec §6.1), measurements with their fixed decimals. */
export function encodeReadings(readings: Readings): string {
  const members = Object.entries(readings).map(
    ([key, r]) => `${JSON.stringify(key)}:${encodeReading(r)}`,
  );
  return `{${members.join(',')}}`;
}

/** The plain value of a reading (RPC replies are ordinary JSON). */
export function plainReading(reading: Reading): number | boolean | string {
  return typeof reading === 'object' ? Number(reading.value.toFixed(reading.decimals)) : reading;
}

/** Plain values of readings, for RPC replies such as `getState`. */
export function plainReadings(readings: Readings): Record<string, number | boolean | string> {
  return Object.fromEntries(Object.entries(readings).map(([k, r]) => [k, plainReading(r)]));
}

/** A uniform random value in [-amplitude, amplitude]. */
export function noise(amplitude: number, random: () => number = Math.random): number {
  return (random() * 2 - 1) * amplitude;
}

/** `value` limited to [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
