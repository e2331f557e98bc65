import type { PortMessage } from '@/client/port.ts';

import type { Credentials } from './credentials.ts';
import type { PacketLogStore } from './packet-log-store.ts';
import type { ReconnectPolicy } from './reconnect-policy.ts';
import type { ProtocolVersion } from './session-store.ts';
import type { OpenTransport } from './transport.ts';

export type { Credentials } from './credentials.ts';

/** An application message the session received (inbound PUBLISH), as the client port hands it out. */
export interface InboundMessage extends PortMessage {
  qos: number;
}

/** What the user asks to connect with. */
export interface ConnectOptions {
  /** WebSocket URL of the broker; defaults to this page's origin at `/mqtt`. */
  url?: string;
  protocolVersion: ProtocolVersion;
  credentials: Credentials;
}

/** How a publish went: PUBACK latency (null for QoS 0) and the MQTT 5 PUBACK reason code, if any. */
export interface PublishResult {
  latencyMs: number | null;
  /** MQTT 5 only: 0 or absent is success; 0x90 unknown topic, 0x99 invalid payload (spec §1.1). */
  reasonCode?: number;
}

export interface PublishOptions {
  qos?: 0 | 1;
}

/** A request answered on a response topic (attribute requests, client-side RPC, OTA chunks). */
export interface RequestOptions {
  topic: string;
  payload: string | Uint8Array;
  /** The exact topic the answer arrives on; the broker sends it without a subscription (spec §3). */
  responseTopic: string;
  qos?: 0 | 1;
  /** Default 10 s. */
  timeoutMs?: number;
}

export interface RequestResult {
  message: InboundMessage;
  /** From sending the request to receiving the answer. */
  latencyMs: number;
  publish: PublishResult;
}

export interface MqttSessionOptions {
  /** Opens one connection attempt; defaults to MQTT.js over WebSocket. Tests pass a fake. */
  openTransport?: OpenTransport;
  reconnect?: Partial<ReconnectPolicy>;
  /** Socket plus CONNACK timeout of one attempt. */
  connectTimeoutMs?: number;
  createClientId?: () => string;
  /** The packet log (default: 2000 entries, flushed per animation frame). */
  packetLog?: PacketLogStore;
}
