import { checksum } from '../../../src/protocol/checksum.ts';
import type { OperatorParams } from '../../../src/protocol/operator-api.ts';
import type { OtaPackageDto, OtaUploadStartDto } from '../../../src/protocol/operator-ota-dto.ts';

import type { OperatorTestClient } from './operator-client.ts';

export type UploadMetaParams = Omit<OperatorParams<'ota.upload'>, 'size' | 'url'>;

/** Starts a chunked upload of `data`; throws when the broker answered with a URL package. */
export async function startUpload(
  op: OperatorTestClient,
  data: Uint8Array,
  meta: UploadMetaParams,
): Promise<OtaUploadStartDto> {
  const started = await op.ok('ota.upload', { ...meta, size: data.length });
  if (!('uploadId' in started)) throw new Error('expected a chunked upload');
  return started;
}

/** Chunk `index` of `data` for an upload of `chunkSize`, as base64. */
export const chunkOf = (data: Uint8Array, chunkSize: number, index: number): string =>
  Buffer.from(data.subarray(index * chunkSize, (index + 1) * chunkSize)).toString('base64');

/**
 * Uploads `data` through the operator API only: start, every chunk (`parallel` in flight, in the given
 * index `order`, default ascending), finish with the SHA256 the client computed.
 */
export async function uploadViaApi(
  op: OperatorTestClient,
  data: Uint8Array,
  meta: UploadMetaParams,
  options: { parallel?: number; order?: (chunks: number) => number[] } = {},
): Promise<OtaPackageDto> {
  const started = await startUpload(op, data, {
    checksumAlgorithm: 'SHA256',
    checksum: checksum(data, 'SHA256'),
    ...meta,
  });
  const order = options.order?.(started.chunks) ?? [...Array(started.chunks).keys()];
  const queue = [...order];
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      await op.ok('ota.upload.chunk', {
        uploadId: started.uploadId,
        index,
        data: chunkOf(data, started.chunkSize, index),
      });
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 4 }, worker));
  return op.ok('ota.upload.finish', { uploadId: started.uploadId });
}
