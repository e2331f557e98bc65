import { formatBytes, shortChecksum } from '../api/package-file.ts';
import type { UploadState } from '../api/use-package-upload.ts';

/** The upload's progress bar, bytes, chunks and speed, then its outcome. */
export function UploadProgress({ state, onCancel }: { state: UploadState; onCancel: () => void }) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'reading') return <p className="pk-muted">Reading the file…</p>;
  const p = state.progress;
  const percent =
    state.phase === 'done' ? 100 : p === null ? 0 : Math.floor((p.sentBytes / p.size) * 100);
  const seconds = p === null ? 0 : p.elapsedMs / 1000;
  const speed = p !== null && seconds > 0 ? `${formatBytes(p.sentBytes / seconds)}/s` : '—';
  const sent = p === null ? 'starting' : `${formatBytes(p.sentBytes)} of ${formatBytes(p.size)}`;

  return (
    <div className="pk-panel">
      <div
        className="pk-progress"
        role="progressbar"
        aria-label="Upload progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${String(percent)}% (${sent})`}
      >
        <div className="pk-progress__bar" style={{ width: `${String(percent)}%` }} />
      </div>
      <dl className="pk-dl" aria-label="Upload statistics">
        <dt>Sent</dt>
        <dd>
          {sent} ({percent}%)
        </dd>
        <dt>Chunks</dt>
        <dd>
          {p === null
            ? '—'
            : `${String(p.chunksSent)} of ${String(p.chunks)}, ${p.chunkSize.toLocaleString('en')} bytes each`}
        </dd>
        <dt>Speed</dt>
        <dd>
          {speed} over {seconds.toFixed(2)} s
        </dd>
      </dl>
      {state.phase === 'uploading' && (
        <div className="pk-buttons">
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Cancel upload
          </button>
        </div>
      )}
      {state.phase === 'done' && (
        <p className="pk-note pk-note--ok" role="status" aria-label="Upload result">
          Stored {state.pkg.title} {state.pkg.version}: {state.pkg.checksumAlgorithm}{' '}
          <code title={state.pkg.checksum ?? ''}>{shortChecksum(state.pkg.checksum ?? '')}</code>{' '}
          (the broker verified it).
        </p>
      )}
      {(state.phase === 'failed' || state.phase === 'cancelled') && (
        <p className="pk-note pk-note--error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
