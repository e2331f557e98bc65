import type { Settings } from '../config/settings.ts';
import type { EventKind, EventQuery, EventRecord, Storage } from '../storage/storage.ts';

import { escapeControl, type Logger } from './logger.ts';

export type EventInput = {
  kind: EventKind;
  message: string;
  deviceId?: string | null;
  deviceName?: string | null;
  clientId?: string | null;
  topic?: string | null;
};

export type EventListener = (event: EventRecord) => void;

/** Longest client id, device name or topic, and message, an event keeps. */
const MAX_NAME_CHARS = 256;
const MAX_MESSAGE_CHARS = 2048;

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${String(text.length)} characters)`;

/** Retention runs after this many new events, and at least once a minute. */
const PRUNE_EVERY_APPENDS = 1000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Records every refusal and session change with its reason (spec §0 "Event"), prints it at info
 * level and tells listeners (the operator API, tests). Never given secrets. The table is bounded:
 * events older than `events.maxAgeMs` and all but the newest `events.maxCount` are deleted (so
 * it holds at most `maxCount` + 1,000 rows).
 */
export class EventsService {
  readonly #listeners = new Set<EventListener>();
  readonly #timer: NodeJS.Timeout;
  #appendsSincePrune = 0;

  constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly settings: () => Settings,
  ) {
    this.#timer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.#timer.unref();
    void this.prune();
  }

  /** Applies the retention settings now; resolves with how many events were deleted. */
  prune(): Promise<number> {
    this.#appendsSincePrune = 0;
    const { maxAgeMs, maxCount } = this.settings().events;
    return this.storage.events
      .prune({ olderThan: Date.now() - maxAgeMs, keep: maxCount })
      .catch((error: unknown) => {
        this.log.error(`event retention failed: ${String(error)}`);
        return 0;
      });
  }

  dispose(): void {
    clearInterval(this.#timer);
  }

  record(input: EventInput): EventRecord {
    // texts from the network are stored and shown escaped (no forged lines in the log or the
    // console) and clipped (a 64 KiB client id must not make a 64 KiB row)
    const text = (value: string | null | undefined) =>
      value === undefined || value === null ? null : clip(escapeControl(value), MAX_NAME_CHARS);
    // nobody waits on the row being durable: it may travel with the writes of later turns
    const event = this.storage.inBackground(() =>
      this.storage.events.append({
        ts: Date.now(),
        kind: input.kind,
        message: clip(escapeControl(input.message), MAX_MESSAGE_CHARS),
        deviceId: input.deviceId ?? null,
        deviceName: text(input.deviceName),
        clientId: text(input.clientId),
        topic: text(input.topic),
      }),
    );
    const who = event.deviceName ?? event.clientId ?? '-';
    const where = event.topic === null ? '' : ` topic=${event.topic}`;
    this.log.info(`event ${event.kind} device=${who}${where}: ${event.message}`);
    for (const listener of this.#listeners) listener(event);
    if (++this.#appendsSincePrune >= PRUNE_EVERY_APPENDS) void this.prune();
    return event;
  }

  list(query?: EventQuery): EventRecord[] {
    return this.storage.events.list(query);
  }

  /** Subscribes to new events; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
