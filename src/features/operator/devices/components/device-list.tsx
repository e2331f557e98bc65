import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';

import { ScrollRegion } from '@/components/ui/scroll-region.tsx';
import { useVirtualWindow } from '@/components/ui/use-virtual-window.ts';
import { useThrottledValue } from '@/lib/use-throttled-value.ts';
import type { DeviceDto } from '@protocol/operator-dto.ts';

import { deviceCountText } from '../api/device-rows.ts';
import { useDevicePages } from '../api/use-device-pages.ts';

import { DeviceRow } from './device-row.tsx';

/** A row's height until one is measured, px (name and profile over two lines, small buttons). */
const ROW_ESTIMATE = 64;
/** The next page is asked for when the rows in view come this close to the last loaded one. */
const FETCH_AHEAD = 40;
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
  const [rowHeight, setRowHeight] = useState(ROW_ESTIMATE);
  const view = useVirtualWindow(box, rows.length, rowHeight);
  const body = useRef<HTMLTableSectionElement>(null);

  // Rows are as tall as their text wraps: measure one that is shown.
  useLayoutEffect(() => {
    const row = body.current?.querySelector<HTMLElement>('tr[aria-rowindex]');
    const height = row?.getBoundingClientRect().height ?? 0;
    if (height > 0 && Math.abs(height - rowHeight) > 0.5) setRowHeight(height);
  }, [rowHeight, rows, view.first]);
  useEffect(() => {
    if (view.last + FETCH_AHEAD >= rows.length) loadMore();
  });
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
          <tbody ref={body}>
            {view.before > 0 && (
              <tr aria-hidden="true" style={{ height: view.before }}>
                <td colSpan={3} />
              </tr>
            )}
            {rows.slice(view.first, view.last).map(({ device, depth }, i) => (
              <DeviceRow
                key={device.id}
                rowIndex={view.first + i + 2}
                device={device}
                depth={depth}
                selected={device.id === selectedId}
                onSelect={onSelect}
                onSimulate={onSimulate}
              />
            ))}
            {view.after > 0 && (
              <tr aria-hidden="true" style={{ height: view.after }}>
                <td colSpan={3} />
              </tr>
            )}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
