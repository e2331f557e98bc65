import { useId, useState } from 'react';

import { formText } from '@/lib/form-text.ts';
import { CHECKSUM_ALGORITHMS, DEFAULT_CHECKSUM_ALGORITHM } from '@protocol/checksum.ts';
import type { ChecksumAlgorithm } from '@protocol/checksum.ts';
import { OTA_UPLOAD_MAX_BYTES } from '@protocol/operator-claim-ota-params.ts';
import type { OtaPackageTypeName } from '@protocol/operator-ota-dto.ts';

import { formatBytes, guessTitleAndVersion } from '../api/package-file.ts';
import { usePackageUpload } from '../api/use-package-upload.ts';

import { UploadProgress } from './upload-progress.tsx';

/** Picks a file and uploads it in chunks (`ota.upload` …), with progress and cancel. */
export function UploadForm() {
  const id = useId();
  const upload = usePackageUpload();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [version, setVersion] = useState('');
  const busy = upload.state.phase === 'reading' || upload.state.phase === 'uploading';
  const tooBig = file !== null && file.size > OTA_UPLOAD_MAX_BYTES;
  const empty = file !== null && file.size === 0;

  const pick = (picked: File | null) => {
    setFile(picked);
    const guess = picked === null ? null : guessTitleAndVersion(picked.name);
    if (guess !== null) {
      if (title === '') setTitle(guess.title);
      if (version === '') setVersion(guess.version);
    }
  };

  const submit = (form: FormData) => {
    if (file === null || tooBig || empty) return;
    const tag = formText(form, 'tag');
    const given = formText(form, 'checksum').toLowerCase();
    void upload.start(file, {
      title: title.trim(),
      version: version.trim(),
      type: formText(form, 'type') as OtaPackageTypeName,
      checksumAlgorithm: formText(form, 'algorithm') as ChecksumAlgorithm,
      fileName: file.name,
      ...(file.type === '' ? {} : { contentType: file.type }),
      ...(tag === '' ? {} : { tag }),
      ...(given === '' ? {} : { checksum: given }),
    });
  };

  return (
    <form
      className="pk-card"
      aria-labelledby={`${id}-h`}
      onSubmit={(event) => {
        event.preventDefault();
        submit(new FormData(event.currentTarget));
      }}
    >
      <h3 id={`${id}-h`}>Upload a package</h3>
      <div className="field">
        <label htmlFor={`${id}-file`}>Package file</label>
        <input
          id={`${id}-file`}
          type="file"
          required
          disabled={busy}
          aria-describedby={`${id}-file-hint`}
          aria-invalid={tooBig || empty}
          onChange={(e) => {
            pick(e.target.files?.[0] ?? null);
          }}
        />
        <p id={`${id}-file-hint`} className={tooBig || empty ? 'field-error' : 'hint'}>
          {tooBig
            ? `${file.name} is ${formatBytes(file.size)}: the broker takes at most 16 MiB. Choose a smaller file.`
            : empty
              ? `${file.name} is empty: choose a file with at least one byte.`
              : 'Up to 16 MiB. Title and version are taken from a name like pump-fw-1.2.0.bin.'}
        </p>
      </div>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-title`}>Package title</label>
          <input
            id={`${id}-title`}
            required
            value={title}
            onChange={(e) => {
              setTitle(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-version`}>Package version</label>
          <input
            id={`${id}-version`}
            required
            value={version}
            onChange={(e) => {
              setVersion(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Package type</label>
          <select id={`${id}-type`} name="type" defaultValue="FIRMWARE">
            <option value="FIRMWARE">Firmware</option>
            <option value="SOFTWARE">Software</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tag`}>Tag (optional)</label>
          <input id={`${id}-tag`} name="tag" autoComplete="off" />
        </div>
      </div>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-algorithm`}>Checksum algorithm</label>
          <select id={`${id}-algorithm`} name="algorithm" defaultValue={DEFAULT_CHECKSUM_ALGORITHM}>
            {CHECKSUM_ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-checksum`}>Expected checksum (optional)</label>
          <input
            id={`${id}-checksum`}
            name="checksum"
            className="code-input"
            pattern="[0-9a-fA-F]+"
            title="hexadecimal digits"
            autoComplete="off"
            aria-describedby={`${id}-checksum-hint`}
          />
        </div>
      </div>
      <p id={`${id}-checksum-hint`} className="hint">
        Left empty, the checksum is computed here; either way the broker computes it over the bytes
        it received and refuses the package when they differ.
      </p>
      <div className="pk-buttons">
        <button type="submit" className="button" disabled={busy || tooBig || empty}>
          Upload package
        </button>
      </div>
      <UploadProgress state={upload.state} onCancel={upload.cancel} />
    </form>
  );
}
