import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';
import {
  FIRST_LOCKOUT_MS,
  FREE_LOGIN_FAILURES,
  LoginThrottle,
} from '../platform/login-throttle.ts';

import { rawConnect } from './support/mqtt-client.ts';
import { sleep, startTestBroker } from './support/test-broker.ts';

const PASSWORD = 'admin-pass-123';

describe('LoginThrottle', () => {
  it('locks an address out after 5 failures in a row, doubling up to 60 s; success clears it', () => {
    const t = new LoginThrottle();
    const now = 1_000_000;
    for (let i = 0; i < FREE_LOGIN_FAILURES - 1; i++) t.failed('a', now);
    expect(t.lockedFor('a', now)).toBe(0);
    t.failed('a', now);
    expect(t.lockedFor('a', now)).toBe(1000);
    expect(t.lockedFor('b', now)).toBe(0); // per address
    t.failed('a', now + 1000);
    expect(t.lockedFor('a', now + 1000)).toBe(2000);
    for (let i = 0; i < 20; i++) t.failed('a', now + 2000);
    expect(t.lockedFor('a', now + 2000)).toBe(60_000);
    t.succeeded('a');
    expect(t.lockedFor('a', now + 2000)).toBe(0);
    t.failed('c', now);
    expect(t.lockedFor('c', now + 16 * 60_000)).toBe(0); // forgotten after 15 quiet minutes
  });
});

describe('operator password guessing over MQTT is slowed down per address', () => {
  let broker: DevBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ adminPassword: PASSWORD });
  });
  afterAll(async () => {
    await broker.close();
  });

  const login = async (password: string) =>
    (await rawConnect(broker, 'tcp', 5, { username: 'operator:admin', password }).result)?.code ??
    0;

  it('after 5 wrong passwords even the right one is refused until the lockout ends', async () => {
    for (let i = 0; i < FREE_LOGIN_FAILURES; i++)
      expect(await login(`guess-${String(i)}`)).toBe(0x86);
    const started = Date.now();
    expect(await login(PASSWORD)).toBe(0x86);
    const [event] = broker.hub.events.list({ kinds: ['auth_failed'], limit: 1 });
    expect(event?.message).toMatch(
      /too many failed operator logins from 127\.0\.0\.1: locked out, try again in 1 s/,
    );
    await sleep(FIRST_LOCKOUT_MS - (Date.now() - started) + 100);
    expect(await login(PASSWORD)).toBe(0);
    // the success cleared the address: the next failures start from zero
    expect(await login('guess-again')).toBe(0x86);
    expect(await login(PASSWORD)).toBe(0);
  });

  it('device logins are not throttled by operator failures', async () => {
    for (let i = 0; i < FREE_LOGIN_FAILURES + 2; i++) await login(`x-${String(i)}`);
    expect((await rawConnect(broker, 'tcp', 5, { username: 'T1' }).result)?.code ?? 0).toBe(0);
  });
});
