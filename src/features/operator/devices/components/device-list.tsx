import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';

import { ScrollRegion } from '@/components/ui/scroll-region.tsx';
import { useOperator } from '@/lib/operator-context.tsx';
import type { DeviceDto } from '@protocol/operator-dto.ts';

import { devicesQueryOptions } from '../api/get-devices.ts';
import { gatewayChildrenQueryOptions } from '../api/get-gateway-children.ts';

import { DeviceRow } from './device-row.tsx';

/** Gateways first in name order, each followed by the devices it created. */
function nest(devices: DeviceDto[], parents: Record<string, string>) {
  const byParent = new Map<string, DeviceDto[]>();
  const ids = new Set(devices.map((d) => d.id));
  const top: DeviceDto[] = [];
  for (const d of devices) {
    const parent = parents[d.id];
    if (parent !== undefined && ids.has(parent))
      byParent.set(parent, [...(byParent.get(parent) ?? []), d]);
    else top.push(d);
  }
  return top.flatMap((d) => [
    { device: d, depth: 0 },
    ...(byParent.get(d.id) ?? []).map((child) => ({ device: child, depth: 1 })),
  ]);
}

export interface DeviceListProps {
  selectedId: string | null;
  onSelect: (deviceId: string) => void;
  /** Offers "Simulate" on every row when given. */
  onSimulate?: ((device: DeviceDto) => void) | undefined;
}

/** Devices with live online state and last activity, search, copy credentials, delete, sub-devices. */
export function DeviceList({ selectedId, onSelect, onSimulate }: DeviceListProps) {
  const client = useOperator();
  const id = useId();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const devices = useQuery(devicesQueryOptions(client, deferred));
  const items = devices.data?.items ?? [];
  const parents = useQuery(gatewayChildrenQueryOptions(client, items));
  const rows = nest(items, parents.data ?? {});
  const online = items.filter((d) => d.online).length;

  return (
    <section className="pk-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Devices</h3>
      <div className="field">
        <label htmlFor={`${id}-search`}>Search devices</label>
        <input
          id={`${id}-search`}
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
          }}
        />
      </div>
      <div className="pk-buttons">
        <p className="pk-muted" aria-live="polite">
          {devices.isPending ? 'Loading…' : `${items.length} devices, ${online} online`}
        </p>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={devices.isFetching}
          onClick={() => void devices.refetch()}
        >
          Refresh devices
        </button>
      </div>
      {devices.error && (
        <p className="text-danger" role="alert">
          {devices.error.message}
        </p>
      )}
      <ScrollRegion className="op-table-wrap" label="Device list">
        <table className="data-table op-devices">
          <caption className="visually-hidden">Devices</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State, last activity</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ device, depth }) => (
              <DeviceRow
                key={device.id}
                device={device}
                depth={depth}
                selected={device.id === selectedId}
                onSelect={onSelect}
                onSimulate={onSimulate}
              />
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
