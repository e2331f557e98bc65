/**
 * The broker's event log of one test (refusals, session changes, injected faults: spec §0 "Event"),
 * recorded while the test runs and attached to the Playwright report only when the test did not end
 * as expected — so a failing test shows what the broker saw and why it refused what it refused.
 */
import type { EventDto } from '../../src/protocol/operator-dto.ts';
import type { EventsService } from '../platform/events-service.ts';

/** What the recorder reads: the broker's events service (`broker.hub.events`). */
export type EventSource = Pick<EventsService, 'subscribe'>;

/** The part of Playwright's TestInfo the attachment needs. */
export interface FailureInfo {
  status?: string | undefined;
  expectedStatus: string;
  attach(name: string, options: { body: string; contentType: string }): Promise<void>;
}

/** The events a test produced, in order, and how many older ones were let go. */
export interface EventRecorder {
  readonly events: readonly EventDto[];
  readonly dropped: number;
  stop(): void;
}

/** At most this many events are kept per test (the newest); the older ones are counted. */
export const MAX_LOGGED_EVENTS = 2_000;

/** Starts recording every event the broker records from now on. */
export function recordEvents(source: EventSource, max = MAX_LOGGED_EVENTS): EventRecorder {
  const events: EventDto[] = [];
  let dropped = 0;
  const stop = source.subscribe((event) => {
    events.push({ ...event });
    if (events.length > max) {
      events.shift();
      dropped++;
    }
  });
  return {
    events,
    get dropped() {
      return dropped;
    },
    stop,
  };
}

/** One line per event: time, kind, who, topic and the broker's reason in plain words. */
export function formatEventLog(events: readonly EventDto[], dropped = 0): string {
  if (events.length === 0) return 'The broker recorded no event during this test.\n';
  const lines = events.map((e) => {
    const who = [
      e.deviceName === null ? null : `device=${e.deviceName}`,
      e.clientId === null ? null : `client=${e.clientId}`,
      e.topic === null ? null : `topic=${e.topic}`,
    ].filter((part) => part !== null);
    return `${new Date(e.ts).toISOString()}  ${e.kind.padEnd(18)} ${who.join(' ')}  ${e.message}`;
  });
  const note = dropped === 0 ? [] : [`(${String(dropped)} earlier events are not shown)`];
  return `${[...note, ...lines].join('\n')}\n`;
}

/** The test ended otherwise than expected (failed, timed out, or passed when it should fail). */
export const endedUnexpectedly = (info: Pick<FailureInfo, 'status' | 'expectedStatus'>): boolean =>
  info.status !== undefined && info.status !== info.expectedStatus;

/**
 * Attaches the log as `broker-events.txt` (readable) and `broker-events.json` when the test ended
 * unexpectedly; returns whether it did.
 */
export async function attachEventLogOnFailure(
  info: FailureInfo,
  recorder: Pick<EventRecorder, 'events' | 'dropped'>,
): Promise<boolean> {
  if (!endedUnexpectedly(info)) return false;
  const { events, dropped } = recorder;
  await info.attach('broker-events.txt', {
    body: formatEventLog(events, dropped),
    contentType: 'text/plain',
  });
  await info.attach('broker-events.json', {
    body: JSON.stringify(events, null, 2),
    contentType: 'application/json',
  });
  return true;
}
