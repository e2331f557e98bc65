import { Correlator } from '@/client/correlator.ts';
import type { DeviceRouter, LiveChannel } from '@/lib/device-channel.ts';
import { encodeChunkSize } from '@/protocol/codecs/firmware.ts';
import { outboundTopic } from '@/protocol/topics.ts';
import type { OtaKind } from '@/protocol/topics.ts';

import { describeOtaError, OtaDownloadError } from './ota-errors.ts';

export interface ChunkRequester {
  /** Publishes the request for chunk `n` and resolves with its bytes. */
  request(n: number): Promise<Uint8Array>;
  /** Stops listening; whatever is still in flight is rejected. */
  dispose(): void;
}

const asError = (value: unknown) => (value instanceof Error ? value : new Error(String(value)));

/**
 * The requests of one download (spec §11): each chunk index waits for its response topic with its
 * own timeout; a text on the error topic, an abort or a failed publish fails every request in flight.
 */
export function createChunkRequester(
  channel: LiveChannel,
  options: {
    kind: OtaKind;
    requestId: number;
    chunkSize: number;
    timeoutMs: number;
    signal?: AbortSignal;
    /** The device side's inbound router: chunks and errors arrive as its typed events. */
    events: Pick<DeviceRouter, 'on'>;
  },
): ChunkRequester {
  const { kind, requestId, chunkSize, timeoutMs, signal, events } = options;
  const pending = new Correlator<number, Uint8Array>({
    timeoutMs,
    timeoutError: (n, ms) =>
      new OtaDownloadError(`Chunk ${n} did not arrive within ${ms / 1000} s.`, 'TIMEOUT'),
  });
  let failure: Error | null = null;

  const failAll = (error: Error) => {
    failure ??= error;
    pending.rejectAll(() => error);
  };
  const onAbort = () => {
    failAll(
      signal?.reason instanceof Error
        ? signal.reason
        : new DOMException('The download was cancelled.', 'AbortError'),
    );
  };
  signal?.addEventListener('abort', onAbort);
  const stops = [
    events.on('otaError', (event) => {
      if (event.ota === kind)
        failAll(new OtaDownloadError(describeOtaError(event.code, kind, chunkSize), event.code));
    }),
    events.on('otaChunk', (event) => {
      if (event.ota === kind && event.requestId === requestId)
        pending.resolve(event.chunk, event.payload);
    }),
  ];

  return {
    request(n) {
      if (failure !== null) return Promise.reject(failure);
      const bytes = pending.wait(n);
      // A chunk requested ahead may fail before anyone awaits it.
      bytes.catch(() => undefined);
      channel
        .publish(outboundTopic.otaRequest(kind, requestId, n), encodeChunkSize(chunkSize), {
          qos: 1,
        })
        .catch((error: unknown) => {
          if (pending.has(n)) failAll(asError(error));
        });
      return bytes;
    },
    dispose() {
      for (const stop of stops) stop();
      signal?.removeEventListener('abort', onAbort);
      failAll(new Error('The download ended.'));
    },
  };
}
