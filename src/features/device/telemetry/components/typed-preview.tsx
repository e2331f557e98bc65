import type { TelemetryCheck } from '../api/check-telemetry.ts';

const SHAPES = {
  object: 'Object: stamped with the broker’s time',
  'ts-values': '{ts, values}: stamped with your ts (ms)',
  array: 'Array: each element on its own',
} as const;

/** What the platform will store, before sending: one row per key with its type, or the refusal. */
export function TypedPreview({ check, id }: { check: TelemetryCheck; id: string }) {
  if (!check.ok) {
    return (
      <p id={id} className="check check--error" role="alert">
        {check.message}
      </p>
    );
  }
  return (
    <div id={id} className="check">
      <p className="check__summary">
        <strong>Valid.</strong> {SHAPES[check.shape]}.
        {check.lenient && (
          <span className="check__warn">
            {' '}
            Lenient JSON: it will be sent as strict JSON {check.json}
          </span>
        )}
      </p>
      {check.notes.map((note) => (
        <p key={note} className="check__warn">
          {note}
        </p>
      ))}
      {check.rows.length > 0 && (
        <table className="data-table">
          <caption>What the platform will store</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Type</th>
              <th scope="col">Value</th>
              <th scope="col">Timestamp</th>
            </tr>
          </thead>
          <tbody>
            {check.rows.map((row, index) => (
              <tr key={`${row.key}-${String(row.ts)}-${String(index)}`}>
                <th scope="row">{row.key}</th>
                <td>
                  <span className={`type-badge type-badge--${row.type.toLowerCase()}`}>
                    {row.type}
                  </span>
                  {row.cast && <span className="hint"> (numeric string cast)</span>}
                </td>
                <td className="mono">{row.value}</td>
                <td>{row.ts === null ? 'broker time' : new Date(row.ts).toISOString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {check.skipped.length > 0 && (
        <p className="hint">Skipped (null): {check.skipped.join(', ')}</p>
      )}
    </div>
  );
}
