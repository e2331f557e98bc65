import { create } from 'zustand';

import {
  DEFAULT_PROTO_PROFILE_SETTINGS,
  type ProfileSchemaField,
} from '@/protocol/proto/profile-schema-defaults.ts';

/**
 * The device side's Protobuf mode (device-api.md §2.3), shared by the device panels: whether the console speaks
 * Protobuf for the device (its profile is PROTOBUF), the four schemas it uses, and — once the Protobuf code is
 * loaded on demand (features/device/protobuf) — the codec built from them. This file holds no Protobuf code,
 * so the first page load stays small; panels ask {@link protobufCodec} and fall back to JSON while it is null.
 */

export type ProfileSchemas = Record<ProfileSchemaField, string>;

/** Where the schemas came from: the reference's defaults, edited by hand, or a profile (operator API). */
export type SchemaSource =
  { kind: 'defaults' } | { kind: 'edited' } | { kind: 'profile'; name: string };

/** What a decode gives the panels: the message as JSON text, or the decoder's message. */
export type Decoded = { ok: true; json: string } | { ok: false; message: string };

/** What the loaded Protobuf code offers the other panels (built from the current schemas). */
export interface DevicePayloadCodec {
  /** A server-side RPC request (RPC request schema) as method and params JSON text (null: none). */
  decodeRpcRequest(
    bytes: Uint8Array,
  ): { ok: true; method: string; paramsJson: string | null } | { ok: false; message: string };
  /** A reply typed as JSON, encoded with the RPC response schema. */
  encodeRpcReply(json: string): { ok: true; bytes: Uint8Array } | { ok: false; message: string };
  /** An attribute request (`AttributesRequest`, key lists joined with commas; absent: not asked). */
  encodeAttributeRequest(request: { clientKeys?: string; sharedKeys?: string }): Uint8Array;
  /** An attribute response (`GetAttributeResponseMsg`) as plain values per section. */
  decodeAttributeResponse(
    bytes: Uint8Array,
  ):
    | { ok: true; client?: Record<string, unknown>; shared?: Record<string, unknown> }
    | { ok: false; message: string };
  /** A logged payload decoded by its topic and direction; null when the topic carries no Protobuf. */
  describe(topic: string, direction: 'in' | 'out', bytes: Uint8Array): Decoded | null;
}

interface ProtobufDeviceState {
  enabled: boolean;
  schemas: ProfileSchemas;
  source: SchemaSource;
  codec: DevicePayloadCodec | null;
  setEnabled: (enabled: boolean) => void;
  setSchema: (field: ProfileSchemaField, text: string) => void;
  applySchemas: (schemas: ProfileSchemas, source: SchemaSource) => void;
  setCodec: (codec: DevicePayloadCodec | null) => void;
  reset: () => void;
}

export const DEFAULT_SCHEMAS: ProfileSchemas = {
  deviceTelemetryProtoSchema: DEFAULT_PROTO_PROFILE_SETTINGS.deviceTelemetryProtoSchema,
  deviceAttributesProtoSchema: DEFAULT_PROTO_PROFILE_SETTINGS.deviceAttributesProtoSchema,
  deviceRpcRequestProtoSchema: DEFAULT_PROTO_PROFILE_SETTINGS.deviceRpcRequestProtoSchema,
  deviceRpcResponseProtoSchema: DEFAULT_PROTO_PROFILE_SETTINGS.deviceRpcResponseProtoSchema,
};

const initial = {
  enabled: false,
  schemas: DEFAULT_SCHEMAS,
  source: { kind: 'defaults' } as SchemaSource,
  codec: null,
};

export const useProtobufDevice = create<ProtobufDeviceState>()((set) => ({
  ...initial,
  setEnabled: (enabled) => {
    set({ enabled });
  },
  setSchema: (field, text) => {
    set((state) => ({ schemas: { ...state.schemas, [field]: text }, source: { kind: 'edited' } }));
  },
  applySchemas: (schemas, source) => {
    set({ schemas, source });
  },
  setCodec: (codec) => {
    set({ codec });
  },
  reset: () => {
    set(initial);
  },
}));

/** The Protobuf codec when the device speaks Protobuf and the code is loaded; null means JSON. */
export function protobufCodec(): DevicePayloadCodec | null {
  const { enabled, codec } = useProtobufDevice.getState();
  return enabled ? codec : null;
}
