import { paramsObject, type DeviceBehavior } from './device-behavior.ts';
import { clamp, measure, noise, plainReadings, type Readings } from './readings.ts';

/**
 * A water pump: while `running`, `flow` (m³/h) settles near 12 and `pressure` (bar) near 3.2; stopped,
 * both fall toward zero and a static 0.3 bar. Answers `getState` and `setRunning {"running":bool}`
 * (reply `{"running":…}`, also reported as the client attribute `running`).
 */
export function createPump(random: () => number = Math.random): DeviceBehavior {
  let running = true;
  let flow = 12;
  let pressure = 3.2;
  const state = (): Readings => ({
    flow: measure(flow, 2),
    pressure: measure(pressure, 2),
    running,
  });
  return {
    model: 'DEMO-PUMP-X',
    intervalMs: 4000,
    sharedKeys: [],
    clientAttributes: () => ({ running }),
    sample() {
      const [flowTarget, pressureTarget] = running ? [12, 3.2] : [0, 0.3];
      flow = clamp(flow + (flowTarget - flow) * 0.5 + (running ? noise(0.4, random) : 0), 0, 20);
      pressure = clamp(
        pressure + (pressureTarget - pressure) * 0.5 + noise(running ? 0.08 : 0.01, random),
        0,
        6,
      );
      return state();
    },
    rpc(method, params) {
      if (method === 'getState') return { reply: plainReadings(state()) };
      if (method !== 'setRunning') return undefined;
      const next = paramsObject(params).running;
      if (typeof next !== 'boolean') return { reply: { error: 'running must be true or false' } };
      running = next;
      return { reply: { running }, attributes: { running } };
    },
  };
}
