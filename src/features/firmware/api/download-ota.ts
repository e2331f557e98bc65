/**
 * The device's chunk loop (spec §11): request chunk n of `reqId` with the chunk size as ASCII on
 * `v2/{fw|sw}/request/{reqId}/chunk/{n}`, receive `v2/{fw|sw}/response/{reqId}/chunk/{n}`, and stop at an
 * empty or short chunk (or once the announced size has arrived). Errors arrive on `v2/{fw|sw}/error`.
 */
import type { ChannelMessage, LiveChannel } from '@/lib/device-channel.ts';
import { encodeChunkSize } from '@/protocol/codecs/firmware.ts';
import { outboundTopic, responseFilter } from '@/protocol/topics.ts';
import type { OtaKind } from '@/protocol/topics.ts';

/** What the broker's error topic said (spec §11 errors), in plain words. */
export class OtaDownloadError extends Error {
  override readonly name = 'OtaDownloadError';
  constructor(
    message: string,
    /** The broker's code (`NOT_FOUND`, `PAYLOAD_TOO_LARGE`, `FAILURE`), or `TIMEOUT`. */
    readonly code: string,
  ) {
    super(message);
  }
}

/** The broker's OTA error text in plain words, with what to do about it. */
export function describeOtaError(code: string, kind: OtaKind, chunkSize: number): string {
  const what = kind === 'fw' ? 'firmware' : 'software';
  switch (code) {
    case 'NOT_FOUND':
      return `No ${what} package is assigned to this device or its profile (NOT_FOUND). Assign one on the platform first.`;
    case 'PAYLOAD_TOO_LARGE':
      return `The chunk size ${chunkSize} is larger than the broker allows (PAYLOAD_TOO_LARGE; by default 65536 bytes). Choose a smaller chunk size.`;
    case 'FAILURE':
      return `The broker has no bytes for this ${what} package (FAILURE): it is a URL package, download it from its URL instead.`;
    default:
      return `The broker refused the ${what} download: ${code}.`;
  }
}

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

/** Downloads a package chunk by chunk; rejects with an {@link OtaDownloadError}, an AbortError or a session error. */
export async function downloadOta(
  channel: LiveChannel,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const { kind, requestId, chunkSize, signal } = options;
  const now = options.now ?? (() => performance.now());
  const timeoutMs = options.chunkTimeoutMs ?? 10_000;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1)
    throw new RangeError('The chunk size must be a whole number of bytes ≥ 1.');
  signal?.throwIfAborted();
  await ensureSubscribed(channel, kind);

  const errorTopic = outboundTopic.otaError(kind);
  let waiter: { topic: string; settle: (message: ChannelMessage | Error) => void } | null = null;
  const stop = channel.onMessage((message) => {
    if (waiter === null) return;
    if (message.topic === waiter.topic) waiter.settle(message);
    else if (message.topic === errorTopic) {
      const code = message.text.trim();
      waiter.settle(new OtaDownloadError(describeOtaError(code, kind, chunkSize), code));
    }
  });

  const requestChunk = (n: number) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const finish = (outcome: ChannelMessage | Error) => {
        waiter = null;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome.payload);
      };
      const onAbort = () => {
        finish(
          signal?.reason instanceof Error
            ? signal.reason
            : new DOMException('The download was cancelled.', 'AbortError'),
        );
      };
      const timer = setTimeout(() => {
        finish(
          new OtaDownloadError(
            `Chunk ${n} did not arrive within ${timeoutMs / 1000} s.`,
            'TIMEOUT',
          ),
        );
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort);
      waiter = { topic: outboundTopic.otaChunk(kind, requestId, n), settle: finish };
      channel
        .publish(outboundTopic.otaRequest(kind, requestId, n), encodeChunkSize(chunkSize), {
          qos: 1,
        })
        .catch((error: unknown) => {
          if (waiter?.settle === finish)
            finish(error instanceof Error ? error : new Error(String(error)));
        });
    });

  const started = now();
  const parts: Uint8Array[] = [];
  let received = 0;
  try {
    for (let n = 0; ; n++) {
      const chunk = await requestChunk(n);
      parts.push(chunk);
      received += chunk.length;
      options.onChunk?.(chunk, {
        receivedBytes: received,
        chunks: n + 1,
        elapsedMs: now() - started,
      });
      const expected = options.expectedSize;
      if (
        chunk.length < chunkSize ||
        (expected !== undefined && expected !== null && received >= expected)
      ) {
        return { bytes: concat(parts, received), chunks: n + 1, elapsedMs: now() - started };
      }
    }
  } finally {
    stop();
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
