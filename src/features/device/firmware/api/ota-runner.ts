/**
 * Starts and cancels updates outside React, so a download keeps going when the user switches tabs.
 * Progress is written to the run store at most every 100 ms (and once at the end).
 */
import type { LiveChannel } from '@/lib/device-channel.ts';
import type { DeviceSide } from '@/lib/device-side.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { outboundTopic } from '@/protocol/topics.ts';
import type { OtaKind } from '@/protocol/topics.ts';

import { idleRun, useOtaRunStore } from '../stores/ota-run-store.ts';

import type { DownloadProgress } from './download-ota.ts';
import type { OtaPackage } from './ota-package.ts';
import { ChecksumMismatchError, runOtaUpdate } from './ota-update.ts';

const controllers = new Map<OtaKind, AbortController>();
/** Updates stopped because another device connected: they write nothing more to the run store. */
const abandoned = new WeakSet<AbortController>();
/** Stops waiting to send a FAILED report, per kind. */
const laterReports = new Map<OtaKind, () => void>();
const PROGRESS_INTERVAL_MS = 100;

const store = () => useOtaRunStore.getState();

function imageName(pkg: OtaPackage): string {
  const safe = `${pkg.title}-${pkg.version}`.replace(/[^\w.-]+/g, '_');
  return `${safe}.bin`;
}

/** Starts an update of `kind` (cancelling one still running); resolves when it ended either way. */
export async function startOtaUpdate(
  { channel, router }: DeviceSide,
  kind: OtaKind,
  pkg: OtaPackage,
  chunkSize: number,
): Promise<void> {
  cancelOtaUpdate(kind);
  laterReports.get(kind)?.();
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
  const mine = () => !abandoned.has(controller);
  try {
    const result = await runOtaUpdate(channel, {
      kind,
      events: router,
      pkg,
      chunkSize,
      requestId,
      signal: controller.signal,
      onProgress: (progress) => {
        last.progress = progress;
        const now = performance.now();
        if (!mine()) return;
        if (now - lastFlush < PROGRESS_INTERVAL_MS) return;
        lastFlush = now;
        store().patch(kind, progress);
      },
      onState: (state, reported) => {
        if (mine()) store().addState(kind, state, reported);
      },
      onFailedUnsent: (telemetry) => {
        if (mine()) reportWhenBack(channel, kind, telemetry);
      },
    });
    if (!mine()) return;
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
    if (!mine()) return;
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

/**
 * Real firmware reports FAILED once it is back online: sends the report on the next connection as
 * the same device (same username), unless another update of the kind starts first.
 */
function reportWhenBack(channel: LiveChannel, kind: OtaKind, telemetry: string): void {
  const username = channel.store.getState().username;
  const unwatch = channel.store.subscribe((state, previous) => {
    if (state.status !== 'connected' || previous.status === 'connected') return;
    stop();
    if (state.username !== username) return;
    channel.publish(outboundTopic.telemetry('v1'), telemetry, { qos: 1 }).then(
      () => {
        store().markReported(kind, 'FAILED');
      },
      () => undefined,
    );
  });
  const stop = () => {
    unwatch();
    if (laterReports.get(kind) === stop) laterReports.delete(kind);
  };
  laterReports.get(kind)?.();
  laterReports.set(kind, stop);
}

/**
 * Another device connected on the channel (device-parts.ts): every running update stops requesting
 * chunks and leaves the run store alone — its runs belong to the device that started them.
 */
export function abandonOtaUpdates(): void {
  for (const [kind, controller] of controllers) {
    abandoned.add(controller);
    controller.abort(new DOMException('Another device connected.', 'AbortError'));
    controllers.delete(kind);
  }
}

/** Aborts the running update of `kind`, if any. */
export function cancelOtaUpdate(kind: OtaKind): void {
  controllers.get(kind)?.abort(new DOMException('The download was cancelled.', 'AbortError'));
  controllers.delete(kind);
}
