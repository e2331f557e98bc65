/**
 * Messages between the benchmark (parent process, which hosts the broker under test) and the load
 * child process that runs the MQTT.js publishers.
 */

/** One publisher: its MQTT client id and, for the hub, its device access token (the username). */
export interface PublisherSpec {
  clientId: string;
  username?: string;
}

/** What the parent asks the child to do. */
export interface LoadSpec {
  url: string;
  topic: string;
  publishers: PublisherSpec[];
  /** QoS 1 publishes in flight per publisher. */
  window: number;
  warmupMs: number;
  durationMs: number;
  drainTimeoutMs: number;
  connectTimeoutMs: number;
  /** Telemetry ts of message `seq` is `baseTs + seq`: unique per device, so no row replaces another. */
  baseTs: number;
  /**
   * Paced load: each publisher sends at most this many messages a second (still at most `window` in
   * flight). Absent: as fast as PUBACKs come back (the throughput bench).
   */
  ratePerPublisher?: number;
}

/** Counters of one publisher. */
export interface PublisherResult {
  clientId: string;
  /** PUBLISH packets handed to MQTT.js. */
  sent: number;
  /** PUBACKs received in the whole run (warm-up, measured interval and drain). */
  ackedTotal: number;
  /** PUBACKs received inside the measured interval. */
  ackedMeasured: number;
  /** Publishes whose callback reported an error. */
  failed: number;
  /** Publishes still without a PUBACK when the drain timed out. */
  outstanding: number;
  /** The first error the client saw, if any. */
  error: string | null;
}

/** The child's answer. */
export interface LoadResult {
  publishers: PublisherResult[];
  /** Length of the measured interval as actually timed, in ms. */
  measuredMs: number;
  /** publish → PUBACK latency over PUBACKs of the measured interval, in ms. */
  latency: { p50: number; p99: number; max: number; samples: number };
  /** CPU time of the load process during warm-up + measurement, as a share of one core. */
  clientCpuShare: number;
}

/** `started` is sent once every publisher is connected, when warm-up begins. */
export type ChildMessage =
  { type: 'started' } | { type: 'result'; result: LoadResult } | { type: 'error'; message: string };

/** What the parent sends: the spec once, then optionally `stop` to end the measured interval early. */
export type ParentMessage = LoadSpec | { type: 'stop' };

/** The numbers this message `seq` carries; every field moves so no two payloads are alike. */
export function telemetryPayload(baseTs: number, seq: number): Buffer {
  const temperature = (18 + (seq % 1000) / 97).toFixed(2);
  const humidity = (35 + (seq % 400) / 13).toFixed(1);
  const pressure = (990 + (seq % 5000) / 111).toFixed(2);
  const battery = 100 - (seq % 100);
  const status = seq % 64 === 0 ? 'warn' : 'ok';
  return Buffer.from(
    `{"ts":${String(baseTs + seq)},"values":{"temperature":${temperature},"humidity":${humidity},` +
      `"pressure":${pressure},"battery":${String(battery)},"status":"${status}"}}`,
  );
}

/** Keys each telemetry message stores (one point per key). */
export const KEYS_PER_MESSAGE = 5;
/** The keys of `telemetryPayload`, for counting stored points. */
export const TELEMETRY_KEYS = ['temperature', 'humidity', 'pressure', 'battery', 'status'] as const;
