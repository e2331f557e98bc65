/**
 * Data shapes the operator API returns (docs/operator-api.md). NOT part of the ThingsBoard device API: they
 * mirror what the reference platform's REST API returns, flattened for JSON over MQTT.
 */
import type { ProtoProfileSettings } from './proto/profile-schema-defaults.ts';

export type ValueType = 'BOOLEAN' | 'LONG' | 'DOUBLE' | 'STRING' | 'JSON';
export type Scope = 'CLIENT' | 'SHARED' | 'SERVER';
export type RpcStatusName =
  'QUEUED' | 'SENT' | 'DELIVERED' | 'SUCCESSFUL' | 'TIMEOUT' | 'EXPIRED' | 'FAILED' | 'DELETED';
export type StoredEventKind =
  | 'auth_failed'
  | 'invalid_payload'
  | 'unknown_topic'
  | 'dropped'
  | 'subscription_refused'
  | 'payload_too_large'
  | 'storage_error'
  | 'ota_error'
  | 'session_closed'
  | 'session_opened';
export type Aggregation = 'NONE' | 'AVG' | 'MIN' | 'MAX' | 'SUM' | 'COUNT';
export type ProvisionTypeName =
  'DISABLED' | 'ALLOW_CREATE_NEW_DEVICES' | 'CHECK_PRE_PROVISIONED_DEVICES';

/** A device with its live state. */
export interface DeviceDto {
  id: string;
  name: string;
  /** Free text, usually the profile name. */
  type: string;
  profileId: string;
  profileName: string;
  gateway: boolean;
  customerId: string | null;
  createdAt: number;
  /** At least one MQTT session is open. */
  online: boolean;
  /** Unix ms of the last message or connect, null when never seen. */
  lastActivityTime: number | null;
}

/** Device credentials (spec §1.3). Only `devices.create` and `devices.credentials.*` ever return them. */
export type CredentialsDto =
  | { type: 'ACCESS_TOKEN'; token: string }
  | {
      type: 'MQTT_BASIC';
      clientId: string | null;
      userName: string | null;
      password: string | null;
    }
  | { type: 'X509_CERTIFICATE'; certificate: string };

/**
 * One typed value. LONG is a JS number when it is a safe integer, else its decimal digits as a string;
 * JSON is the parsed value.
 */
export interface TypedValueDto {
  key: string;
  type: ValueType;
  value: unknown;
}

/** One telemetry point. */
export interface TelemetryPointDto extends TypedValueDto {
  /** Unix ms. */
  ts: number;
}

/** One bucket of an aggregated history: `ts` is the middle of the bucket. */
export interface AggregatedPointDto {
  key: string;
  ts: number;
  value: number;
  /** Points in the bucket that counted (numeric ones, or all of them for COUNT). */
  count: number;
}

export interface AttributeDto extends TypedValueDto {
  scope: Scope;
  lastUpdateTs: number;
}

/** A persistent server-side RPC (spec §7). */
export interface RpcDto {
  rpcId: string;
  deviceId: string;
  method: string;
  params: unknown;
  oneway: boolean;
  status: RpcStatusName;
  expirationTime: number;
  retries: number;
  attempts: number;
  /** The stored reply (a non-JSON reply is `{"error": text}`), or null. */
  response: unknown;
  additionalInfo: unknown;
  createdAt: number;
  updatedAt: number;
}

/** A recorded event (spec §0 "Event"): refusals and session changes, with their reason in `message`. */
export interface EventDto {
  id: number;
  ts: number;
  kind: StoredEventKind;
  deviceId: string | null;
  deviceName: string | null;
  clientId: string | null;
  topic: string | null;
  message: string;
}

/** A live MQTT session. Never carries credentials. */
export interface SessionDto {
  sessionId: number;
  kind: 'device' | 'operator' | 'provision';
  deviceId: string | null;
  deviceName: string | null;
  /** Operator account for operator sessions, else null. */
  account: string | null;
  clientId: string;
  transport: 'tcp' | 'ws';
  protocolVersion: number;
  protocol: 'MQTT 3.1' | 'MQTT 3.1.1' | 'MQTT 5';
  remoteAddress: string;
  connectedAt: number;
  subscriptions: { filter: string; qos: 0 | 1 }[];
}

/**
 * A device profile. The four schemas and two switches (`ProtoProfileSettings`, spec §2.3) apply when the payload
 * type is PROTOBUF; they hold the reference's defaults until changed.
 */
export interface ProfileDto extends ProtoProfileSettings {
  id: string;
  name: string;
  payloadType: 'JSON' | 'PROTOBUF';
  sendAckOnValidationException: boolean;
  provisionType: ProvisionTypeName;
  provisionKey: string | null;
  provisionSecret: string | null;
  isDefault: boolean;
  createdAt: number;
}

/** An answer rule for device → server RPCs (spec §8). `deviceId` null applies to every device. */
export interface ClientRpcRuleDto {
  method: string;
  deviceId: string | null;
  action:
    { type: 'static'; value: unknown } | { type: 'echo' } | { type: 'error'; message: string };
  delayMs?: number;
}

/** A device → server request waiting for `clientRpc.reply` (spec §8 step 4). */
export interface PendingClientRpcDto {
  id: string;
  deviceId: string;
  deviceName: string;
  requestId: number;
  method: string;
  params: unknown;
  receivedAt: number;
  expiresAt: number;
}

/** Message counters since the broker started. */
export interface BrokerCountersDto {
  connectionsOpen: number;
  connectionsTotal: number;
  publishesReceived: number;
  publishesAcked: number;
  messagesSent: number;
}

export interface BrokerInfoDto {
  name: string;
  version: string;
  startedAt: number;
  uptimeMs: number;
  storage: 'memory' | 'sqlite';
  host: string | null;
  ports: { mqtt: number | null; http: number | null };
  urls: { mqtt: string | null; ws: string | null; http: string | null };
  limits: { maxPayloadSize: number; maxInflightMessages: number; maxSessionsPerDevice: number };
  /** Every broker setting (spec §13), as configured. */
  settings: Record<string, unknown>;
  sessions: { device: number; operator: number; provision: number };
  counters: BrokerCountersDto;
  devices: number;
  methods: string[];
}

/** One page of a list. */
export interface PageDto<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
  hasNext: boolean;
}
