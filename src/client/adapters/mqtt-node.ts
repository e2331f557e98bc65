/**
 * The MQTT.js port (ADR 0007) for callers outside the console — the `iothub` CLI, the bench, the demo
 * simulators, the broker's tests and the e2e fixtures: a {@link SubscribingPort} over one MQTT.js
 * client, with no reconnect of its own. A publish still waiting for its PUBACK when the connection
 * closes is rejected (one `close` listener per port, not one per publish).
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

import type { PortMessage, PublishOutcome, Qos, SubscribingPort } from '../port.ts';
import { utf8Text } from '../runtime.ts';

import { publishAcked, refusalCode, subscribeAcked, unsubscribeAcked } from './mqtt-js-calls.ts';

/** A port over one MQTT.js client. */
export interface MqttPort extends SubscribingPort {
  readonly client: MqttClient;
  /** The connection has closed (it is never reopened). */
  readonly closed: boolean;
  /** Calls `listener` once the connection closes; returns the function that removes it. */
  onClose(listener: () => void): () => void;
  unsubscribe(filters: readonly string[]): Promise<void>;
  /** Sends DISCONNECT (when still connected) and closes the socket. */
  close(): Promise<void>;
}

/** An inbound PUBLISH; the text is decoded only when read (firmware chunks are bytes). */
class Inbound implements PortMessage {
  readonly receivedAt = Date.now();
  #text: string | undefined;
  constructor(
    readonly topic: string,
    readonly payload: Uint8Array,
  ) {}
  get text(): string {
    this.#text ??= utf8Text(this.payload);
    return this.#text;
  }
}

/** Wraps an MQTT.js client (connected or still connecting) as a port. */
export function mqttPort(client: MqttClient): MqttPort {
  const listeners = new Set<(message: PortMessage) => void>();
  const closeListeners = new Set<() => void>();
  const inflight = new Set<(error: Error) => void>();
  let closed = false;
  // An error is always followed by 'close' (or, before CONNACK, reported by connectMqtt): without a
  // listener, Node would throw it.
  client.on('error', () => undefined);
  // MQTT.js leaves Nagle's algorithm on for TCP: a small publish written while an earlier one is
  // unacknowledged then waits for the peer's delayed ACK (~40 ms) — every RPC answer did.
  client.on('connect', () => {
    (client.stream as { setNoDelay?: (noDelay: boolean) => unknown }).setNoDelay?.(true);
  });
  client.on('message', (topic, payload) => {
    const message = new Inbound(topic, payload);
    for (const listener of [...listeners]) listener(message);
  });
  client.once('close', () => {
    closed = true;
    const lost = new Error('The connection closed before the PUBACK.');
    for (const fail of [...inflight]) fail(lost);
    inflight.clear();
    for (const listener of [...closeListeners]) listener();
    closeListeners.clear();
  });
  const notConnected = (what: string) =>
    Promise.reject(new Error(`Not connected: cannot ${what}; the connection has closed.`));

  return {
    client,
    get closed() {
      return closed;
    },
    publish(topic, payload, options = {}): Promise<PublishOutcome> {
      const qos = options.qos ?? 0;
      if (closed) return notConnected(`publish to ${topic}`);
      const sentAt = performance.now();
      return new Promise((resolve, reject) => {
        const fail = (error: Error) => {
          inflight.delete(fail);
          reject(error);
        };
        inflight.add(fail);
        publishAcked(client, topic, payload, qos).then(
          ({ reasonCode }) => {
            if (!inflight.delete(fail)) return;
            const latencyMs = qos === 0 ? null : Math.round((performance.now() - sentAt) * 10) / 10;
            resolve(reasonCode === undefined ? { latencyMs } : { latencyMs, reasonCode });
          },
          (error: unknown) => {
            if (inflight.has(fail)) fail(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    subscribe(filters: Readonly<Record<string, Qos>>) {
      if (closed) return notConnected(`subscribe to ${Object.keys(filters).join(', ')}`);
      return subscribeAcked(client, filters);
    },
    unsubscribe(filters) {
      if (closed) return notConnected(`unsubscribe from ${filters.join(', ')}`);
      return unsubscribeAcked(client, filters);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onClose(listener) {
      if (closed) {
        listener();
        return () => undefined;
      }
      closeListeners.add(listener);
      return () => {
        closeListeners.delete(listener);
      };
    },
    async close() {
      // An end() after the connection closed never completes: there is nothing left to close.
      if (closed) return;
      // A polite end waits for every PUBACK; one the broker will never send (it refused the
      // publish, spec §4) would hold it forever, so those are failed and the socket closed at once.
      const force = !client.connected || inflight.size > 0;
      if (force) {
        const ended = new Error('The port was closed before the PUBACK.');
        for (const fail of [...inflight]) fail(ended);
      }
      await client.endAsync(force);
    },
  };
}

/** What one connection needs: `mqtt://…` (TCP) or `ws://…/mqtt` (WebSocket). */
export interface MqttConnectOptions {
  url: string;
  username?: string;
  password?: string;
  /** Default: MQTT.js generates one. */
  clientId?: string;
  /** 4 is MQTT 3.1.1 (default), 5 is MQTT 5. */
  protocolVersion?: 4 | 5;
  /** Default 60 s. */
  keepalive?: number;
  /** Socket plus CONNACK, default 10 s. */
  connectTimeoutMs?: number;
}

/**
 * Why a connection did not come up: `refused` by the broker (`code` is the CONNACK return code or
 * reason code), `failed` with a socket error (its message), or `closed` before any CONNACK.
 */
export class MqttConnectError extends Error {
  override readonly name = 'MqttConnectError';
  readonly reason: 'refused' | 'failed' | 'closed';
  constructor(
    message: string,
    readonly code: number | undefined,
    reason?: 'failed' | 'closed',
  ) {
    super(message);
    this.reason = code === undefined ? (reason ?? 'failed') : 'refused';
  }
}

/** The MQTT.js options of {@link connectMqtt}: clean session, no automatic reconnect or resubscribe. */
export function clientOptions(o: Omit<MqttConnectOptions, 'url'>): IClientOptions {
  return {
    protocolVersion: o.protocolVersion ?? 4,
    clean: true,
    reconnectPeriod: 0,
    resubscribe: false,
    keepalive: o.keepalive ?? 60,
    connectTimeout: o.connectTimeoutMs ?? 10_000,
    ...(o.clientId === undefined ? {} : { clientId: o.clientId }),
    ...(o.username === undefined ? {} : { username: o.username }),
    ...(o.password === undefined ? {} : { password: o.password }),
  };
}

/** Connects and resolves with the port once CONNACK 0 came; rejects with an {@link MqttConnectError}. */
export function connectMqtt(options: MqttConnectOptions): Promise<MqttPort> {
  const client = mqtt.connect(options.url, clientOptions(options));
  const port = mqttPort(client);
  return new Promise((resolve, reject) => {
    const refused = (error: Error) => {
      const code = refusalCode(error);
      client.end(true);
      reject(new MqttConnectError(error.message, code));
    };
    client.once('error', refused);
    client.once('connect', () => {
      client.off('error', refused);
      resolve(port);
    });
    client.once('close', () => {
      reject(
        new MqttConnectError(`Cannot reach the broker at ${options.url}.`, undefined, 'closed'),
      );
    });
  });
}
