import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { checksum, DEFAULT_CHECKSUM_ALGORITHM } from '@protocol/checksum.ts';
import type { OtaPackageDto } from '@protocol/operator-ota-dto.ts';

import { uploadPackage } from './upload-package.ts';
import type { UploadMeta, UploadProgress } from './upload-package.ts';

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'reading' }
  | { phase: 'uploading'; progress: UploadProgress | null }
  | { phase: 'done'; progress: UploadProgress | null; pkg: OtaPackageDto }
  | { phase: 'failed' | 'cancelled'; progress: UploadProgress | null; error: string };

/** Progress is shown at most this often (and once at the end). */
const PROGRESS_INTERVAL_MS = 100;

/** One upload at a time: start, progress (throttled), cancel (`ota.upload.abort`), outcome. */
export function usePackageUpload() {
  const client = useOperator();
  const queryClient = useQueryClient();
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);

  const start = async (file: Blob, meta: UploadMeta) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ phase: 'reading' });
    let last: UploadProgress | null = null;
    let shownAt = 0;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // Without a given checksum, the one computed here lets the broker catch bytes changed on the way.
      const algorithm = meta.checksumAlgorithm ?? DEFAULT_CHECKSUM_ALGORITHM;
      const checked = { ...meta, checksum: meta.checksum ?? checksum(bytes, algorithm) };
      setState({ phase: 'uploading', progress: null });
      const pkg = await uploadPackage(client, bytes, checked, {
        signal: abort.signal,
        onProgress: (progress) => {
          last = progress;
          const now = performance.now();
          if (now - shownAt < PROGRESS_INTERVAL_MS) return;
          shownAt = now;
          setState({ phase: 'uploading', progress });
        },
      });
      setState({ phase: 'done', progress: last, pkg });
      await queryClient.invalidateQueries({ queryKey: operatorKeys.otaPackages() });
    } catch (error) {
      const cancelled = abort.signal.aborted;
      setState({
        phase: cancelled ? 'cancelled' : 'failed',
        progress: last,
        error: cancelled
          ? 'Upload cancelled: the broker dropped the chunks sent so far.'
          : errorMessage(error),
      });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  };

  const cancel = () => {
    controller.current?.abort(new DOMException('The upload was cancelled.', 'AbortError'));
  };

  return { state, start, cancel };
}
