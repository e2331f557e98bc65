/**
 * The dev broker's HTTP endpoints beside the console and MQTT over WebSocket (docs/testing.md). NOT part
 * of the ThingsBoard device API. The testing endpoints need an operator account:
 * `Authorization: Basic base64(account:password)`, e.g. `curl -u admin:$PASSWORD`.
 */

export const HTTP_PATHS = {
  /** GET: readiness, for runners that start the broker as a separate process. */
  health: '/healthz',
  /** POST: back to the seed state. */
  reset: '/api/testing/reset',
  /** GET: the whole state as a snapshot document (src/protocol/broker-snapshot.ts). */
  snapshot: '/api/testing/snapshot',
  /** POST a snapshot document as the body: replace the whole state with it. */
  restore: '/api/testing/restore',
} as const;

/** `GET /healthz`: 200 with this once both listeners accept connections, else 503 with `status`. */
export interface HealthResponse {
  status: 'ok';
  name: 'iothub-dev-broker';
  version: string;
  startedAt: number;
  uptimeMs: number;
  storage: 'memory' | 'sqlite';
  ports: { mqtt: number; http: number };
  urls: { mqtt: string; ws: string; http: string };
}

/** `GET /healthz` before the broker is ready or while it stops (503). */
export interface HealthUnavailable {
  status: 'starting' | 'stopping';
}

/** What `POST /api/testing/reset` and `/api/testing/restore` return (and `broker.reset` / `broker.restore`). */
export interface StateReplacedResponse {
  /** Devices in the new state. */
  devices: number;
  /** From the request until the new state was durable, in ms. */
  tookMs: number;
}

/** An error body of the testing endpoints (the operator API's error shape). */
export interface HttpErrorResponse {
  error: { code: string; message: string; details?: unknown };
}
