import { randomUUID } from 'node:crypto';

import { mqttPort } from '../../../src/client/adapters/mqtt-node.ts';
import { OperatorClient, OperatorRequestError } from '../../../src/client/operator-client.ts';
import type {
  OperatorError,
  OperatorMethod,
  OperatorParams,
  OperatorResponse,
  OperatorResult,
} from '../../../src/protocol/operator-api.ts';
import {
  operatorRequestTopic,
  operatorResponseTopic,
} from '../../../src/protocol/operator-topics.ts';
import type { DevBroker } from '../../main.ts';

import { connectDevice, type TestClient, type Transport, type Version } from './mqtt-client.ts';

/**
 * A real MQTT.js client logged in as an operator: the typed {@link OperatorClient} of src/client over
 * it (`api`, `ok`, `fail`, `call`), and the raw client underneath for the packets and messages.
 */
export interface OperatorTestClient extends TestClient {
  api: OperatorClient;
  /** Calls `method` and resolves with the whole reply envelope. */
  call<M extends OperatorMethod>(
    method: M,
    params?: OperatorParams<M>,
  ): Promise<OperatorResponse<OperatorResult<M>>>;
  /** Publishes any payload as a request (bad input on purpose); resolves with the reply. */
  raw(payload: string, requestId?: string): Promise<OperatorResponse>;
  /** The result, or throws with the error's code and message. */
  ok<M extends OperatorMethod>(method: M, params?: OperatorParams<M>): Promise<OperatorResult<M>>;
  /** The API's error reply, or throws when the call succeeded. */
  fail(method: OperatorMethod, params?: unknown): Promise<OperatorError>;
}

/** The API error an {@link OperatorRequestError} carries; other failures are rethrown. */
function apiError(error: unknown): OperatorError {
  if (!(error instanceof OperatorRequestError) || !error.fromApi) throw error;
  const { code, message, details } = error;
  return {
    code: code as OperatorError['code'],
    message,
    ...(details === undefined ? {} : { details }),
  };
}

/** Connects as `operator:admin` with the broker's admin password. */
export async function connectOperator(
  broker: DevBroker,
  transport: Transport = 'tcp',
  version: Version = 5,
): Promise<OperatorTestClient> {
  const c = await connectDevice(broker, transport, version, {
    username: 'operator:admin',
    password: broker.admin.password,
  });
  const api = new OperatorClient(mqttPort(c.client), { timeoutMs: 15_000 });
  const call = <M extends OperatorMethod>(
    method: M,
    params?: OperatorParams<M>,
  ): Promise<OperatorResponse<OperatorResult<M>>> =>
    api.request(method, params).then(
      (result) => ({ result }),
      (error: unknown) => ({ error: apiError(error) }),
    );
  return {
    ...c,
    api,
    call,
    async raw(payload, requestId = randomUUID()) {
      const reply = c.message(operatorResponseTopic(requestId), 15_000);
      await c.publish(operatorRequestTopic(requestId), payload);
      return JSON.parse((await reply).text) as OperatorResponse;
    },
    async ok(method, params) {
      try {
        return await api.request(method, params);
      } catch (error) {
        const { code, message } = apiError(error);
        throw new Error(`${method}: ${code}: ${message}`);
      }
    },
    async fail(method, params) {
      const response = await call(method, params as OperatorParams<typeof method>);
      if ('result' in response)
        throw new Error(`${method} succeeded: ${JSON.stringify(response.result)}`);
      return response.error;
    },
  };
}
