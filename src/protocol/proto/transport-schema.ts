/**
 * Our own Protobuf schema for the device API's Protobuf payloads (spec §2.3, §10, §12).
 *
 * Message names, field numbers, field types and enum values follow the reference platform's public transport
 * messages (ThingsBoard `queue.proto`, package `transport`; `transport.proto`, package `transportapi`; and the
 * default device-profile RPC schemas, package `rpc`) so that the bytes are wire-compatible with it. The text is
 * written here from those numbers; no reference code is copied. Only the messages the device API uses are
 * declared, and of those only the fields listed.
 *
 * Checked against the reference (its numbers win where they differed from our first draft):
 * - CredentialsDataProto: validateDeviceTokenRequestMsg = 1, validateDeviceX509CertRequestMsg = 2,
 *   validateBasicMqttCredRequestMsg = 3.
 * - PostAttributeMsg has `shared = 2`, GetAttributeResponseMsg has `isMultipleAttributesRequest = 4`,
 *   ToDeviceRpcRequestMsg has fields 4–8, ToDeviceRpcResponseMsg has `error = 3`, CredentialsType has
 *   `LWM2M_CREDENTIALS = 3`; GatewayAttributeUpdateNotificationMsg exists for gateway shared pushes.
 * - ProvisionDeviceRequestMsg has `gateway = 5`; the MQTT 5 gateway disconnect notice is
 *   `transport.GatewayDisconnectDeviceMsg {deviceName = 1, reasonCode = 2}`.
 * - A device's attribute request is `transportapi.AttributesRequest` and its client-side RPC request is
 *   `transportapi.RpcRequest`. A device's own telemetry, client attributes and server-side RPCs use the profile's
 *   schemas instead (profile-schema.ts, spec §2.3); `rpc.RpcRequestMsg` / `rpc.RpcResponseMsg` below are the
 *   defaults, kept for the console's fixed-message tools.
 */
import protobuf from 'protobufjs';

const TRANSPORT = `
syntax = "proto3";
package transport;

enum KeyValueType { BOOLEAN_V = 0; LONG_V = 1; DOUBLE_V = 2; STRING_V = 3; JSON_V = 4; }
enum CredentialsType { ACCESS_TOKEN = 0; X509_CERTIFICATE = 1; MQTT_BASIC = 2; LWM2M_CREDENTIALS = 3; }
enum ResponseStatus { UNKNOWN = 0; SUCCESS = 1; NOT_FOUND = 2; FAILURE = 3; }

message KeyValueProto {
  string key = 1; KeyValueType type = 2; bool bool_v = 3; int64 long_v = 4; double double_v = 5;
  string string_v = 6; string json_v = 7;
}
message TsKvProto { int64 ts = 1; KeyValueProto kv = 2; }
message TsKvListProto { int64 ts = 1; repeated KeyValueProto kv = 2; }
message PostTelemetryMsg { repeated TsKvListProto tsKvList = 1; }
message PostAttributeMsg { repeated KeyValueProto kv = 1; bool shared = 2; }
message GetAttributeRequestMsg {
  int32 requestId = 1; repeated string clientAttributeNames = 2; repeated string sharedAttributeNames = 3;
  bool onlyShared = 4;
}
message GetAttributeResponseMsg {
  int32 requestId = 1; repeated TsKvProto clientAttributeList = 2; repeated TsKvProto sharedAttributeList = 3;
  bool isMultipleAttributesRequest = 4; string error = 5; bool sharedStateMsg = 6;
}
message AttributeUpdateNotificationMsg { repeated TsKvProto sharedUpdated = 1; repeated string sharedDeleted = 2; }
message ToDeviceRpcRequestMsg {
  int32 requestId = 1; string methodName = 2; string params = 3; int64 expirationTime = 4;
  int64 requestIdMSB = 5; int64 requestIdLSB = 6; bool oneway = 7; bool persisted = 8;
}
message ToDeviceRpcResponseMsg { int32 requestId = 1; string payload = 2; string error = 3; }
message ToServerRpcRequestMsg { int32 requestId = 1; string methodName = 2; string params = 3; }
message ToServerRpcResponseMsg { int32 requestId = 1; string payload = 2; string error = 3; }
message ValidateDeviceTokenRequestMsg { string token = 1; }
message ValidateDeviceX509CertRequestMsg { string hash = 1; }
message ValidateBasicMqttCredRequestMsg { string clientId = 1; string userName = 2; string password = 3; }
message CredentialsDataProto {
  ValidateDeviceTokenRequestMsg validateDeviceTokenRequestMsg = 1;
  ValidateDeviceX509CertRequestMsg validateDeviceX509CertRequestMsg = 2;
  ValidateBasicMqttCredRequestMsg validateBasicMqttCredRequestMsg = 3;
}
message ProvisionDeviceCredentialsMsg { string provisionDeviceKey = 1; string provisionDeviceSecret = 2; }
message ProvisionDeviceRequestMsg {
  string deviceName = 1; CredentialsType credentialsType = 2;
  ProvisionDeviceCredentialsMsg provisionDeviceCredentialsMsg = 3; CredentialsDataProto credentialsDataProto = 4;
  bool gateway = 5;
}
message ProvisionDeviceResponseMsg { ResponseStatus status = 1; CredentialsType credentialsType = 2; string credentialsValue = 3; }
message GatewayDisconnectDeviceMsg { string deviceName = 1; int32 reasonCode = 2; }
`;

const TRANSPORT_API = `
syntax = "proto3";
package transportapi;

message ClaimDevice { string secretKey = 1; int64 durationMs = 2; }
message AttributesRequest { string clientKeys = 1; string sharedKeys = 2; }
message RpcRequest { string method = 1; string params = 2; }
message ConnectMsg { string deviceName = 1; string deviceType = 2; }
message DisconnectMsg { string deviceName = 1; }
message TelemetryMsg { string deviceName = 1; transport.PostTelemetryMsg msg = 3; }
message AttributesMsg { string deviceName = 1; transport.PostAttributeMsg msg = 2; }
message ClaimDeviceMsg { string deviceName = 1; ClaimDevice claimRequest = 2; }
message GatewayTelemetryMsg { repeated TelemetryMsg msg = 1; }
message GatewayAttributesMsg { repeated AttributesMsg msg = 1; }
message GatewayClaimMsg { repeated ClaimDeviceMsg msg = 1; }
message GatewayRpcResponseMsg { string deviceName = 1; int32 id = 2; string data = 3; }
message GatewayAttributesRequestMsg { int32 id = 1; string deviceName = 2; bool client = 3; repeated string keys = 4; }
message GatewayAttributeResponseMsg { string deviceName = 1; transport.GetAttributeResponseMsg responseMsg = 2; }
message GatewayAttributeUpdateNotificationMsg {
  string deviceName = 1; transport.AttributeUpdateNotificationMsg notificationMsg = 2;
}
message GatewayDeviceRpcRequestMsg { string deviceName = 1; transport.ToDeviceRpcRequestMsg rpcRequestMsg = 2; }
`;

/** The reference's default device-profile RPC schemas (a PROTOBUF profile's server-side RPC). */
const DEVICE_RPC = `
syntax = "proto3";
package rpc;

message RpcRequestMsg { optional string method = 1; optional int32 requestId = 2; optional string params = 3; }
message RpcResponseMsg { optional string payload = 1; }
`;

/** The `.proto` sources, in load order (for display and for other Protobuf tools). */
export const PROTO_SOURCES: readonly string[] = [TRANSPORT, TRANSPORT_API, DEVICE_RPC];

/** Every message the device API encodes or decodes, by its fully qualified name. */
export type ProtoMessageName =
  | `transport.${
      | 'KeyValueProto'
      | 'TsKvProto'
      | 'TsKvListProto'
      | 'PostTelemetryMsg'
      | 'PostAttributeMsg'
      | 'GetAttributeRequestMsg'
      | 'GetAttributeResponseMsg'
      | 'AttributeUpdateNotificationMsg'
      | 'ToDeviceRpcRequestMsg'
      | 'ToDeviceRpcResponseMsg'
      | 'ToServerRpcRequestMsg'
      | 'ToServerRpcResponseMsg'
      | 'ProvisionDeviceRequestMsg'
      | 'ProvisionDeviceResponseMsg'
      | 'GatewayDisconnectDeviceMsg'}`
  | `transportapi.${
      | 'ClaimDevice'
      | 'AttributesRequest'
      | 'RpcRequest'
      | 'ConnectMsg'
      | 'DisconnectMsg'
      | 'GatewayTelemetryMsg'
      | 'GatewayAttributesMsg'
      | 'GatewayClaimMsg'
      | 'GatewayRpcResponseMsg'
      | 'GatewayAttributesRequestMsg'
      | 'GatewayAttributeResponseMsg'
      | 'GatewayAttributeUpdateNotificationMsg'
      | 'GatewayDeviceRpcRequestMsg'}`
  | `rpc.${'RpcRequestMsg' | 'RpcResponseMsg'}`;

let root: protobuf.Root | undefined;

/** The parsed schema (parsed once, on first use). */
export function protoRoot(): protobuf.Root {
  if (root) return root;
  const parsed = new protobuf.Root();
  for (const source of PROTO_SOURCES) protobuf.parse(source, parsed, { keepCase: true });
  parsed.resolveAll();
  root = parsed;
  return parsed;
}

/** A message type of the schema, e.g. `protoType('transport.PostTelemetryMsg')`. */
export function protoType(name: ProtoMessageName): protobuf.Type {
  return protoRoot().lookupType(name);
}
