import { afterEach, describe, expect, it, vi } from 'vitest';

import { checksum } from '@/protocol/checksum.ts';
import { FakeChannel, fakeDeviceSide } from '@/testing/fake-channel.ts';
import type { FakePublish } from '@/testing/fake-channel.ts';

import { CHUNK_WINDOW, downloadOta } from './download-ota.ts';
import { OtaDownloadError } from './ota-errors.ts';
import type { OtaPackage } from './ota-package.ts';
import { runOtaUpdate, SUCCESS_SEQUENCE } from './ota-update.ts';

const OTA_REQUEST = /^v2\/(fw|sw)\/request\/(\d+)\/chunk\/(\d+)$/;

/** A broker that serves `image` in chunks (spec §11), or answers with an error text. */
function otaBroker(image: Uint8Array, error?: string) {
  return (publish: FakePublish, channel: FakeChannel) => {
    const match = OTA_REQUEST.exec(publish.topic);
    if (!match) return;
    const [, kind, reqId, n] = match;
    queueMicrotask(() => {
      if (error !== undefined) {
        channel.deliver(`v2/${kind ?? ''}/error`, error);
        return;
      }
      const size = Number(publish.text);
      const start = size * Number(n);
      channel.deliver(
        `v2/${kind ?? ''}/response/${reqId ?? ''}/chunk/${n ?? ''}`,
        image.slice(start, start + size),
      );
    });
  };
}

const image = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31) % 251);

const pkgOf = (bytes: Uint8Array, over: Partial<OtaPackage> = {}): OtaPackage => ({
  title: 'thermo',
  version: '1.2.0',
  size: bytes.length,
  checksumAlgorithm: 'SHA256',
  checksum: checksum(bytes, 'SHA256'),
  tag: null,
  url: null,
  ...over,
});

function states(channel: FakeChannel) {
  return channel
    .texts('v1/devices/me/telemetry')
    .map((text) => JSON.parse(text) as Record<string, string>);
}

describe('the chunk loop', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('requests chunks from 0 with the size as ASCII and stops at the short chunk', async () => {
    const channel = new FakeChannel();
    const bytes = image(2500);
    channel.respond = otaBroker(bytes);
    const seen: number[] = [];
    const result = await downloadOta(channel, {
      events: fakeDeviceSide(channel).router,
      kind: 'fw',
      requestId: 7,
      chunkSize: 1024,
      onChunk: (_chunk, progress) => seen.push(progress.receivedBytes),
    });
    expect(channel.published.map((p) => [p.topic, p.text])).toEqual([
      ['v2/fw/request/7/chunk/0', '1024'],
      ['v2/fw/request/7/chunk/1', '1024'],
      ['v2/fw/request/7/chunk/2', '1024'],
    ]);
    expect(seen).toEqual([1024, 2048, 2500]);
    expect(result.chunks).toBe(3);
    expect(result.bytes).toEqual(bytes);
    expect(channel.subscribed).toEqual([{ 'v2/fw/response/+/chunk/+': 1, 'v2/fw/error': 1 }]);
  });

  it('goes on to the empty chunk when the size is a multiple, unless the size was announced', async () => {
    const channel = new FakeChannel();
    channel.respond = otaBroker(image(2048));
    await downloadOta(channel, {
      events: fakeDeviceSide(channel).router,
      kind: 'sw',
      requestId: 1,
      chunkSize: 1024,
    });
    expect(channel.published.map((p) => p.topic)).toEqual([
      'v2/sw/request/1/chunk/0',
      'v2/sw/request/1/chunk/1',
      'v2/sw/request/1/chunk/2',
    ]);
    const known = new FakeChannel();
    known.respond = otaBroker(image(2048));
    const result = await downloadOta(known, {
      events: fakeDeviceSide(known).router,
      kind: 'sw',
      requestId: 2,
      chunkSize: 1024,
      expectedSize: 2048,
    });
    expect(known.published).toHaveLength(2);
    expect(result.bytes.length).toBe(2048);
  });

  it('keeps a window of requests in flight when the size is known and assembles out-of-order chunks', async () => {
    const channel = new FakeChannel();
    const bytes = image(10 * 100 + 37);
    const held: FakePublish[] = [];
    channel.respond = (publish) => {
      held.push(publish);
    };
    const serve = otaBroker(bytes);
    const done = downloadOta(channel, {
      events: fakeDeviceSide(channel).router,
      kind: 'fw',
      requestId: 5,
      chunkSize: 100,
      expectedSize: bytes.length,
    });
    await vi.waitFor(() => {
      expect(held).toHaveLength(CHUNK_WINDOW);
    });
    // Answer the window backwards, then the rest as it is asked for.
    for (const publish of held.splice(0).reverse()) serve(publish, channel);
    channel.respond = serve;
    const result = await done;
    expect(result.bytes).toEqual(bytes);
    expect(result.chunks).toBe(11);
    expect(channel.published.map((p) => p.topic.split('/').at(-1))).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i)),
    );
  });

  it('says in plain words what the error topic said', async () => {
    const channel = new FakeChannel();
    channel.respond = otaBroker(image(10), 'PAYLOAD_TOO_LARGE');
    const failed = downloadOta(channel, {
      events: fakeDeviceSide(channel).router,
      kind: 'fw',
      requestId: 1,
      chunkSize: 70_000,
    });
    await expect(failed).rejects.toBeInstanceOf(OtaDownloadError);
    await expect(failed).rejects.toThrow(/chunk size 70000 is larger than the broker allows/);
  });

  it('stops at once when aborted, and times out a chunk that never comes', async () => {
    const channel = new FakeChannel();
    const controller = new AbortController();
    const aborted = downloadOta(channel, {
      events: fakeDeviceSide(channel).router,
      kind: 'fw',
      requestId: 1,
      chunkSize: 10,
      signal: controller.signal,
    });
    await Promise.resolve();
    await Promise.resolve();
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });

    vi.useFakeTimers();
    const slow = downloadOta(channel, {
      events: fakeDeviceSide(channel).router,
      kind: 'fw',
      requestId: 2,
      chunkSize: 10,
      chunkTimeoutMs: 500,
    });
    const timedOut = expect(slow).rejects.toMatchObject({ code: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(500);
    await timedOut;
  });
});

describe('the reported state sequence', () => {
  it('reports DOWNLOADING → DOWNLOADED → VERIFIED → UPDATING → UPDATED with the current version', async () => {
    const channel = new FakeChannel();
    const bytes = image(5000);
    channel.respond = otaBroker(bytes);
    const result = await runOtaUpdate(channel, {
      events: fakeDeviceSide(channel).router,
      kind: 'fw',
      pkg: pkgOf(bytes),
      chunkSize: 2048,
      requestId: 3,
    });
    expect(states(channel).map((s) => s.fw_state)).toEqual([...SUCCESS_SEQUENCE]);
    expect(states(channel).at(-1)).toEqual({
      fw_state: 'UPDATED',
      current_fw_title: 'thermo',
      current_fw_version: '1.2.0',
    });
    expect(result.checksum).toEqual({
      algorithm: 'SHA256',
      expected: checksum(bytes, 'SHA256'),
      actual: checksum(bytes, 'SHA256'),
    });
  });

  it('verifies with the announced algorithm and reports FAILED with sw_error on a mismatch', async () => {
    const channel = new FakeChannel();
    const bytes = image(300);
    channel.respond = otaBroker(bytes);
    const pkg = pkgOf(bytes, { checksumAlgorithm: 'CRC32', checksum: '00000000' });
    await expect(
      runOtaUpdate(channel, {
        events: fakeDeviceSide(channel).router,
        kind: 'sw',
        pkg,
        chunkSize: 128,
        requestId: 1,
      }),
    ).rejects.toThrow(
      `Checksum mismatch (CRC32): expected 00000000, got ${checksum(bytes, 'CRC32')}.`,
    );
    expect(states(channel)).toEqual([
      { sw_state: 'DOWNLOADING' },
      { sw_state: 'DOWNLOADED' },
      {
        sw_state: 'FAILED',
        sw_error: `Checksum mismatch (CRC32): expected 00000000, got ${checksum(bytes, 'CRC32')}.`,
      },
    ]);
  });

  it('reports FAILED with the plain-words broker error', async () => {
    const channel = new FakeChannel();
    channel.respond = otaBroker(image(1), 'NOT_FOUND');
    await expect(
      runOtaUpdate(channel, {
        events: fakeDeviceSide(channel).router,
        kind: 'fw',
        pkg: pkgOf(image(1)),
        chunkSize: 64,
        requestId: 1,
      }),
    ).rejects.toThrow(/No firmware package is assigned/);
    expect(states(channel).map((s) => s.fw_state)).toEqual(['DOWNLOADING', 'FAILED']);
  });

  it('reports a cancellation as FAILED', async () => {
    const channel = new FakeChannel();
    const controller = new AbortController();
    const run = runOtaUpdate(channel, {
      events: fakeDeviceSide(channel).router,
      kind: 'fw',
      pkg: pkgOf(image(10)),
      chunkSize: 64,
      requestId: 1,
      signal: controller.signal,
    });
    await vi.waitFor(() => {
      expect(channel.published.some((p) => p.topic.startsWith('v2/fw/request/'))).toBe(true);
    });
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(states(channel).at(-1)).toEqual({
      fw_state: 'FAILED',
      fw_error: 'Update cancelled by the user',
    });
  });
});
