import { afterEach, describe, expect, it, vi } from 'vitest';

import { OperatorClient, OperatorRequestError } from '@/client/operator-client.ts';
import type { OperatorCallTrace } from '@/client/operator-client.ts';

import { FakePort } from './testing/fake-port.ts';

const idOf = (topic: string | undefined) => topic?.split('/').pop() ?? '';
const reply = (port: FakePort, index: number, body: string) => {
  port.deliver(`operator/v1/response/${idOf(port.published[index]?.topic)}`, body);
};

describe('OperatorClient', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes {method, params} at QoS 1 and settles by correlation id, in any order', async () => {
    const port = new FakePort();
    const client = new OperatorClient(port, { idPrefix: 't' });
    const first = client.request('devices.get', { deviceName: 'a' });
    const second = client.request('broker.info');
    expect(port.published.map((p) => [p.topic, p.qos])).toEqual([
      ['operator/v1/request/t-1', 1],
      ['operator/v1/request/t-2', 1],
    ]);
    expect(JSON.parse(port.published[0]?.text ?? '')).toEqual({
      method: 'devices.get',
      params: { deviceName: 'a' },
    });
    expect(JSON.parse(port.published[1]?.text ?? '')).toEqual({ method: 'broker.info' });
    reply(port, 1, '{"result":{"name":"b"}}');
    reply(port, 0, '{"result":{"name":"a"}}');
    await expect(first).resolves.toEqual({ name: 'a' });
    await expect(second).resolves.toEqual({ name: 'b' });
    expect(client.pendingCount).toBe(0);
  });

  it('rejects with the code, message and details of an error reply', async () => {
    const port = new FakePort();
    const client = new OperatorClient(port);
    const call = client.request('devices.get', { deviceName: 'ghost' });
    reply(
      port,
      0,
      '{"error":{"code":"NOT_FOUND","message":"device named ghost was not found","details":{"x":1}}}',
    );
    const error = (await call.catch((e: unknown) => e)) as OperatorRequestError;
    expect(error).toBeInstanceOf(OperatorRequestError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'device named ghost was not found',
      details: { x: 1 },
      method: 'devices.get',
      cause: idOf(port.published[0]?.topic),
    });
    expect(error.fromApi).toBe(true);
  });

  it('an unreadable reply is BAD_REPLY; a reply to nobody is ignored', async () => {
    const port = new FakePort();
    const client = new OperatorClient(port);
    port.deliver('operator/v1/response/nobody', '{"result":1}');
    const call = client.request('broker.info');
    reply(port, 0, 'not json at all');
    await expect(call).rejects.toMatchObject({ code: 'BAD_REPLY' });
    await expect(call).rejects.toThrow(
      'broker.info: the broker sent an unreadable reply: not json',
    );
  });

  it('a publish that fails or that the broker refuses is PUBLISH_FAILED', async () => {
    const port = new FakePort();
    port.respond = () => {
      throw new Error('Not connected: log in first.');
    };
    const client = new OperatorClient(port);
    await expect(client.request('broker.info')).rejects.toMatchObject({
      code: 'PUBLISH_FAILED',
      message: 'Not connected: log in first.',
    });
    port.respond = () => undefined;
    port.ackReasonCode = 0x87;
    const refused = client.request('broker.info');
    await expect(refused).rejects.toMatchObject({ code: 'PUBLISH_FAILED' });
    await expect(refused).rejects.toThrow('reason code 0x87');
    expect(client.pendingCount).toBe(0);
  });

  it('times out per call and cancels everything on cancelAll and dispose', async () => {
    vi.useFakeTimers();
    const port = new FakePort();
    const client = new OperatorClient(port, { timeoutMs: 50 });
    const late = client.request('broker.info');
    const slow = client.request('broker.info', undefined, { timeoutMs: 10_000 });
    vi.advanceTimersByTime(60);
    await expect(late).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(late).rejects.toThrow('broker.info: no reply within 50 ms.');
    client.cancelAll('The connection closed.');
    await expect(slow).rejects.toMatchObject({
      code: 'CANCELLED',
      message: 'The connection closed.',
    });
    const pending = client.request('broker.info');
    client.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(client.pendingCount).toBe(0);
    expect(port.listenerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands out device and broker events parsed from their topic; bad frames are reported', () => {
    const port = new FakePort();
    const bad: string[] = [];
    const client = new OperatorClient(port, {
      onBadFrame: (f) => bad.push(`${f.topic}: ${f.problem}`),
    });
    const seen: string[] = [];
    client.onEvent((event) => seen.push(`${event.deviceId}/${event.kind}`));
    const stop = client.onBrokerEvent((event) => seen.push(`broker/${event.kind}`));
    port.deliver('operator/v1/events/dev-1/telemetry', '{"deviceId":"dev-1","points":[]}');
    port.deliver('operator/v1/events/_broker/auth_failed', '{}');
    port.deliver('operator/v1/events/dev-1/telemetry', 'not json');
    port.deliver('operator/v1/events/dev-1/nonsense', '{}');
    stop();
    port.deliver('operator/v1/events/_broker/auth_failed', '{}');
    expect(seen).toEqual(['dev-1/telemetry', 'broker/auth_failed']);
    expect(bad).toEqual(['operator/v1/events/dev-1/telemetry: the event is not JSON']);
  });

  it('a listener that throws does not stop the others', () => {
    const port = new FakePort();
    const client = new OperatorClient(port);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    client.onEvent(() => {
      throw new Error('boom');
    });
    client.onEvent((event) => seen.push(event.kind));
    port.deliver('operator/v1/events/d/rpc', '{}');
    expect(seen).toEqual(['rpc']);
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it('subscribes to events (all, or given filters) and to replies at QoS 0', async () => {
    const port = new FakePort();
    const client = new OperatorClient(port);
    await client.subscribeEvents();
    await client.subscribeEvents(['operator/v1/events/d1/+', 'operator/v1/events/d2/+']);
    expect(await client.subscribeResponses()).toEqual([0]);
    expect(port.subscribed).toEqual([
      { 'operator/v1/events/#': 0 },
      { 'operator/v1/events/d1/+': 0, 'operator/v1/events/d2/+': 0 },
      { 'operator/v1/response/+': 0 },
    ]);
  });

  it('traces each call when sent and when settled', async () => {
    const port = new FakePort();
    const client = new OperatorClient(port);
    const traces: OperatorCallTrace[] = [];
    client.onTrace((t) => traces.push(t));
    const call = client.request('rpc.send', { deviceName: 'd', method: 'm' });
    reply(port, 0, '{"result":{"kind":"delivered"}}');
    await call;
    expect(traces).toMatchObject([
      { method: 'rpc.send', params: { deviceName: 'd', method: 'm' } },
      { method: 'rpc.send', ok: true, result: { kind: 'delivered' } },
    ]);
    expect(traces[1]?.settledAt).toBeGreaterThanOrEqual(traces[0]?.sentAt ?? Infinity);
  });
});
