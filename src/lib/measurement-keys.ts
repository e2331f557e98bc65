/** Keys that are bookkeeping, not measurements: timestamps and firmware or software state. */
const NOT_MEASUREMENTS = [/_ts$/i, /^ts$/i, /^fw_/i, /^sw_/i, /^target_fw_/i, /^target_sw_/i];

/** Whether a key looks like a measurement worth plotting (not `*_ts`, `fw_*`, `sw_*`). */
export function isMeasurementKey(key: string): boolean {
  return !NOT_MEASUREMENTS.some((pattern) => pattern.test(key));
}
