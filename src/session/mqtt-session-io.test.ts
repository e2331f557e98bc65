import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { startTestBroker } from '../testing/test-broker.ts';
import type { TestBroker } from '../testing/test-broker.ts';

import { MqttSession } from './mqtt-session.ts';
import type { InboundMessage } from './mqtt-session.ts';
import { createPacketLogStore } from './packet-log-store.ts';

const TOKEN = 'io-token';
const INVALID = 'not json at all {';
let broker: TestBroker;
const sessions: MqttSession[] = [];

beforeAll(async () => {
  broker = await startTestBroker({
    tokens: [TOKEN],
    rejectPublish: (_topic, payload) => payload === INVALID,
  });
});

afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
});

afterAll(async () => {
  await broker.close();
});

async function connected(version: 4 | 5 = 4): Promise<MqttSession> {
  const session = new MqttSession({
    reconnect: { baseDelayMs: 20, maxDelayMs: 40, jitter: 0 },
    connectTimeoutMs: 2_000,
    // Synchronous flushes: the test reads the log right after the packets.
    packetLog: createPacketLogStore({ schedule: (flush) => queueMicrotask(flush) }),
  });
  sessions.push(session);
  session.connect({
    url: broker.url,
    protocolVersion: version,
    credentials: { kind: 'token', token: TOKEN },
  });
  await vi.waitFor(() => {
    expect(session.store.getState().status).toBe('connected');
  });
  return session;
}

describe('publish', () => {
  it('resolves a QoS 1 publish on its PUBACK with the measured latency', async () => {
    const session = await connected();
    const result = await session.publish('v1/devices/me/telemetry', '{"t":1}', { qos: 1 });
    expect(result.latencyMs).toEqual(expect.any(Number));
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs).toBeLessThan(2_000);
    await vi.waitFor(() => {
      const kinds = session.packetLog.getState().entries.map((e) => `${e.direction}:${e.kind}`);
      expect(kinds).toEqual(expect.arrayContaining(['out:publish', 'in:puback']));
    });
    const { entries } = session.packetLog.getState();
    const sent = entries.find((e) => e.kind === 'publish');
    const ack = entries.find((e) => e.kind === 'puback');
    expect(sent).toMatchObject({
      topic: 'v1/devices/me/telemetry',
      payloadText: '{"t":1}',
      qos: 1,
      size: 7,
    });
    expect(ack?.messageId).toBe(sent?.messageId);
    expect(ack?.latencyMs).toEqual(expect.any(Number));
  });

  it('correlates concurrent publishes with their own PUBACKs', async () => {
    const session = await connected(5);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        session.publish('v1/devices/me/telemetry', `{"n":${n}}`, { qos: 1 }),
      ),
    );
    expect(results.every((r) => r.latencyMs !== null)).toBe(true);
    await vi.waitFor(() => {
      const acks = session.packetLog.getState().entries.filter((e) => e.kind === 'puback');
      expect(acks).toHaveLength(5);
      expect(new Set(acks.map((a) => a.messageId)).size).toBe(5);
    });
  });

  it('resolves a QoS 0 publish with no latency and logs binary payloads as hex', async () => {
    const session = await connected();
    expect(await session.publish('v2/t', new Uint8Array([0xff, 0x00, 0x01]))).toEqual({
      latencyMs: null,
    });
    await vi.waitFor(() => {
      const sent = session.packetLog.getState().entries.find((e) => e.kind === 'publish');
      expect(sent).toMatchObject({ binary: true, size: 3, payloadText: '<3 bytes: ff 00 01>' });
    });
  });

  it('rejects in plain words when not connected', async () => {
    const session = new MqttSession();
    sessions.push(session);
    await expect(session.publish('v1/devices/me/telemetry', '{}')).rejects.toThrow(
      'Cannot publish to v1/devices/me/telemetry: the console is not connected.',
    );
  });

  it('names the publish after which the broker closed the connection, reconnects, and keeps saying why', async () => {
    const session = await connected();
    const publish = session.publish('v1/devices/me/telemetry', INVALID, { qos: 1 });
    await expect(publish).rejects.toThrow(
      'The connection closed before the broker acknowledged your publish to v1/devices/me/telemetry.',
    );
    await vi.waitFor(() => {
      expect(session.store.getState().status).toBe('reconnecting');
    });
    await vi.waitFor(() => {
      expect(session.store.getState().status).toBe('connected');
    });
    expect(session.store.getState().lastError).toBe(
      'The broker closed the connection after your publish to v1/devices/me/telemetry. It usually means the payload was invalid (not JSON the platform accepts, a shape it rejects such as a scalar or "values" that is not an object, or larger than the broker allows) or a rate limit was exceeded; less often the broker could not store it (a storage failure, which the operator\'s Faults tab can also cause on purpose). Fix the payload before you send it again; the console reconnects by itself.',
    );
    await vi.waitFor(() => {
      expect(session.packetLog.getState().entries.some((e) => e.kind === 'close')).toBe(true);
    });
  });
});

describe('subscriptions', () => {
  it('subscribes, receives messages, and subscribes again after the broker drops the connection', async () => {
    const session = await connected();
    const received: InboundMessage[] = [];
    session.onMessage((message) => received.push(message));

    expect(await session.subscribe({ 'v1/devices/me/attributes': 1 })).toEqual([1]);
    expect(session.store.getState().subscriptions).toEqual({
      'v1/devices/me/attributes': { qos: 1, granted: 1 },
    });
    await broker.publish('v1/devices/me/attributes', '{"a":1}', 1);
    await vi.waitFor(() => {
      expect(received.map((m) => m.text)).toEqual(['{"a":1}']);
    });

    const resubscribed = broker.nextSubscribe();
    broker.dropConnections();
    expect(await resubscribed).toEqual(['v1/devices/me/attributes']);
    await vi.waitFor(() => {
      expect(session.store.getState().subscriptions['v1/devices/me/attributes']?.granted).toBe(1);
    });
    expect(session.store.getState().status).toBe('connected');
    await broker.publish('v1/devices/me/attributes', '{"a":2}', 1);
    await vi.waitFor(() => {
      expect(received.map((m) => m.text)).toEqual(['{"a":1}', '{"a":2}']);
    });
    expect(received[1]).toMatchObject({ topic: 'v1/devices/me/attributes', qos: 1 });
  });

  it('forgets subscriptions on unsubscribe and on a new connect()', async () => {
    const session = await connected();
    await session.subscribe({ 'v1/devices/me/rpc/request/+': 1, 'v1/devices/me/attributes': 0 });
    await session.unsubscribe(['v1/devices/me/attributes']);
    expect(Object.keys(session.store.getState().subscriptions)).toEqual([
      'v1/devices/me/rpc/request/+',
    ]);
    session.connect({
      url: broker.url,
      protocolVersion: 4,
      credentials: { kind: 'token', token: TOKEN },
    });
    expect(session.store.getState().subscriptions).toEqual({});
    expect(session.store.getState().connectSeq).toBe(2);
  });
});

describe('request', () => {
  it('times out in plain words when nothing answers', async () => {
    const session = await connected();
    const id = session.nextRequestId();
    await expect(
      session.request({
        topic: `v1/devices/me/attributes/request/${id}`,
        payload: '{}',
        responseTopic: `v1/devices/me/attributes/response/${id}`,
        timeoutMs: 150,
      }),
    ).rejects.toThrow(`No response on v1/devices/me/attributes/response/${id} within 0.2 s.`);
  });

  it('resolves with the message on the response topic', async () => {
    const session = await connected();
    await session.subscribe({ 'v1/devices/me/attributes/response/+': 1 });
    const pending = session.request({
      topic: 'v1/devices/me/attributes/request/7',
      payload: '{}',
      responseTopic: 'v1/devices/me/attributes/response/7',
    });
    await vi.waitFor(() => {
      expect(session.packetLog.getState().entries.some((e) => e.kind === 'puback')).toBe(true);
    });
    await broker.publish('v1/devices/me/attributes/response/7', '{"client":{"a":1}}');
    const result = await pending;
    expect(result.message.text).toBe('{"client":{"a":1}}');
    expect(result.latencyMs).toBeGreaterThan(0);
  });
});

describe('subscribe from several panels at once', () => {
  it('sends one SUBSCRIBE for a filter asked for twice at the same time', async () => {
    const session = await connected();
    const [a, b] = await Promise.all([
      session.subscribe({ 'v1/devices/me/attributes': 1 }),
      session.subscribe({ 'v1/devices/me/attributes': 1, 'v1/devices/me/rpc/request/+': 1 }),
    ]);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 1]);
    await vi.waitFor(() => {
      const subscribes = session.packetLog.getState().entries.filter((e) => e.kind === 'subscribe');
      expect(subscribes.map((e) => e.filters)).toEqual([
        ['v1/devices/me/attributes'],
        ['v1/devices/me/rpc/request/+'],
      ]);
    });
    expect(session.packetLog.getState().entries[0]?.kind).toBe('connect');
  });
});

describe('subscribing as the connection comes up', () => {
  it('does not resubscribe a filter a panel subscribed to right after CONNACK', async () => {
    const session = new MqttSession({
      packetLog: createPacketLogStore({ schedule: (flush) => queueMicrotask(flush) }),
    });
    sessions.push(session);
    // A panel that subscribes the moment the session says "connected", as keepSubscribed does.
    session.store.subscribe((state, previous) => {
      if (state.status === 'connected' && previous.status !== 'connected') {
        void session.subscribe({ 'v1/devices/me/attributes': 1 });
      }
    });
    session.connect({
      url: broker.url,
      protocolVersion: 4,
      credentials: { kind: 'token', token: TOKEN },
    });
    await vi.waitFor(() => {
      expect(session.store.getState().subscriptions['v1/devices/me/attributes']?.granted).toBe(1);
    });
    const resubscribed = broker.nextSubscribe();
    broker.dropConnections();
    expect(await resubscribed).toEqual(['v1/devices/me/attributes']);
    await vi.waitFor(() => {
      expect(session.store.getState().subscriptions['v1/devices/me/attributes']?.granted).toBe(1);
    });
    const subscribes = session.packetLog.getState().entries.filter((e) => e.kind === 'subscribe');
    expect(subscribes).toHaveLength(2);
  });
});
