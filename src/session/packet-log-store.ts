import { createStore } from 'zustand/vanilla';

import { createFrameBatcher, scheduleAnimationFrame } from './frame-batcher.ts';
import type { ScheduleFrame } from './frame-batcher.ts';

/** MQTT packet types as the log names them (mqtt-packet's `cmd`, plus `close` for a dropped socket). */
export type PacketKind =
  | 'connect'
  | 'connack'
  | 'publish'
  | 'puback'
  | 'pubrec'
  | 'pubrel'
  | 'pubcomp'
  | 'subscribe'
  | 'suback'
  | 'unsubscribe'
  | 'unsuback'
  | 'pingreq'
  | 'pingresp'
  | 'disconnect'
  | 'auth'
  | 'close';

/** One packet that went over the wire, as the message log shows it. */
export interface PacketLogEntry {
  /** Increasing for the life of the store; stable React key. */
  id: number;
  /** Unix ms when the packet was sent or received. */
  time: number;
  direction: 'in' | 'out';
  kind: PacketKind;
  topic: string | null;
  /** UTF-8 text of the payload, or `<N bytes: hex…>` when it is not UTF-8; cut after {@link MAX_PAYLOAD_TEXT}. */
  payloadText: string | null;
  /** True when `payloadText` is hex, not text. */
  binary: boolean;
  /** True when `payloadText` was cut. */
  truncated: boolean;
  qos: number | null;
  messageId: number | null;
  /** PUBLISH: payload bytes; other packets: the remaining length when known, else 0. */
  size: number;
  /** Acks (PUBACK, SUBACK, UNSUBACK, CONNACK, PINGRESP): ms since the packet they answer was sent. */
  latencyMs: number | null;
  /** Return or reason codes (CONNACK, PUBACK, SUBACK, UNSUBACK, DISCONNECT); empty when none. */
  codes: readonly number[];
  /** Subscribe and unsubscribe filters; empty otherwise. */
  filters: readonly string[];
}

/** Entry fields the recorder fills in; the store adds `id`. */
export type NewPacketLogEntry = Omit<PacketLogEntry, 'id'>;

/** Text kept per payload: bounds the log's memory even with 64 KiB firmware chunks. */
export const MAX_PAYLOAD_TEXT = 4096;
export const DEFAULT_PACKET_LOG_CAPACITY = 2000;

export interface PacketLogState {
  /** Oldest first; never longer than `capacity`. */
  entries: readonly PacketLogEntry[];
  capacity: number;
  /** Packets recorded since the last clear, including the ones the ring buffer has let go. */
  total: number;
}

export interface PacketLogOptions {
  capacity?: number;
  schedule?: ScheduleFrame;
}

/**
 * The packet log: a vanilla zustand ring buffer of the last `capacity` packets (default 2000).
 * `append` is cheap and may be called for every packet; the store is written once per animation frame.
 */
export function createPacketLogStore(options: PacketLogOptions = {}) {
  const capacity = options.capacity ?? DEFAULT_PACKET_LOG_CAPACITY;
  let nextId = 1;
  const store = createStore<PacketLogState>()(() => ({ entries: [], capacity, total: 0 }));
  const batcher = createFrameBatcher<PacketLogEntry>((items) => {
    const { entries, total } = store.getState();
    const kept =
      items.length >= capacity
        ? []
        : entries.slice(Math.max(0, entries.length + items.length - capacity));
    const fresh = items.length > capacity ? items.slice(items.length - capacity) : items;
    store.setState({ entries: kept.concat(fresh), total: total + items.length });
  }, options.schedule ?? scheduleAnimationFrame);

  return Object.assign(store, {
    /** Records one packet; it shows up in `entries` on the next frame. */
    append(entry: NewPacketLogEntry): void {
      batcher.push({ ...entry, id: nextId++ });
    },
    /** Writes pending packets to the store now (tests, export). */
    flush(): void {
      batcher.flushNow();
    },
    /** Forgets every packet, pending ones included. */
    clear(): void {
      batcher.clear();
      store.setState({ entries: [], total: 0 });
    },
  });
}

export type PacketLogStore = ReturnType<typeof createPacketLogStore>;
