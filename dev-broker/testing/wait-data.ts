import { isDeepStrictEqual } from 'node:util';

import type { TsKvEntry } from '../../src/protocol/kv.ts';
import type { AttributeDto, Scope, TelemetryPointDto } from '../../src/protocol/operator-dto.ts';
import { attributeDto, telemetryPointDto } from '../operator/dto.ts';
import type { Hub } from '../platform/hub.ts';
import type { AggregatedPoint } from '../platform/telemetry-service.ts';

import { listSome, shown, type Watch } from './wait-engine.ts';

/** `broker.waitFor.telemetry`: stored points of a device. */
export interface TelemetryWait {
  /** Device name or id (it may be created while waiting). */
  device: string;
  /** Only points of this key; any key when left out. */
  key?: string;
  /** How many matching points end the wait (default 1). */
  count?: number;
  /** Only points it accepts, e.g. `(p) => (p.value as number) > 30`. */
  predicate?: (point: TelemetryPointDto) => boolean;
  /** Default 5000. */
  timeoutMs?: number;
}

/** `broker.waitFor.attributes`: an attribute's current value. */
export interface AttributeWait {
  device: string;
  key: string;
  /** Default: any scope. */
  scope?: Scope;
  /** The value it must have (deep equality with the plain value, e.g. `21.5`, `"eco"`, `{ a: 1 }`). */
  value?: unknown;
  /** Or any test of the attribute. */
  predicate?: (attribute: AttributeDto) => boolean;
  timeoutMs?: number;
}

/** A device given by name or id, looked up whenever it is needed (it may appear while waiting). */
export interface DeviceRef {
  label: string;
  id(): string | undefined;
  matches(deviceId: string | null, deviceName?: string | null): boolean;
}

export function deviceRef(hub: Hub, ref: string): DeviceRef {
  const id = (): string | undefined => hub.devices.find(ref)?.id;
  return {
    label: `device "${ref}"`,
    id,
    matches: (deviceId, deviceName) =>
      deviceId === ref || deviceName === ref || (deviceId !== null && deviceId === id()),
  };
}

const ALL = Number.MAX_SAFE_INTEGER;

/** A stored point, not an aggregated bucket (history without aggregation returns only these). */
const isStoredPoint = (p: TsKvEntry | AggregatedPoint): p is TsKvEntry =>
  typeof p.value === 'object';

export function telemetryWatch(hub: Hub, o: TelemetryWait): Watch<TelemetryPointDto> {
  const device = deviceRef(hub, o.device);
  const count = o.count ?? 1;
  const points = count === 1 ? 'point' : 'points';
  const what = o.key === undefined ? points : `${points} of "${o.key}"`;
  return {
    name: 'waitFor.telemetry',
    wanted: `${String(count)} ${what}${o.predicate ? ' that pass the predicate' : ''} from ${device.label}`,
    count,
    initial: () => {
      const id = device.id();
      if (id === undefined) return [];
      const keys = o.key === undefined ? hub.telemetry.keys(id) : [o.key];
      const query = { keys, startTs: -ALL, endTs: ALL, limit: ALL, order: 'ASC' as const };
      return hub.telemetry
        .history(id, query)
        .filter(isStoredPoint)
        .map(telemetryPointDto)
        .sort((a, b) => a.ts - b.ts);
    },
    subscribe: (push) =>
      hub.telemetry.onSaved((deviceId, points) => {
        if (device.matches(deviceId)) for (const p of points) push(telemetryPointDto(p));
      }),
    matches: (p) => (o.key === undefined || p.key === o.key) && (o.predicate?.(p) ?? true),
    // What is stored for the device, every key (the wait may have read only one).
    describeSeen: () => {
      const id = device.id();
      if (id === undefined) return `no ${device.label} exists`;
      const parts = hub.telemetry.keys(id).map((key) => {
        const query = { keys: [key], startTs: -ALL, endTs: ALL, limit: ALL };
        const n = hub.telemetry.history(id, query).length;
        const [last] = hub.telemetry.latest(id, [key]).map(telemetryPointDto);
        return `"${key}" ×${String(n)} (last ${shown(last?.value)})`;
      });
      return parts.length === 0
        ? `nothing is stored for ${device.label}`
        : `what is stored for ${device.label}: ${listSome(parts)}`;
    },
  };
}

export function attributeWatch(hub: Hub, o: AttributeWait): Watch<AttributeDto> {
  const device = deviceRef(hub, o.device);
  const scopes: Scope[] = o.scope ? [o.scope] : ['CLIENT', 'SHARED', 'SERVER'];
  const current = (id: string): AttributeDto[] =>
    scopes.flatMap((scope) => hub.attributes.get(id, scope, [o.key]).map(attributeDto));
  const where = o.scope ? ` (${o.scope})` : '';
  const condition =
    o.value !== undefined
      ? ` to be ${shown(o.value)}`
      : o.predicate
        ? ' to pass the predicate'
        : ' to be set';
  return {
    name: 'waitFor.attributes',
    wanted: `attribute "${o.key}"${where} of ${device.label}${condition}`,
    count: 1,
    initial: () => {
      const id = device.id();
      return id === undefined ? [] : current(id);
    },
    subscribe: (push) =>
      hub.attributes.onChange((change) => {
        if (!device.matches(change.deviceId) || !scopes.includes(change.scope)) return;
        if (change.kind === 'updated' && change.entries.some((e) => e.key === o.key))
          for (const a of hub.attributes.get(change.deviceId, change.scope, [o.key]))
            push(attributeDto(a));
      }),
    matches: (a) =>
      a.key === o.key &&
      (o.value === undefined || isDeepStrictEqual(a.value, o.value)) &&
      (o.predicate?.(a) ?? true),
    describeSeen: (seen) => {
      const id = device.id();
      if (id === undefined) return `no ${device.label} exists`;
      const now = current(id).map((a) => `${shown(a.value)} (${a.scope})`);
      const values = seen.map((a) => shown(a.value));
      return now.length === 0
        ? `"${o.key}" is not set`
        : `"${o.key}" is ${listSome(now)}${values.length > 1 ? `; values seen: ${listSome(values)}` : ''}`;
    },
  };
}
