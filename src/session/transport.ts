import type { ProtocolVersion } from './session-store.ts';

/** What one connection attempt needs. */
export interface TransportOptions {
  url: string;
  protocolVersion: ProtocolVersion;
  clientId: string;
  /** CONNECT username: the device's access token (IoT Hub spec §1.2). */
  username: string;
  /** How long to wait for the socket and the CONNACK. */
  connectTimeoutMs: number;
}

/**
 * Callbacks of one attempt. A transport calls `connected` at most once, then at most one of
 * `refused` or `closed`, and nothing at all after `end()` was called.
 */
export interface TransportHandlers {
  /** CONNACK 0 arrived. */
  connected(): void;
  /** CONNACK with a non-zero return code (3.1.1) or reason code (5); the socket is closed. */
  refused(code: number): void;
  /** The network connection ended (or never opened) without a refusal. */
  closed(): void;
}

/** One MQTT network connection, opened by an {@link OpenTransport}. */
export interface Transport {
  /** Sends DISCONNECT if connected, closes the socket, and silences the handlers. */
  end(): Promise<void>;
}

/** Opens one connection attempt; the session owns retries. */
export type OpenTransport = (options: TransportOptions, handlers: TransportHandlers) => Transport;
