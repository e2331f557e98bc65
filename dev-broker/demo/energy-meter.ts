import type { DeviceBehavior } from './device-behavior.ts';
import { clamp, measure, noise, plainReadings, type Readings } from './readings.ts';

const HOUR_MS = 3_600_000;

/** A household's load by hour of day (W): a base load, a morning peak near 8:00 and an evening peak near 19:00. */
export function dailyLoad(hour: number): number {
  const peak = (at: number, width: number, height: number) =>
    height * Math.exp(-((hour - at) ** 2) / (2 * width ** 2));
  return 280 + peak(7.5, 1.2, 900) + peak(13, 2, 350) + peak(19, 1.8, 1600);
}

/**
 * A household energy meter: `power` (W) follows a daily curve by the local hour with ±6 % noise,
 * `energy` (kWh) is the lifetime register and only ever increases, `tripEnergy` (kWh) counts since
 * the last `reset` RPC, `voltage` (V) stays near 230. `startEnergy` carries the register over a
 * restart, as the meter's non-volatile memory would.
 */
export function createEnergyMeter(
  startEnergy = 0,
  random: () => number = Math.random,
  now: () => number = Date.now,
): DeviceBehavior {
  let energy = Math.max(0, startEnergy);
  let trip = 0;
  let power = 0;
  let voltage = 230;
  let resetAt = now();
  const state = (): Readings => ({
    power: measure(power, 1),
    energy: measure(energy, 4),
    tripEnergy: measure(trip, 4),
    voltage: measure(voltage, 1),
  });
  return {
    model: 'DEMO-EM-3',
    intervalMs: 5000,
    sharedKeys: [],
    clientAttributes: () => ({ phases: 1, nominalVoltage: 230 }),
    sample(dtMs) {
      const date = new Date(now());
      const hour = date.getHours() + date.getMinutes() / 60;
      power = Math.max(0, dailyLoad(hour) * (1 + noise(0.06, random)));
      const kwh = (power / 1000) * (dtMs / HOUR_MS);
      energy += kwh;
      trip += kwh;
      voltage = clamp(voltage + noise(0.8, random) + (230 - voltage) * 0.2, 220, 240);
      return state();
    },
    rpc(method) {
      if (method === 'getState') return { reply: { ...plainReadings(state()), resetAt } };
      if (method !== 'reset') return undefined;
      trip = 0;
      resetAt = now();
      return { reply: { tripEnergy: 0, resetAt } };
    },
  };
}
