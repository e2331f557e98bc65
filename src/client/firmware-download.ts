/**
 * Downloading a firmware or software package as a device does (spec §11): chunk `n` of request id
 * `r` is asked for on `v2/fw/request/{r}/chunk/{n}` with the chunk size as payload, until a chunk is
 * short or empty (or the announced size is reached); the bytes are checksummed as they come with
 * src/protocol/checksum.ts.
 */
import { concatBytes, createChecksum, type ChecksumAlgorithm } from '../protocol/checksum.ts';
import type { OtaKind } from '../protocol/topics.ts';

import { DeviceRequestError } from './device-errors.ts';
import type { OtaChunkEvent } from './device-events.ts';

/** An AbortSignal, as far as the download reads it (browsers and Node both have one). */
export interface AbortLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface FirmwareDownloadOptions {
  /** `fw` (default) or `sw`. */
  ota?: OtaKind;
  /** `fw_size`: the download stops there; without it, at the first short or empty chunk. */
  size?: number;
  /** `fw_checksum` (hex) to verify against. */
  checksum?: string;
  /** `fw_checksum_algorithm`; default SHA256, as on the platform. */
  checksumAlgorithm?: ChecksumAlgorithm;
  /** Bytes asked for per chunk (the request's payload); default 16384. */
  chunkSize?: number;
  /** Default: the client's next request id. */
  requestId?: number;
  /** How long one chunk may take, in ms; default the client's timeout. */
  chunkTimeoutMs?: number;
  /** Keep and return the bytes (default true); false keeps only the running checksum. */
  keepBytes?: boolean;
  /** Throw SIZE_MISMATCH / CHECKSUM_MISMATCH (default true); false returns them as `problem`. */
  verify?: boolean;
  signal?: AbortLike;
  onChunk?: (progress: { chunk: number; received: number; size: number | undefined }) => void;
}

export interface FirmwareDownload {
  ota: OtaKind;
  requestId: number;
  /** Bytes received. */
  size: number;
  chunks: number;
  /** Lowercase hex of the bytes received, with the chosen algorithm. */
  checksum: string;
  bytes: Uint8Array | null;
  /** Why the bytes are not the announced package (size or checksum), or null. */
  problem: string | null;
}

/** Asks for chunk `n` and resolves with it (the device client's correlated request). */
export type ChunkFetcher = (
  n: number,
  timeoutMs: number | undefined,
  signal: AbortLike | undefined,
) => Promise<OtaChunkEvent>;

function problemOf(o: FirmwareDownloadOptions, received: number, checksum: string): string | null {
  if (o.size !== undefined && received !== o.size)
    return `size mismatch: expected ${String(o.size)} bytes, got ${String(received)}`;
  const expected = o.checksum?.toLowerCase();
  if (expected !== undefined && expected !== checksum)
    return `checksum mismatch: expected ${expected}, got ${checksum}`;
  return null;
}

/** Runs one download with `fetchChunk`; see {@link FirmwareDownloadOptions}. */
export async function runFirmwareDownload(
  o: FirmwareDownloadOptions & { ota: OtaKind; requestId: number },
  fetchChunk: ChunkFetcher,
): Promise<FirmwareDownload> {
  const chunkSize = o.chunkSize ?? 16_384;
  const hasher = createChecksum(o.checksumAlgorithm ?? 'SHA256');
  const parts: Uint8Array[] | null = o.keepBytes === false ? null : [];
  let received = 0;
  let chunks = 0;
  while (o.size !== 0) {
    if (o.signal?.aborted === true) throw o.signal.reason;
    const { payload } = await fetchChunk(chunks, o.chunkTimeoutMs, o.signal);
    chunks += 1;
    hasher.update(payload);
    parts?.push(payload);
    received += payload.length;
    o.onChunk?.({ chunk: chunks - 1, received, size: o.size });
    if (o.size !== undefined && received > o.size)
      throw new DeviceRequestError('OVERFLOW', `received more than ${String(o.size)} bytes`);
    if (received === o.size || payload.length < chunkSize) break;
  }
  const checksum = hasher.digest();
  const problem = problemOf(o, received, checksum);
  if (problem !== null && o.verify !== false) {
    const code = problem.startsWith('size') ? 'SIZE_MISMATCH' : 'CHECKSUM_MISMATCH';
    throw new DeviceRequestError(code, problem);
  }
  return {
    ota: o.ota,
    requestId: o.requestId,
    size: received,
    chunks,
    checksum,
    bytes: parts === null ? null : concatBytes(parts),
    problem,
  };
}
