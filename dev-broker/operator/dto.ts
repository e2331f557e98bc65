import { kvValueToPlain } from '../../src/protocol/kv-json.ts';
import type { AttributeEntry, KvEntry, TsKvEntry } from '../../src/protocol/kv.ts';
import type {
  AttributeDto,
  ClientRpcRuleDto,
  CredentialsDto,
  DeviceDto,
  EventDto,
  ProfileDto,
  RpcDto,
  SessionDto,
  TelemetryPointDto,
  TypedValueDto,
} from '../../src/protocol/operator-dto.ts';
import type { ClientRpcRule } from '../platform/client-rpc-service.ts';
import type { DeviceSession } from '../platform/device-session.ts';
import type { DeviceView } from '../platform/devices-service.ts';
import type {
  DeviceCredentials,
  EventRecord,
  ProfileRecord,
  RpcRecord,
} from '../storage/storage.ts';

/** Platform records → the operator API's DTOs (src/protocol/operator-dto.ts). */

export const deviceDto = (d: DeviceView): DeviceDto => ({
  id: d.id,
  name: d.name,
  type: d.type,
  profileId: d.profileId,
  profileName: d.profileName,
  gateway: d.gateway,
  customerId: d.customerId,
  createdAt: d.createdAt,
  online: d.online,
  lastActivityTime: d.lastActivityTime,
});

export function credentialsDto(c: DeviceCredentials): CredentialsDto {
  switch (c.type) {
    case 'ACCESS_TOKEN':
      return { type: c.type, token: c.token };
    case 'MQTT_BASIC':
      return { type: c.type, clientId: c.clientId, userName: c.userName, password: c.password };
    case 'X509_CERTIFICATE':
      return { type: c.type, certificate: c.certificate };
  }
}

export const typedValueDto = (e: KvEntry): TypedValueDto => ({
  key: e.key,
  type: e.value.type,
  value: kvValueToPlain(e.value),
});

export const telemetryPointDto = (p: TsKvEntry): TelemetryPointDto => ({
  ...typedValueDto(p),
  ts: p.ts,
});

export const attributeDto = (a: AttributeEntry): AttributeDto => ({
  ...typedValueDto(a),
  scope: a.scope,
  lastUpdateTs: a.lastUpdateTs,
});

/** Stored JSON text as a value; text that is not JSON stays text. */
function jsonOrText(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export const rpcDto = (r: RpcRecord): RpcDto => ({
  rpcId: r.id,
  deviceId: r.deviceId,
  method: r.method,
  params: jsonOrText(r.params),
  oneway: r.oneway,
  status: r.status,
  expirationTime: r.expirationTime,
  retries: r.retries,
  attempts: r.attempts,
  response: jsonOrText(r.response),
  additionalInfo: jsonOrText(r.additionalInfo),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const eventDto = (e: EventRecord): EventDto => ({
  id: e.id,
  ts: e.ts,
  kind: e.kind,
  deviceId: e.deviceId,
  deviceName: e.deviceName,
  clientId: e.clientId,
  topic: e.topic,
  message: e.message,
});

export const profileDto = (p: ProfileRecord): ProfileDto => ({
  id: p.id,
  name: p.name,
  payloadType: p.payloadType,
  enableCompatibilityWithJsonPayloadFormat: p.enableCompatibilityWithJsonPayloadFormat,
  useJsonPayloadFormatForDefaultDownlinkTopics: p.useJsonPayloadFormatForDefaultDownlinkTopics,
  deviceTelemetryProtoSchema: p.deviceTelemetryProtoSchema,
  deviceAttributesProtoSchema: p.deviceAttributesProtoSchema,
  deviceRpcRequestProtoSchema: p.deviceRpcRequestProtoSchema,
  deviceRpcResponseProtoSchema: p.deviceRpcResponseProtoSchema,
  sendAckOnValidationException: p.sendAckOnValidationException,
  provisionType: p.provisionType,
  provisionKey: p.provisionKey,
  provisionSecret: p.provisionSecret,
  isDefault: p.isDefault,
  createdAt: p.createdAt,
});

export const ruleDto = (r: ClientRpcRule): ClientRpcRuleDto => ({
  method: r.method,
  deviceId: r.deviceId,
  action: r.action,
  ...(r.delayMs === undefined ? {} : { delayMs: r.delayMs }),
});

const PROTOCOLS: Record<number, SessionDto['protocol']> = {
  3: 'MQTT 3.1',
  4: 'MQTT 3.1.1',
  5: 'MQTT 5',
};

/** A live session; the principal contributes names only, never credentials. */
export function sessionDto(s: DeviceSession): SessionDto {
  const p = s.principal;
  return {
    sessionId: s.id,
    kind: p.kind,
    deviceId: p.kind === 'device' ? p.device.id : null,
    deviceName: p.kind === 'device' ? p.device.name : null,
    account: p.kind === 'operator' ? p.account : null,
    clientId: s.link.clientId,
    transport: s.link.transport,
    protocolVersion: s.link.protocolVersion,
    protocol: PROTOCOLS[s.link.protocolVersion] ?? 'MQTT 3.1.1',
    remoteAddress: s.link.remoteAddress,
    connectedAt: s.connectedAt,
    subscriptions: [...s.subscriptions.values()].map((sub) => ({
      filter: sub.filter,
      qos: sub.qos,
    })),
  };
}
