// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';

import { FakeTransport } from './fake-transport.ts';
import { MqttSession } from './mqtt-session.ts';
import { retryWhenOnline } from './retry-when-online.ts';

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
});

/** A session that cannot reach the broker and would wait a minute before trying again. */
async function reconnectingSession() {
  const transport = new FakeTransport();
  const session = new MqttSession({
    openTransport: transport.open,
    createClientId: () => 'c',
    reconnect: { baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 },
  });
  transport.answer(() => ({ kind: 'unreachable' }));
  session.connect({
    url: 'ws://hub.test/mqtt',
    protocolVersion: 4,
    credentials: { kind: 'token', token: 'A1' },
  });
  await vi.waitFor(() => {
    expect(session.store.getState().status).toBe('reconnecting');
  });
  transport.answer(() => ({ kind: 'accept' }));
  return { transport, session };
}

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('retryWhenOnline', () => {
  it('the browser going online makes a reconnecting session try at once', async () => {
    const { transport, session } = await reconnectingSession();
    stop = retryWhenOnline(session);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => {
      expect(session.store.getState().status).toBe('connected');
    });
    expect(transport.attempts).toHaveLength(2);
  });

  it('the page shown again makes it try at once; hidden does not', async () => {
    const { transport, session } = await reconnectingSession();
    stop = retryWhenOnline(session);
    setVisibility('hidden');
    await Promise.resolve();
    expect(transport.attempts).toHaveLength(1);
    setVisibility('visible');
    await vi.waitFor(() => {
      expect(session.store.getState().status).toBe('connected');
    });
  });

  it('after the returned function runs, the events are ignored', async () => {
    const { transport, session } = await reconnectingSession();
    retryWhenOnline(session)();
    window.dispatchEvent(new Event('online'));
    await Promise.resolve();
    expect(transport.attempts).toHaveLength(1);
    expect(session.store.getState().status).toBe('reconnecting');
  });
});
