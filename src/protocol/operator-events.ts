/**
 * Payloads of the operator API's events on `operator/v1/events/{deviceId}/{kind}` and
 * `operator/v1/events/_broker/{kind}` (docs/operator-api.md). NOT part of the ThingsBoard device API.
 * No payload ever carries device credentials or operator passwords.
 */
import type { ClaimEvent, OtaEvent, ProvisionEvent } from './operator-claim-ota-events.ts';
import type {
  EventDto,
  PendingClientRpcDto,
  RpcStatusName,
  Scope,
  TelemetryPointDto,
  TypedValueDto,
} from './operator-dto.ts';
import { OPERATOR_TOPICS, type OperatorEventKind } from './operator-topics.ts';

/** `telemetry`: points a device stored, after the commit. */
export interface TelemetryEvent {
  deviceId: string;
  deviceName: string | null;
  points: TelemetryPointDto[];
}

/** `attributes`: any scope written or deleted, by the device or an operator. */
export type AttributesEvent =
  | {
      deviceId: string;
      deviceName: string | null;
      scope: Scope;
      change: 'updated';
      values: TypedValueDto[];
    }
  | {
      deviceId: string;
      deviceName: string | null;
      scope: Scope;
      change: 'deleted';
      keys: string[];
    };

/** `rpc`: a server-side RPC changed state; a device reply comes with `response`. */
export interface RpcEvent {
  deviceId: string;
  deviceName: string | null;
  /** The id the device sees in `…/rpc/request/{requestId}`. */
  requestId: number;
  /** Set for persistent RPCs. */
  rpcId: string | null;
  method: string;
  status: RpcStatusName;
  /** Present when the device replied: the JSON value, or the raw text when `json` is false. */
  response?: unknown;
  json?: boolean;
}

/** `session`: a device connected or disconnected; `message` holds the reason. */
export type SessionEvent = EventDto & { kind: 'session_opened' | 'session_closed' };

export type { ClaimEvent, OtaEvent, ProvisionEvent } from './operator-claim-ota-events.ts';

/** Per-device event payloads. */
export interface DeviceEventPayloads {
  telemetry: TelemetryEvent;
  attributes: AttributesEvent;
  session: SessionEvent;
  rpc: RpcEvent;
  client_rpc: PendingClientRpcDto;
  claim: ClaimEvent;
  /** A provisioning request that created or provisioned this device. */
  provision: ProvisionEvent;
  ota: OtaEvent;
  /** A refused or dropped packet with its reason. */
  error: EventDto;
}

/** Broker-wide kinds on `operator/v1/events/_broker/{kind}`: events that name no device. */
export type BrokerEventKind = 'auth_failed' | 'session' | 'error' | 'provision';

export interface BrokerEventPayloads {
  auth_failed: EventDto;
  /** Operator and provision sessions closing. */
  session: EventDto;
  /** Refusals of sessions without a device (operator, provision). */
  error: EventDto;
  /** A provisioning request that provisioned no device (NOT_FOUND, FAILURE); `deviceId` is null. */
  provision: ProvisionEvent;
}

/** Where an event came from, parsed from its topic. */
export type ParsedEventTopic =
  | { scope: 'device'; deviceId: string; kind: OperatorEventKind }
  | { scope: 'broker'; kind: BrokerEventKind };

const DEVICE_KINDS: ReadonlySet<string> = new Set<OperatorEventKind>([
  'telemetry',
  'attributes',
  'session',
  'rpc',
  'client_rpc',
  'claim',
  'provision',
  'ota',
  'error',
]);
const BROKER_KINDS: ReadonlySet<string> = new Set<BrokerEventKind>([
  'auth_failed',
  'session',
  'error',
  'provision',
]);

/** Parses `operator/v1/events/{deviceId|_broker}/{kind}`; undefined for anything else. */
export function parseOperatorEventTopic(topic: string): ParsedEventTopic | undefined {
  if (!topic.startsWith(OPERATOR_TOPICS.eventsPrefix)) return undefined;
  const parts = topic.slice(OPERATOR_TOPICS.eventsPrefix.length).split('/');
  const [owner, kind] = parts;
  if (parts.length !== 2 || !owner || !kind) return undefined;
  if (owner === OPERATOR_TOPICS.brokerSegment) {
    return BROKER_KINDS.has(kind) ? { scope: 'broker', kind: kind as BrokerEventKind } : undefined;
  }
  return DEVICE_KINDS.has(kind)
    ? { scope: 'device', deviceId: owner, kind: kind as OperatorEventKind }
    : undefined;
}
