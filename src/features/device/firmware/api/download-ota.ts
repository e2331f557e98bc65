/**
 * The device's chunk loop (spec §11): request chunk n of `reqId` with the chunk size as ASCII on
 * `v2/{fw|sw}/request/{reqId}/chunk/{n}`, receive `v2/{fw|sw}/response/{reqId}/chunk/{n}`, and stop at an
 * empty or short chunk (or once the announced size has arrived). Errors arrive on `v2/{fw|sw}/error`.
 */
import type { DeviceRouter, LiveChannel } from '@/lib/device-channel.ts';
import { outboundTopic, responseFilter } from '@/protocol/topics.ts';
import type { OtaKind } from '@/protocol/topics.ts';

import { createChunkRequester } from './chunk-requester.ts';

export interface DownloadProgress {
  receivedBytes: number;
  chunks: number;
  elapsedMs: number;
}

export interface DownloadOptions {
  kind: OtaKind;
  /** A new id for each update (spec §11). */
  requestId: number;
  /** Bytes per chunk, ≥ 1. */
  chunkSize: number;
  /** `fw_size`, when announced: the loop stops once that much arrived. */
  expectedSize?: number | null;
  signal?: AbortSignal;
  /** Per chunk; default 10 s. */
  chunkTimeoutMs?: number;
  /** Called with each chunk's bytes, in order. */
  onChunk?: (bytes: Uint8Array, progress: DownloadProgress) => void;
  now?: () => number;
  /** The device side's inbound router (chunks and chunk errors arrive as its events). */
  events: Pick<DeviceRouter, 'on'>;
}

export interface DownloadResult {
  bytes: Uint8Array;
  chunks: number;
  elapsedMs: number;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Chunk requests in flight at once when the size is known (a window hides the round trip). */
export const CHUNK_WINDOW = 8;

/**
 * Downloads a package chunk by chunk, in order; rejects with an {@link OtaDownloadError}, an
 * AbortError or a session error. With the size announced, up to {@link CHUNK_WINDOW} requests are in
 * flight and none goes past the last chunk; without it, one at a time until a short chunk.
 */
export async function downloadOta(
  channel: LiveChannel,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const { kind, requestId, chunkSize, signal } = options;
  const now = options.now ?? (() => performance.now());
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1)
    throw new RangeError('The chunk size must be a whole number of bytes ≥ 1.');
  signal?.throwIfAborted();
  await ensureSubscribed(channel, kind);

  const expected = options.expectedSize ?? null;
  const total = expected !== null && expected > 0 ? Math.ceil(expected / chunkSize) : null;
  const window = total === null ? 1 : CHUNK_WINDOW;
  const requester = createChunkRequester(channel, {
    kind,
    requestId,
    chunkSize,
    timeoutMs: options.chunkTimeoutMs ?? 10_000,
    events: options.events,
    ...(signal ? { signal } : {}),
  });
  const inflight = new Map<number, Promise<Uint8Array>>();
  let next = 0;
  const fill = (last: number) => {
    for (; next <= last && (total === null || next < total); next++) {
      inflight.set(next, requester.request(next));
    }
  };

  const started = now();
  const parts: Uint8Array[] = [];
  let received = 0;
  try {
    for (let n = 0; ; n++) {
      fill(n + window - 1);
      const chunk = await (inflight.get(n) ?? requester.request(n));
      inflight.delete(n);
      parts.push(chunk);
      received += chunk.length;
      options.onChunk?.(chunk, {
        receivedBytes: received,
        chunks: n + 1,
        elapsedMs: now() - started,
      });
      if (chunk.length < chunkSize || (expected !== null && received >= expected)) {
        return { bytes: concat(parts, received), chunks: n + 1, elapsedMs: now() - started };
      }
    }
  } finally {
    requester.dispose();
  }
}

/** The chunk and error filters only set the QoS (the broker sends chunks anyway, spec §3). */
async function ensureSubscribed(channel: LiveChannel, kind: OtaKind): Promise<void> {
  const wanted = [responseFilter.otaChunks(kind), outboundTopic.otaError(kind)];
  const known = channel.store.getState().subscriptions;
  const missing = wanted.filter((filter) => !(filter in known));
  if (missing.length > 0)
    await channel.subscribe(Object.fromEntries(missing.map((f) => [f, 1 as const])));
}
