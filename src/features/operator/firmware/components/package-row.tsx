import { useState } from 'react';

import type { OtaPackageDto } from '@protocol/operator-ota-dto.ts';

import { formatBytes, shortChecksum } from '../api/package-file.ts';
import { useDeletePackage } from '../api/use-ota-mutations.ts';

/** One package: its fields, a copy button for the full checksum, delete (asks once more). */
export function PackageRow({ pkg }: { pkg: OtaPackageDto }) {
  const remove = useDeletePackage();
  const [confirming, setConfirming] = useState(false);
  /** After a copy: 'copied', or 'shown' when the clipboard refused (the full checksum shows instead). */
  const [copied, setCopied] = useState<'copied' | 'shown' | null>(null);
  const name = `${pkg.title} ${pkg.version}`;

  const copy = async () => {
    if (pkg.checksum === null) return;
    try {
      await navigator.clipboard.writeText(pkg.checksum);
      setCopied('copied');
    } catch {
      setCopied('shown');
    }
  };

  return (
    <tr>
      <th scope="row">{pkg.title}</th>
      <td>{pkg.version}</td>
      <td>{pkg.tag ?? '—'}</td>
      <td>
        <span className="type-badge">{pkg.type}</span>
      </td>
      <td>{pkg.url === null ? formatBytes(pkg.size) : 'URL'}</td>
      <td>
        {pkg.checksum === null ? (
          'none'
        ) : (
          <>
            {pkg.checksumAlgorithm}{' '}
            <code title={pkg.checksum} aria-label={`Checksum of ${name}`}>
              {copied === 'shown' ? pkg.checksum : shortChecksum(pkg.checksum)}
            </code>{' '}
            <button
              type="button"
              className="button button--secondary button--small"
              aria-label={`Copy checksum of ${name}`}
              onClick={() => void copy()}
            >
              {copied === 'copied' ? 'Copied' : 'Copy'}
            </button>
          </>
        )}
      </td>
      <td>{new Date(pkg.createdAt).toLocaleString()}</td>
      <td>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={confirming ? `Confirm deleting ${name}` : `Delete ${name}`}
          disabled={remove.isPending}
          onClick={() => {
            if (confirming) remove.mutate(pkg);
            else setConfirming(true);
          }}
          onBlur={() => {
            setConfirming(false);
          }}
        >
          {confirming ? 'Confirm' : 'Delete'}
        </button>
        {remove.error && (
          <p className="text-danger" role="alert">
            {remove.error.message}
          </p>
        )}
      </td>
    </tr>
  );
}
