/**
 * What a device (or provision) session receives, as typed events (ADR 0007): the one inbound
 * decoder (device-inbound.ts) turns every broker → device message into exactly one of these.
 */
import type { PlainAttributes, SharedPush } from '../protocol/codecs/attributes.ts';
import type { ProvisionOutcome } from '../protocol/codecs/provision-response.ts';
import type { DownlinkTopic } from '../protocol/downlink-topics.ts';
import type { ProtocolError } from '../protocol/result.ts';
import type { Family, OtaKind } from '../protocol/topics.ts';

interface Received {
  topic: string;
  /** Unix ms when it arrived. */
  receivedAt: number;
}

/** A shared-attribute update or deletion pushed to a subscribed device (spec §6.3). */
export interface SharedAttributesEvent extends Received {
  kind: 'sharedAttributes';
  family: Family;
  change: SharedPush;
}

/** The answer to an attribute request (spec §6.2); a section with no values is absent. */
export interface AttributesResponseEvent extends Received {
  kind: 'attributesResponse';
  family: Family;
  requestId: number;
  client?: PlainAttributes;
  shared?: PlainAttributes;
}

/** A server-side RPC to this device (spec §7); `paramsJson` is the params as compact JSON. */
export interface RpcRequestEvent extends Received {
  kind: 'rpcRequest';
  family: Family;
  requestId: number;
  method: string;
  params: unknown;
  paramsJson: string | null;
}

/** The platform's reply to this device's client-side RPC (spec §8): JSON, or else text. */
export interface RpcResponseEvent extends Received {
  kind: 'rpcResponse';
  family: Family;
  requestId: number;
  json: boolean;
  /** The parsed value when `json`, else the text. */
  reply: unknown;
  text: string;
}

/** One firmware or software chunk (spec §11). */
export interface OtaChunkEvent extends Received {
  kind: 'otaChunk';
  ota: OtaKind;
  requestId: number;
  chunk: number;
  payload: Uint8Array;
}

/** The broker refused a chunk request: `code` is PAYLOAD_TOO_LARGE, NOT_FOUND or FAILURE (spec §11). */
export interface OtaErrorEvent extends Received {
  kind: 'otaError';
  ota: OtaKind;
  code: string;
}

/** The answer on `/provision/response` (spec §10). */
export interface ProvisionResponseEvent extends Received {
  kind: 'provisionResponse';
  outcome: ProvisionOutcome;
  text: string;
}

/** A message on a device topic that could not be read: reported, never thrown. */
export interface BadFrameEvent extends Received {
  kind: 'badFrame';
  /** What the topic said it is. */
  route: Exclude<DownlinkTopic, { kind: 'unknown' }>;
  error: ProtocolError;
  text: string;
}

export type DeviceInbound =
  | SharedAttributesEvent
  | AttributesResponseEvent
  | RpcRequestEvent
  | RpcResponseEvent
  | OtaChunkEvent
  | OtaErrorEvent
  | ProvisionResponseEvent
  | BadFrameEvent;

/** The device side's event map: event kind → event. */
export type DeviceEvents = { [K in DeviceInbound['kind']]: Extract<DeviceInbound, { kind: K }> };

export type DeviceEventKind = keyof DeviceEvents;
