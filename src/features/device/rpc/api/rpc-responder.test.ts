import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeChannel, fakeDeviceSide } from '@/testing/fake-channel.ts';

import { useRpcInboxStore } from '../stores/rpc-inbox-store.ts';

import { createRpcResponder } from './rpc-responder.ts';
import type { RpcRule } from './rpc-rules.ts';

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup(rules: RpcRule[] = []) {
  const channel = new FakeChannel();
  const responder = createRpcResponder(fakeDeviceSide(channel), {
    rules: () => rules,
    inbox: useRpcInboxStore,
  });
  return { channel, responder, inbox: () => useRpcInboxStore.getState() };
}

const rule = (over: Partial<RpcRule>): RpcRule => ({
  id: 'r',
  enabled: true,
  method: '*',
  action: 'echo',
  replyJson: '{}',
  delayMs: 0,
  ...over,
});

describe('server-side RPC responder', () => {
  beforeEach(() => {
    useRpcInboxStore.getState().reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('subscribes the family filter and moves it when the family changes', async () => {
    const { channel, responder, inbox } = setup();
    responder.listen('v1');
    await flush();
    expect(channel.subscribed).toEqual([{ 'v1/devices/me/rpc/request/+': 1 }]);
    expect(channel.store.getState().subscriptions).toEqual({
      'v1/devices/me/rpc/request/+': { qos: 1, granted: 1 },
    });
    responder.listen('v2j');
    await flush();
    expect(channel.unsubscribed).toEqual([['v1/devices/me/rpc/request/+']]);
    expect(channel.subscribed.at(-1)).toEqual({ 'v2/r/req/j/+': 1 });
    expect(inbox().family).toBe('v2j');
  });

  it('subscribes again after a new connect(), not after an automatic reconnect', () => {
    const { channel, responder } = setup();
    channel.setStatus('connecting');
    responder.listen('v1');
    expect(channel.subscribed).toHaveLength(0);
    channel.setStatus('connected');
    channel.setStatus('reconnecting');
    channel.setStatus('connected');
    expect(channel.subscribed).toHaveLength(1); // the session itself re-subscribes what it remembers
    channel.reconnectFresh();
    expect(channel.subscribed).toHaveLength(2); // a new connect() forgot it
  });

  it('puts requests in the inbox and sends the user reply on the matching family topic', async () => {
    const { channel, responder, inbox } = setup();
    channel.deliver('v2/r/req/7', '{"method":"setGpio","params":{"pin":4}}');
    const [entry] = inbox().entries;
    expect(entry).toMatchObject({
      requestId: 7,
      family: 'v2',
      method: 'setGpio',
      paramsJson: '{"pin":4}',
      status: 'pending',
    });
    await responder.reply(entry?.key ?? '', '{"done":true}');
    expect(channel.published).toEqual([
      { topic: 'v2/r/res/7', payload: '{"done":true}', text: '{"done":true}', qos: 1 },
    ]);
    expect(inbox().entries[0]).toMatchObject({
      status: 'replied',
      reply: '{"done":true}',
      latencyMs: 1,
    });
  });

  it('echoes the params through a rule without a click', async () => {
    const { channel, inbox } = setup([rule({ method: 'ping' })]);
    channel.deliver('v1/devices/me/rpc/request/0', '{"method":"ping","params":[1,2]}');
    await flush();
    expect(channel.texts('v1/devices/me/rpc/response/0')).toEqual(['[1,2]']);
    expect(inbox().entries[0]).toMatchObject({
      status: 'auto-replied',
      note: 'Answered by rule “ping”',
    });
  });

  it('waits for a rule delay, and dispose cancels what is still scheduled', () => {
    vi.useFakeTimers();
    const { channel, responder, inbox } = setup([
      rule({ action: 'static', replyJson: '1', delayMs: 500 }),
    ]);
    channel.deliver('v1/devices/me/rpc/request/1', '{"method":"a"}');
    channel.deliver('v1/devices/me/rpc/request/2', '{"method":"b"}');
    expect(inbox().entries.map((e) => e.status)).toEqual(['scheduled', 'scheduled']);
    vi.advanceTimersByTime(499);
    expect(channel.published).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(channel.texts('v1/devices/me/rpc/response/1')).toEqual(['1']);
    expect(channel.texts('v1/devices/me/rpc/response/2')).toEqual(['1']);
    channel.deliver('v1/devices/me/rpc/request/3', '{"method":"c"}');
    responder.dispose();
    vi.advanceTimersByTime(1_000);
    expect(channel.published).toHaveLength(2);
  });

  it('never answers with an ignore rule and records unreadable requests', () => {
    const { channel, inbox } = setup([rule({ action: 'ignore' })]);
    channel.deliver('v1/devices/me/rpc/request/4', '{"method":"x"}');
    channel.deliver('v1/devices/me/rpc/request/5', 'not json');
    expect(channel.published).toHaveLength(0);
    expect(inbox().entries.map((e) => e.status)).toEqual(['failed', 'ignored']);
  });

  it('marks a reply that could not be sent as failed, in words', async () => {
    const { channel, responder, inbox } = setup();
    channel.deliver('v1/devices/me/rpc/request/9', '{"method":"x","params":null}');
    channel.setStatus('closed');
    await expect(responder.reply(inbox().entries[0]?.key ?? '', '{}')).rejects.toThrow(
      'Not connected',
    );
    expect(inbox().entries[0]).toMatchObject({
      status: 'failed',
      note: 'Not connected: connect first.',
    });
  });

  it('shows a duplicate delivery of the same request and answers only the first', async () => {
    const { channel, inbox } = setup([rule({ method: 'blink' })]);
    channel.deliver('v1/devices/me/rpc/request/3', '{"method":"blink","params":{}}');
    channel.deliver('v1/devices/me/rpc/request/3', '{"method":"blink","params":{}}');
    await flush();
    expect(channel.texts('v1/devices/me/rpc/response/3')).toEqual(['{}']);
    expect(inbox().entries.map((e) => e.status)).toEqual(['ignored', 'auto-replied']);
    expect(inbox().entries[0]?.note).toBe(
      'The same request (id 3) arrived again: a duplicate delivery (MQTT QoS 1 delivers at least once). Only the first is answered.',
    );
    channel.deliver('v1/devices/me/rpc/request/3', '{"method":"other"}'); // a new request, same id
    expect(inbox().entries[0]).toMatchObject({ method: 'other', status: 'pending' });
  });

  it('ignores other topics', () => {
    const { channel, inbox } = setup([rule({})]);
    channel.deliver('v1/devices/me/rpc/response/1', '{"method":"x"}');
    channel.deliver('v1/devices/me/attributes', '{"method":"x"}');
    expect(inbox().entries).toHaveLength(0);
  });

  it('per connection: a reply a rule scheduled on connection A is not sent after connect() as B', () => {
    vi.useFakeTimers();
    const { channel, inbox } = setup([rule({ action: 'static', replyJson: '1', delayMs: 500 })]);
    channel.deliver('v1/devices/me/rpc/request/1', '{"method":"a"}');
    expect(inbox().entries.map((e) => e.status)).toEqual(['scheduled']);
    channel.reconnectFresh();
    vi.advanceTimersByTime(1_000);
    expect(channel.published).toHaveLength(0);
    // B's own requests are still answered by the rule
    channel.deliver('v1/devices/me/rpc/request/1', '{"method":"b"}');
    vi.advanceTimersByTime(500);
    expect(channel.texts('v1/devices/me/rpc/response/1')).toEqual(['1']);
  });
});
