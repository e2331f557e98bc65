import { z } from 'zod';

/** Rate-limit strings look like "20:600" or "20:1,600:60" (spec §13). */
const rateLimit = z
  .string()
  .regex(/^\d+:\d+(,\d+:\d+)*$/, 'expected "cap:seconds[,cap:seconds…]", e.g. "20:600"');

const positiveMs = z.number().int().positive();
/** A delay armed with setTimeout, which cannot wait longer than 2^31−1 ms (~24.8 days). */
const timerMs = positiveMs.max(2 ** 31 - 1, 'must be at most 2147483647 ms (about 24.8 days)');

/** Broker settings of spec §13, with their defaults. Every field can be set in the config file. */
export const settingsSchema = z
  .object({
    maxPayloadSize: z.number().int().min(1024).default(65536),
    otaMaxChunkSize: z.number().int().positive().optional(),
    maxInflightMessages: z.number().int().positive().default(100),
    /**
     * Bytes the broker may hold unsent for one connection: past it, the client's further requests are
     * not read until it has read what was sent (at least 4 × maxPayloadSize applies).
     */
    maxUnsentBytes: z
      .number()
      .int()
      .min(65_536)
      .default(16 * 1024 * 1024),
    /** A connection that has not sent CONNECT within this time is closed (bounds idle and slow clients). */
    connectTimeoutMs: positiveMs.default(10_000),
    maxSessionsPerDevice: z.number().int().positive().default(1),
    sessionInactivityTimeoutMs: timerMs.default(600_000),
    deviceInactivityTimeoutMs: positiveMs.default(600_000),
    typeCastEnabled: z.boolean().default(true),
    maxStringValueLength: z.number().int().min(0).default(0),
    rpcAckTimeoutMs: timerMs.default(10_000),
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
        timeoutMs: timerMs.default(60_000),
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
      .object({ closeDelayMs: timerMs.default(60_000) })
      .strict()
      .prefault({}),
    events: z
      .object({
        maxAgeMs: positiveMs.default(7 * 86_400_000),
        maxCount: z.number().int().min(100).default(100_000),
        refusedConnectsPerAddress: z.number().int().min(1).default(10),
      })
      .strict()
      .prefault({}),
    gateway: z
      .object({ scope: z.enum(['any', 'own']).default('any') })
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
