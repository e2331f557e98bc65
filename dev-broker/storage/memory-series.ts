import type { AttributeEntry, AttributeScope, KvValue, TsKvEntry } from '../../src/protocol/kv.ts';

import { applyNow, type ApplyWrite, copyKv, requireDevice } from './memory-apply.ts';
import { compareStrings, uniqueKeys } from './ordering.ts';
import type { AttributeStore, TelemetryQuery, TelemetryStore } from './storage.ts';

/** One key's points, kept sorted by ts in two parallel arrays (cheap appends, binary search). */
class Series {
  readonly ts: number[] = [];
  readonly values: KvValue[] = [];
  latest: TsKvEntry | undefined;

  /** Index of the first point with ts >= `ts` (or > `ts` when `after`). */
  bound(ts: number, after: boolean): number {
    let lo = 0;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.ts[mid] ?? 0;
      if (at < ts || (after && at === ts)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  put(point: TsKvEntry): void {
    const value = copyKv(point.value);
    const last = this.ts.at(-1);
    if (last === undefined || point.ts > last) {
      this.ts.push(point.ts);
      this.values.push(value);
    } else {
      const at = this.bound(point.ts, false);
      if (this.ts[at] === point.ts) this.values[at] = value;
      else {
        this.ts.splice(at, 0, point.ts);
        this.values.splice(at, 0, value);
      }
    }
    if (this.latest === undefined || point.ts >= this.latest.ts) {
      this.latest = { key: point.key, ts: point.ts, value };
    }
  }

  range(key: string, query: TelemetryQuery): TsKvEntry[] {
    const limit = Math.floor(query.limit);
    const lo = this.bound(query.startTs, false);
    const hi = this.bound(query.endTs, true);
    const out: TsKvEntry[] = [];
    if (query.order === 'ASC') {
      for (let i = lo; i < hi && out.length < limit; i++) out.push(this.point(key, i));
    } else {
      for (let i = hi - 1; i >= lo && out.length < limit; i--) out.push(this.point(key, i));
    }
    return out;
  }

  private point(key: string, i: number): TsKvEntry {
    const value = this.values[i];
    const ts = this.ts[i];
    if (value === undefined || ts === undefined) throw new RangeError(`no point at ${i}`);
    return { key, ts, value: copyKv(value) };
  }
}

/** Telemetry per device and key, plus a `dropDevice` for the device delete cascade. */
export function createMemoryTelemetry(
  hasDevice: (id: string) => boolean,
  apply: ApplyWrite = applyNow,
): TelemetryStore & { dropDevice(id: string): void; clear(): void } {
  const byDevice = new Map<string, Map<string, Series>>();

  return {
    save: (deviceId, points) =>
      apply(() => {
        requireDevice(hasDevice, deviceId);
        let keys = byDevice.get(deviceId);
        if (!keys) byDevice.set(deviceId, (keys = new Map<string, Series>()));
        for (const point of points) {
          let series = keys.get(point.key);
          if (!series) keys.set(point.key, (series = new Series()));
          series.put(point);
        }
      }),
    latest: (deviceId, keys) => {
      const series = byDevice.get(deviceId);
      if (!series) return [];
      const wanted = keys === undefined ? [...series.keys()] : uniqueKeys(keys);
      const out: TsKvEntry[] = [];
      for (const key of wanted.sort(compareStrings)) {
        const latest = series.get(key)?.latest;
        if (latest) out.push({ ...latest, value: copyKv(latest.value) });
      }
      return out;
    },
    history: (deviceId, query) => {
      const series = byDevice.get(deviceId);
      if (!series) return [];
      return uniqueKeys(query.keys).flatMap((key) => series.get(key)?.range(key, query) ?? []);
    },
    keys: (deviceId) => [...(byDevice.get(deviceId)?.keys() ?? [])].sort(compareStrings),
    dropDevice: (id) => byDevice.delete(id),
    clear: () => {
      byDevice.clear();
    },
  };
}

type ScopeMaps = Record<AttributeScope, Map<string, AttributeEntry>>;

const copyAttribute = (a: AttributeEntry): AttributeEntry => ({ ...a, value: copyKv(a.value) });

/** Attributes per device and scope, plus a `dropDevice` for the device delete cascade. */
export function createMemoryAttributes(
  hasDevice: (id: string) => boolean,
  apply: ApplyWrite = applyNow,
): AttributeStore & { dropDevice(id: string): void; clear(): void } {
  const byDevice = new Map<string, ScopeMaps>();
  const scopeOf = (
    deviceId: string,
    scope: AttributeScope,
  ): Map<string, AttributeEntry> | undefined => byDevice.get(deviceId)?.[scope];

  return {
    save: (deviceId, scope, entries, ts) =>
      apply(() => {
        requireDevice(hasDevice, deviceId);
        let scopes = byDevice.get(deviceId);
        if (!scopes) {
          scopes = { CLIENT: new Map(), SHARED: new Map(), SERVER: new Map() };
          byDevice.set(deviceId, scopes);
        }
        const map = scopes[scope];
        for (const { key, value } of entries) {
          map.set(key, { key, scope, value: copyKv(value), lastUpdateTs: ts });
        }
      }),
    get: (deviceId, scope, keys) => {
      const map = scopeOf(deviceId, scope);
      if (!map) return [];
      const wanted = keys === undefined ? [...map.keys()] : uniqueKeys(keys);
      const out: AttributeEntry[] = [];
      for (const key of wanted.sort(compareStrings)) {
        const found = map.get(key);
        if (found) out.push(copyAttribute(found));
      }
      return out;
    },
    delete: (deviceId, scope, keys) =>
      apply(() => {
        const map = scopeOf(deviceId, scope);
        if (!map) return [];
        return uniqueKeys(keys).filter((key) => map.delete(key));
      }),
    dropDevice: (id) => byDevice.delete(id),
    clear: () => {
      byDevice.clear();
    },
  };
}
