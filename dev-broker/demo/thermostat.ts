import { paramsObject, type DeviceBehavior, type RpcAnswer } from './device-behavior.ts';
import { clamp, measure, noise, plainReadings, type Readings } from './readings.ts';

/** The thermostat's operating modes (RPC `setMode`, shared and client attribute `mode`). */
export const THERMOSTAT_MODES = ['eco', 'comfort', 'off'] as const;
export type ThermostatMode = (typeof THERMOSTAT_MODES)[number];

const isMode = (value: unknown): value is ThermostatMode =>
  THERMOSTAT_MODES.includes(value as ThermostatMode);

/** Where the room drifts when the heating is off (°C). */
const AMBIENT = 17;
/** Share of the distance to the setpoint closed per sample, by mode. */
const RATE: Record<ThermostatMode, number> = { comfort: 0.15, eco: 0.08, off: 0.04 };

/**
 * A room thermostat: `temperature` drifts toward the shared attribute `targetTemp` (toward the ambient
 * temperature when `mode` is `off`) with sensor noise, `heating` is on while it is well below the
 * setpoint, `humidity` wanders between 30 % and 65 %. It follows the shared `targetTemp` and `mode`,
 * and answers `getState` and `setMode {"mode":"eco"|"comfort"|"off"}` (which also reports the client
 * attribute `mode`).
 */
export function createThermostat(random: () => number = Math.random): DeviceBehavior {
  let temperature = 19.5 + noise(0.5, random);
  let humidity = 45 + noise(3, random);
  let targetTemp = 21.5;
  let mode: ThermostatMode = 'eco';
  let heating = false;
  const state = (): Readings => ({
    temperature: measure(temperature, 2),
    humidity: measure(humidity, 1),
    heating,
    targetTemp: measure(targetTemp, 1),
    mode,
  });
  const changeMode = (next: ThermostatMode): RpcAnswer => {
    mode = next;
    return { reply: { mode }, attributes: { mode } };
  };
  return {
    model: 'DEMO-TH-200',
    intervalMs: 2000,
    sharedKeys: ['targetTemp', 'mode'],
    clientAttributes: () => ({ mode }),
    sample() {
      const setpoint = mode === 'off' ? AMBIENT : targetTemp;
      heating = mode !== 'off' && temperature < setpoint - 0.2;
      temperature += (setpoint - temperature) * RATE[mode] + noise(0.05, random);
      humidity = clamp(humidity + noise(0.4, random) - (heating ? 0.05 : 0), 30, 65);
      return { temperature: measure(temperature, 2), humidity: measure(humidity, 1), heating };
    },
    applyShared(values) {
      const target = values.targetTemp;
      if (typeof target === 'number' && Number.isFinite(target)) targetTemp = clamp(target, 5, 35);
      if (isMode(values.mode) && values.mode !== mode) {
        mode = values.mode;
        return { mode };
      }
      return undefined;
    },
    rpc(method, params) {
      if (method === 'getState') return { reply: plainReadings(state()) };
      if (method !== 'setMode') return undefined;
      const next = paramsObject(params).mode;
      if (!isMode(next))
        return { reply: { error: `mode must be one of ${THERMOSTAT_MODES.join(', ')}` } };
      return changeMode(next);
    },
  };
}
