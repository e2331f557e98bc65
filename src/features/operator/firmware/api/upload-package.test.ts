import { describe, expect, it } from 'vitest';

import { OperatorRequestError } from '@/client/operator-client.ts';

import { uploadPackage } from './upload-package.ts';
import type { UploadProgress } from './upload-package.ts';

type Call = { method: string; params: Record<string, unknown> };

/**
 * Answers like the broker's upload methods (docs/operator-api.md), keeping the chunks it got, so the
 * test can check what arrived. `failChunk` makes that index fail once with INVALID_ARGUMENT.
 */
function scriptedBroker(chunkSize: number, failChunk?: number) {
  const calls: Call[] = [];
  const received = new Map<number, Buffer>();
  let size = 0;
  const client = {
    request: (method: string, params: Record<string, unknown> = {}) => {
      calls.push({ method, params });
      if (method === 'ota.upload') {
        size = params.size as number;
        const chunks = Math.ceil(size / chunkSize);
        return Promise.resolve({ uploadId: 'u1', chunkSize, chunks, size, idleTimeoutMs: 1 });
      }
      if (method === 'ota.upload.chunk') {
        const index = params.index as number;
        if (index === failChunk)
          return Promise.reject(
            new OperatorRequestError('INVALID_ARGUMENT', 'bad chunk', { cause: 'x' }),
          );
        received.set(index, Buffer.from(params.data as string, 'base64'));
        return Promise.resolve({});
      }
      if (method === 'ota.upload.finish') {
        const bytes = Buffer.concat(
          [...received.entries()].sort(([a], [b]) => a - b).map(([, b]) => b),
        );
        return Promise.resolve({ id: 'p1', size: bytes.length, bytes });
      }
      return Promise.resolve({ uploadId: 'u1', aborted: true });
    },
  };
  return { client: client as unknown as Parameters<typeof uploadPackage>[0], calls };
}

const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 31) % 251);
const meta = { title: 'pump-fw', version: '1.2', type: 'FIRMWARE' as const };

describe('uploadPackage', () => {
  it('sends every chunk once as base64 with the broker chunk size, then finishes', async () => {
    const broker = scriptedBroker(4096);
    const progress: UploadProgress[] = [];
    const pkg = (await uploadPackage(broker.client, bytes, meta, {
      onProgress: (p) => progress.push(p),
    })) as unknown as { bytes: Buffer };

    expect(Buffer.from(bytes).equals(pkg.bytes)).toBe(true);
    expect(broker.calls[0]).toEqual({ method: 'ota.upload', params: { ...meta, size: 10_000 } });
    const indexes = broker.calls
      .filter((c) => c.method === 'ota.upload.chunk')
      .map((c) => c.params.index);
    expect(indexes.sort()).toEqual([0, 1, 2]);
    expect(broker.calls.at(-1)?.method).toBe('ota.upload.finish');
    expect(progress.at(-1)).toMatchObject({
      sentBytes: 10_000,
      chunksSent: 3,
      chunks: 3,
      size: 10_000,
    });
  });

  it('aborts the upload on the broker when a chunk is refused, and stops sending', async () => {
    const broker = scriptedBroker(1000, 2);
    await expect(uploadPackage(broker.client, bytes, meta, { inFlight: 1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const methods = broker.calls.map((c) => c.method);
    expect(methods).toEqual([
      'ota.upload',
      'ota.upload.chunk',
      'ota.upload.chunk',
      'ota.upload.chunk',
      'ota.upload.abort',
    ]);
  });

  it('stops at a cancel and aborts the upload', async () => {
    const broker = scriptedBroker(1000);
    const controller = new AbortController();
    const upload = uploadPackage(broker.client, bytes, meta, {
      signal: controller.signal,
      inFlight: 1,
      onProgress: (p) => {
        if (p.chunksSent === 2) controller.abort(new DOMException('cancelled', 'AbortError'));
      },
    });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    const methods = broker.calls.map((c) => c.method);
    expect(methods.filter((m) => m === 'ota.upload.chunk')).toHaveLength(2);
    expect(methods.at(-1)).toBe('ota.upload.abort');
  });
});
