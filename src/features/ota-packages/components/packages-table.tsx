import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';

import { useOperator } from '@/lib/operator-context.tsx';

import { packagesQueryOptions } from '../api/ota-queries.ts';

import { PackageRow } from './package-row.tsx';

/** Every OTA package (`ota.list`), oldest first. */
export function PackagesTable() {
  const client = useOperator();
  const id = useId();
  const packages = useQuery(packagesQueryOptions(client));
  const rows = packages.data ?? [];

  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <div className="pk-buttons">
        <h3 id={`${id}-h`}>Packages</h3>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={packages.isFetching}
          onClick={() => void packages.refetch()}
        >
          Refresh packages
        </button>
      </div>
      {packages.error && (
        <p className="text-danger" role="alert">
          {packages.error.message}
        </p>
      )}
      {packages.isSuccess && rows.length === 0 && (
        <p className="pk-muted">No packages yet: upload one above.</p>
      )}
      <div className="op-table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">OTA packages</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Version</th>
              <th scope="col">Tag</th>
              <th scope="col">Type</th>
              <th scope="col">Size</th>
              <th scope="col">Checksum</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((pkg) => (
              <PackageRow key={pkg.id} pkg={pkg} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
