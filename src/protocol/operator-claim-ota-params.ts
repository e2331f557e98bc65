/**
 * Params of the operator API's claiming and OTA methods (docs/operator-api.md), merged into
 * `operatorParamSchemas`. NOT part of the ThingsBoard device API. Strict: unknown fields are refused.
 */
import { z } from 'zod';

import { CHECKSUM_ALGORITHMS } from './checksum.ts';
import {
  device,
  empty,
  int,
  oneOf,
  profile,
  requireDevice,
  text,
  type Ref,
} from './operator-param-fields.ts';

/** The largest package `ota.upload` accepts in chunks (16 MiB). */
export const OTA_UPLOAD_MAX_BYTES = 16 * 1024 * 1024;

const OTA_TYPES = ['FIRMWARE', 'SOFTWARE'] as const;
const otaType = z.enum(OTA_TYPES, { error: 'type must be FIRMWARE or SOFTWARE' });
const packageId = { packageId: text('packageId') };
const uploadId = { uploadId: text('uploadId') };

/** `deviceId`, `deviceName`, `profileId` or `profileName`: exactly one names the assignment target. */
const target = { ...device, ...profile };
const TARGET_FIELDS = Object.keys(target);
const requireTarget = (value: Ref, ctx: z.RefinementCtx) => {
  const given = TARGET_FIELDS.filter((k) => value[k] !== undefined);
  const all = TARGET_FIELDS.join(', ');
  if (given.length === 0) ctx.addIssue({ code: 'custom', message: `give one of ${all}` });
  if (given.length > 1)
    ctx.addIssue({
      code: 'custom',
      message: `give only one of ${all}, not ${given.join(' and ')}`,
    });
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `ota.upload`: package fields, and `size` (bytes follow in chunks) or `url` (nothing follows). */
const upload = z
  .strictObject({
    title: text('title'),
    version: text('version'),
    tag: z.string({ error: 'tag must be a string' }).nullable().optional(),
    type: otaType.default('FIRMWARE'),
    size: int('size')
      .min(1, 'size must be at least 1 byte')
      .max(OTA_UPLOAD_MAX_BYTES, `size must be at most ${OTA_UPLOAD_MAX_BYTES} bytes (16 MiB)`)
      .optional(),
    url: z
      .url({ protocol: /^https?$/, error: 'url must be an absolute http:// or https:// URL' })
      .optional(),
    checksumAlgorithm: z
      .enum(CHECKSUM_ALGORITHMS, {
        error: `checksumAlgorithm must be one of ${CHECKSUM_ALGORITHMS.join(', ')}`,
      })
      .optional(),
    checksum: z
      .string({ error: 'checksum must be a string' })
      .regex(/^[0-9a-fA-F]+$/, 'checksum must be hexadecimal')
      .optional(),
    fileName: text('fileName').optional(),
    contentType: text('contentType').optional(),
  })
  .superRefine(oneOf('size', 'url'));

/** Params schemas of `claim.*`, `customers.list` and `ota.*`. */
export const claimOtaParamSchemas = {
  'claim.claim': z
    .strictObject({
      ...device,
      secretKey: z.string({ error: 'secretKey must be a string' }).optional(),
      customer: text('customer'),
    })
    .superRefine(requireDevice),
  'claim.reclaim': z.strictObject(device).superRefine(requireDevice),
  'claim.registrations': empty,
  'customers.list': empty,
  'ota.list': z.strictObject({ type: otaType.optional() }),
  'ota.get': z.strictObject(packageId),
  'ota.delete': z.strictObject(packageId),
  'ota.assign': z.strictObject({ ...packageId, ...target }).superRefine(requireTarget),
  'ota.unassign': z.strictObject({ type: otaType, ...target }).superRefine(requireTarget),
  'ota.status': z.strictObject(device).superRefine(oneOf('deviceId', 'deviceName', true)),
  'ota.upload': upload,
  'ota.upload.chunk': z.strictObject({
    ...uploadId,
    index: int('index').min(0, 'index must be 0 or more'),
    data: z
      .string({ error: 'data must be a base64 string' })
      .min(1, 'data must not be empty')
      .regex(BASE64, 'data must be standard base64 (A-Z a-z 0-9 + /, padded with =)'),
  }),
  'ota.upload.finish': z.strictObject(uploadId),
  'ota.upload.abort': z.strictObject(uploadId),
} as const;
