import { useCallback, useEffect, useId, useRef, useState } from 'react';

import { ScrollRegion } from '@/components/ui/scroll-region.tsx';
import { useThrottledValue } from '@/lib/use-throttled-value.ts';
import type { DeviceDto } from '@protocol/operator-dto.ts';

import { deviceCountText } from '../api/device-rows.ts';
import { useDevicePages } from '../api/use-device-pages.ts';

import { DeviceRows } from './device-rows.tsx';

/** The search goes to the server at most this often while the user types, ms. */
const SEARCH_WAIT_MS = 250;

export interface DeviceListProps {
  selectedId: string | null;
  onSelect: (deviceId: string) => void;
  /** Offers "Simulate" on every row when given. */
  onSimulate?: ((device: DeviceDto) => void) | undefined;
}

/**
 * Devices with live online state and last activity, search, copy credentials, delete, sub-devices.
 * Pages come from the server as the list scrolls and only the rows in view are in the DOM, so
 * 19,000 devices scroll like 20; the search runs on the server over every device.
 */
export function DeviceList({ selectedId, onSelect, onSimulate }: DeviceListProps) {
  const id = useId();
  const [search, setSearch] = useState('');
  const needle = useThrottledValue(search.trim(), SEARCH_WAIT_MS);
  const { query: devices, rows, devices: loaded, total, loadMore } = useDevicePages(needle);
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const scroller = useRef<HTMLDivElement | null>(null);
  const keepBox = useCallback((node: HTMLDivElement | null) => {
    scroller.current = node;
    setBox(node);
  }, []);
  // A new search starts at its first row.
  useEffect(() => {
    if (scroller.current !== null) scroller.current.scrollTop = 0;
  }, [needle]);

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
        <p className="pk-muted" aria-live="polite" aria-label="Device count">
          {devices.isPending ? 'Loading…' : deviceCountText(loaded, total)}
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
      <ScrollRegion ref={keepBox} className="op-table-wrap" label="Device list">
        <table className="data-table op-devices" aria-rowcount={total + 1}>
          <caption className="visually-hidden">Devices</caption>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">Name</th>
              <th scope="col">State, last activity</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <DeviceRows
            box={box}
            rows={rows}
            selectedId={selectedId}
            onSelect={onSelect}
            onSimulate={onSimulate}
            onNearEnd={loadMore}
          />
        </table>
      </ScrollRegion>
    </section>
  );
}
