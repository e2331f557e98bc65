import { z } from 'zod';

/** Rate-limit strings look like "20:600" or "20:1,600:60" (spec §13). */
const rateLimit = z
  .string()
  .regex(/^\d+:\d+(,\d+:\d+)*$/, 'expected "cap:seconds[,cap:seconds…]", e.g. "20:600"');

const positiveMs = z.number().int().positive();

/** Broker settings of spec §13, with their defaults. Every field can be set in the config file. */
export const settingsSchema = z
  .object({
    maxPayloadSize: z.number().int().min(1024).default(65536),
    otaMaxChunkSize: z.number().int().positive().optional(),
    maxInflightMessages: z.number().int().positive().default(100),
    /** A connection that has not sent CONNECT within this time is closed (bounds idle and slow clients). */
    connectTimeoutMs: positiveMs.default(10_000),
    maxSessionsPerDevice: z.number().int().positive().default(1),
    sessionInactivityTimeoutMs: positiveMs.default(600_000),
    deviceInactivityTimeoutMs: positiveMs.default(600_000),
    typeCastEnabled: z.boolean().default(true),
    maxStringValueLength: z.number().int().min(0).default(0),
    rpcAckTimeoutMs: positiveMs.default(10_000),
    rpc: z
      .object({
        defaultTimeoutMs: positiveMs.default(10_000),
        minTimeoutMs: positiveMs.default(5_000),
        maxRetries: z.number().int().min(0).default(5),
      })
      .strict()
      .prefault({}),
    clientRpc: z
      .object({
        timeoutMs: positiveMs.default(60_000),
        getTimeEnabled: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    claim: z
      .object({
        defaultDurationMs: positiveMs.default(86_400_000),
        allowByDefault: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    provision: z
      .object({ closeDelayMs: positiveMs.default(60_000) })
      .strict()
      .prefault({}),
    rateLimits: z
      .object({
        messages: rateLimit.optional(),
        telemetryMessages: rateLimit.optional(),
        telemetryDataPoints: rateLimit.optional(),
        gatewayMessages: rateLimit.optional(),
        gatewayTelemetryMessages: rateLimit.optional(),
        gatewayTelemetryDataPoints: rateLimit.optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export const defaultSettings = (): Settings => settingsSchema.parse({});
