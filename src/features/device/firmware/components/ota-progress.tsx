import type { OtaRun } from '../stores/ota-run-store.ts';

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** Progress bar, received bytes, chunk count and speed of one download. */
export function OtaProgress({ run, label }: { run: OtaRun; label: string }) {
  const total = run.totalBytes;
  const percent =
    total !== null && total > 0
      ? Math.min(100, Math.round((run.receivedBytes / total) * 100))
      : run.phase === 'done'
        ? 100
        : 0;
  const seconds = run.elapsedMs / 1000;
  const speed = seconds > 0 ? run.receivedBytes / 1024 / seconds : 0;
  const received =
    total === null ? kib(run.receivedBytes) : `${kib(run.receivedBytes)} of ${kib(total)}`;

  return (
    <div className="pk-panel">
      <div
        className="pk-progress"
        role="progressbar"
        aria-label={`${label} download progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% (${received})`}
      >
        <div className="pk-progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <dl className="pk-dl" aria-label={`${label} download statistics`}>
        <dt>Received</dt>
        <dd>
          {received} ({percent}%)
        </dd>
        <dt>Chunks</dt>
        <dd>
          {run.chunks} of {run.chunkSize.toLocaleString('en')} bytes each
        </dd>
        <dt>Speed</dt>
        <dd>
          {speed.toFixed(1)} KiB/s over {seconds.toFixed(2)} s
        </dd>
      </dl>
    </div>
  );
}
