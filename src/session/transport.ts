import type { ProtocolVersion } from './session-store.ts';

/** What one connection attempt needs. */
export interface TransportOptions {
  url: string;
  protocolVersion: ProtocolVersion;
  clientId: string;
  /** CONNECT username: an access token, a basic username or `provision` (IoT Hub spec §1.2–1.5). */
  username: string;
  /** CONNECT password; only basic credentials send one (spec §1.3). */
  password?: string;
  /** How long to wait for the socket and the CONNACK. */
  connectTimeoutMs: number;
}

/**
 * The fields of an MQTT packet the console reads, as MQTT.js and mqtt-packet name them
 * (`cmd` is the packet type: connect, connack, publish, puback, subscribe, suback, …).
 */
export interface WirePacket {
  cmd: string;
  topic?: string;
  payload?: Uint8Array | string;
  qos?: number;
  messageId?: number;
  /** CONNACK return code (3.1.1). */
  returnCode?: number;
  /** CONNACK, PUBACK, DISCONNECT reason code (MQTT 5). */
  reasonCode?: number;
  /** SUBACK granted QoS or failure codes. */
  granted?: readonly (number | { qos: number })[];
  /** UNSUBACK reason codes (MQTT 5). */
  reasonCodes?: readonly number[];
  subscriptions?: readonly { topic: string; qos: number }[];
  unsubscriptions?: readonly string[];
  /** Remaining length, when the parser set it. */
  length?: number;
}

/**
 * Callbacks of one attempt. A transport calls `connected` at most once, then at most one of
 * `refused` or `closed`, and nothing at all after `end()` was called. `message` and `packet`
 * may be called any number of times while the attempt lives.
 */
export interface TransportHandlers {
  /** CONNACK 0 arrived. */
  connected(): void;
  /** CONNACK with a non-zero return code (3.1.1) or reason code (5); the socket is closed. */
  refused(code: number): void;
  /**
   * The network connection ended (or never opened) without a refusal; `disconnectReason` is the
   * reason code of the MQTT 5 DISCONNECT the broker sent first, if it sent one.
   */
  closed(disconnectReason?: number): void;
  /** An application message (inbound PUBLISH) arrived. */
  message(topic: string, payload: Uint8Array, qos: number): void;
  /** A packet was written to (`out`) or read from (`in`) the socket. */
  packet(direction: 'in' | 'out', packet: WirePacket): void;
}

/** One MQTT network connection, opened by an {@link OpenTransport}. */
export interface Transport {
  /**
   * Sends a PUBLISH. Resolves once it is written (QoS 0) or acknowledged by PUBACK (QoS 1), with the
   * PUBACK reason code on MQTT 5 (also when it is a failure code such as 0x99). Rejects when the
   * client could not send it.
   */
  publish(
    topic: string,
    payload: string | Uint8Array,
    qos: 0 | 1,
  ): Promise<{ reasonCode?: number }>;
  /** Sends one SUBSCRIBE; resolves with the SUBACK codes in the order of `filters`. */
  subscribe(filters: Readonly<Record<string, 0 | 1>>): Promise<number[]>;
  /** Sends one UNSUBSCRIBE and resolves on UNSUBACK. */
  unsubscribe(filters: readonly string[]): Promise<void>;
  /** Sends DISCONNECT if connected, closes the socket, and silences the handlers. */
  end(): Promise<void>;
}

/** Opens one connection attempt; the session owns retries. */
export type OpenTransport = (options: TransportOptions, handlers: TransportHandlers) => Transport;
