/**
 * OperatorApi: the dev broker's operator namespace, standing in for the reference platform's REST API
 * (docs/operator-api.md, ADR 0004). NOT part of the ThingsBoard device API.
 *
 * A call is `{"method":…,"params":{…}}` on `operator/v1/request/{requestId}`; the reply comes on
 * `operator/v1/response/{requestId}` as `{"result":…}` or `{"error":{"code","message","details"?}}`.
 */
import { z } from 'zod';

import type { BrokerSnapshot } from './broker-snapshot.ts';
import type { StateReplacedResponse } from './http-api.ts';
import type { ClaimOtaResults } from './operator-claim-ota-results.ts';
import type {
  AggregatedPointDto,
  Aggregation,
  AttributeDto,
  BrokerInfoDto,
  ClientRpcRuleDto,
  CredentialsDto,
  DeviceDto,
  EventDto,
  PageDto,
  PendingClientRpcDto,
  ProfileDto,
  RpcDto,
  RpcStatusName,
  Scope,
  SessionDto,
  TelemetryPointDto,
} from './operator-dto.ts';
import { operatorParamSchemas } from './operator-params.ts';

export const OPERATOR_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FAILED_PRECONDITION',
  'DEADLINE_EXCEEDED',
  'PERMISSION_DENIED',
  'INTERNAL',
] as const;
export type OperatorErrorCode = (typeof OPERATOR_ERROR_CODES)[number];

/** An error reply. `details` of INVALID_ARGUMENT from params validation is `{ issues: ParamIssue[] }`. */
export interface OperatorError {
  code: OperatorErrorCode;
  message: string;
  details?: unknown;
}

/** One params problem: the path of the field inside `params` and what is wrong with it. */
export interface ParamIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/** The result of `rpc.send`: the device's reply (two-way), `delivered` (one-way) or the stored RPC (persistent). */
export type RpcSendResultDto =
  | { kind: 'reply'; json: true; response: unknown }
  | { kind: 'reply'; json: false; response: string }
  | { kind: 'delivered' }
  | { kind: 'persistent'; rpcId: string; status: RpcStatusName };

export type TelemetryHistoryResult =
  | { aggregation: 'NONE'; points: TelemetryPointDto[] }
  | { aggregation: Exclude<Aggregation, 'NONE'>; intervalMs: number; points: AggregatedPointDto[] };

/** Result type of every method (claiming and OTA in operator-claim-ota-results.ts). */
export interface OperatorResults extends ClaimOtaResults {
  'devices.list': PageDto<DeviceDto>;
  'devices.get': DeviceDto;
  'devices.create': { device: DeviceDto; credentials: CredentialsDto };
  'devices.update': DeviceDto;
  'devices.delete': { deviceId: string; deleted: true };
  'devices.credentials.get': CredentialsDto;
  'devices.credentials.set': CredentialsDto;
  'telemetry.latest': TelemetryPointDto[];
  'telemetry.history': TelemetryHistoryResult;
  'attributes.get': AttributeDto[];
  'attributes.save': { deviceId: string; scope: Scope; keys: string[] };
  'attributes.delete': { deviceId: string; scope: Scope; deleted: string[] };
  'rpc.send': RpcSendResultDto;
  'rpc.get': RpcDto;
  'rpc.list': PageDto<RpcDto>;
  'rpc.delete': RpcDto;
  'clientRpc.rules.list': ClientRpcRuleDto[];
  'clientRpc.rules.set': ClientRpcRuleDto[];
  'clientRpc.pending': PendingClientRpcDto[];
  'clientRpc.reply': { id: string; answered: true };
  'profiles.list': ProfileDto[];
  'profiles.get': ProfileDto;
  'profiles.create': ProfileDto;
  'profiles.update': ProfileDto;
  'profiles.delete': { profileId: string; deleted: true };
  'events.list': EventDto[];
  'sessions.list': SessionDto[];
  'broker.info': BrokerInfoDto;
  'broker.reset': StateReplacedResponse;
  'broker.snapshot': BrokerSnapshot;
  'broker.restore': StateReplacedResponse;
}

export type OperatorMethod = keyof typeof operatorParamSchemas;

/** What a caller sends as `params` (defaults may be left out). */
export type OperatorParams<M extends OperatorMethod> = z.input<(typeof operatorParamSchemas)[M]>;
/** What a handler receives after validation (defaults filled in). */
export type OperatorParsedParams<M extends OperatorMethod> = z.output<
  (typeof operatorParamSchemas)[M]
>;
export type OperatorResult<M extends OperatorMethod> = OperatorResults[M];

/** The whole API as one type map (zigbee2mqtt `api.ts` style). */
export type OperatorApi = {
  [M in OperatorMethod]: { params: OperatorParams<M>; result: OperatorResult<M> };
};

type Assert<T extends true> = T;
/** Compile-time check: every method has a result type and every result type a method. */
export type EveryMethodHasAResult = Assert<
  [Exclude<OperatorMethod, keyof OperatorResults>] extends [never] ? true : false
>;

/** Every method name, sorted. */
export const OPERATOR_METHODS = (Object.keys(operatorParamSchemas) as OperatorMethod[]).sort();

export const isOperatorMethod = (name: string): name is OperatorMethod =>
  Object.hasOwn(operatorParamSchemas, name);

/** A request as published on `operator/v1/request/{requestId}`. */
export interface OperatorRequest<M extends OperatorMethod = OperatorMethod> {
  method: M;
  params?: OperatorParams<M>;
}

/** A reply as published on `operator/v1/response/{requestId}`. */
export type OperatorResponse<R = unknown> = { result: R } | { error: OperatorError };

/** The request envelope; `params` is checked against the method's own schema afterwards. */
export const operatorRequestSchema = z.strictObject({
  method: z.string({ error: 'method must be a string naming an operator API method' }),
  params: z.record(z.string(), z.unknown(), { error: 'params must be a JSON object' }).optional(),
});

/** The reply envelope, for clients. */
export const operatorResponseSchema = z.union([
  z.strictObject({ result: z.unknown() }).refine((v) => 'result' in v, 'result is missing'),
  z.strictObject({
    error: z.strictObject({
      code: z.enum(OPERATOR_ERROR_CODES),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  }),
]);

/** The zod issues of a params check as ParamIssues. */
export const toParamIssues = (error: z.ZodError): ParamIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    code: issue.code,
    message: issue.message,
  }));

/** `limit: limit must be at most 1000; (params): give deviceId or deviceName` */
export const describeParamIssues = (issues: ParamIssue[]): string =>
  issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(params)'}: ${i.message}`)
    .join('; ');

/** Validates `params` for `method`: the parsed params, or the issues. Never throws. */
export function parseOperatorParams<M extends OperatorMethod>(
  method: M,
  params: unknown,
): { ok: true; value: OperatorParsedParams<M> } | { ok: false; issues: ParamIssue[] } {
  const schema: z.ZodType = operatorParamSchemas[method];
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) return { ok: false, issues: toParamIssues(parsed.error) };
  // the schema of `method` produced it, so it has that method's parsed type
  return { ok: true, value: parsed.data as OperatorParsedParams<M> };
}
