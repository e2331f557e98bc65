import { useQuery } from '@tanstack/react-query';

import { useOperator } from '@/lib/operator-context.tsx';

import { packagesQueryOptions } from '../api/ota-queries.ts';

import { PackageRow } from './package-row.tsx';
import { QueryTableCard } from './query-table-card.tsx';

/** Every OTA package (`ota.list`), oldest first. */
export function PackagesTable() {
  const client = useOperator();
  const packages = useQuery(packagesQueryOptions(client));
  const rows = packages.data ?? [];

  return (
    <QueryTableCard
      title="Packages"
      refreshLabel="Refresh packages"
      query={packages}
      empty={rows.length === 0}
      emptyText="No packages yet: upload one above."
    >
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
    </QueryTableCard>
  );
}
