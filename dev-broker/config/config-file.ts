import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { compileProfileSchema } from '../../src/protocol/proto/profile-schema.ts';

import { settingsSchema } from './settings.ts';

const attributeMap = z.record(z.string(), z.unknown());

/** spec §2.3: a profile's .proto schema; one that does not compile is reported with the parser's message. */
const protoSchemaText = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const compiled = compileProfileSchema(text);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.error.message });
  });

export const credentialsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ACCESS_TOKEN'), token: z.string().min(1) }).strict(),
  z
    .object({
      type: z.literal('MQTT_BASIC'),
      clientId: z.string().optional(),
      userName: z.string().optional(),
      password: z.string().optional(),
    })
    .strict(),
]);

export const profileDeclSchema = z
  .object({
    name: z.string().min(1),
    payloadType: z.enum(['JSON', 'PROTOBUF']).default('JSON'),
    enableCompatibilityWithJsonPayloadFormat: z.boolean().default(false),
    useJsonPayloadFormatForDefaultDownlinkTopics: z.boolean().default(false),
    deviceTelemetryProtoSchema: protoSchemaText.optional(),
    deviceAttributesProtoSchema: protoSchemaText.optional(),
    deviceRpcRequestProtoSchema: protoSchemaText.optional(),
    deviceRpcResponseProtoSchema: protoSchemaText.optional(),
    sendAckOnValidationException: z.boolean().default(false),
    provisionType: z
      .enum(['DISABLED', 'ALLOW_CREATE_NEW_DEVICES', 'CHECK_PRE_PROVISIONED_DEVICES'])
      .default('DISABLED'),
    provisionKey: z.string().min(1).optional(),
    provisionSecret: z.string().min(1).optional(),
  })
  .strict();

export const deviceDeclSchema = z
  .object({
    name: z.string().min(1),
    profile: z.string().min(1).default('default'),
    credentials: credentialsSchema.optional(),
    gateway: z.boolean().default(false),
    shared: attributeMap.optional(),
    server: attributeMap.optional(),
  })
  .strict();

/** The JSON config file (`--config` / `IOTHUB_CONFIG`): settings of spec §13 plus declared entities. */
export const configFileSchema = z
  .object({
    $schema: z.string().optional(),
    settings: settingsSchema.prefault({}),
    /** Operator API accounts (ADR 0004); `admin` always exists. */
    adminPassword: z.string().min(8, 'must be at least 8 characters').optional(),
    operators: z
      .array(
        z
          .object({
            name: z.string().min(1),
            password: z.string().min(8, 'must be at least 8 characters'),
          })
          .strict(),
      )
      .default([]),
    profiles: z.array(profileDeclSchema).default([]),
    devices: z.array(deviceDeclSchema).default([]),
  })
  .strict();

export type ConfigFile = z.output<typeof configFileSchema>;
export type ConfigFileInput = z.input<typeof configFileSchema>;
export type DeviceDecl = z.output<typeof deviceDeclSchema>;
export type ProfileDecl = z.output<typeof profileDeclSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a config object; the error names every bad field by its path. */
export function parseConfig(input: unknown, source = 'config'): ConfigFile {
  const result = configFileSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `  - ${path}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid ${source}:\n${lines.join('\n')}`);
}

/** Reads and validates a JSON config file. */
export function loadConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read config file ${file}: ${(cause as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`Config file ${file} is not valid JSON: ${(cause as Error).message}`);
  }
  return parseConfig(json, `config file ${file}`);
}
