import { describe, expect, it } from 'vitest';

import { FakeChannel } from '@/testing/fake-channel.ts';

import { sessionLimitsFor } from './session-limits.ts';

/** A channel whose "broker" answers getSessionLimits with `size` on the same request id. */
function answering(size: number, status: 'connected' | 'idle' = 'connected'): FakeChannel {
  const channel = new FakeChannel(status);
  channel.respond = (publish, c) => {
    const id = publish.topic.split('/').pop() ?? '';
    queueMicrotask(() => {
      c.deliver(
        `v1/devices/me/rpc/response/${id}`,
        `{"maxPayloadSize":${String(size)},"maxInflightMessages":100,"rateLimits":{}}`,
      );
    });
  };
  return channel;
}

describe('sessionLimitsFor', () => {
  it('asks getSessionLimits once connected and keeps the payload limit', async () => {
    const channel = answering(65536);
    const limits = sessionLimitsFor(channel);
    await expect.poll(() => limits.getState().maxPayloadSize).toBe(65536);
    expect(channel.texts('v1/devices/me/rpc/request/1')).toEqual(['{"method":"getSessionLimits"}']);
  });

  it('forgets the limit on a new connect and asks again when connected', async () => {
    const channel = answering(1024, 'idle');
    const limits = sessionLimitsFor(channel);
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
    sessionLimitsFor(channel);
    channel.store.setState({ status: 'connected', credentialKind: 'provision', connectSeq: 1 });
    expect(channel.published).toHaveLength(0);
  });
});
