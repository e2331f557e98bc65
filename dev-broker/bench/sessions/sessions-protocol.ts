/** Messages between the sessions phase (parent) and its two child processes. */

export type TargetName = 'aedes' | 'hub';

/** The broker child → parent. */
export type BrokerChildMessage =
  | { type: 'ready'; port: number; usernames: string[]; baseRssBytes: number }
  | { type: 'memory'; peakRssBytes: number; rssBytes: number; heapUsedBytes: number }
  | { type: 'error'; message: string };

/** Parent → broker child. */
export type BrokerParentMessage = { type: 'measure' } | { type: 'stop' };

/** What the connect child did. */
export interface ConnectResult {
  /** Sessions that got CONNACK 0 and stayed open. */
  connected: number;
  /** CONNACK with another code, socket errors, or closes before the CONNACK. */
  failed: number;
  firstFailure: string | null;
  /** First connect call → last CONNACK. */
  elapsedMs: number;
  /** connected / elapsed seconds. */
  perSecond: number;
}

/** Parent → connect child. */
export type ConnectParentMessage =
  | { type: 'go'; port: number; usernames: string[]; window: number; timeoutMs: number }
  | { type: 'stop' };

/** Connect child → parent. */
export type ConnectChildMessage =
  { type: 'result'; result: ConnectResult } | { type: 'error'; message: string };
