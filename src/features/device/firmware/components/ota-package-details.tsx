import type { OtaPackage } from '../api/ota-package.ts';

const bytes = (n: number) =>
  n >= 1_048_576
    ? `${(n / 1_048_576).toFixed(2)} MiB (${n.toLocaleString('en')} bytes)`
    : `${n.toLocaleString('en')} bytes`;

/** The package announced by the `fw_*`/`sw_*` shared attributes. */
export function OtaPackageDetails({ pkg, label }: { pkg: OtaPackage; label: string }) {
  return (
    <dl className="pk-dl" aria-label={`${label} package`}>
      <dt>Title</dt>
      <dd>{pkg.title}</dd>
      <dt>Version</dt>
      <dd>{pkg.version}</dd>
      {pkg.tag !== null && (
        <>
          <dt>Tag</dt>
          <dd>{pkg.tag}</dd>
        </>
      )}
      <dt>Size</dt>
      <dd>{pkg.size === null ? 'not announced' : bytes(pkg.size)}</dd>
      <dt>Checksum</dt>
      <dd>
        {pkg.checksum === null ? (
          'not announced'
        ) : (
          <>
            {pkg.checksumAlgorithm ?? '?'} <code>{pkg.checksum}</code>
          </>
        )}
      </dd>
      {pkg.url !== null && (
        <>
          <dt>URL</dt>
          <dd>
            <code>{pkg.url}</code>
          </dd>
        </>
      )}
    </dl>
  );
}
