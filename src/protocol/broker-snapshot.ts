/**
 * The dev broker's state as one JSON document (`broker.snapshot()` / `broker.restore()`, the operator
 * API's `broker.snapshot` / `broker.restore`, `--import FILE`, `--export-on-exit FILE`). NOT part of the
 * ThingsBoard device API. Everything stored is in it, losslessly: LONG values as decimal strings, OTA
 * package bytes as base64. Live state (sessions, in-flight non-persistent RPCs) is not.
 */
import { z } from 'zod';

import { CHECKSUM_ALGORITHMS } from './checksum.ts';
import {
  EVENT_KINDS,
  PROVISION_TYPES,
  RPC_STATUSES,
  SCOPES,
  int,
  text,
} from './operator-param-fields.ts';
import { DEFAULT_PROTO_PROFILE_SETTINGS } from './proto/profile-schema-defaults.ts';

export const SNAPSHOT_FORMAT = 'iothub-dev-broker-snapshot';
export const SNAPSHOT_VERSION = 1;

const id = text('id');
const ms = (name: string) => int(name);
const nullableText = z.string().nullable();
const OTA_TYPES = ['FIRMWARE', 'SOFTWARE'] as const;

/** A stored value: LONG as its decimal digits (64-bit exact), JSON as compact JSON text. */
export const snapshotValueSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('BOOLEAN'), value: z.boolean() }),
    z.strictObject({
      type: z.literal('LONG'),
      value: z.string().regex(/^-?\d{1,19}$/, 'a LONG value is a string of decimal digits'),
    }),
    z.strictObject({ type: z.literal('DOUBLE'), value: z.number() }),
    z.strictObject({ type: z.literal('STRING'), value: z.string() }),
    z.strictObject({ type: z.literal('JSON'), value: z.string() }),
  ],
  { error: 'type must be BOOLEAN, LONG, DOUBLE, STRING or JSON' },
);

const credentials = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ACCESS_TOKEN'), token: text('token') }),
  z.strictObject({
    type: z.literal('MQTT_BASIC'),
    clientId: nullableText,
    userName: nullableText,
    password: nullableText,
  }),
  z.strictObject({ type: z.literal('X509_CERTIFICATE'), certificate: text('certificate') }),
]);

const profile = z.strictObject({
  id,
  name: text('name'),
  payloadType: z.enum(['JSON', 'PROTOBUF']),
  enableCompatibilityWithJsonPayloadFormat: z.boolean(),
  sendAckOnValidationException: z.boolean(),
  provisionType: z.enum(PROVISION_TYPES),
  provisionKey: nullableText,
  provisionSecret: nullableText,
  isDefault: z.boolean(),
  createdAt: ms('createdAt'),
  // spec §2.3; a snapshot written before profiles had schemas gets the reference's defaults
  deviceTelemetryProtoSchema: z
    .string()
    .default(DEFAULT_PROTO_PROFILE_SETTINGS.deviceTelemetryProtoSchema),
  deviceAttributesProtoSchema: z
    .string()
    .default(DEFAULT_PROTO_PROFILE_SETTINGS.deviceAttributesProtoSchema),
  deviceRpcRequestProtoSchema: z
    .string()
    .default(DEFAULT_PROTO_PROFILE_SETTINGS.deviceRpcRequestProtoSchema),
  deviceRpcResponseProtoSchema: z
    .string()
    .default(DEFAULT_PROTO_PROFILE_SETTINGS.deviceRpcResponseProtoSchema),
  useJsonPayloadFormatForDefaultDownlinkTopics: z.boolean().default(false),
});

const device = z.strictObject({
  id,
  name: text('name'),
  profileId: id,
  type: z.string(),
  gateway: z.boolean(),
  customerId: z.string().nullable(),
  createdAt: ms('createdAt'),
  credentials,
});

const attribute = z.strictObject({
  deviceId: id,
  scope: z.enum(SCOPES),
  key: text('key'),
  value: snapshotValueSchema,
  lastUpdateTs: ms('lastUpdateTs'),
});

/** One key's points of one device, oldest first. */
const series = z.strictObject({
  deviceId: id,
  key: text('key'),
  points: z.array(z.strictObject({ ts: ms('ts'), value: snapshotValueSchema })),
});

const rpc = z.strictObject({
  id,
  deviceId: id,
  method: text('method'),
  params: z.string(),
  oneway: z.boolean(),
  status: z.enum(RPC_STATUSES),
  expirationTime: ms('expirationTime'),
  retries: int('retries').min(0),
  attempts: int('attempts').min(0),
  response: nullableText,
  additionalInfo: nullableText,
  createdAt: ms('createdAt'),
  updatedAt: ms('updatedAt'),
});

const customer = z.strictObject({ id, name: text('name'), createdAt: ms('createdAt') });

const claim = z.strictObject({
  deviceId: id,
  secretKey: z.string(),
  expiresAt: ms('expiresAt'),
  createdAt: ms('createdAt'),
});

const otaPackage = z.strictObject({
  id,
  title: text('title'),
  version: text('version'),
  tag: nullableText,
  type: z.enum(OTA_TYPES),
  url: nullableText,
  fileName: z.string(),
  contentType: z.string(),
  size: int('size').min(0),
  checksumAlgorithm: z.enum(CHECKSUM_ALGORITHMS).nullable(),
  checksum: nullableText,
  createdAt: ms('createdAt'),
  /** The package's bytes in base64; null for a URL package. */
  data: z.base64().nullable(),
});

const otaAssignment = z.strictObject({
  target: z.strictObject({ kind: z.enum(['device', 'profile']), id }),
  type: z.enum(OTA_TYPES),
  packageId: id,
  assignedAt: ms('assignedAt'),
});

const event = z.strictObject({
  id: int('id').min(1),
  ts: ms('ts'),
  kind: z.enum(EVENT_KINDS),
  deviceId: nullableText,
  deviceName: nullableText,
  clientId: nullableText,
  topic: nullableText,
  message: z.string(),
});

const clientRpcRule = z.strictObject({
  method: text('method'),
  deviceId: z.string().nullable(),
  action: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('static'), value: z.unknown() }),
    z.strictObject({ type: z.literal('echo') }),
    z.strictObject({ type: z.literal('error'), message: z.string() }),
  ]),
  delayMs: int('delayMs').min(0).optional(),
});

/** A whole snapshot; `restore` refuses anything else with every bad field named by its path. */
export const brokerSnapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT, { error: `format must be "${SNAPSHOT_FORMAT}"` }),
  version: z.literal(SNAPSHOT_VERSION, {
    error: `version must be ${String(SNAPSHOT_VERSION)} (this broker reads no other)`,
  }),
  /** Unix ms when it was taken, and the broker version that took it (information only). */
  takenAt: ms('takenAt'),
  brokerVersion: z.string(),
  profiles: z.array(profile),
  customers: z.array(customer),
  devices: z.array(device),
  attributes: z.array(attribute),
  telemetry: z.array(series),
  rpcs: z.array(rpc),
  claims: z.array(claim),
  ota: z.strictObject({ packages: z.array(otaPackage), assignments: z.array(otaAssignment) }),
  events: z.array(event),
  clientRpcRules: z.array(clientRpcRule),
});

export type BrokerSnapshot = z.output<typeof brokerSnapshotSchema>;
export type SnapshotValue = z.output<typeof snapshotValueSchema>;
