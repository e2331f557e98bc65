import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt';

import { outboundTopic } from '../../../src/protocol/topics.ts';
import type { DevBroker } from '../../main.ts';

export type Transport = 'tcp' | 'ws';
export type Version = 4 | 5;

export interface TestClient {
  client: MqttClient;
  /** Every packet received, in order. */
  packets: Packet[];
  /** PUBLISH packets received, as {topic, text, qos}. */
  messages: { topic: string; text: string; payload: Buffer; qos: number }[];
  closed: Promise<void>;
  isClosed(): boolean;
  /** Publishes and resolves with the PUBACK (QoS 1) or after the write (QoS 0). */
  publish(topic: string, payload: string | Buffer, qos?: 0 | 1 | 2): Promise<Packet | undefined>;
  subscribe(filters: Record<string, { qos: 0 | 1 | 2 }>): Promise<number[]>;
  /** Resolves with the next message on `topic` (or already received). */
  message(
    topic: string,
    timeoutMs?: number,
  ): Promise<{ topic: string; text: string; payload: Buffer; qos: number }>;
  end(): Promise<void>;
}

export interface ConnectOptions {
  username?: string;
  password?: string;
  clientId?: string;
  clean?: boolean;
}

/** Connects a real MQTT.js client; resolves once CONNACK 0 arrived. */
export async function connectDevice(
  broker: DevBroker,
  transport: Transport,
  version: Version,
  opts: ConnectOptions,
): Promise<TestClient> {
  const { client, result } = rawConnect(broker, transport, version, opts);
  const error = await result;
  if (error) throw error;
  return wrap(client);
}

/** Connects and resolves with the CONNACK (or the refusal error with its code) without retrying. */
export function rawConnect(
  broker: DevBroker,
  transport: Transport,
  version: Version,
  opts: ConnectOptions,
) {
  const url = transport === 'tcp' ? broker.mqttUrl : broker.wsUrl;
  const options: IClientOptions = {
    protocolVersion: version,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    clientId: opts.clientId ?? '',
    clean: opts.clean ?? true,
    ...(opts.username === undefined ? {} : { username: opts.username }),
    ...(opts.password === undefined ? {} : { password: opts.password }),
  };
  const client = mqtt.connect(url, options);
  let connack: Packet | undefined;
  client.on('packetreceive', (p) => {
    if (p.cmd === 'connack') connack = p;
  });
  const result = new Promise<(Error & { code?: number }) | null>((resolve) => {
    client.once('connect', () => resolve(null));
    client.once('error', (e) => {
      client.end(true);
      resolve(e);
    });
    client.once('close', () => resolve(new Error('closed before CONNACK')));
  });
  return { client, result, connack: () => connack };
}

function wrap(client: MqttClient): TestClient {
  const packets: Packet[] = [];
  const messages: TestClient['messages'] = [];
  const waiters: { topic: string; resolve: (m: TestClient['messages'][number]) => void }[] = [];
  let isClosed = false;
  /** QoS 1 publishes waiting for their PUBACK: one `close` listener fails them all. */
  const awaitingAck = new Set<(error: Error) => void>();
  const closed = new Promise<void>((resolve) =>
    client.once('close', () => {
      isClosed = true;
      for (const fail of [...awaitingAck]) fail(new Error('connection closed before PUBACK'));
      resolve();
    }),
  );
  client.on('packetreceive', (p) => packets.push(p));
  client.on('message', (topic, payload, packet) => {
    const m = { topic, text: payload.toString('utf8'), payload, qos: packet.qos };
    messages.push(m);
    for (const w of waiters.filter((x) => x.topic === topic)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  return {
    client,
    packets,
    messages,
    closed,
    isClosed: () => isClosed,
    publish(topic, payload, qos = 1) {
      return new Promise((resolve, reject) => {
        const fail = (error: Error) => {
          awaitingAck.delete(fail);
          reject(error);
        };
        if (qos > 0) {
          if (isClosed) {
            reject(new Error('connection closed before PUBACK'));
            return;
          }
          awaitingAck.add(fail);
        }
        client.publish(topic, payload, { qos }, (err, sent) => {
          awaitingAck.delete(fail);
          if (err) {
            reject(err);
            return;
          }
          if (qos !== 1) {
            resolve(sent);
            return;
          }
          const id = (sent as { messageId?: number } | undefined)?.messageId;
          resolve([...packets].reverse().find((p) => p.cmd === 'puback' && p.messageId === id));
        });
      });
    },
    subscribe(filters) {
      return new Promise((resolve, reject) => {
        const onPacket = (p: Packet) => {
          if (p.cmd === 'suback') {
            client.off('packetreceive', onPacket);
            resolve([...(p.granted as number[])]);
          }
        };
        client.on('packetreceive', onPacket);
        client.subscribe(filters, (err) => {
          // MQTT.js reports refused entries as an error on v5; the SUBACK itself is what we check
          if (err && !/Subscribe error|Topic filter invalid|Unspecified/i.test(err.message))
            reject(err);
        });
      });
    },
    message(topic, timeoutMs = 5000) {
      const existing = messages.find((m) => m.topic === topic);
      if (existing) {
        messages.splice(messages.indexOf(existing), 1);
        return Promise.resolve(existing);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no message on ${topic} within ${String(timeoutMs)} ms`)),
          timeoutMs,
        );
        waiters.push({
          topic,
          resolve: (m) => {
            clearTimeout(timer);
            messages.splice(messages.indexOf(m), 1);
            resolve(m);
          },
        });
      });
    },
    end: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
  };
}

/** Every combination the spec requires: TCP and WebSocket, MQTT 3.1.1 and 5. */
export const MATRIX: [Transport, Version][] = [
  ['tcp', 4],
  ['tcp', 5],
  ['ws', 4],
  ['ws', 5],
];

let markerSeq = 0;

/**
 * A marker round trip, instead of a fixed sleep, to prove that nothing came: an attribute request of
 * this device's own and its answer (spec §6.2). The broker writes a connection's packets in order, so
 * whatever it sent this client before it handled the request has arrived once the answer is here.
 * The answer is taken out of `messages`.
 */
export async function markerRoundTrip(c: TestClient): Promise<void> {
  const id = 2_000_000_000 + ++markerSeq;
  await c.publish(outboundTopic.attributesRequest('v1', id), '{"sharedKeys":"marker"}');
  await c.message(outboundTopic.attributesResponse('v1', id));
}
