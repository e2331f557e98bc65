import { randomUUID } from 'node:crypto';

import type { OtaUploadProgressDto } from '../../src/protocol/operator-ota-dto.ts';
import { HubError, invalid } from '../platform/errors.ts';
import type { OtaUploadInput } from '../platform/ota-packages.ts';

/** What an upload will store once complete: the package fields, without the bytes. */
export type UploadMeta = Omit<OtaUploadInput, 'data' | 'url'> & { size: number };

/** Bounds of the uploads in progress. */
export interface OtaUploadLimits {
  /** Uploads in progress at once. */
  maxUploads: number;
  /** Sum of the declared sizes of the uploads in progress (their memory, at most). */
  maxReservedBytes: number;
  /** An upload without a call for this long is dropped. */
  idleMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: OtaUploadLimits = {
  maxUploads: 8,
  maxReservedBytes: 64 * 1024 * 1024,
  idleMs: 5 * 60_000,
};

/**
 * The chunk size an upload uses: half of `maxPayloadSize` in whole KiB (base64 makes it two thirds of
 * the packet, leaving room for the envelope and topic), from 256 bytes to 64 KiB.
 */
export const uploadChunkSize = (maxPayloadSize: number): number =>
  Math.min(64 * 1024, Math.max(256, Math.floor(maxPayloadSize / 2 / 1024) * 1024));

interface Upload {
  id: string;
  meta: UploadMeta;
  chunkSize: number;
  chunks: number;
  parts: (Buffer | undefined)[];
  received: number;
  chunksReceived: number;
  timer: NodeJS.Timeout;
}

/**
 * Chunked OTA uploads in progress (`ota.upload` → `ota.upload.chunk`… → `ota.upload.finish`), in memory.
 * Chunks are addressed by index: any order, a repeated index replaces the earlier chunk and counts once.
 */
export class OtaUploads {
  readonly #uploads = new Map<string, Upload>();

  constructor(private readonly limits: OtaUploadLimits = DEFAULT_UPLOAD_LIMITS) {}

  get idleMs(): number {
    return this.limits.idleMs;
  }

  /** Opens an upload; FAILED_PRECONDITION over the limits, ALREADY_EXISTS for a title + version in progress. */
  start(meta: UploadMeta, chunkSize: number): Upload {
    const same = [...this.#uploads.values()].find(
      (u) => u.meta.title === meta.title && u.meta.version === meta.version,
    );
    if (same) {
      throw new HubError(
        'ALREADY_EXISTS',
        `an upload of ${meta.title} ${meta.version} is already in progress (uploadId ${same.id}); finish or abort it`,
      );
    }
    const busy = `; finish or abort one (an upload without a call for ${String(this.limits.idleMs / 1000)} s is dropped)`;
    if (this.#uploads.size >= this.limits.maxUploads) {
      throw new HubError(
        'FAILED_PRECONDITION',
        `${String(this.#uploads.size)} uploads are in progress, the most the broker holds at once${busy}`,
      );
    }
    const reserved = [...this.#uploads.values()].reduce((sum, u) => sum + u.meta.size, 0);
    if (reserved + meta.size > this.limits.maxReservedBytes) {
      throw new HubError(
        'FAILED_PRECONDITION',
        `uploads in progress already hold ${String(reserved)} of ${String(this.limits.maxReservedBytes)} bytes; ${String(meta.size)} more do not fit${busy}`,
      );
    }
    const id = randomUUID();
    const chunks = Math.ceil(meta.size / chunkSize);
    const timer = setTimeout(() => this.#uploads.delete(id), this.limits.idleMs).unref();
    const upload: Upload = {
      id,
      meta,
      chunkSize,
      chunks,
      parts: new Array<Buffer | undefined>(chunks).fill(undefined),
      received: 0,
      chunksReceived: 0,
      timer,
    };
    this.#uploads.set(id, upload);
    return upload;
  }

  /** Stores chunk `index`; INVALID_ARGUMENT for an index past the end or a chunk of the wrong length. */
  chunk(uploadId: string, index: number, bytes: Buffer): OtaUploadProgressDto {
    const u = this.#get(uploadId);
    if (index >= u.chunks) {
      throw invalid(
        `index ${String(index)} is past the last chunk: the upload has ${String(u.chunks)} chunks (0 to ${String(u.chunks - 1)}) of ${String(u.chunkSize)} bytes`,
      );
    }
    const expected = Math.min(u.chunkSize, u.meta.size - index * u.chunkSize);
    if (bytes.length !== expected) {
      const which = index === u.chunks - 1 ? 'the last chunk' : `chunk ${String(index)}`;
      throw invalid(
        `${which} must hold ${String(expected)} bytes, got ${String(bytes.length)} (chunkSize ${String(u.chunkSize)}, size ${String(u.meta.size)})`,
      );
    }
    if (u.parts[index] === undefined) {
      u.received += bytes.length;
      u.chunksReceived++;
    }
    u.parts[index] = bytes;
    return progress(u);
  }

  /**
   * Ends a complete upload and hands over its bytes. With chunks missing it stays open and the error
   * (FAILED_PRECONDITION) lists the first missing indexes in `details.missing`.
   */
  complete(uploadId: string): { meta: UploadMeta; data: Buffer } {
    const u = this.#get(uploadId);
    if (u.chunksReceived < u.chunks) {
      const missing: number[] = [];
      for (let i = 0; i < u.chunks && missing.length < 20; i++)
        if (u.parts[i] === undefined) missing.push(i);
      throw new HubError(
        'FAILED_PRECONDITION',
        `${String(u.chunks - u.chunksReceived)} of ${String(u.chunks)} chunks are missing, first ${missing.join(', ')}`,
        { missing, missingCount: u.chunks - u.chunksReceived },
      );
    }
    this.#drop(u);
    return { meta: u.meta, data: Buffer.concat(u.parts as Buffer[], u.meta.size) };
  }

  /** Drops an upload and its chunks. */
  abort(uploadId: string): void {
    this.#drop(this.#get(uploadId));
  }

  /** Number of uploads in progress. */
  get size(): number {
    return this.#uploads.size;
  }

  dispose(): void {
    for (const u of this.#uploads.values()) clearTimeout(u.timer);
    this.#uploads.clear();
  }

  /** The upload, its idle timer restarted; NOT_FOUND when finished, aborted or expired. */
  #get(uploadId: string): Upload {
    const u = this.#uploads.get(uploadId);
    if (!u) {
      throw new HubError(
        'NOT_FOUND',
        `upload ${uploadId} was not found: it finished, was aborted, or was dropped after ${String(this.limits.idleMs / 1000)} s without a call`,
      );
    }
    u.timer.refresh();
    return u;
  }

  #drop(u: Upload): void {
    clearTimeout(u.timer);
    this.#uploads.delete(u.id);
  }
}

const progress = (u: Upload): OtaUploadProgressDto => ({
  received: u.received,
  size: u.meta.size,
  chunksReceived: u.chunksReceived,
  chunks: u.chunks,
});
