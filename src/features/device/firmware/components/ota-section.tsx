import { useId } from 'react';

import { useDeviceSide, useSessionStatus } from '@/lib/session-context.tsx';
import { otaTelemetryKeys } from '@/protocol/codecs/firmware.ts';
import { responseFilter } from '@/protocol/topics.ts';
import type { OtaKind } from '@/protocol/topics.ts';

import { OTA_KIND_LABELS } from '../api/ota-package.ts';
import type { OtaPackage } from '../api/ota-package.ts';
import { cancelOtaUpdate, startOtaUpdate } from '../api/ota-runner.ts';
import { useOtaRunStore } from '../stores/ota-run-store.ts';

import { OtaPackageDetails } from './ota-package-details.tsx';
import { OtaProgress } from './ota-progress.tsx';
import { OtaStateSteps } from './ota-state-steps.tsx';

/** One kind of OTA (firmware or software): the announced package, the download and its outcome. */
export function OtaSection({ kind, pkg }: { kind: OtaKind; pkg: OtaPackage | null }) {
  const id = useId();
  const side = useDeviceSide();
  const label = OTA_KIND_LABELS[kind];
  const connected = useSessionStatus(
    (s) => s.status === 'connected' && s.credentialKind !== 'provision',
  );
  const run = useOtaRunStore((s) => s.runs[kind]);
  const chunkSize = useOtaRunStore((s) => s.chunkSizes[kind]);
  const setChunkSize = useOtaRunStore((s) => s.setChunkSize);
  const running = run.phase === 'running';
  const validChunk = Number.isSafeInteger(chunkSize) && chunkSize >= 1;
  const keys = otaTelemetryKeys(kind);

  return (
    <section className="pk-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{label}</h3>
      {pkg === null ? (
        <p className="pk-muted">
          No {label.toLowerCase()} assigned: the <code>{kind}_title</code> and{' '}
          <code>{kind}_version</code> shared attributes are not set. Assign a package on the
          platform; it shows up here at once.
        </p>
      ) : (
        <OtaPackageDetails pkg={pkg} label={label} />
      )}
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-chunk`}>{label} chunk size (bytes)</label>
          <input
            id={`${id}-chunk`}
            type="number"
            min={1}
            step={1024}
            disabled={running}
            aria-invalid={!validChunk}
            aria-describedby={`${id}-chunk-hint`}
            value={Number.isNaN(chunkSize) ? '' : chunkSize}
            onChange={(e) => {
              setChunkSize(kind, e.target.valueAsNumber);
            }}
          />
        </div>
        <div className="pk-buttons">
          <button
            type="button"
            className="button"
            disabled={pkg === null || !connected || running || !validChunk}
            onClick={() => {
              if (pkg !== null) void startOtaUpdate(side, kind, pkg, chunkSize);
            }}
          >
            Download {label.toLowerCase()}
          </button>
          {running && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                cancelOtaUpdate(kind);
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </div>
      <p id={`${id}-chunk-hint`} className="hint">
        The broker allows at most 65536 bytes per chunk by default. Chunks arrive on{' '}
        <code>{responseFilter.otaChunks(kind)}</code>.
      </p>
      {run.phase !== 'idle' && (
        <>
          <OtaProgress run={run} label={label} />
          <OtaStateSteps run={run} stateKey={keys.state} />
          {run.checksum && (
            <p
              className={
                run.checksum.actual === run.checksum.expected
                  ? 'pk-note pk-note--ok'
                  : 'pk-note pk-note--error'
              }
            >
              {run.checksum.actual === run.checksum.expected
                ? 'Checksum verified'
                : 'Checksum mismatch'}{' '}
              ({run.checksum.algorithm}): <code>{run.checksum.actual}</code>
            </p>
          )}
          {run.error !== null && (
            <p className="pk-note pk-note--error" role="alert">
              {run.error}
            </p>
          )}
          {run.phase === 'done' && run.title !== null && (
            <p className="pk-note pk-note--ok">
              Updated to {run.title} {run.version}: reported <code>{keys.currentTitle}</code> and{' '}
              <code>{keys.currentVersion}</code>.
            </p>
          )}
          {run.image && (
            <a
              className="button button--secondary"
              href={run.image.url}
              download={run.image.fileName}
            >
              Save {label.toLowerCase()} image ({run.image.fileName})
            </a>
          )}
        </>
      )}
    </section>
  );
}
