import { afterEach, describe, expect, it, vi } from 'vitest';

import { FakeChannel } from '@/testing/fake-channel.ts';

import { OperatorClient, type OperatorRequestError } from './operator-client.ts';

const requestId = (topic: string) => topic.split('/').pop() ?? '';

describe('OperatorClient', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes {method, params} and settles by correlation id, in any order', async () => {
    const channel = new FakeChannel();
    const client = new OperatorClient(channel);
    const first = client.request('devices.get', { deviceName: 'a' });
    const second = client.request('broker.info');
    const [a, b] = channel.published;
    expect(JSON.parse(a?.text ?? '')).toEqual({
      method: 'devices.get',
      params: { deviceName: 'a' },
    });
    expect(JSON.parse(b?.text ?? '')).toEqual({ method: 'broker.info' });
    channel.deliver(`operator/v1/response/${requestId(b?.topic ?? '')}`, '{"result":{"name":"b"}}');
    channel.deliver(`operator/v1/response/${requestId(a?.topic ?? '')}`, '{"result":{"name":"a"}}');
    await expect(first).resolves.toEqual({ name: 'a' });
    await expect(second).resolves.toEqual({ name: 'b' });
  });

  it('rejects with the error code of an error reply', async () => {
    const channel = new FakeChannel();
    const client = new OperatorClient(channel);
    const call = client.request('devices.get', { deviceName: 'ghost' });
    const id = requestId(channel.published[0]?.topic ?? '');
    channel.deliver(
      `operator/v1/response/${id}`,
      '{"error":{"code":"NOT_FOUND","message":"device named ghost was not found"}}',
    );
    await expect(call).rejects.toMatchObject({ code: 'NOT_FOUND', cause: id });
  });

  it('times out per request and rejects everything on dispose and on disconnect', async () => {
    vi.useFakeTimers();
    const channel = new FakeChannel();
    const client = new OperatorClient(channel, { timeoutMs: 50 });
    const late = client.request('broker.info');
    const slow = client.request('broker.info', undefined, { timeoutMs: 10_000 });
    vi.advanceTimersByTime(60);
    await expect(late).rejects.toMatchObject({ code: 'TIMEOUT' });
    channel.store.setState({ status: 'reconnecting' });
    await expect(slow).rejects.toMatchObject({ code: 'CANCELLED' });
    channel.store.setState({ status: 'connected' });
    const pending = client.request('broker.info');
    client.dispose();
    const error = (await pending.catch((e: unknown) => e)) as OperatorRequestError;
    expect(error.code).toBe('CANCELLED');
    expect(client.pendingCount).toBe(0);
  });

  it('hands out device events parsed from their topic', () => {
    const channel = new FakeChannel();
    const client = new OperatorClient(channel);
    const seen: string[] = [];
    client.onEvent((event) => seen.push(`${event.deviceId}/${event.kind}`));
    channel.deliver('operator/v1/events/dev-1/telemetry', '{"deviceId":"dev-1","points":[]}');
    channel.deliver('operator/v1/events/_broker/auth_failed', '{}');
    channel.deliver('operator/v1/events/dev-1/telemetry', 'not json');
    expect(seen).toEqual(['dev-1/telemetry']);
  });
});
