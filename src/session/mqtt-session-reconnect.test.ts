import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeTransport } from './fake-transport.ts';
import { MqttSession } from './mqtt-session.ts';
import type { ConnectOptions } from './session-api.ts';

/** Fixed delays (no jitter) so fake time can step from one attempt to the next. */
const POLICY = { baseDelayMs: 100, maxDelayMs: 800, jitter: 0 };
const DEVICE: ConnectOptions = {
  url: 'ws://hub.test/mqtt',
  protocolVersion: 5,
  credentials: { kind: 'token', token: 'A1' },
};
const OPERATOR: ConnectOptions = {
  url: 'ws://hub.test/mqtt',
  protocolVersion: 5,
  credentials: { kind: 'basic', clientId: '', username: 'operator:admin', password: 's3cret-pass' },
};

let transport: FakeTransport;
let session: MqttSession;

beforeEach(() => {
  vi.useFakeTimers();
  transport = new FakeTransport();
  session = new MqttSession({ openTransport: transport.open, reconnect: POLICY });
});

afterEach(() => {
  session.dispose();
  vi.useRealTimers();
});

const state = () => session.store.getState();

/** Lets the fake transport's microtask callbacks run. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

async function connected(options: ConnectOptions = DEVICE): Promise<void> {
  session.connect(options);
  await settle();
  expect(state().status).toBe('connected');
}

describe('MqttSession never gives up', () => {
  it('keeps retrying an unreachable broker, with capped delays, until it answers', async () => {
    await connected();
    transport.answer(() => ({ kind: 'unreachable' }));
    transport.dropAll();
    await settle();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 60; attempt += 1) {
      expect(state()).toMatchObject({ status: 'reconnecting', reconnectAttempt: attempt });
      const retryAt = state().retryAt;
      expect(retryAt).not.toBeNull();
      delays.push((retryAt ?? 0) - Date.now());
      await vi.advanceTimersByTimeAsync((retryAt ?? 0) - Date.now());
    }
    expect(delays.slice(0, 5)).toEqual([100, 200, 400, 800, 800]);
    expect(Math.max(...delays)).toBe(800);
    expect(transport.attempts).toHaveLength(61);

    transport.answer(() => ({ kind: 'accept' }));
    await vi.advanceTimersByTimeAsync(800);
    expect(state()).toMatchObject({ status: 'connected', reconnectAttempt: 0, retryAt: null });
  });

  it('starts again from the base delay after a successful reconnect', async () => {
    await connected();
    transport.answer(() => ({ kind: 'unreachable' }));
    transport.dropAll();
    await vi.advanceTimersByTimeAsync(100 + 200 + 400);
    expect(state().reconnectAttempt).toBe(4);
    transport.answer(() => ({ kind: 'accept' }));
    await vi.advanceTimersByTimeAsync(800);
    expect(state().status).toBe('connected');

    transport.dropAll();
    await settle();
    expect(state()).toMatchObject({ status: 'reconnecting', reconnectAttempt: 1 });
    expect(state().retryAt).toBe(Date.now() + 100);
  });

  it('Retry now opens the next attempt at once and does nothing while one runs', async () => {
    await connected();
    transport.answer(() => ({ kind: 'unreachable' }));
    transport.dropAll();
    await vi.advanceTimersByTimeAsync(100 + 200 + 400);
    expect(state().reconnectAttempt).toBe(4);
    const before = transport.attempts.length;
    transport.answer(() => ({ kind: 'hang' }));
    expect(session.retryNow()).toBe(true);
    expect(transport.attempts).toHaveLength(before + 1);
    expect(state()).toMatchObject({ status: 'reconnecting', retryAt: null });
    expect(session.retryNow()).toBe(false);
    expect(transport.attempts).toHaveLength(before + 1);
  });

  it('retries a refusal that may pass (server unavailable) but stops on bad credentials', async () => {
    const codes = [0x88, 0x89, 0x86];
    transport.answer(() => ({ kind: 'refuse', code: codes.shift() ?? 0x86 }));
    session.connect(DEVICE);
    await settle();
    expect(state()).toMatchObject({ status: 'reconnecting', reconnectAttempt: 1 });
    expect(state().lastError).toContain('the server is unavailable');
    await vi.advanceTimersByTimeAsync(100);
    expect(state()).toMatchObject({ status: 'reconnecting', reconnectAttempt: 2 });
    await vi.advanceTimersByTimeAsync(200);
    expect(state()).toMatchObject({ status: 'error', reconnectAttempt: 0, retryAt: null });
    expect(state().lastError).toMatch(
      /^The broker refused the connection: bad user name or password/,
    );
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transport.attempts).toHaveLength(3);
  });

  it('Disconnect stops the retries', async () => {
    await connected();
    transport.answer(() => ({ kind: 'unreachable' }));
    transport.dropAll();
    await settle();
    await session.disconnect();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state().status).toBe('closed');
    // Only the first connect: the retry pending at Disconnect never ran.
    expect(transport.attempts).toHaveLength(1);
    expect(session.retryNow()).toBe(false);
  });
});

describe('operator re-login', () => {
  it('logs in again by itself with the credentials it keeps in memory', async () => {
    await connected(OPERATOR);
    transport.answer(() => ({ kind: 'unreachable' }));
    transport.dropAll();
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 800);
    transport.answer(() => ({ kind: 'accept' }));
    await vi.advanceTimersByTimeAsync(800);
    expect(state().status).toBe('connected');
    const logins = transport.attempts.map((a) => [a.username, a.password, a.clientId]);
    expect(new Set(logins.map((login) => JSON.stringify(login))).size).toBe(1);
    expect(logins[0]).toEqual(['operator:admin', 's3cret-pass', state().clientId]);
  });

  it('says in plain words when the re-login is refused, and stops', async () => {
    await connected(OPERATOR);
    transport.answer(() => ({ kind: 'refuse', code: 0x86 }));
    transport.dropAll();
    await vi.advanceTimersByTimeAsync(100);
    expect(state().status).toBe('error');
    expect(state().lastError).toBe(
      'The connection came back, but logging in again with the same credentials was refused. The broker refused the operator login (CONNACK code 0x86): wrong password or unknown operator account "admin", or too many failed logins from this address. Enter the account and password and press Log in.',
    );
  });

  it('a first login refused says so without the re-login words', async () => {
    transport.answer(() => ({ kind: 'refuse', code: 0x86 }));
    session.connect(OPERATOR);
    await settle();
    expect(state().lastError).toMatch(
      /^The broker refused the operator login \(CONNACK code 0x86\)/,
    );
  });
});

describe('a provisioning session', () => {
  it('is not re-opened when the broker ends it (it ends provisioning sessions after answering)', async () => {
    await connected({ ...DEVICE, credentials: { kind: 'provision' } });
    transport.dropAll();
    await settle();
    expect(state()).toMatchObject({ status: 'closed', retryAt: null });
    expect(state().lastError).toMatch(/Press Connect for provisioning/);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transport.attempts).toHaveLength(1);
  });
});
