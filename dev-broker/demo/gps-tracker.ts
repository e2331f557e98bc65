import type { DeviceBehavior } from './device-behavior.ts';
import { clamp, measure, noise, plainReadings, type Readings } from './readings.ts';

/** Centre of the tracker's loop: around the Amsterdam canal ring. */
const CENTER = { lat: 52.3702, lon: 4.8952 };
const RADIUS_M = { ns: 1200, ew: 1800 };
const M_PER_DEG_LAT = 111_320;

/**
 * A vehicle tracker driving an elliptic loop: `latitude`/`longitude` (6 decimals) advance by the distance
 * driven at `speed` (km/h, varying between about 15 and 50), `battery` (%) drains slowly and recharges
 * at 15 %, as if it were plugged in at the depot. Answers `getState`.
 */
export function createGpsTracker(random: () => number = Math.random): DeviceBehavior {
  let angle = random() * 2 * Math.PI;
  let speed = 30;
  let battery = 100 - random() * 20;
  let elapsed = 0;
  const position = () => ({
    latitude: CENTER.lat + (RADIUS_M.ns / M_PER_DEG_LAT) * Math.sin(angle),
    longitude:
      CENTER.lon +
      (RADIUS_M.ew / (M_PER_DEG_LAT * Math.cos((CENTER.lat * Math.PI) / 180))) * Math.cos(angle),
  });
  const state = (): Readings => {
    const { latitude, longitude } = position();
    return {
      latitude: measure(latitude, 6),
      longitude: measure(longitude, 6),
      speed: measure(speed, 1),
      battery: measure(battery, 1),
    };
  };
  return {
    model: 'DEMO-GPS-1',
    intervalMs: 3000,
    sharedKeys: [],
    clientAttributes: () => ({ vehicle: 'van-07' }),
    sample(dtMs) {
      elapsed += dtMs;
      speed = clamp(32 + 15 * Math.sin(elapsed / 90_000) + noise(3, random), 0, 60);
      // distance along the loop, approximated on the mean radius
      const meters = (speed / 3.6) * (dtMs / 1000);
      angle = (angle + meters / ((RADIUS_M.ns + RADIUS_M.ew) / 2)) % (2 * Math.PI);
      battery -= 0.02 + random() * 0.02;
      if (battery < 15) battery = 100;
      return state();
    },
    rpc(method) {
      return method === 'getState' ? { reply: plainReadings(state()) } : undefined;
    },
  };
}
