/**
 * Building blocks of the operator API's params schemas (operator-params.ts): field validators with precise
 * messages, enum lists and cross-field checks. NOT part of the ThingsBoard device API.
 */
import { z } from 'zod';

/** A non-empty string named `name` in messages. */
export const text = (name: string) =>
  z.string({ error: `${name} must be a string` }).min(1, `${name} must not be empty`);
/** An integer named `name` in messages. */
export const int = (name: string) => z.int({ error: `${name} must be an integer` });
/** A boolean named `name` in messages. */
export const bool = (name: string) => z.boolean({ error: `${name} must be true or false` });
/** A Unix time in ms. */
export const epochMs = (name: string) =>
  int(name).min(0, `${name} must be a Unix time in ms (0 or more)`);
/** An array of non-empty key names. */
export const keyList = (name: string) =>
  z.array(text('every key'), { error: `${name} must be an array of key names` });
/** A page size from 1 to `max`, `fallback` when left out. */
export const limit = (max: number, fallback: number) =>
  int('limit')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`)
    .default(fallback);
/** A page start, 0 when left out. */
export const offset = int('offset').min(0, 'offset must be 0 or more').default(0);

/** Attribute scopes. */
export const SCOPES = ['CLIENT', 'SHARED', 'SERVER'] as const;
/** One attribute scope. */
export const scope = z.enum(SCOPES, { error: 'scope must be CLIENT, SHARED or SERVER' });
/** Persistent RPC states (spec §7). */
export const RPC_STATUSES = [
  'QUEUED',
  'SENT',
  'DELIVERED',
  'SUCCESSFUL',
  'TIMEOUT',
  'EXPIRED',
  'FAILED',
  'DELETED',
] as const;
/** Kinds of recorded events. */
export const EVENT_KINDS = [
  'auth_failed',
  'invalid_payload',
  'unknown_topic',
  'dropped',
  'subscription_refused',
  'payload_too_large',
  'storage_error',
  'ota_error',
  'session_closed',
  'session_opened',
] as const;
/** Telemetry history aggregations. */
export const AGGREGATIONS = ['NONE', 'AVG', 'MIN', 'MAX', 'SUM', 'COUNT'] as const;
/** Provisioning strategies of a profile. */
export const PROVISION_TYPES = [
  'DISABLED',
  'ALLOW_CREATE_NEW_DEVICES',
  'CHECK_PRE_PROVISIONED_DEVICES',
] as const;

/** An object under refinement, read by field name. */
export interface Ref {
  [key: string]: unknown;
}

/** Exactly one of `a` and `b` (optional: at most one). */
export const oneOf =
  (a: string, b: string, optional = false) =>
  (value: Ref, ctx: z.RefinementCtx) => {
    const given = [a, b].filter((k) => value[k] !== undefined);
    if (given.length === 2)
      ctx.addIssue({ code: 'custom', message: `give either ${a} or ${b}, not both` });
    if (given.length === 0 && !optional)
      ctx.addIssue({ code: 'custom', message: `give ${a} or ${b}` });
  };

/** An update must change at least one of `fields`. */
export const needsChange = (fields: string[]) => (value: Ref, ctx: z.RefinementCtx) => {
  if (fields.every((f) => value[f] === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: `nothing to update: give at least one of ${fields.join(', ')}`,
    });
  }
};

/** `deviceId` / `deviceName` fields; combine with `requireDevice` or an optional `oneOf`. */
export const device = {
  deviceId: text('deviceId').optional(),
  deviceName: text('deviceName').optional(),
};
/** Exactly one of `deviceId` and `deviceName`. */
export const requireDevice = oneOf('deviceId', 'deviceName');
/** Params of a method that takes none. */
export const empty = z.strictObject({});

/** Credentials a device may be given. X.509 needs TLS, which the dev broker does not offer. */
export const credentialsInput = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('ACCESS_TOKEN'), token: text('token') }),
    z.strictObject({
      type: z.literal('MQTT_BASIC'),
      clientId: text('clientId').nullable().optional(),
      userName: text('userName').nullable().optional(),
      password: z.string({ error: 'password must be a string' }).nullable().optional(),
    }),
  ],
  {
    error:
      'credentials.type must be ACCESS_TOKEN or MQTT_BASIC (X.509 needs TLS, not offered here)',
  },
);

/** Device fields an operator may set. */
export const deviceFields = {
  profile: text('profile').optional(),
  type: text('type').optional(),
  gateway: bool('gateway').optional(),
};

/** Any provisioning strategy but DISABLED needs a key and a secret. */
export const provisioning = (value: Ref, ctx: z.RefinementCtx) => {
  const type = value.provisionType as string | undefined; // already checked against PROVISION_TYPES
  if (type === undefined || type === 'DISABLED') return;
  for (const field of ['provisionKey', 'provisionSecret']) {
    if (typeof value[field] !== 'string') {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `${field} is required when provisionType is ${type}`,
      });
    }
  }
};

/** Profile fields an operator may set. */
export const profileFields = {
  payloadType: z
    .enum(['JSON', 'PROTOBUF'], { error: 'payloadType must be JSON or PROTOBUF' })
    .optional(),
  enableCompatibilityWithJsonPayloadFormat: bool(
    'enableCompatibilityWithJsonPayloadFormat',
  ).optional(),
  useJsonPayloadFormatForDefaultDownlinkTopics: bool(
    'useJsonPayloadFormatForDefaultDownlinkTopics',
  ).optional(),
  // spec §2.3: proto3 schema text; whether it compiles is checked by the broker (INVALID_ARGUMENT)
  deviceTelemetryProtoSchema: text('deviceTelemetryProtoSchema').optional(),
  deviceAttributesProtoSchema: text('deviceAttributesProtoSchema').optional(),
  deviceRpcRequestProtoSchema: text('deviceRpcRequestProtoSchema').optional(),
  deviceRpcResponseProtoSchema: text('deviceRpcResponseProtoSchema').optional(),
  sendAckOnValidationException: bool('sendAckOnValidationException').optional(),
  provisionType: z
    .enum(PROVISION_TYPES, { error: `provisionType must be one of ${PROVISION_TYPES.join(', ')}` })
    .optional(),
  provisionKey: text('provisionKey').nullable().optional(),
  provisionSecret: text('provisionSecret').nullable().optional(),
};
/** `profileId` / `profileName` fields. */
export const profile = {
  profileId: text('profileId').optional(),
  profileName: text('profileName').optional(),
};
/** Exactly one of `profileId` and `profileName`. */
export const requireProfile = oneOf('profileId', 'profileName');

/** What a client RPC rule answers: a static value, the request itself, or an error. */
export const ruleAction = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('static'), value: z.unknown().optional() }),
    z.strictObject({ type: z.literal('echo') }),
    z.strictObject({ type: z.literal('error'), message: text('action.message') }),
  ],
  { error: 'action.type must be static, echo or error' },
);

/** One client RPC rule (spec §8), for every device or one of them. */
export const rule = z
  .strictObject({
    method: text('method'),
    ...device,
    action: ruleAction,
    delayMs: int('delayMs')
      .min(0, 'delayMs must be 0 or more')
      .max(600_000, 'delayMs must be at most 600000')
      .optional(),
  })
  .superRefine(oneOf('deviceId', 'deviceName', true))
  .superRefine((value, ctx) => {
    if (value.action.type === 'static' && value.action.value === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['action', 'value'],
        message: 'a static action needs a value (null for none)',
      });
    }
  });
