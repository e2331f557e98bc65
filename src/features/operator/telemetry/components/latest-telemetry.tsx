import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';

import { useOperator } from '@/lib/operator-context.tsx';

import { latestQueryOptions } from '../api/get-latest.ts';

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The latest value of every key, kept live by telemetry events. */
export function LatestTelemetry({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  const latest = useQuery(latestQueryOptions(client, deviceId));
  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Latest telemetry</h3>
      {latest.error && (
        <p className="text-danger" role="alert">
          {latest.error.message}
        </p>
      )}
      {latest.data?.length === 0 && <p className="pk-muted">No telemetry yet.</p>}
      {latest.data && latest.data.length > 0 && (
        <table className="data-table" aria-labelledby={`${id}-h`}>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              <th scope="col">Type</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {latest.data.map((p) => (
              <tr key={p.key}>
                <th scope="row">{p.key}</th>
                <td className="mono">{show(p.value)}</td>
                <td>
                  <span className={`type-badge type-badge--${p.type.toLowerCase()}`}>{p.type}</span>
                </td>
                <td>{new Date(p.ts).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
