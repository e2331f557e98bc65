import type { OperatorParsedParams } from '../../src/protocol/operator-api.ts';
import { HubError, invalid } from '../platform/errors.ts';
import type { Hub } from '../platform/hub.ts';

import { compact } from './compact.ts';
import type { MethodHandlers } from './method-types.ts';
import { uploadChunkSize, type OtaUploads, type UploadMeta } from './ota-uploads.ts';

type UploadParams = OperatorParsedParams<'ota.upload'>;

/**
 * ota.upload|upload.chunk|upload.finish|upload.abort: a package's bytes in base64 chunks, each request
 * well under `maxPayloadSize`; the checksum is verified on finish. A URL package is stored at once.
 */
export function otaUploadMethods(
  hub: Hub,
  uploads: OtaUploads,
): Pick<
  MethodHandlers,
  'ota.upload' | 'ota.upload.chunk' | 'ota.upload.finish' | 'ota.upload.abort'
> {
  return {
    'ota.upload': async (p) => {
      const { size, url, ...fields } = p;
      if (url !== undefined) return hub.ota.upload(compact({ ...fields, url }));
      checkNew(hub, p);
      const meta: UploadMeta = {
        ...compact(fields),
        title: p.title.trim(),
        version: p.version.trim(),
        size: size ?? 0,
      };
      const upload = uploads.start(meta, uploadChunkSize(hub.settings.maxPayloadSize));
      return {
        uploadId: upload.id,
        chunkSize: upload.chunkSize,
        chunks: upload.chunks,
        size: meta.size,
        idleTimeoutMs: uploads.idleMs,
      };
    },
    'ota.upload.chunk': (p) => uploads.chunk(p.uploadId, p.index, Buffer.from(p.data, 'base64')),
    // the upload ends here whatever the outcome, except with chunks missing; a checksum mismatch
    // (INVALID_ARGUMENT from the OTA service) stores nothing
    'ota.upload.finish': async (p) => {
      const { meta, data } = uploads.complete(p.uploadId);
      return hub.ota.upload({ ...meta, data });
    },
    'ota.upload.abort': (p) => {
      uploads.abort(p.uploadId);
      return { uploadId: p.uploadId, aborted: true };
    },
  };
}

/** Refuses at the start what finish would refuse anyway: blank names, a taken title + version. */
function checkNew(hub: Hub, p: UploadParams): void {
  const title = p.title.trim();
  const version = p.version.trim();
  if (title === '') throw invalid('title must not be blank');
  if (version === '') throw invalid('version must not be blank');
  if (hub.ota.list().some((pkg) => pkg.title === title && pkg.version === version)) {
    throw new HubError('ALREADY_EXISTS', `a package ${title} ${version} already exists`);
  }
}
