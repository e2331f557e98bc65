import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { startTestBroker } from '../testing/test-broker.ts';
import type { TestBroker } from '../testing/test-broker.ts';

import { MqttSession } from './mqtt-session.ts';
import type { SessionStatus } from './session-store.ts';

const TOKEN = 'unit-token';
let broker: TestBroker;
const sessions: MqttSession[] = [];

beforeAll(async () => {
  broker = await startTestBroker({ tokens: [TOKEN] });
});

afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
});

afterAll(async () => {
  await broker.close();
});

function newSession(): MqttSession {
  const session = new MqttSession({
    reconnect: { baseDelayMs: 20, maxDelayMs: 80, jitter: 0 },
    connectTimeoutMs: 2_000,
  });
  sessions.push(session);
  return session;
}

/** Every status the store passes through, starting with the current one. */
function recordStatuses(session: MqttSession): SessionStatus[] {
  const seen: SessionStatus[] = [session.store.getState().status];
  session.store.subscribe((state, previous) => {
    if (state.status !== previous.status) seen.push(state.status);
  });
  return seen;
}

async function waitForStatus(session: MqttSession, status: SessionStatus): Promise<void> {
  await vi.waitFor(
    () => {
      expect(session.store.getState().status).toBe(status);
    },
    { timeout: 5_000, interval: 10 },
  );
}

describe('MqttSession against a real broker', () => {
  it.each([4, 5] as const)(
    'connects with a known token over protocol level %i',
    async (version) => {
      const session = newSession();
      const statuses = recordStatuses(session);
      const ready = broker.nextClientReady();
      session.connect({
        url: broker.url,
        protocolVersion: version,
        credentials: { kind: 'token', token: TOKEN },
      });
      await waitForStatus(session, 'connected');
      const client = await ready;
      const state = session.store.getState();
      expect(statuses).toEqual(['idle', 'connecting', 'connected']);
      expect(state.clientId).toMatch(/^iothub-console-[0-9a-f]{12}$/);
      expect(client.id).toBe(state.clientId);
      expect(client.version).toBe(version);
      expect(state.lastError).toBeNull();
    },
  );

  it.each([
    [4, 'wrong-token', 'not authorized: no device has this access token'],
    [4, '', 'the username (access token) is empty'],
    [5, 'wrong-token', 'bad user name or password: no device has this access token'],
    [5, '', 'the client identifier is not valid'],
  ] as const)(
    'over level %i with token "%s" shows the refusal "%s" and does not retry',
    async (version, token, words) => {
      const session = newSession();
      const statuses = recordStatuses(session);
      session.connect({
        url: broker.url,
        protocolVersion: version,
        credentials: { kind: 'token', token },
      });
      await waitForStatus(session, 'error');
      expect(session.store.getState().lastError).toContain(words);
      expect(session.store.getState().lastError).toMatch(/^The broker refused the connection/);
      // Longer than several retry delays: a refusal is final.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(statuses).toEqual(['idle', 'connecting', 'error']);
    },
  );

  it('reconnects by itself after the broker drops the connection', async () => {
    const session = newSession();
    const statuses = recordStatuses(session);
    const retries: { lastError: string | null; reconnectAttempt: number }[] = [];
    session.store.subscribe(({ status, lastError, reconnectAttempt }, previous) => {
      if (status === 'reconnecting' && reconnectAttempt !== previous.reconnectAttempt)
        retries.push({ lastError, reconnectAttempt });
    });
    session.connect({
      url: broker.url,
      protocolVersion: 4,
      credentials: { kind: 'token', token: TOKEN },
    });
    await waitForStatus(session, 'connected');
    const reconnected = broker.nextClientReady();
    broker.dropConnections();
    await reconnected;
    await vi.waitFor(() => {
      expect(statuses).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
    });
    expect(retries).toEqual([
      { lastError: `The connection to the broker at ${broker.url} was lost.`, reconnectAttempt: 1 },
    ]);
    expect(session.store.getState()).toMatchObject({ lastError: null, reconnectAttempt: 0 });
  });

  it('keeps retrying when nothing answers, and connects once the broker is back', async () => {
    const gone = await startTestBroker({ tokens: [TOKEN] });
    const { port } = new URL(gone.url);
    await gone.close();
    const session = newSession();
    const attempts: number[] = [];
    session.store.subscribe((state) => {
      if (state.status === 'reconnecting') attempts.push(state.reconnectAttempt);
    });
    session.connect({
      url: gone.url,
      protocolVersion: 4,
      credentials: { kind: 'token', token: TOKEN },
    });
    // Far more retries than the old limit of 5.
    await vi.waitFor(
      () => {
        expect(Math.max(0, ...attempts)).toBeGreaterThanOrEqual(8);
      },
      { timeout: 5_000, interval: 10 },
    );
    expect(session.store.getState().status).toBe('reconnecting');
    expect(session.store.getState().lastError).toContain(`Cannot reach the broker at ${gone.url}.`);
    const back = await startTestBroker({ tokens: [TOKEN], port: Number(port) });
    try {
      await waitForStatus(session, 'connected');
    } finally {
      session.dispose();
      await back.close();
    }
  });

  it('disconnects on request, ends the broker-side client and stays closed', async () => {
    const session = newSession();
    session.connect({
      url: broker.url,
      protocolVersion: 5,
      credentials: { kind: 'token', token: TOKEN },
    });
    await waitForStatus(session, 'connected');
    const gone = broker.nextClientGone();
    await session.disconnect();
    expect(session.store.getState().status).toBe('closed');
    expect((await gone).id).toBe(session.store.getState().clientId);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(session.store.getState().status).toBe('closed');
  });

  it('replaces the current connection when connect() is called again', async () => {
    const session = newSession();
    session.connect({
      url: broker.url,
      protocolVersion: 4,
      credentials: { kind: 'token', token: TOKEN },
    });
    await waitForStatus(session, 'connected');
    const firstId = session.store.getState().clientId;
    session.connect({
      url: broker.url,
      protocolVersion: 5,
      credentials: { kind: 'token', token: 'wrong-token' },
    });
    await waitForStatus(session, 'error');
    expect(session.store.getState().clientId).not.toBe(firstId);
    expect(session.store.getState().protocolVersion).toBe(5);
  });

  it('refuses to connect after dispose()', () => {
    const session = newSession();
    session.dispose();
    expect(() => {
      session.connect({
        url: broker.url,
        protocolVersion: 4,
        credentials: { kind: 'token', token: TOKEN },
      });
    }).toThrow('after dispose');
  });
});
