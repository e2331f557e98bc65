import { describe, expect, it } from 'vitest';

import { FakeChannel, fakeDeviceSide } from '@/testing/fake-channel.ts';

import { sessionLimitsPart } from './session-limits.ts';

/** A channel whose "broker" answers getSessionLimits with `size` on the same request id. */
function answering(size: number, status: 'connected' | 'idle' = 'connected'): FakeChannel {
  const channel = new FakeChannel(status);
  channel.respond = (publish, c) => {
    const id = publish.topic.split('/').pop() ?? '';
    queueMicrotask(() => {
      c.deliver(
        `v2/r/res/j/${id}`,
        `{"maxPayloadSize":${String(size)},"maxInflightMessages":100,"rateLimits":{}}`,
      );
    });
  };
  return channel;
}

describe('sessionLimitsPart', () => {
  it('asks getSessionLimits once connected and keeps the payload limit', async () => {
    const channel = answering(65536);
    const limits = sessionLimitsPart.create(fakeDeviceSide(channel));
    await expect.poll(() => limits.getState().maxPayloadSize).toBe(65536);
    expect(channel.texts('v2/r/req/j/1')).toEqual(['{"method":"getSessionLimits"}']);
  });

  it('forgets the limit on a new connect and asks again when connected', async () => {
    const channel = answering(1024, 'idle');
    const limits = sessionLimitsPart.create(fakeDeviceSide(channel));
    expect(channel.published).toHaveLength(0);
    channel.store.setState({ status: 'connected', connectSeq: 1 });
    await expect.poll(() => limits.getState().maxPayloadSize).toBe(1024);
    channel.store.setState({ status: 'connecting', connectSeq: 2 });
    expect(limits.getState().maxPayloadSize).toBeNull();
    channel.store.setState({ status: 'connected' });
    await expect.poll(() => limits.getState().maxPayloadSize).toBe(1024);
    expect(channel.published).toHaveLength(2);
  });

  it('never asks in a provision session', () => {
    const channel = answering(1024, 'idle');
    sessionLimitsPart.create(fakeDeviceSide(channel));
    channel.store.setState({ status: 'connected', credentialKind: 'provision', connectSeq: 1 });
    expect(channel.published).toHaveLength(0);
  });

  it("per connection: A's answer arriving after connect() as B is not B's limit", async () => {
    const channel = new FakeChannel('idle');
    const limits = sessionLimitsPart.create(fakeDeviceSide(channel));
    channel.store.setState({ status: 'connected', connectSeq: 1 });
    expect(channel.published.map((p) => p.topic)).toEqual(['v2/r/req/j/1']);
    channel.store.setState({ status: 'connecting', connectSeq: 2 });
    channel.store.setState({ status: 'connected' });
    expect(channel.published.map((p) => p.topic)).toEqual(['v2/r/req/j/1', 'v2/r/req/j/2']);
    channel.deliver(
      'v2/r/res/j/1',
      '{"maxPayloadSize":111,"maxInflightMessages":1,"rateLimits":{}}',
    );
    channel.deliver(
      'v2/r/res/j/2',
      '{"maxPayloadSize":222,"maxInflightMessages":1,"rateLimits":{}}',
    );
    await expect.poll(() => limits.getState().maxPayloadSize).toBe(222);
    limits.dispose();
  });
});
