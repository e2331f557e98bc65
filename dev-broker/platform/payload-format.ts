/**
 * Which payload format a message uses (spec §2.2, §2.3), and the broker's outbound payloads in
 * either format.
 *
 * - A `/j` topic is always JSON and a `/p` topic always Protobuf.
 * - `v1` topics (device and gateway) and bare `v2` topics use the device profile's payload type, as the reference's
 *   per-profile adaptor does. A PROTOBUF profile with `enableCompatibilityWithJsonPayloadFormat` also accepts JSON
 *   there: Protobuf is tried first and JSON when that fails.
 * - The answer to a request (attribute response, client-side RPC reply, gateway attribute response) uses the format
 *   the request was decoded in. Pushes (shared updates, server-side RPCs) use the format of the subscription's
 *   family and the profile.
 * - With both switches on (`useJsonPayloadFormatForDefaultDownlinkTopics`), everything the broker sends a device
 *   on v1 topics is JSON. Gateway downlinks follow the payload type only, as in the reference.
 * - Server-side RPCs to a Protobuf device go through the profile's RPC request schema (spec §2.3).
 */
import { encodeSharedDeleted, encodeSharedUpdate } from '../../src/protocol/codecs/attributes.ts';
import {
  encodeGatewayAttributesPush,
  encodeGatewayRpc,
} from '../../src/protocol/codecs/gateway.ts';
import { encodeRpcRequest } from '../../src/protocol/codecs/rpc.ts';
import type { KvEntry } from '../../src/protocol/kv.ts';
import {
  encodeProtoSharedDeleted,
  encodeProtoSharedUpdate,
} from '../../src/protocol/proto/device-downlink.ts';
import {
  encodeProtoGatewayRpc,
  encodeProtoGatewaySharedPush,
} from '../../src/protocol/proto/gateway-proto.ts';
import { encodeProfileRpcRequest } from '../../src/protocol/proto/profile-rpc.ts';
import { DEFAULT_PROTO_PROFILE_SETTINGS } from '../../src/protocol/proto/profile-schema-defaults.ts';
import type { Family } from '../../src/protocol/topics.ts';
import type { ProfileRecord, Storage } from '../storage/storage.ts';

import type { DeviceSession } from './device-session.ts';
import { profileSchema } from './profile-schemas.ts';

export type WireFormat = 'json' | 'protobuf';

/** The formats to try, in order, for a device publish on a topic of `family` (gateway topics count as `v1`). */
export function inboundFormats(
  family: Family,
  profile: ProfileRecord | undefined,
): readonly WireFormat[] {
  if (family === 'v2j') return ['json'];
  if (family === 'v2p') return ['protobuf'];
  if (profile?.payloadType !== 'PROTOBUF') return ['json'];
  return profile.enableCompatibilityWithJsonPayloadFormat ? ['protobuf', 'json'] : ['protobuf'];
}

/** spec §2.3: `useJsonPayloadFormatForDefaultDownlinkTopics` counts only with JSON compatibility on. */
export function jsonDownlink(profile: ProfileRecord | undefined): boolean {
  return (
    profile?.payloadType === 'PROTOBUF' &&
    profile.enableCompatibilityWithJsonPayloadFormat &&
    profile.useJsonPayloadFormatForDefaultDownlinkTopics
  );
}

/** The format of a broker → device message on a device topic of `family` (spec §2.2, §2.3). */
export function outboundFormat(family: Family, profile: ProfileRecord | undefined): WireFormat {
  if (family === 'v2j') return 'json';
  if (family === 'v2p') return 'protobuf';
  if (profile?.payloadType !== 'PROTOBUF') return 'json';
  return family === 'v1' && jsonDownlink(profile) ? 'json' : 'protobuf';
}

/** The format of gateway downlinks: the profile's payload type (the downlink switch is for device topics). */
export function gatewayFormat(profile: ProfileRecord | undefined): WireFormat {
  return profile?.payloadType === 'PROTOBUF' ? 'protobuf' : 'json';
}

/** Stands in for a session without a profile (never a device session): the reference's defaults. */
const FALLBACK_PROFILE: ProfileRecord = {
  id: 'reference-defaults',
  name: '',
  payloadType: 'PROTOBUF',
  ...DEFAULT_PROTO_PROFILE_SETTINGS,
  sendAckOnValidationException: false,
  provisionType: 'DISABLED',
  provisionKey: null,
  provisionSecret: null,
  isDefault: false,
  createdAt: 0,
};

/** The profile of the device a session belongs to (undefined for provision and operator sessions). */
export function profileOf(storage: Storage, session: DeviceSession): ProfileRecord | undefined {
  return session.principal.kind === 'device'
    ? storage.profiles.get(session.principal.device.profileId)
    : undefined;
}

/** A shared-attribute change as pushed (spec §6.3): updates and deletions are never combined. */
export type SharedChange = { updated: readonly KvEntry[] } | { deleted: readonly string[] };

const bytes = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** A shared-attribute push to a device session subscribed with `family` (spec §6.3). */
export function sharedPushPayload(
  storage: Storage,
  session: DeviceSession,
  family: Family,
  change: SharedChange,
): string | Buffer {
  const protobuf = outboundFormat(family, profileOf(storage, session)) === 'protobuf';
  if ('deleted' in change) {
    return protobuf
      ? bytes(encodeProtoSharedDeleted(change.deleted))
      : encodeSharedDeleted([...change.deleted]);
  }
  return protobuf
    ? bytes(encodeProtoSharedUpdate(change.updated, Date.now()))
    : encodeSharedUpdate([...change.updated]);
}

/** A shared-attribute push for a connected sub-device, sent to its gateway (spec §12). */
export function gatewaySharedPushPayload(
  storage: Storage,
  gateway: DeviceSession,
  device: string,
  change: SharedChange,
): string | Buffer {
  if (gatewayFormat(profileOf(storage, gateway)) === 'protobuf') {
    const push = 'deleted' in change ? change : { updated: change.updated, ts: Date.now() };
    return bytes(encodeProtoGatewaySharedPush(device, push));
  }
  const json =
    'deleted' in change
      ? encodeSharedDeleted([...change.deleted])
      : encodeSharedUpdate([...change.updated]);
  return encodeGatewayAttributesPush(device, json);
}

/** What the broker knows of a server-side RPC when it sends it (spec §7). */
export interface OutboundRpc {
  requestId: number;
  /** The RPC's UUID (sent to sub-devices as requestIdMSB/LSB, spec §2.3). */
  uuid: string;
  method: string;
  paramsJson: string;
  expiresAt: number;
  oneway: boolean;
  record: { id: string } | null;
}

/** A server-side RPC to a device session subscribed with `family` (spec §7). */
export function rpcRequestPayload(
  storage: Storage,
  session: DeviceSession,
  family: Family,
  rpc: OutboundRpc,
): string | Buffer {
  const profile = profileOf(storage, session);
  if (outboundFormat(family, profile) === 'protobuf') {
    // spec §2.3: merged into the profile's RPC request message
    const schema = profileSchema(profile ?? FALLBACK_PROFILE, 'deviceRpcRequestProtoSchema');
    if (schema.ok) return bytes(encodeProfileRpcRequest(schema.value, rpc));
  }
  return encodeRpcRequest(rpc.method, rpc.paramsJson);
}

/** A server-side RPC to a sub-device, sent to its gateway (spec §12). */
export function gatewayRpcPayload(
  storage: Storage,
  gateway: DeviceSession,
  device: string,
  rpc: OutboundRpc,
): string | Buffer {
  if (gatewayFormat(profileOf(storage, gateway)) === 'protobuf') {
    return bytes(
      encodeProtoGatewayRpc(device, {
        requestId: rpc.requestId,
        method: rpc.method,
        paramsJson: rpc.paramsJson,
        expirationTime: rpc.expiresAt,
        oneway: rpc.oneway,
        rpcUuid: rpc.uuid,
        persisted: rpc.record !== null,
      }),
    );
  }
  return encodeGatewayRpc(device, rpc.requestId, rpc.method, rpc.paramsJson);
}

/** Protobuf bytes as a Buffer for `session.send`, without copying. */
export const protoBytes = bytes;
