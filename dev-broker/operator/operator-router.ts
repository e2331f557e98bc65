import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../src/protocol/json-depth.ts';
import {
  OPERATOR_METHODS,
  describeParamIssues,
  isOperatorMethod,
  operatorRequestSchema,
  parseOperatorParams,
  toParamIssues,
  type OperatorError,
  type OperatorMethod,
  type OperatorResponse,
} from '../../src/protocol/operator-api.ts';
import {
  OPERATOR_TOPICS,
  operatorResponseTopic,
  parseOperatorRequestTopic,
} from '../../src/protocol/operator-topics.ts';
import type { Result } from '../../src/protocol/result.ts';
import type { PublishOutcome } from '../platform/device-api.ts';
import type { DeviceSession } from '../platform/device-session.ts';
import { HubError } from '../platform/errors.ts';
import type { Hub } from '../platform/hub.ts';
import type { Logger } from '../platform/logger.ts';

import type { CallContext, MethodHandlers } from './method-types.ts';

/** MQTT 5 PUBACK reason codes of the operator namespace. */
const V5 = { NOT_AUTHORIZED: 0x87, TOPIC_NAME_INVALID: 0x90 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Call {
  method: OperatorMethod;
  params: unknown;
}

/**
 * Routes every PUBLISH of an operator session (ADR 0004): `operator/v1/request/{requestId}` runs one
 * call and answers on `operator/v1/response/{requestId}` after the PUBACK; any other topic is refused.
 */
export function attachOperatorRouter(hub: Hub, handlers: MethodHandlers, log: Logger): void {
  hub.deviceApi.operatorHandler = (session, topic, payload) =>
    Promise.resolve(route(session, topic, payload));

  function route(session: DeviceSession, topic: string, payload: Buffer): PublishOutcome {
    const requestId = parseOperatorRequestTopic(topic);
    if (requestId === undefined) return refuse(session, topic);
    // each call runs on its own after the PUBACK: a slow one (two-way rpc.send) holds up no other
    const after = () => {
      answer({ session, requestId }, payload).catch((error: unknown) => {
        log.error(
          `operator request ${requestId} failed: ${(error as Error).stack ?? String(error)}`,
        );
      });
    };
    return { ack: true, after };
  }

  /** Not a request topic: PUBACK 0x87 (0x90 for a malformed request id) and an `error` event, nothing else. */
  function refuse(session: DeviceSession, topic: string): PublishOutcome {
    const badRequestId = topic.startsWith(OPERATOR_TOPICS.requestPrefix);
    const message = badRequestId
      ? `request topic "${topic}" has no valid request id (1-128 characters, no "/"); message dropped`
      : `an operator session is refused on device topics: "${topic}" was dropped`;
    hub.events.record({
      kind: 'dropped',
      clientId: session.link.clientId,
      deviceName: session.label,
      topic,
      message,
    });
    return { ack: true, v5ReasonCode: badRequestId ? V5.TOPIC_NAME_INVALID : V5.NOT_AUTHORIZED };
  }

  async function answer(ctx: CallContext, payload: Buffer): Promise<void> {
    const response = await respond(ctx, payload);
    let text: string;
    try {
      text = JSON.stringify(response);
    } catch (error) {
      log.error(
        `operator request ${ctx.requestId}: could not encode the result: ${(error as Error).stack ?? String(error)}`,
      );
      text = JSON.stringify({
        error: { code: 'INTERNAL', message: 'the result could not be encoded as JSON' },
      });
    }
    await ctx.session.send(operatorResponseTopic(ctx.requestId), text);
  }

  async function respond(ctx: CallContext, payload: Buffer): Promise<OperatorResponse> {
    const call = decodeCall(payload);
    if (!call.ok) return { error: call.error };
    const params = parseOperatorParams(call.value.method, call.value.params);
    if (!params.ok) {
      const message = `invalid params for ${call.value.method}: ${describeParamIssues(params.issues)}`;
      return { error: { code: 'INVALID_ARGUMENT', message, details: { issues: params.issues } } };
    }
    // the params were checked by this method's own schema, so the handler accepts them
    const handler = handlers[call.value.method] as (params: unknown, ctx: CallContext) => unknown;
    try {
      return { result: await handler(params.value, ctx) };
    } catch (error) {
      return { error: toOperatorError(error, call.value.method, ctx) };
    }
  }

  function toOperatorError(
    error: unknown,
    method: OperatorMethod,
    ctx: CallContext,
  ): OperatorError {
    if (error instanceof HubError) {
      return {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      };
    }
    log.error(
      `operator ${method} (request ${ctx.requestId}) failed: ${(error as Error).stack ?? String(error)}`,
    );
    return {
      code: 'INTERNAL',
      message: `${method} failed inside the broker; the broker log has the details`,
    };
  }
}

/** Steps 1-3 of a call: UTF-8, strict JSON at most 256 levels deep, the `{method, params}` envelope and a known method. */
function decodeCall(payload: Buffer): Result<Call, OperatorError> {
  const bad = (message: string, details?: unknown): Result<never, OperatorError> => ({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', message, ...(details === undefined ? {} : { details }) },
  });
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return bad('the request is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return bad(`the request is not valid JSON: ${(error as Error).message}`);
  }
  // JSON.parse takes 10,000 levels, but encoding them again (RPC params, attributes) overflows the stack
  if (nestedDeeperThan(json, MAX_JSON_DEPTH + 1)) {
    return bad(
      `the request nests objects or arrays deeper than ${String(MAX_JSON_DEPTH)} levels inside "params" (the device API's limit too)`,
    );
  }
  const envelope = operatorRequestSchema.safeParse(json);
  if (!envelope.success) {
    const issues = toParamIssues(envelope.error);
    return bad(
      `the request must be {"method": string, "params"?: object}: ${describeParamIssues(issues)}`,
      { issues },
    );
  }
  const { method, params } = envelope.data;
  if (!isOperatorMethod(method)) {
    return bad(`unknown method "${method}"; known methods: ${OPERATOR_METHODS.join(', ')}`, {
      methods: OPERATOR_METHODS,
    });
  }
  return { ok: true, value: { method, params } };
}
