import { afterEach, describe, expect, it, vi } from 'vitest';

import { FakeChannel } from '@/testing/fake-channel.ts';

import { SessionOperatorClient } from './session-operator-client.ts';

describe('SessionOperatorClient (the operator role over its MqttSession)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('cancels the calls in flight when the session leaves connected', async () => {
    const channel = new FakeChannel();
    const client = new SessionOperatorClient(channel);
    const pending = client.request('broker.info');
    channel.setStatus('reconnecting');
    await expect(pending).rejects.toMatchObject({
      code: 'CANCELLED',
      message: 'The operator session is no longer connected.',
    });
    client.dispose();
  });

  it('keeps every event subscribed across a fresh login, until disposed', () => {
    const channel = new FakeChannel();
    const client = new SessionOperatorClient(channel);
    expect(channel.subscribed).toEqual([{ 'operator/v1/events/#': 0 }]);
    channel.reconnectFresh();
    expect(channel.subscribed).toHaveLength(2);
    client.dispose();
    channel.reconnectFresh();
    expect(channel.subscribed).toHaveLength(2);
  });

  it('hands out events and warns about an event that is not JSON', () => {
    const channel = new FakeChannel();
    const client = new SessionOperatorClient(channel);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const kinds: string[] = [];
    client.onEvent((e) => kinds.push(e.kind));
    channel.deliver('operator/v1/events/d1/telemetry', '{"points":[]}');
    channel.deliver('operator/v1/events/d1/telemetry', 'not json');
    expect(kinds).toEqual(['telemetry']);
    expect(warn).toHaveBeenCalledWith(
      'OperatorClient: dropped a message on operator/v1/events/d1/telemetry: the event is not JSON',
    );
    client.dispose();
  });
});
