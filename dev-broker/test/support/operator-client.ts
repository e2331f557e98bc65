import { randomUUID } from 'node:crypto';

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

/** A real MQTT.js client logged in as an operator, with typed calls of the operator API. */
export interface OperatorTestClient extends TestClient {
  /** Publishes a request and resolves with the whole reply envelope. */
  call<M extends OperatorMethod>(
    method: M,
    params?: OperatorParams<M>,
  ): Promise<OperatorResponse<OperatorResult<M>>>;
  /** Publishes any payload as a request; resolves with the reply. */
  raw(payload: string, requestId?: string): Promise<OperatorResponse>;
  /** The result, or throws with the error's code and message. */
  ok<M extends OperatorMethod>(method: M, params?: OperatorParams<M>): Promise<OperatorResult<M>>;
  /** The error, or throws when the call succeeded. */
  fail(method: OperatorMethod, params?: unknown): Promise<OperatorError>;
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
  c.client.setMaxListeners(0); // the shared publish helper adds a close listener per QoS 1 publish
  const raw = async (payload: string, requestId = randomUUID()): Promise<OperatorResponse> => {
    const reply = c.message(operatorResponseTopic(requestId), 15_000);
    await c.publish(operatorRequestTopic(requestId), payload);
    return JSON.parse((await reply).text) as OperatorResponse;
  };
  const call = <M extends OperatorMethod>(method: M, params?: OperatorParams<M>) =>
    raw(JSON.stringify(params === undefined ? { method } : { method, params })) as Promise<
      OperatorResponse<OperatorResult<M>>
    >;
  return {
    ...c,
    raw,
    call,
    async ok(method, params) {
      const response = await call(method, params);
      if ('error' in response)
        throw new Error(`${method}: ${response.error.code}: ${response.error.message}`);
      return response.result;
    },
    async fail(method, params) {
      const response = await raw(JSON.stringify({ method, params }));
      if ('result' in response)
        throw new Error(`${method} succeeded: ${JSON.stringify(response.result)}`);
      return response.error;
    },
  };
}
