/**
 * A chunked package upload over the operator API (docs/operator-api.md "Uploading bytes"):
 * `ota.upload` with the size (the broker answers with its chunk size), `ota.upload.chunk` for every
 * index as base64 with a few in flight, then `ota.upload.finish`; `ota.upload.abort` on failure or cancel.
 */
import type { OperatorClient } from '@/client/operator-client.ts';
import type { OperatorParams } from '@protocol/operator-api.ts';
import type { OtaPackageDto } from '@protocol/operator-ota-dto.ts';

import { chunkOf, toBase64 } from './package-file.ts';

export interface UploadProgress {
  sentBytes: number;
  size: number;
  chunksSent: number;
  chunks: number;
  chunkSize: number;
  elapsedMs: number;
}

/** Package fields of `ota.upload` without `size` or `url` (those come from the bytes). */
export type UploadMeta = Omit<OperatorParams<'ota.upload'>, 'size' | 'url'>;

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  /** Chunk calls in flight at once (default 4). */
  inFlight?: number;
  now?: () => number;
}

/** Uploads `bytes` as a package; resolves with the stored package, rejects with the broker's error or an AbortError. */
export async function uploadPackage(
  client: Pick<OperatorClient, 'request'>,
  bytes: Uint8Array,
  meta: UploadMeta,
  options: UploadOptions = {},
): Promise<OtaPackageDto> {
  const { signal } = options;
  const now = options.now ?? (() => performance.now());
  signal?.throwIfAborted();
  const start = await client.request('ota.upload', { ...meta, size: bytes.length });
  if (!('uploadId' in start))
    throw new Error('The broker stored a URL package instead of an upload.');
  const { uploadId, chunkSize, chunks } = start;
  const started = now();
  let next = 0;
  let chunksSent = 0;
  let sentBytes = 0;
  let failed = false;

  const sendNext = async (): Promise<void> => {
    while (next < chunks && !failed) {
      signal?.throwIfAborted();
      const index = next++;
      const chunk = chunkOf(bytes, index, chunkSize);
      await client.request('ota.upload.chunk', { uploadId, index, data: toBase64(chunk) });
      chunksSent += 1;
      sentBytes += chunk.length;
      options.onProgress?.({
        sentBytes,
        size: bytes.length,
        chunksSent,
        chunks,
        chunkSize,
        elapsedMs: now() - started,
      });
    }
  };

  try {
    const workers = Math.max(1, Math.min(options.inFlight ?? 4, chunks));
    await Promise.all(Array.from({ length: workers }, sendNext));
    signal?.throwIfAborted();
    return await client.request('ota.upload.finish', { uploadId });
  } catch (error) {
    failed = true;
    // The broker would drop it after its idle timeout anyway; this frees the slot now.
    await client.request('ota.upload.abort', { uploadId }).catch(() => undefined);
    throw error;
  }
}
