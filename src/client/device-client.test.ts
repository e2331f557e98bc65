import { afterEach, describe, expect, it, vi } from 'vitest';

import { checksum } from '../protocol/checksum.ts';

import { DeviceClient, DeviceRequestError } from './device-client.ts';
import type { FakePublish } from './testing/fake-port.ts';
import { FakePort } from './testing/fake-port.ts';

const lastId = (p: FakePublish | undefined) => Number(p?.topic.split('/').pop());

/** Answers each request on its response topic, as the broker does after the PUBACK. */
function answering(
  port: FakePort,
  answer: (p: FakePublish) => [string, string | Uint8Array] | null,
) {
  port.respond = (publish) => {
    const reply = answer(publish);
    if (reply !== null) queueMicrotask(() => port.deliver(...reply));
  };
}

describe('DeviceClient: publishing', () => {
  it('sends telemetry, attributes and claims on the family topics at QoS 1; text is sent as it is', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port, { family: 'v2j' });
    await device.sendTelemetry({ temperature: 21.5 });
    await device.sendTelemetry('{temperature:22}');
    await device.sendAttributes({ model: 'x' });
    await device.claim({ secretKey: 's', durationMs: 60_000 });
    expect(port.published.map((p) => [p.topic, p.text, p.qos])).toEqual([
      ['v2/t/j', '{"temperature":21.5}', 1],
      ['v2/t/j', '{temperature:22}', 1],
      ['v2/a/j', '{"model":"x"}', 1],
      ['v1/devices/me/claim', '{"secretKey":"s","durationMs":60000}', 1],
    ]);
  });

  it('an MQTT 5 PUBACK failure code is REFUSED, a failed send PUBLISH_FAILED', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    port.ackReasonCode = 0x99;
    await expect(device.sendTelemetry('42')).rejects.toMatchObject({
      code: 'REFUSED',
      reasonCode: 0x99,
      message: 'The broker refused the publish to v1/devices/me/telemetry (reason code 0x99).',
    });
    port.respond = () => {
      throw new Error('Not connected');
    };
    await expect(device.sendAttributes({})).rejects.toMatchObject({
      code: 'PUBLISH_FAILED',
      message: 'Not connected',
    });
  });
});

describe('DeviceClient: waiting for the PUBACK', () => {
  it('ackTimeoutMs rejects a publish whose PUBACK does not come with TIMEOUT; without it, it waits', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    port.holdAcks = true;
    await expect(device.sendTelemetry({ t: 1 }, { ackTimeoutMs: 20 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'No PUBACK for the publish to v1/devices/me/telemetry within 20 ms.',
    });
    await expect(device.sendAttributes({ a: 1 }, { ackTimeoutMs: 20 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    await expect(device.claim({}, { ackTimeoutMs: 20 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const waiting = device.sendTelemetry({ t: 2 }).then(() => 'acked');
    const later = new Promise((r) => setTimeout(() => r('still waiting'), 50));
    expect(await Promise.race([waiting, later])).toBe('still waiting');
    port.holdAcks = false;
    expect(await device.sendTelemetry({ t: 3 }, { ackTimeoutMs: 20 })).toEqual({ latencyMs: 1 });
    expect(await device.sendTelemetry({ t: 4 }, { qos: 0, ackTimeoutMs: 20 })).toEqual({
      latencyMs: null,
    });
  });
});

describe('DeviceClient: requests', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('requests attributes with comma-separated key lists and resolves with the answer to that id', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port, { family: 'v2', nextRequestId: () => 41 });
    answering(port, (p) => {
      port.deliver('v2/a/res/40', '{"client":{"other":1}}'); // someone else's id: ignored
      return [`v2/a/res/${String(lastId(p))}`, '{"shared":{"a":1,"b":"x"}}'];
    });
    const answer = await device.requestAttributes({ sharedKeys: ['a', 'b'] });
    expect(port.published[0]).toMatchObject({ topic: 'v2/a/req/41', text: '{"sharedKeys":"a,b"}' });
    expect(answer).toMatchObject({ requestId: 41, shared: { a: 1, b: 'x' } });
    expect(answer.client).toBeUndefined();
  });

  it('an unreadable answer is BAD_RESPONSE at once; no answer is TIMEOUT', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port, { timeoutMs: 50 });
    answering(port, (p) => [`v1/devices/me/attributes/response/${String(lastId(p))}`, '[]']);
    await expect(device.requestAttributes()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    vi.useFakeTimers();
    port.respond = () => undefined;
    const silent = device.requestAttributes({ clientKeys: ['a'] });
    const failed = expect(silent).rejects.toThrow('No answer to attribute request 2 within 50 ms.');
    await vi.advanceTimersByTimeAsync(50);
    await failed;
  });

  it('calls a client-side RPC and resolves with the reply, JSON or not (spec §8)', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    answering(port, (p) => [`v1/devices/me/rpc/response/${String(lastId(p))}`, '{"time":"now"}']);
    const reply = await device.callRpc('getTime', {});
    expect(port.published[0]?.text).toBe('{"method":"getTime","params":{}}');
    expect(reply).toMatchObject({ json: true, reply: { time: 'now' } });
    await device.callRpc('noParams');
    expect(port.published[1]?.text).toBe('{"method":"noParams"}');
  });

  it('provisions on /provision/request (or /provision) and resolves with the outcome (spec §10)', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    answering(port, () => [
      '/provision/response',
      '{"status":"NOT_FOUND","errorMsg":"Provision data was not found!"}',
    ]);
    const request = { provisionDeviceKey: 'k', provisionDeviceSecret: 's', deviceName: 'd' };
    expect(await device.provision(request)).toEqual({
      status: 'NOT_FOUND',
      errorMsg: 'Provision data was not found!',
    });
    await device.provision(request, { topic: 'provision' });
    expect(port.published.map((p) => p.topic)).toEqual(['/provision/request', '/provision']);
    expect(JSON.parse(port.published[0]?.text ?? '')).toEqual(request);
  });

  it('dispose cancels what is pending and stops listening', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    const pending = device.callRpc('slow');
    const waiting = device.next('sharedAttributes');
    device.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(waiting).rejects.toBeInstanceOf(DeviceRequestError);
    expect(port.listenerCount).toBe(0);
  });
});

describe('DeviceClient: what the platform pushes', () => {
  it('subscribes what is asked for in one SUBSCRIBE, and a filter only once', async () => {
    const port = new FakePort();
    port.grant = (filter, qos) => (filter.startsWith('v2/fw') ? 0x80 : qos);
    const device = new DeviceClient(port);
    const codes = await device.subscribe({
      sharedAttributes: true,
      attributeResponses: true,
      rpc: true,
      ota: ['fw'],
    });
    expect(codes).toEqual([1, 1, 1, 0x80, 0x80]);
    expect(await device.subscribeRpc()).toEqual([1]);
    device.onRpc('ping', () => 'pong');
    expect(port.subscribed).toEqual([
      {
        'v1/devices/me/attributes': 1,
        'v1/devices/me/attributes/response/+': 1,
        'v1/devices/me/rpc/request/+': 1,
        'v2/fw/response/+/chunk/+': 1,
        'v2/fw/error': 1,
      },
    ]);
  });

  it('hands out shared-attribute pushes as events, and bad frames as bad frames', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    expect(await device.subscribeSharedAttributes()).toEqual([1]);
    await device.subscribeSharedAttributes();
    expect(port.subscribed).toEqual([{ 'v1/devices/me/attributes': 1 }]);
    const changes: unknown[] = [];
    const bad: string[] = [];
    device.on('sharedAttributes', (e) => changes.push(e.change));
    device.on('badFrame', (e) => bad.push(e.error.message));
    const next = device.next('sharedAttributes', { match: (e) => e.change.kind === 'deleted' });
    port.deliver('v1/devices/me/attributes', '{"target":22}');
    port.deliver('v1/devices/me/attributes', '"nope"');
    port.deliver('v1/devices/me/attributes', '{"deleted":["target"]}');
    expect(changes).toEqual([
      { kind: 'updated', values: { target: 22 } },
      { kind: 'deleted', keys: ['target'] },
    ]);
    expect(bad).toHaveLength(1);
    await expect(next).resolves.toMatchObject({ change: { kind: 'deleted' } });
  });

  it('answers server-side RPCs by method, then by "*"; a throw answers {error}; undefined answers nothing', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port, { family: 'v2j' });
    device.onRpc('setMode', (r) => ({ mode: (r.params as { mode: string }).mode }));
    device.onRpc('fail', () => {
      throw new Error('cannot');
    });
    const stop = device.onRpc('*', async (r) =>
      Promise.resolve(r.method === 'quiet' ? undefined : { any: r.method }),
    );
    expect(port.subscribed).toEqual([{ 'v2/r/req/j/+': 1 }]);
    port.deliver('v2/r/req/j/1', '{"method":"setMode","params":{"mode":"eco"}}');
    port.deliver('v2/r/req/j/2', '{"method":"other"}');
    port.deliver('v2/r/req/j/3', '{"method":"fail"}');
    port.deliver('v2/r/req/j/4', '{"method":"quiet"}');
    stop();
    port.deliver('v2/r/req/j/5', '{"method":"other"}');
    await vi.waitFor(() => {
      expect(port.published.map((p) => [p.topic, p.text]).sort()).toEqual([
        ['v2/r/res/j/1', '{"mode":"eco"}'],
        ['v2/r/res/j/2', '{"any":"other"}'],
        ['v2/r/res/j/3', '{"error":"cannot"}'],
      ]);
    });
  });
});

describe('DeviceClient: firmware download (spec §11)', () => {
  const image = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31) % 256);
  /** Serves `bytes` in chunks of the requested size, as the broker does. */
  const serving = (port: FakePort, bytes: Uint8Array, onError?: string) =>
    answering(port, (p) => {
      const [, ota, , requestId, , n] = p.topic.split('/');
      if (onError !== undefined) return [`v2/${ota ?? ''}/error`, onError];
      const size = Number(p.text);
      const start = size * Number(n);
      return [
        `v2/${ota ?? ''}/response/${requestId ?? ''}/chunk/${n ?? ''}`,
        bytes.slice(start, start + size),
      ];
    });

  it('asks chunk after chunk, checksums them and returns the bytes', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    const bytes = image(2500);
    serving(port, bytes);
    const progress: number[] = [];
    const download = await device.downloadFirmware({
      size: bytes.length,
      checksum: checksum(bytes, 'MD5'),
      checksumAlgorithm: 'MD5',
      chunkSize: 1000,
      requestId: 7,
      onChunk: (p) => progress.push(p.received),
    });
    expect(port.published.map((p) => [p.topic, p.text])).toEqual([
      ['v2/fw/request/7/chunk/0', '1000'],
      ['v2/fw/request/7/chunk/1', '1000'],
      ['v2/fw/request/7/chunk/2', '1000'],
    ]);
    expect(progress).toEqual([1000, 2000, 2500]);
    expect(download).toMatchObject({ size: 2500, chunks: 3, problem: null, bytes });
  });

  it('a checksum mismatch throws, or is returned as the problem with verify: false', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    serving(port, image(100));
    const options = { ota: 'sw' as const, size: 100, checksum: 'ab'.repeat(32), chunkSize: 64 };
    await expect(device.downloadFirmware(options)).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
    });
    const kept = await device.downloadFirmware({ ...options, verify: false, keepBytes: false });
    expect(kept.problem).toMatch(/^checksum mismatch: expected abab/);
    expect(kept.bytes).toBeNull();
  });

  it('fails with the text of the error topic, and stops when aborted', async () => {
    const port = new FakePort();
    const device = new DeviceClient(port);
    serving(port, image(10), 'NOT_FOUND');
    await expect(device.downloadFirmware({ size: 10 })).rejects.toMatchObject({
      code: 'OTA_ERROR',
      message: 'the broker refused the chunk request: NOT_FOUND',
    });
    port.respond = () => undefined;
    const controller = new AbortController();
    const aborted = device.downloadFirmware({ size: 10, signal: controller.signal });
    await Promise.resolve();
    controller.abort(new Error('user stopped it'));
    await expect(aborted).rejects.toThrow('user stopped it');
  });
});
