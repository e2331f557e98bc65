/**
 * Params of every operator API method, as strict zod schemas (docs/operator-api.md). NOT part of the
 * ThingsBoard device API. Unknown fields are refused; every message names the field and what it needs.
 */
import { z } from 'zod';

import { claimOtaParamSchemas } from './operator-claim-ota-params.ts';
import { faultParamSchemas } from './operator-fault-api.ts';
import {
  AGGREGATIONS,
  EVENT_KINDS,
  RPC_STATUSES,
  bool,
  credentialsInput,
  device,
  deviceFields,
  empty,
  epochMs,
  int,
  keyList,
  limit,
  needsChange,
  offset,
  oneOf,
  profile,
  profileFields,
  provisioning,
  requireDevice,
  requireProfile,
  rule,
  scope,
  text,
} from './operator-param-fields.ts';

/** Params schema of each method. Handlers receive the parsed (output) type, callers send the input type. */
export const operatorParamSchemas = {
  'devices.list': z.strictObject({
    offset,
    limit: limit(1000, 100),
    nameContains: z.string({ error: 'nameContains must be a string' }).optional(),
    online: bool('online').optional(),
    /** Only the devices of this profile (its `total` is the profile's device count). */
    profileId: text('profileId').optional(),
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
  'broker.reset': empty,
  'broker.snapshot': empty,
  'broker.restore': z.strictObject({
    snapshot: z.unknown().refine((v) => v !== undefined, {
      message: 'snapshot is required: a document from broker.snapshot',
    }),
  }),
  ...claimOtaParamSchemas,
  ...faultParamSchemas,
} as const;
