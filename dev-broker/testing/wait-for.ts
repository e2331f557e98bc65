import type { AttributeDto, EventDto, TelemetryPointDto } from '../../src/protocol/operator-dto.ts';
import type { RpcEvent } from '../../src/protocol/operator-events.ts';
import type { Hub } from '../platform/hub.ts';
import type { BrokerState } from '../state/broker-state.ts';

import {
  RpcJournal,
  eventWatch,
  rpcWatch,
  sessionWatch,
  type EventWait,
  type RpcWait,
  type SessionState,
  type SessionWait,
} from './wait-activity.ts';
import {
  attributeWatch,
  telemetryWatch,
  type AttributeWait,
  type TelemetryWait,
} from './wait-data.ts';
import { DEFAULT_WAIT_MS, waitForItems, type Watch } from './wait-engine.ts';

export type { AttributeWait, TelemetryWait } from './wait-data.ts';
export type { EventWait, RpcWait, SessionState, SessionWait } from './wait-activity.ts';
export { WaitAbortedError, WaitTimeoutError } from './wait-engine.ts';

/**
 * `broker.waitFor`: resolves when something the test expects has happened in the broker — from what is
 * already there (since the last reset) and then from broker events as they come, never by polling.
 * Each wait ends after `timeoutMs` (default 5000) with a WaitTimeoutError that says what arrived
 * instead; a reset or restore while waiting ends it with a WaitAbortedError.
 */
export interface WaitFor {
  /** Stored telemetry points of a device: the first `count` that match, oldest first. */
  telemetry(options: TelemetryWait): Promise<TelemetryPointDto[]>;
  /** An attribute once it is set (with `value`, or passing `predicate`). */
  attributes(options: AttributeWait): Promise<AttributeDto>;
  /** Server-side RPC state changes (default: SUCCESSFUL) since the last reset or restore. */
  rpc(options: RpcWait): Promise<RpcEvent[]>;
  /** A device connected (default) or disconnected. */
  sessions(options: SessionWait): Promise<SessionState>;
  /** Recorded events (refusals, session changes) since the last reset. */
  events(options: EventWait): Promise<EventDto[]>;
}

/** Checks the options every wait shares; a mistake throws at once instead of waiting. */
function checked<T extends { timeoutMs?: number; count?: number; device?: string }>(
  name: string,
  o: T,
): T {
  if (typeof (o as unknown) !== 'object' || (o as unknown) === null)
    throw new TypeError(`waitFor.${name} needs an options object`);
  if ('device' in o && (typeof o.device !== 'string' || o.device === ''))
    throw new TypeError(`waitFor.${name}: device must be a device name or id`);
  if (o.count !== undefined && (!Number.isInteger(o.count) || o.count < 1))
    throw new RangeError(
      `waitFor.${name}: count must be a whole number of 1 or more, got ${String(o.count)}`,
    );
  if (o.timeoutMs !== undefined && !(o.timeoutMs >= 0))
    throw new RangeError(
      `waitFor.${name}: timeoutMs must be 0 or more, got ${String(o.timeoutMs)}`,
    );
  return o;
}

/** The wait-for verbs over one hub; `dispose` stops the RPC journal. */
export function createWaitFor(hub: Hub, state: BrokerState): WaitFor & { dispose(): void } {
  const journal = new RpcJournal(hub);
  const offReplaced = state.onReplaced(() => {
    journal.clear();
  });
  /** Starts a wait; a bad option rejects the returned promise (it never throws). */
  const run = <T>(watch: () => Watch<T>, timeoutMs: number | undefined): Promise<T[]> => {
    try {
      const onReplaced = (listener: (kind: 'reset' | 'restore') => void) =>
        state.onReplaced(listener);
      return waitForItems(watch(), timeoutMs ?? DEFAULT_WAIT_MS, onReplaced);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const first = async <T>(items: Promise<T[]>): Promise<T> => {
    const [item] = await items;
    if (item === undefined) throw new Error('a wait resolved with nothing');
    return item;
  };
  return {
    telemetry: (o) => run(() => telemetryWatch(hub, checked('telemetry', o)), o.timeoutMs),
    attributes: (o) => first(run(() => attributeWatch(hub, checked('attributes', o)), o.timeoutMs)),
    rpc: (o) => run(() => rpcWatch(hub, journal, checked('rpc', o)), o.timeoutMs),
    sessions: (o) => first(run(() => sessionWatch(hub, checked('sessions', o)), o.timeoutMs)),
    events: (o) => run(() => eventWatch(hub, checked('events', o)), o.timeoutMs),
    dispose: () => {
      offReplaced();
      journal.dispose();
    },
  };
}
