import { randomUUID } from 'node:crypto';

import mqtt, { type MqttClient } from 'mqtt';

import type { OperatorResponse } from '../../src/protocol/operator-api.ts';
import { OPERATOR_TOPICS, operatorRequestTopic } from '../../src/protocol/operator-topics.ts';

/** An operator session (MQTT.js, MQTT 5, `operator:admin`) that calls the operator API. */
export interface OperatorSession {
  /** Sends `{method, params}` (or raw text) and resolves with the whole reply. */
  raw(payload: string): Promise<OperatorResponse>;
  /** The result, or throws with the error's code and message. */
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  end(): Promise<void>;
}

export async function connectOperator(url: string, password: string): Promise<OperatorSession> {
  const client: MqttClient = mqtt.connect(url, {
    protocolVersion: 5,
    username: 'operator:admin',
    password,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  const waiting = new Map<string, (text: string) => void>();
  client.on('message', (topic, payload) => {
    const id = topic.slice(OPERATOR_TOPICS.responsePrefix.length);
    waiting.get(id)?.(payload.toString('utf8'));
    waiting.delete(id);
  });
  await client.subscribeAsync(OPERATOR_TOPICS.responseFilter, { qos: 1 });
  const raw = (payload: string) =>
    new Promise<OperatorResponse>((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => reject(new Error('no operator reply in 30 s')), 30_000);
      waiting.set(id, (text) => {
        clearTimeout(timer);
        resolve(JSON.parse(text) as OperatorResponse);
      });
      client.publish(operatorRequestTopic(id), payload, { qos: 1 }, (error) => {
        if (error) reject(error);
      });
    });
  return {
    raw,
    async call<T>(method: string, params?: unknown): Promise<T> {
      const reply = await raw(
        JSON.stringify(params === undefined ? { method } : { method, params }),
      );
      if ('error' in reply)
        throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
      return reply.result as T;
    },
    end: () => client.endAsync(),
  };
}
