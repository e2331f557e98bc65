import { afterEach, describe, expect, it, vi } from 'vitest';

import { FakeChannel, fakeDeviceSide } from '@/testing/fake-channel.ts';

import { createClientRpc, encodeClientRpc } from './client-rpc.ts';

describe('client-side RPC', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('encodes the request with or without params', () => {
    expect(encodeClientRpc('getTime', '{}')).toBe('{"method":"getTime","params":{}}');
    expect(encodeClientRpc('a"b', null)).toBe('{"method":"a\\"b"}');
  });

  it('subscribes the response filter once, publishes with a fresh id and returns the reply', async () => {
    const channel = new FakeChannel();
    channel.respond = (publish, ch) => {
      const id = publish.topic.split('/').at(-1) ?? '';
      queueMicrotask(() => {
        ch.deliver(
          `v1/devices/me/rpc/response/${id}`,
          '{"time":"2024-01-01T00:00:00.000Z","ts":1}',
        );
      });
    };
    const rpc = createClientRpc(fakeDeviceSide(channel));
    const first = await rpc.call({
      family: 'v1',
      method: 'getTime',
      paramsJson: '{}',
      timeoutMs: 1_000,
    });
    const second = await rpc.call({
      family: 'v1',
      method: 'getTime',
      paramsJson: '{}',
      timeoutMs: 1_000,
    });
    expect(channel.subscribed).toEqual([{ 'v1/devices/me/rpc/response/+': 1 }]);
    expect(channel.published.map((p) => [p.topic, p.text, p.qos])).toEqual([
      ['v1/devices/me/rpc/request/1', '{"method":"getTime","params":{}}', 1],
      ['v1/devices/me/rpc/request/2', '{"method":"getTime","params":{}}', 1],
    ]);
    expect(first).toMatchObject({
      requestId: 1,
      timedOut: false,
      text: '{"time":"2024-01-01T00:00:00.000Z","ts":1}',
    });
    expect(second.requestId).toBe(2);
  });

  it('uses the v2 topics of the chosen family', async () => {
    const channel = new FakeChannel();
    channel.respond = (publish, ch) => {
      queueMicrotask(() => {
        ch.deliver(publish.topic.replace('/req/', '/res/'), '{}');
      });
    };
    const result = await createClientRpc(fakeDeviceSide(channel)).call({
      family: 'v2j',
      method: 'x',
      paramsJson: null,
      timeoutMs: 500,
    });
    expect(channel.published[0]?.topic).toBe('v2/r/req/j/1');
    expect(result.timedOut).toBe(false);
  });

  it('shows {"error":"timeout"} when no reply comes in time, and drops the late one', async () => {
    vi.useFakeTimers();
    const channel = new FakeChannel();
    const rpc = createClientRpc(fakeDeviceSide(channel));
    const call = rpc.call({ family: 'v1', method: 'slow', paramsJson: '{}', timeoutMs: 2_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(call).resolves.toMatchObject({
      text: '{"error":"timeout"}',
      timedOut: true,
      requestId: 1,
    });
    channel.deliver('v1/devices/me/rpc/response/1', '{"late":true}');
  });

  it('fails in plain words when the session is not connected', async () => {
    const channel = new FakeChannel();
    const rpc = createClientRpc(fakeDeviceSide(channel));
    await rpc
      .call({ family: 'v1', method: 'x', paramsJson: null, timeoutMs: 100 })
      .catch(() => undefined);
    channel.setStatus('closed');
    await expect(
      rpc.call({ family: 'v1', method: 'x', paramsJson: null, timeoutMs: 100 }),
    ).rejects.toThrow('Not connected: connect first.');
  });

  it("per connection: a call waiting on connection A fails on connect() as B, and B's reply with the same id is not its answer", async () => {
    const channel = new FakeChannel();
    const rpc = createClientRpc(fakeDeviceSide(channel));
    const call = rpc.call({ family: 'v1', method: 'getTime', paramsJson: null, timeoutMs: 5_000 });
    await vi.waitFor(() => {
      expect(channel.published).toHaveLength(1);
    });
    const settled = call.then(
      (result) => result,
      (error: unknown) => error,
    );
    channel.reconnectFresh();
    channel.deliver('v1/devices/me/rpc/response/1', '{"for":"B"}');
    const outcome = await settled;
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('The console connected anew before the reply came.');
  });
});
