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

/**
 * Records every refusal and session change with its reason (spec §0 "Event"), prints it at info
 * level and tells listeners (the operator API, tests). Never given secrets.
 */
export class EventsService {
  readonly #listeners = new Set<EventListener>();

  constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
  ) {}

  record(input: EventInput): EventRecord {
    // texts from the network are stored and shown escaped: no forged lines in the log or the console
    const text = (value: string | null | undefined) =>
      value === undefined || value === null ? null : escapeControl(value);
    const event = this.storage.events.append({
      ts: Date.now(),
      kind: input.kind,
      message: escapeControl(input.message),
      deviceId: input.deviceId ?? null,
      deviceName: text(input.deviceName),
      clientId: text(input.clientId),
      topic: text(input.topic),
    });
    const who = event.deviceName ?? event.clientId ?? '-';
    const where = event.topic === null ? '' : ` topic=${event.topic}`;
    this.log.info(`event ${event.kind} device=${who}${where}: ${event.message}`);
    for (const listener of this.#listeners) listener(event);
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
