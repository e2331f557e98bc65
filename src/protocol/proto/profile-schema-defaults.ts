/**
 * A PROTOBUF device profile's four schemas and two switches (spec §2.3), with the reference platform's defaults:
 * the texts its UI fills in for a new profile (field numbers and names as the reference publishes them for device
 * makers; written here from those, nothing copied).
 */

/** The four schema fields of a profile, in the order the reference's UI shows them. */
export const PROFILE_SCHEMA_FIELDS = [
  'deviceTelemetryProtoSchema',
  'deviceAttributesProtoSchema',
  'deviceRpcRequestProtoSchema',
  'deviceRpcResponseProtoSchema',
] as const;

export type ProfileSchemaField = (typeof PROFILE_SCHEMA_FIELDS)[number];

/** spec §2.3: telemetry from the device. */
export const DEFAULT_TELEMETRY_PROTO_SCHEMA = `syntax ="proto3";
package telemetry;

message SensorDataReading {

  optional double temperature = 1;
  optional double humidity = 2;
  InnerObject innerObject = 3;

  message InnerObject {
    optional string key1 = 1;
    optional bool key2 = 2;
    optional double key3 = 3;
    optional int32 key4 = 4;
    optional string key5 = 5;
  }
}
`;

/** spec §2.3: client attributes from the device. */
export const DEFAULT_ATTRIBUTES_PROTO_SCHEMA = `syntax ="proto3";
package attributes;

message SensorConfiguration {
  optional string firmwareVersion = 1;
  optional string serialNumber = 2;
}`;

/** spec §2.3: server-side RPC requests to the device. */
export const DEFAULT_RPC_REQUEST_PROTO_SCHEMA = `syntax ="proto3";
package rpc;

message RpcRequestMsg {
  optional string method = 1;
  optional int32 requestId = 2;
  optional string params = 3;
}`;

/** spec §2.3: the device's replies to server-side RPCs. */
export const DEFAULT_RPC_RESPONSE_PROTO_SCHEMA = `syntax ="proto3";
package rpc;

message RpcResponseMsg {
  optional string payload = 1;
}`;

/** The Protobuf part of a profile (spec §2.3). */
export interface ProtoProfileSettings {
  deviceTelemetryProtoSchema: string;
  deviceAttributesProtoSchema: string;
  deviceRpcRequestProtoSchema: string;
  deviceRpcResponseProtoSchema: string;
  /** Also accept JSON on the device topics: Protobuf is tried first, then JSON. */
  enableCompatibilityWithJsonPayloadFormat: boolean;
  /** With the switch above: broker → device messages on v1 topics are JSON. */
  useJsonPayloadFormatForDefaultDownlinkTopics: boolean;
}

/** The reference's defaults for a new profile. */
export const DEFAULT_PROTO_PROFILE_SETTINGS: ProtoProfileSettings = {
  deviceTelemetryProtoSchema: DEFAULT_TELEMETRY_PROTO_SCHEMA,
  deviceAttributesProtoSchema: DEFAULT_ATTRIBUTES_PROTO_SCHEMA,
  deviceRpcRequestProtoSchema: DEFAULT_RPC_REQUEST_PROTO_SCHEMA,
  deviceRpcResponseProtoSchema: DEFAULT_RPC_RESPONSE_PROTO_SCHEMA,
  enableCompatibilityWithJsonPayloadFormat: false,
  useJsonPayloadFormatForDefaultDownlinkTopics: false,
};

/** How each schema is named in messages ("the telemetry schema"). */
export const SCHEMA_LABELS: Record<ProfileSchemaField, string> = {
  deviceTelemetryProtoSchema: 'telemetry schema',
  deviceAttributesProtoSchema: 'attributes schema',
  deviceRpcRequestProtoSchema: 'RPC request schema',
  deviceRpcResponseProtoSchema: 'RPC response schema',
};
