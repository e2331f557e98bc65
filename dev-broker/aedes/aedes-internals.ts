import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';

import type { Client } from 'aedes';

/**
 * The parts of an aedes 2.0.0-beta.1 client this adapter relies on beyond the typed API. Pinned
 * exactly in package.json; the adapter tests exercise each of them.
 */
export type AedesClientInternals = Client & {
  conn: Duplex;
  /**
   * mqtt-packet parser; we prepend a 'packet' listener to see packets before aedes handles them, and
   * parser-guards.ts wraps two of its methods.
   */
  _parser: EventEmitter;
  /** Stops reading the connection (aedes' read loop returns at once while paused). */
  pause(): void;
};

/** aedes skips its own handling (no PUBACK, no routing) of a publish flagged like this. */
export interface FlaggablePublish {
  _notAuthorized?: boolean;
}
