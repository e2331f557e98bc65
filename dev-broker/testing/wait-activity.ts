import type { EventDto, RpcStatusName, StoredEventKind } from '../../src/protocol/operator-dto.ts';
import type { RpcEvent } from '../../src/protocol/operator-events.ts';
import { eventDto } from '../operator/dto.ts';
import { rpcEvent } from '../operator/event-bridge.ts';
import type { Hub } from '../platform/hub.ts';

import { deviceRef } from './wait-data.ts';
import { listSome, type Watch } from './wait-engine.ts';

/** `broker.waitFor.rpc`: server-side RPC state changes (spec §7) since the last reset or restore. */
export interface RpcWait {
  device: string;
  /** The state(s) to wait for; default SUCCESSFUL. */
  status?: RpcStatusName | RpcStatusName[];
  method?: string;
  /** A persistent RPC's id. */
  rpcId?: string;
  /** How many matching changes end the wait (default 1). */
  count?: number;
  predicate?: (change: RpcEvent) => boolean;
  timeoutMs?: number;
}

/** `broker.waitFor.sessions`: a device connected (an MQTT session of its own, or through a gateway) or not. */
export interface SessionWait {
  device: string;
  /** Default true: wait until it is connected; false: until it has no session. */
  connected?: boolean;
  timeoutMs?: number;
}

/** What `broker.waitFor.sessions` resolves with: the state, and the event that made it so (null if it already was). */
export interface SessionState {
  device: string;
  connected: boolean;
  event: EventDto | null;
}

/** `broker.waitFor.events`: recorded events (refusals, session changes) since the last reset. */
export interface EventWait {
  /** Only events naming this device (name or id); any when left out. */
  device?: string;
  kind?: StoredEventKind | StoredEventKind[];
  predicate?: (event: EventDto) => boolean;
  count?: number;
  timeoutMs?: number;
}

/** Every RPC change since the last reset or restore (at most `limit`), so a wait never misses one. */
export class RpcJournal {
  readonly #changes: RpcEvent[] = [];
  readonly #off: () => void;

  constructor(
    hub: Hub,
    private readonly limit = 10_000,
  ) {
    this.#off = hub.rpc.onChange((change) => {
      this.#changes.push(rpcEvent(change, hub.devices.find(change.deviceId)?.name ?? null));
      if (this.#changes.length > this.limit) this.#changes.shift();
    });
  }

  dispose(): void {
    this.#off();
    this.clear();
  }

  list(): RpcEvent[] {
    return [...this.#changes];
  }

  clear(): void {
    this.#changes.length = 0;
  }
}

const asList = <T>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

export function rpcWatch(hub: Hub, journal: RpcJournal, o: RpcWait): Watch<RpcEvent> {
  const device = deviceRef(hub, o.device);
  const statuses = asList(o.status) ?? ['SUCCESSFUL'];
  const count = o.count ?? 1;
  const which = [o.method && `"${o.method}"`, o.rpcId && `id ${o.rpcId}`].filter(Boolean).join(' ');
  const ofDevice = (c: RpcEvent) => device.matches(c.deviceId, c.deviceName);
  return {
    name: 'waitFor.rpc',
    wanted: `${String(count)} RPC${which ? ` ${which}` : ''} of ${device.label} in ${statuses.join(' or ')}`,
    count,
    initial: () => journal.list().filter(ofDevice),
    subscribe: (push) =>
      hub.rpc.onChange((change) => {
        const event = rpcEvent(change, hub.devices.find(change.deviceId)?.name ?? null);
        if (ofDevice(event)) push(event);
      }),
    matches: (c) =>
      statuses.includes(c.status) &&
      (o.method === undefined || c.method === o.method) &&
      (o.rpcId === undefined || c.rpcId === o.rpcId) &&
      (o.predicate?.(c) ?? true),
    describeSeen: (seen) =>
      seen.length === 0
        ? `no RPC of ${device.label} changed state`
        : `RPC states seen: ${listSome(
            seen.map((c) => `${c.method} #${String(c.requestId)} ${c.status}`),
            12,
          )}`,
  };
}

const SESSION_KINDS: StoredEventKind[] = ['session_opened', 'session_closed'];

export function sessionWatch(hub: Hub, o: SessionWait): Watch<SessionState> {
  const device = deviceRef(hub, o.device);
  const connected = o.connected ?? true;
  const online = (): boolean => {
    const id = device.id();
    return id !== undefined && hub.sessions.isOnline(id);
  };
  return {
    name: 'waitFor.sessions',
    wanted: `${device.label} to be ${connected ? 'connected' : 'disconnected'}`,
    count: 1,
    initial: () => [{ device: o.device, connected: online(), event: null }],
    subscribe: (push) =>
      hub.events.subscribe((event) => {
        if (SESSION_KINDS.includes(event.kind) && device.matches(event.deviceId, event.deviceName))
          push({ device: o.device, connected: online(), event: eventDto(event) });
      }),
    matches: (s) => s.connected === connected,
    describeSeen: (seen) => {
      const id = device.id();
      if (id === undefined) return `no ${device.label} exists`;
      const now = `it is ${online() ? 'connected' : 'not connected'}`;
      const changes = seen.flatMap((s) => (s.event ? [`${s.event.kind}: ${s.event.message}`] : []));
      if (changes.length > 0) return `${now}; session changes: ${listSome(changes)}`;
      const [last] = hub.events.list({ deviceId: id, kinds: SESSION_KINDS, limit: 1 });
      return last
        ? `${now}; its last session change: ${last.kind}: ${last.message}`
        : `${now}, and never was`;
    },
  };
}

export function eventWatch(hub: Hub, o: EventWait): Watch<EventDto> {
  const device = o.device === undefined ? undefined : deviceRef(hub, o.device);
  const kinds = asList(o.kind);
  const count = o.count ?? 1;
  const ofDevice = (e: EventDto) => device?.matches(e.deviceId, e.deviceName) ?? true;
  return {
    name: 'waitFor.events',
    wanted:
      `${String(count)} ${kinds ? kinds.join(' or ') : ''} event${count === 1 ? '' : 's'}${device ? ` of ${device.label}` : ''}`.replace(
        '  ',
        ' ',
      ),
    count,
    initial: () => {
      const id = device?.id();
      if (device && id === undefined) return [];
      const query = {
        ...(id === undefined ? {} : { deviceId: id }),
        limit: Number.MAX_SAFE_INTEGER,
      };
      return hub.events.list(query).reverse().map(eventDto);
    },
    subscribe: (push) =>
      hub.events.subscribe((event) => {
        const dto = eventDto(event);
        if (ofDevice(dto)) push(dto);
      }),
    matches: (e) => (kinds === undefined || kinds.includes(e.kind)) && (o.predicate?.(e) ?? true),
    describeSeen: (seen) =>
      seen.length === 0
        ? `no event was recorded${device ? ` for ${device.label}` : ''}`
        : `events recorded: ${listSome(
            seen.slice(-8).map((e) => `${e.kind} "${e.message}"`),
            8,
          )}`,
  };
}
