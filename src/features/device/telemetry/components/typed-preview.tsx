import { ScrollRegion } from '@/components/ui/scroll-region.tsx';

import type { TelemetryCheck } from '../api/check-telemetry.ts';

/** Rows the preview lists at most; a 100 KB payload is summarised, not printed. */
export const PREVIEW_ROWS = 50;
/** Characters of the strict JSON shown for lenient input. */
const PREVIEW_CHARS = 200;

const clip = (text: string) =>
  text.length <= PREVIEW_CHARS
    ? text
    : `${text.slice(0, PREVIEW_CHARS)}… (${text.length} characters)`;

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
            Lenient JSON: it will be sent as strict JSON {clip(check.json)}
          </span>
        )}
      </p>
      {check.notes.map((note) => (
        <p key={note} className="check__warn">
          {note}
        </p>
      ))}
      {check.rows.length > 0 && (
        <ScrollRegion className="table-scroll" label="Preview">
          <table className="data-table">
            <caption>
              What the platform will store
              {check.rows.length > PREVIEW_ROWS &&
                ` (first ${PREVIEW_ROWS} of ${check.rows.length} data points)`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Type</th>
                <th scope="col">Value</th>
                <th scope="col">Timestamp</th>
              </tr>
            </thead>
            <tbody>
              {check.rows.slice(0, PREVIEW_ROWS).map((row, index) => (
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
        </ScrollRegion>
      )}
      {check.skipped.length > 0 && (
        <p className="hint">Skipped (null): {clip(check.skipped.join(', '))}</p>
      )}
    </div>
  );
}
