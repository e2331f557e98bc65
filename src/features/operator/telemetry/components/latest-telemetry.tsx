import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';

import { ScrollRegion } from '@/components/ui/scroll-region.tsx';
import { useVirtualWindow } from '@/components/ui/use-virtual-window.ts';
import { useOperator } from '@/lib/operator-context.tsx';

import { latestQueryOptions } from '../api/get-latest.ts';

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
/** Row height in px (one line of 0.9rem text plus padding); rows are virtualised at this height. */
const ROW_HEIGHT = 33;

/**
 * The latest value of every key, kept live by telemetry events. Only the rows in view are in the
 * DOM (a device may have thousands of keys), and a filter narrows them by key.
 */
export function LatestTelemetry({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  const latest = useQuery(latestQueryOptions(client, deviceId));
  const [filter, setFilter] = useState('');
  const needle = useDeferredValue(filter.trim().toLowerCase());
  const all = latest.data ?? [];
  const rows = needle === '' ? all : all.filter((p) => p.key.toLowerCase().includes(needle));
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const view = useVirtualWindow(box, rows.length, ROW_HEIGHT);

  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Latest telemetry</h3>
      {latest.error && (
        <p className="text-danger" role="alert">
          {latest.error.message}
        </p>
      )}
      {latest.data?.length === 0 && <p className="pk-muted">No telemetry yet.</p>}
      {all.length > 0 && (
        <div className="pk-row">
          <div className="field">
            <label htmlFor={`${id}-filter`}>Filter telemetry keys</label>
            <input
              id={`${id}-filter`}
              type="search"
              value={filter}
              onChange={(e) => {
                setFilter(e.target.value);
              }}
            />
          </div>
          <p className="pk-muted" aria-live="polite" aria-label="Key count">
            {rows.length === all.length
              ? `${all.length} keys`
              : `${rows.length} of ${all.length} keys`}
          </p>
        </div>
      )}
      {all.length > 0 && (
        <ScrollRegion ref={setBox} className="op-latest__scroll" label="Latest values">
          <table
            className="data-table op-latest__table"
            aria-labelledby={`${id}-h`}
            aria-rowcount={rows.length + 1}
          >
            <thead>
              <tr aria-rowindex={1}>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col">Type</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {view.before > 0 && (
                <tr aria-hidden="true" style={{ height: view.before }}>
                  <td colSpan={4} />
                </tr>
              )}
              {rows.slice(view.first, view.last).map((p, i) => (
                <tr key={p.key} aria-rowindex={view.first + i + 2} style={{ height: ROW_HEIGHT }}>
                  <th scope="row">{p.key}</th>
                  <td className="mono">{show(p.value)}</td>
                  <td>
                    <span className={`type-badge type-badge--${p.type.toLowerCase()}`}>
                      {p.type}
                    </span>
                  </td>
                  <td>{new Date(p.ts).toLocaleTimeString()}</td>
                </tr>
              ))}
              {view.after > 0 && (
                <tr aria-hidden="true" style={{ height: view.after }}>
                  <td colSpan={4} />
                </tr>
              )}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
