import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { useOperator } from '@/lib/operator-context.tsx';
import type { Aggregation } from '@protocol/operator-dto.ts';

import { defaultChartKeys, numericKeys as keysOf, offeredKeys } from '../api/chart-keys.ts';
import { historyQueryOptions } from '../api/get-history.ts';
import { latestQueryOptions } from '../api/get-latest.ts';

import { HistoryCharts } from './history-charts.tsx';
import { LiveTailCharts } from './live-tail-charts.tsx';

const COLORS = ['#0b5cd5', '#d4571c', '#1a7f37', '#8250df', '#bf3989', '#9a6700'];
const RANGES = [
  { label: '15 minutes', ms: 15 * 60_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '24 hours', ms: 86_400_000 },
];
const AGGREGATIONS: Aggregation[] = ['NONE', 'AVG', 'MIN', 'MAX', 'SUM', 'COUNT'];
/** Checkboxes offered at most (a device may have thousands of keys); the filter finds the rest. */
const OFFERED_KEYS = 40;
/** Keys plotted at most: one small chart each. */
const MAX_PLOTTED = 6;

/**
 * Chosen numeric keys as small multiples: one chart per key with its own Y scale (energy 0.33 and
 * power 1,140 both readable), the live tail (telemetry events, drawn on canvas from the live series'
 * ring buffers) or a history range with aggregation (recharts).
 */
export function TelemetryChart({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  // Only the key lists: the latest values change with every telemetry event, the keys seldom (the
  // selected result is structurally shared, so the chart renders when they change, not per event).
  const latest = useQuery({
    ...latestQueryOptions(client, deviceId),
    select: (points) => ({ numeric: keysOf(points), defaults: defaultChartKeys(points) }),
  });
  const numericKeys = latest.data?.numeric ?? [];
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [keyFilter, setKeyFilter] = useState('');
  const keys = chosen ?? latest.data?.defaults ?? [];
  const offered = offeredKeys(numericKeys, keys, keyFilter, OFFERED_KEYS);
  const [mode, setMode] = useState<'live' | 'history'>('live');
  const [rangeMs, setRangeMs] = useState(RANGES[0]?.ms ?? 900_000);
  const [aggregation, setAggregation] = useState<Aggregation>('AVG');
  const history = useQuery({
    ...historyQueryOptions(client, deviceId, { keys, rangeMs, aggregation }),
    enabled: mode === 'history' && keys.length > 0,
  });
  const height = keys.length > 1 ? 130 : 220;

  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Chart</h3>
      {numericKeys.length > OFFERED_KEYS && (
        <div className="field">
          <label htmlFor={`${id}-filter`}>Filter keys</label>
          <input
            id={`${id}-filter`}
            type="search"
            value={keyFilter}
            placeholder={`${numericKeys.length} numeric keys`}
            onChange={(e) => {
              setKeyFilter(e.target.value);
            }}
          />
        </div>
      )}
      <fieldset className="op-keys">
        <legend>Keys to plot</legend>
        {numericKeys.length === 0 && <span className="pk-muted">No numeric keys yet.</span>}
        {offered.shown.map((key) => (
          <label key={key} className="op-check">
            <input
              type="checkbox"
              checked={keys.includes(key)}
              disabled={!keys.includes(key) && keys.length >= MAX_PLOTTED}
              onChange={(e) => {
                setChosen(e.target.checked ? [...keys, key] : keys.filter((k) => k !== key));
              }}
            />{' '}
            {key}
          </label>
        ))}
        {offered.hidden > 0 && (
          <span className="pk-muted">{offered.hidden} more: type in the filter to find them.</span>
        )}
      </fieldset>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-mode`}>Chart mode</label>
          <select
            id={`${id}-mode`}
            value={mode}
            onChange={(e) => {
              setMode(e.target.value as 'live' | 'history');
            }}
          >
            <option value="live">Live tail</option>
            <option value="history">History</option>
          </select>
        </div>
        {mode === 'history' && (
          <>
            <div className="field">
              <label htmlFor={`${id}-range`}>Range</label>
              <select
                id={`${id}-range`}
                value={rangeMs}
                onChange={(e) => {
                  setRangeMs(Number(e.target.value));
                }}
              >
                {RANGES.map((r) => (
                  <option key={r.ms} value={r.ms}>
                    {r.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-agg`}>Aggregation</label>
              <select
                id={`${id}-agg`}
                value={aggregation}
                onChange={(e) => {
                  setAggregation(e.target.value as Aggregation);
                }}
              >
                {AGGREGATIONS.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </div>
          </>
        )}
      </div>
      {mode === 'live' ? (
        <LiveTailCharts deviceId={deviceId} keys={keys} colors={COLORS} height={height} />
      ) : (
        <>
          <p className="pk-muted" aria-live="polite" aria-label="Chart points">
            {history.isFetching
              ? 'Loading history…'
              : `${String(history.data?.length ?? 0)} points`}
          </p>
          <HistoryCharts rows={history.data ?? []} keys={keys} colors={COLORS} height={height} />
        </>
      )}
    </section>
  );
}
