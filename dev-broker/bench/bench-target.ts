import type { AddressInfo, Server } from 'node:net';

import type { PublisherResult, PublisherSpec } from './load-protocol.ts';

/** Stored points compared with what the acknowledged messages carried. */
export interface StoredCheck {
  /** PUBACKed messages × keys per message. */
  expectedPoints: number;
  storedPoints: number;
  ok: boolean;
  /** Per-device detail when something is off. */
  problems: string[];
}

/** A broker under test, listening on 127.0.0.1 over TCP and WebSocket. */
export interface BenchTarget {
  readonly name: 'aedes' | 'hub';
  readonly tcpUrl: string;
  readonly wsUrl: string;
  /** Who connects: client ids (and device tokens for the hub). */
  publishers(count: number): PublisherSpec[];
  /** Counts what was stored for a finished run; null when the target stores nothing. */
  verify(results: readonly PublisherResult[]): StoredCheck | null;
  /** Extra facts for the report (e.g. SQLite group-commit counters). */
  details(): Record<string, unknown>;
  /** Closes every server and connection (and removes temporary data). Idempotent. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with a free port and resolves with the port. */
export function listenLocal(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
