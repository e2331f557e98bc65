/**
 * Params of every operator API method, as strict zod schemas (docs/operator-api.md). NOT part of the
 * ThingsBoard device API. Unknown fields are refused; every message names the field and what it needs.
 */
import { z } from 'zod';

const text = (name: string) =>
  z.string({ error: `${name} must be a string` }).min(1, `${name} must not be empty`);
const int = (name: string) => z.int({ error: `${name} must be an integer` });
const bool = (name: string) => z.boolean({ error: `${name} must be true or false` });
const epochMs = (name: string) => int(name).min(0, `${name} must be a Unix time in ms (0 or more)`);
const keyList = (name: string) =>
  z.array(text('every key'), { error: `${name} must be an array of key names` });
const limit = (max: number, fallback: number) =>
  int('limit')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`)
    .default(fallback);
const offset = int('offset').min(0, 'offset must be 0 or more').default(0);

const SCOPES = ['CLIENT', 'SHARED', 'SERVER'] as const;
const scope = z.enum(SCOPES, { error: 'scope must be CLIENT, SHARED or SERVER' });
const RPC_STATUSES = [
  'QUEUED',
  'SENT',
  'DELIVERED',
  'SUCCESSFUL',
  'TIMEOUT',
  'EXPIRED',
  'FAILED',
  'DELETED',
] as const;
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
export const AGGREGATIONS = ['NONE', 'AVG', 'MIN', 'MAX', 'SUM', 'COUNT'] as const;
const PROVISION_TYPES = [
  'DISABLED',
  'ALLOW_CREATE_NEW_DEVICES',
  'CHECK_PRE_PROVISIONED_DEVICES',
] as const;

interface Ref {
  [key: string]: unknown;
}

/** Exactly one of `a` and `b` (optional: at most one). */
const oneOf =
  (a: string, b: string, optional = false) =>
  (value: Ref, ctx: z.RefinementCtx) => {
    const given = [a, b].filter((k) => value[k] !== undefined);
    if (given.length === 2)
      ctx.addIssue({ code: 'custom', message: `give either ${a} or ${b}, not both` });
    if (given.length === 0 && !optional)
      ctx.addIssue({ code: 'custom', message: `give ${a} or ${b}` });
  };

const needsChange = (fields: string[]) => (value: Ref, ctx: z.RefinementCtx) => {
  if (fields.every((f) => value[f] === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: `nothing to update: give at least one of ${fields.join(', ')}`,
    });
  }
};

const device = { deviceId: text('deviceId').optional(), deviceName: text('deviceName').optional() };
const requireDevice = oneOf('deviceId', 'deviceName');
const empty = z.strictObject({});

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

const deviceFields = {
  profile: text('profile').optional(),
  type: text('type').optional(),
  gateway: bool('gateway').optional(),
};

const provisioning = (value: Ref, ctx: z.RefinementCtx) => {
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

const profileFields = {
  payloadType: z
    .enum(['JSON', 'PROTOBUF'], { error: 'payloadType must be JSON or PROTOBUF' })
    .optional(),
  sendAckOnValidationException: bool('sendAckOnValidationException').optional(),
  provisionType: z
    .enum(PROVISION_TYPES, { error: `provisionType must be one of ${PROVISION_TYPES.join(', ')}` })
    .optional(),
  provisionKey: text('provisionKey').nullable().optional(),
  provisionSecret: text('provisionSecret').nullable().optional(),
};
const profile = {
  profileId: text('profileId').optional(),
  profileName: text('profileName').optional(),
};
const requireProfile = oneOf('profileId', 'profileName');

const ruleAction = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('static'), value: z.unknown().optional() }),
    z.strictObject({ type: z.literal('echo') }),
    z.strictObject({ type: z.literal('error'), message: text('action.message') }),
  ],
  { error: 'action.type must be static, echo or error' },
);

const rule = z
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

/** Params schema of each method. Handlers receive the parsed (output) type, callers send the input type. */
export const operatorParamSchemas = {
  'devices.list': z.strictObject({
    offset,
    limit: limit(1000, 100),
    nameContains: z.string({ error: 'nameContains must be a string' }).optional(),
    online: bool('online').optional(),
  }),
  'devices.get': z.strictObject(device).superRefine(requireDevice),
  'devices.create': z
    .strictObject({
      name: text('name'),
      token: text('token').optional(),
      credentials: credentialsInput.optional(),
      ...deviceFields,
    })
    .superRefine(oneOf('token', 'credentials', true)),
  'devices.update': z
    .strictObject({ ...device, name: text('name').optional(), ...deviceFields })
    .superRefine(requireDevice)
    .superRefine(needsChange(['name', 'profile', 'type', 'gateway'])),
  'devices.delete': z.strictObject(device).superRefine(requireDevice),
  'devices.credentials.get': z.strictObject(device).superRefine(requireDevice),
  'devices.credentials.set': z
    .strictObject({ ...device, credentials: credentialsInput })
    .superRefine(requireDevice),
  'telemetry.latest': z
    .strictObject({ ...device, keys: keyList('keys').optional() })
    .superRefine(requireDevice),
  'telemetry.history': z
    .strictObject({
      ...device,
      keys: keyList('keys').min(1, 'keys must name at least one key'),
      startTs: epochMs('startTs').default(0),
      endTs: epochMs('endTs').optional(),
      limit: limit(100_000, 100),
      order: z.enum(['ASC', 'DESC'], { error: 'order must be ASC or DESC' }).default('DESC'),
      aggregation: z
        .enum(AGGREGATIONS, { error: `aggregation must be one of ${AGGREGATIONS.join(', ')}` })
        .default('NONE'),
      intervalMs: int('intervalMs').min(1, 'intervalMs must be at least 1').optional(),
    })
    .superRefine(requireDevice)
    .superRefine((v, ctx) => {
      if (v.endTs !== undefined && v.endTs < v.startTs) {
        ctx.addIssue({
          code: 'custom',
          path: ['endTs'],
          message: 'endTs must not be before startTs',
        });
      }
      if (v.intervalMs !== undefined && v.aggregation === 'NONE') {
        ctx.addIssue({
          code: 'custom',
          path: ['intervalMs'],
          message: 'intervalMs needs an aggregation other than NONE',
        });
      }
    }),
  'attributes.get': z
    .strictObject({ ...device, scope, keys: keyList('keys').optional() })
    .superRefine(requireDevice),
  'attributes.save': z
    .strictObject({
      ...device,
      scope: z.enum(['SHARED', 'SERVER'], {
        error: 'scope must be SHARED or SERVER (CLIENT attributes are written by the device)',
      }),
      values: z
        .record(z.string(), z.unknown(), { error: 'values must be a JSON object of key → value' })
        .refine((v) => Object.keys(v).length > 0, 'values must hold at least one attribute'),
    })
    .superRefine(requireDevice),
  'attributes.delete': z
    .strictObject({
      ...device,
      scope,
      keys: keyList('keys').min(1, 'keys must name at least one key'),
    })
    .superRefine(requireDevice),
  'rpc.send': z
    .strictObject({
      ...device,
      method: text('method'),
      params: z.unknown().optional(),
      oneway: bool('oneway').default(false),
      timeout: int('timeout').min(1, 'timeout must be at least 1 ms').optional(),
      expirationTime: epochMs('expirationTime').optional(),
      persistent: bool('persistent').default(false),
      retries: int('retries').min(0, 'retries must be 0 or more').optional(),
      additionalInfo: z.unknown().optional(),
    })
    .superRefine(requireDevice)
    .superRefine((v, ctx) => {
      if (!v.persistent && v.retries !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['retries'],
          message: 'retries applies only to persistent RPCs',
        });
      }
    }),
  'rpc.get': z.strictObject({ rpcId: text('rpcId') }),
  'rpc.list': z
    .strictObject({
      ...device,
      statuses: z
        .array(
          z.enum(RPC_STATUSES, { error: `every status must be one of ${RPC_STATUSES.join(', ')}` }),
          {
            error: 'statuses must be an array',
          },
        )
        .optional(),
      offset,
      limit: limit(1000, 100),
    })
    .superRefine(requireDevice),
  'rpc.delete': z.strictObject({ rpcId: text('rpcId') }),
  'clientRpc.rules.list': empty,
  'clientRpc.rules.set': z.strictObject({
    rules: z.array(rule, { error: 'rules must be an array of rules' }),
  }),
  'clientRpc.pending': z.strictObject(device).superRefine(oneOf('deviceId', 'deviceName', true)),
  'clientRpc.reply': z
    .strictObject({ id: text('id'), response: z.unknown().optional() })
    .refine((v) => v.response !== undefined, {
      message: 'response is required (null for none)',
      path: ['response'],
    }),
  'profiles.list': empty,
  'profiles.get': z.strictObject(profile).superRefine(requireProfile),
  'profiles.create': z
    .strictObject({ name: text('name'), ...profileFields })
    .superRefine(provisioning),
  'profiles.update': z
    .strictObject({ ...profile, name: text('name').optional(), ...profileFields })
    .superRefine(requireProfile)
    .superRefine(needsChange(['name', ...Object.keys(profileFields)])),
  'profiles.delete': z.strictObject(profile).superRefine(requireProfile),
  'events.list': z
    .strictObject({
      ...device,
      kinds: z
        .array(
          z.enum(EVENT_KINDS, { error: `every kind must be one of ${EVENT_KINDS.join(', ')}` }),
          {
            error: 'kinds must be an array',
          },
        )
        .optional(),
      afterId: int('afterId').min(0, 'afterId must be 0 or more').optional(),
      limit: limit(1000, 100),
    })
    .superRefine(oneOf('deviceId', 'deviceName', true)),
  'sessions.list': z
    .strictObject({
      ...device,
      kind: z
        .enum(['device', 'operator', 'provision'], {
          error: 'kind must be device, operator or provision',
        })
        .optional(),
    })
    .superRefine(oneOf('deviceId', 'deviceName', true)),
  'broker.info': empty,
} as const;
