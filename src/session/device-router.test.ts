import { afterEach, describe, expect, it, vi } from 'vitest';

import { DeviceRouter } from './device-router.ts';
import { FakeTransport } from './fake-transport.ts';
import { MqttSession } from './mqtt-session.ts';

const sessions: MqttSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
  vi.restoreAllMocks();
});

async function connected() {
  const transport = new FakeTransport();
  const session = new MqttSession({
    openTransport: transport.open,
    createClientId: () => 'c',
    reconnect: { baseDelayMs: 5, maxDelayMs: 5 },
  });
  sessions.push(session);
  const connectAs = async (token: string) => {
    session.connect({
      url: 'ws://broker.test/mqtt',
      protocolVersion: 4,
      credentials: { kind: 'token', token },
    });
    await vi.waitFor(() => {
      expect(session.store.getState().status).toBe('connected');
    });
  };
  await connectAs('A');
  return { transport, session, connectAs };
}

describe('DeviceRouter', () => {
  it('decodes each message once into a typed event for the listeners of its kind', async () => {
    const { transport, session } = await connected();
    const router = new DeviceRouter(session);
    const pushes: unknown[] = [];
    const rpcs: unknown[] = [];
    router.on('sharedAttributes', (event, message) => {
      pushes.push([event.change, message.topic]);
    });
    router.on('rpcRequest', (event) => {
      rpcs.push([event.requestId, event.method, event.params]);
    });
    transport.deliver('v1/devices/me/attributes', '{"targetTemp":21}');
    transport.deliver('v1/devices/me/rpc/request/7', '{"method":"reboot","params":{"in":5}}');
    transport.deliver('operator/events/x', '{}');
    await vi.waitFor(() => {
      expect(rpcs).toHaveLength(1);
    });
    expect(pushes).toEqual([
      [{ kind: 'updated', values: { targetTemp: 21 } }, 'v1/devices/me/attributes'],
    ]);
    expect(rpcs).toEqual([[7, 'reboot', { in: 5 }]]);
    router.dispose();
  });

  it('hands a bad frame to badFrame listeners, and logs it only when nobody reads it', async () => {
    const { transport, session } = await connected();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const router = new DeviceRouter(session);
    transport.deliver('v1/devices/me/attributes', 'not json');
    await vi.waitFor(() => {
      expect(warn).toHaveBeenCalledTimes(1);
    });
    const bad: string[] = [];
    const stop = router.on('badFrame', (event, message) => {
      bad.push(`${event.route.kind}:${message.text}`);
    });
    transport.deliver('v1/devices/me/attributes', 'still not json');
    await vi.waitFor(() => {
      expect(bad).toEqual(['sharedAttributes:still not json']);
    });
    expect(warn).toHaveBeenCalledTimes(1);
    stop();
    router.dispose();
  });

  it('tells when connect() starts a new connection, not on an automatic reconnect', async () => {
    const { transport, session, connectAs } = await connected();
    const router = new DeviceRouter(session);
    const seqs: number[] = [];
    router.onConnect((seq) => seqs.push(seq));
    const first = router.connectSeq;
    transport.dropAll();
    await vi.waitFor(() => {
      expect(session.store.getState().status).toBe('connected');
    });
    expect(seqs).toEqual([]);
    await connectAs('B');
    expect(seqs).toEqual([first + 1]);
    expect(router.connectSeq).toBe(first + 1);
    router.dispose();
  });

  it('a listener that throws does not stop the others', async () => {
    const { transport, session } = await connected();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const router = new DeviceRouter(session);
    const seen: number[] = [];
    router.on('sharedAttributes', () => {
      throw new Error('boom');
    });
    router.on('sharedAttributes', () => seen.push(1));
    transport.deliver('v1/devices/me/attributes', '{"a":1}');
    await vi.waitFor(() => {
      expect(seen).toEqual([1]);
    });
    expect(error).toHaveBeenCalledOnce();
    router.dispose();
  });
});
