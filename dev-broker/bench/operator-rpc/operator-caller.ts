import mqtt, { type MqttClient } from 'mqtt';

import type {
  OperatorMethod,
  OperatorParams,
  OperatorResponse,
} from '../../../src/protocol/operator-api.ts';
import {
  OPERATOR_TOPICS,
  OPERATOR_USERNAME_PREFIX,
  operatorRequestTopic,
} from '../../../src/protocol/operator-topics.ts';

/** An operator API session over MQTT.js, as lean as a client can be (no packet log, one Map). */
export interface OperatorCaller {
  /** Publishes `{method, params}` at QoS 1 and resolves with the reply envelope. */
  call<M extends OperatorMethod>(
    method: M,
    params?: OperatorParams<M>,
    timeoutMs?: number,
  ): Promise<OperatorResponse>;
  close(): Promise<void>;
}

/** Resolves once CONNACK came, or rejects with the client's error (a wrong password: "Not authorized"). */
export async function connectClient(
  url: string,
  options: mqtt.IClientOptions,
): Promise<MqttClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 10_000, ...options });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => {
      resolve();
    });
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
  return client;
}

/**
 * Logs in as `operator:<account>` (MQTT 5, like the console) and subscribes to the responses at
 * QoS 0, so a reply costs the broker one PUBLISH and no PUBACK.
 */
export async function connectOperatorCaller(
  url: string,
  password: string,
  account = 'admin',
): Promise<OperatorCaller> {
  const client = await connectClient(url, {
    protocolVersion: 5,
    username: `${OPERATOR_USERNAME_PREFIX}${account}`,
    password,
  });
  const pending = new Map<string, (response: OperatorResponse) => void>();
  client.on('message', (topic, payload) => {
    const id = topic.slice(OPERATOR_TOPICS.responsePrefix.length);
    const settle = pending.get(id);
    if (!settle) return;
    pending.delete(id);
    settle(JSON.parse(payload.toString('utf8')) as OperatorResponse);
  });
  await client.subscribeAsync(OPERATOR_TOPICS.responseFilter, { qos: 0 });
  let seq = 0;
  return {
    call(method, params, timeoutMs = 15_000) {
      const id = `bench-${String(++seq)}`;
      const body = JSON.stringify(params === undefined ? { method } : { method, params });
      return new Promise<OperatorResponse>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no reply within ${String(timeoutMs)} ms`));
        }, timeoutMs);
        pending.set(id, (response) => {
          clearTimeout(timer);
          resolve(response);
        });
        client.publish(operatorRequestTopic(id), body, { qos: 1 }, (error) => {
          if (!error) return;
          clearTimeout(timer);
          pending.delete(id);
          reject(error);
        });
      });
    },
    async close() {
      await client.endAsync();
    },
  };
}
