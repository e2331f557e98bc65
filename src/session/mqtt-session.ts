import mqtt from 'mqtt';

import {
  describeGaveUp,
  describeLost,
  describeRefusal,
  describeUnreachable,
} from './connack-messages.ts';
import { DEFAULT_RECONNECT_POLICY, reconnectDelayMs } from './reconnect-policy.ts';
import type { ReconnectPolicy } from './reconnect-policy.ts';
import { createSessionStore } from './session-store.ts';
import type { ProtocolVersion, SessionStore } from './session-store.ts';
import type { OpenTransport, Transport } from './transport.ts';

/** What the user asks to connect with. */
export interface ConnectOptions {
  /** WebSocket URL of the broker, e.g. `ws://localhost:8080/mqtt`. */
  url: string;
  protocolVersion: ProtocolVersion;
  /** Sent as the CONNECT username (IoT Hub spec §1.2); may be empty. */
  accessToken: string;
}

export interface MqttSessionOptions {
  /** Opens one connection attempt; defaults to MQTT.js over WebSocket. Tests pass a fake. */
  openTransport?: OpenTransport;
  reconnect?: Partial<ReconnectPolicy>;
  /** Socket plus CONNACK timeout of one attempt. */
  connectTimeoutMs?: number;
  createClientId?: () => string;
}

function isRefusal(error: Error): error is Error & { code: number } {
  // MQTT.js reports CONNACK refusals as ErrorWithReasonCode (numeric `code`); socket errors
  // carry a string code or none, and are always followed by 'close'.
  return 'code' in error && typeof error.code === 'number' && error.code > 0;
}

/** One attempt over MQTT.js. Its own reconnect is off: {@link MqttSession} owns the retry policy. */
export const openMqttTransport: OpenTransport = (options, handlers) => {
  let silenced = false;
  let connected = false;
  const client = mqtt.connect(options.url, {
    protocolVersion: options.protocolVersion,
    clientId: options.clientId,
    username: options.username,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: options.connectTimeoutMs,
  });
  client.on('connect', () => {
    connected = true;
    if (!silenced) handlers.connected();
  });
  client.on('error', (error) => {
    if (silenced || connected || !isRefusal(error)) return;
    silenced = true;
    handlers.refused(error.code);
  });
  client.on('close', () => {
    if (silenced) return;
    silenced = true;
    handlers.closed();
  });
  return {
    end: async () => {
      silenced = true;
      await client.endAsync(!client.connected);
    },
  };
};

function randomClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
  return `iothub-console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The one MQTT connection of the console. It lives outside React (style.md habit 3): create it once
 * (see src/main.tsx), hand it to `SessionProvider`, and read its {@link MqttSession.store} through
 * selectors. It writes every status change to that vanilla store, retries network failures a
 * bounded number of times with exponential backoff, and never retries a CONNACK refusal.
 */
export class MqttSession {
  /** Status, client id and last error of this session. Only the session writes it. */
  readonly store: SessionStore;
  readonly #openTransport: OpenTransport;
  readonly #policy: ReconnectPolicy;
  readonly #connectTimeoutMs: number;
  readonly #createClientId: () => string;
  #target: (ConnectOptions & { clientId: string }) | null = null;
  #transport: Transport | null = null;
  /** Bumped on every attempt and stop, so callbacks of an older attempt are ignored. */
  #generation = 0;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: MqttSessionOptions = {}) {
    this.#openTransport = options.openTransport ?? openMqttTransport;
    this.#policy = { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect };
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#createClientId = options.createClientId ?? randomClientId;
    this.store = createSessionStore(this.#policy.maxAttempts);
  }

  /** Starts connecting (status `connecting`), ending any current connection first. */
  connect(options: ConnectOptions): void {
    if (this.#disposed) throw new Error('MqttSession: connect() after dispose()');
    void this.#stop()?.end();
    const clientId = this.#createClientId();
    this.#target = { ...options, clientId };
    this.#attempt = 0;
    this.store.setState({
      status: 'connecting',
      lastError: null,
      clientId,
      brokerUrl: options.url,
      protocolVersion: options.protocolVersion,
      reconnectAttempt: 0,
    });
    this.#openAttempt();
  }

  /** Sends DISCONNECT, stops retrying and sets status `closed`. */
  async disconnect(): Promise<void> {
    const transport = this.#stop();
    if (this.store.getState().status !== 'idle') {
      this.store.setState({ status: 'closed', reconnectAttempt: 0 });
    }
    await transport?.end();
  }

  /** Ends everything for good (HMR dispose, tests). Later `connect()` calls throw. */
  dispose(): void {
    this.#disposed = true;
    this.disconnect().catch(() => undefined);
  }

  #stop(): Transport | null {
    this.#generation += 1;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const transport = this.#transport;
    this.#transport = null;
    return transport;
  }

  #openAttempt(): void {
    const target = this.#target;
    if (target === null) return;
    const generation = ++this.#generation;
    const isCurrent = () => generation === this.#generation;
    // An object, not `let`s: the handlers below may run before `open` returns.
    const attempt = { connected: false, finished: false };
    const transport = this.#openTransport(
      {
        url: target.url,
        protocolVersion: target.protocolVersion,
        clientId: target.clientId,
        username: target.accessToken,
        connectTimeoutMs: this.#connectTimeoutMs,
      },
      {
        connected: () => {
          if (!isCurrent()) return;
          attempt.connected = true;
          this.#attempt = 0;
          this.store.setState({ status: 'connected', lastError: null, reconnectAttempt: 0 });
        },
        refused: (code) => {
          if (!isCurrent()) return;
          attempt.finished = true;
          this.#transport = null;
          const lastError = describeRefusal(code, target.protocolVersion);
          this.store.setState({ status: 'error', lastError, reconnectAttempt: 0 });
        },
        closed: () => {
          if (!isCurrent()) return;
          attempt.finished = true;
          this.#transport = null;
          const reason = attempt.connected
            ? describeLost(target.url)
            : describeUnreachable(target.url);
          this.#retry(target.url, reason);
        },
      },
    );
    if (isCurrent() && !attempt.finished) this.#transport = transport;
  }

  #retry(url: string, reason: string): void {
    this.#attempt += 1;
    if (this.#attempt > this.#policy.maxAttempts) {
      const lastError = describeGaveUp(url, this.#policy.maxAttempts);
      this.store.setState({ status: 'error', lastError, reconnectAttempt: 0 });
      return;
    }
    this.store.setState({
      status: 'reconnecting',
      lastError: reason,
      reconnectAttempt: this.#attempt,
    });
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.#openAttempt();
      },
      reconnectDelayMs(this.#policy, this.#attempt),
    );
  }
}
