/**
 * Starts and cancels updates outside React, so a download keeps going when the user switches tabs.
 * Progress is written to the run store at most every 100 ms (and once at the end).
 */
import type { LiveChannel } from '@/lib/device-channel.ts';
import { errorMessage } from '@/lib/error-message.ts';
import type { OtaKind } from '@/protocol/topics.ts';

import { idleRun, useOtaRunStore } from '../stores/ota-run-store.ts';

import type { DownloadProgress } from './download-ota.ts';
import type { OtaPackage } from './ota-package.ts';
import { ChecksumMismatchError, runOtaUpdate } from './ota-update.ts';

const controllers = new Map<OtaKind, AbortController>();
const PROGRESS_INTERVAL_MS = 100;

const store = () => useOtaRunStore.getState();

function imageName(pkg: OtaPackage): string {
  const safe = `${pkg.title}-${pkg.version}`.replace(/[^\w.-]+/g, '_');
  return `${safe}.bin`;
}

/** Starts an update of `kind` (cancelling one still running); resolves when it ended either way. */
export async function startOtaUpdate(
  channel: LiveChannel,
  kind: OtaKind,
  pkg: OtaPackage,
  chunkSize: number,
): Promise<void> {
  cancelOtaUpdate(kind);
  const controller = new AbortController();
  controllers.set(kind, controller);
  const previous = store().runs[kind].image;
  if (previous) URL.revokeObjectURL(previous.url);
  const requestId = channel.nextRequestId();
  store().patch(kind, {
    ...idleRun,
    phase: 'running',
    title: pkg.title,
    version: pkg.version,
    requestId,
    chunkSize,
    totalBytes: pkg.size,
  });
  let lastFlush = 0;
  const last: { progress: DownloadProgress | null } = { progress: null };
  try {
    const result = await runOtaUpdate(channel, {
      kind,
      pkg,
      chunkSize,
      requestId,
      signal: controller.signal,
      onProgress: (progress) => {
        last.progress = progress;
        const now = performance.now();
        if (now - lastFlush < PROGRESS_INTERVAL_MS) return;
        lastFlush = now;
        store().patch(kind, progress);
      },
      onState: (state, reported) => {
        store().addState(kind, state, reported);
      },
    });
    const url = URL.createObjectURL(
      new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
    );
    store().patch(kind, {
      phase: 'done',
      receivedBytes: result.bytes.length,
      chunks: result.chunks,
      elapsedMs: result.elapsedMs,
      checksum: result.checksum,
      image: { url, fileName: imageName(pkg), size: result.bytes.length },
    });
  } catch (error) {
    const cancelled = controller.signal.aborted;
    store().patch(kind, {
      ...(last.progress ?? {}),
      ...(error instanceof ChecksumMismatchError ? { checksum: error.check } : {}),
      phase: cancelled ? 'cancelled' : 'failed',
      error: cancelled ? 'Cancelled: the device reported FAILED.' : errorMessage(error),
    });
  } finally {
    if (controllers.get(kind) === controller) controllers.delete(kind);
  }
}

/** Aborts the running update of `kind`, if any. */
export function cancelOtaUpdate(kind: OtaKind): void {
  controllers.get(kind)?.abort(new DOMException('The download was cancelled.', 'AbortError'));
  controllers.delete(kind);
}
