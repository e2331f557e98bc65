import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

import type { Logger } from '../platform/logger.ts';

/** How a simulated device reaches the broker: a real MQTT.js client over TCP. */
export interface SimConnectionOptions {
  url: string;
  /** Client id, username and password from the device's credentials. */
  credentials: Pick<IClientOptions, 'clientId' | 'username' | 'password'>;
  label: string;
  log: Logger;
  /** True while another session holds the device (spec §13: one session per device). */
  heldElsewhere: () => boolean;
  /** Connected (CONNACK 0): subscribe, announce, start publishing. */
  onUp: (client: MqttClient) => void;
  /** The connection that was up is gone. */
  onDown: () => void;
  /** Failed attempts in a row before giving up; default 10. */
  maxAttempts?: number;
  /** First retry delay, doubled per failure up to `maxDelayMs`; default 1000. */
  baseDelayMs?: number;
  /** Default 30000. */
  maxDelayMs?: number;
  /** How often to look again while another session holds the device; default 5000. */
  yieldPollMs?: number;
}

/**
 * One simulated device's MQTT connection, with a bounded reconnect policy: a dropped or refused
 * connection is retried with exponential backoff, at most `maxAttempts` times in a row. While another
 * session holds the device (someone connected with the demo credentials, which closed ours), it waits
 * instead of taking the device back, so the two never keep replacing each other. Every timer is
 * unref'd: a connection never keeps the process alive on its own.
 */
export class SimConnection {
  #client: MqttClient | null = null;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;
  #stopped = false;

  constructor(private readonly o: SimConnectionOptions) {}

  /** The client while connected. */
  get client(): MqttClient | null {
    return this.#client?.connected ? this.#client : null;
  }

  start(): void {
    this.#open();
  }

  /** Closes the connection at once and cancels any retry; resolves when the socket is closed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    await new Promise<void>((resolve) => {
      client.end(true, {}, () => resolve());
    });
  }

  #open(): void {
    this.#timer = null;
    if (this.#stopped) return;
    if (this.o.heldElsewhere()) {
      this.#later(this.o.yieldPollMs ?? 5000);
      return;
    }
    const options: IClientOptions = {
      ...this.o.credentials,
      protocolVersion: 4,
      clean: true,
      keepalive: 60,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    };
    const client = mqtt.connect(this.o.url, options);
    this.#client = client;
    let up = false;
    client.on('connect', () => {
      up = true;
      this.#failures = 0;
      this.o.log.debug(`demo ${this.o.label}: connected`);
      this.o.onUp(client);
    });
    client.on('error', (error) => {
      this.o.log.debug(`demo ${this.o.label}: ${error.message}`);
    });
    client.once('close', () => {
      if (up) this.o.onDown();
      if (this.#client !== client) return;
      this.#client = null;
      client.end(true);
      if (!this.#stopped) this.#retry();
    });
  }

  #retry(): void {
    this.#failures++;
    const max = this.o.maxAttempts ?? 10;
    if (this.#failures > max) {
      this.o.log.warn(`demo ${this.o.label}: gave up reconnecting after ${String(max)} attempts`);
      return;
    }
    const delay = Math.min(
      (this.o.baseDelayMs ?? 1000) * 2 ** (this.#failures - 1),
      this.o.maxDelayMs ?? 30_000,
    );
    this.o.log.debug(`demo ${this.o.label}: connection closed, retrying in ${String(delay)} ms`);
    this.#later(delay);
  }

  #later(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#open();
    }, ms);
    this.#timer.unref();
  }
}
