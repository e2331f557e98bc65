import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import {
  Brush,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStore } from 'zustand';

import { useOperator } from '@/lib/operator-context.tsx';
import { useThrottledValue } from '@/lib/use-throttled-value.ts';
import type { Aggregation } from '@protocol/operator-dto.ts';

import { downsampleRows, type ChartRow } from '../api/downsample-rows.ts';
import { historyQueryOptions } from '../api/get-history.ts';
import { latestQueryOptions } from '../api/get-latest.ts';
import { liveSeriesFor } from '../stores/live-series-store.ts';

const COLORS = ['#0b5cd5', '#d4571c', '#1a7f37', '#8250df', '#bf3989', '#9a6700'];
const RANGES = [
  { label: '15 minutes', ms: 15 * 60_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '24 hours', ms: 86_400_000 },
];
/** How often the live tail redraws at most, ms. */
const LIVE_REDRAW_MS = 500;
/** Rows the live tail draws at most (the chart is a few hundred pixels wide). */
const LIVE_MAX_ROWS = 240;
const AGGREGATIONS: Aggregation[] = ['NONE', 'AVG', 'MIN', 'MAX', 'SUM', 'COUNT'];
const clock = (ts: number) => new Date(ts).toLocaleTimeString();

/** A chart of chosen numeric keys: the live tail (telemetry events) or a history range with aggregation. */
export function TelemetryChart({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  const latest = useQuery(latestQueryOptions(client, deviceId));
  const numericKeys = (latest.data ?? [])
    .filter((p) => typeof p.value === 'number')
    .map((p) => p.key);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const keys = chosen ?? numericKeys.slice(0, 2);
  const [mode, setMode] = useState<'live' | 'history'>('live');
  const [rangeMs, setRangeMs] = useState(RANGES[0]?.ms ?? 900_000);
  const [aggregation, setAggregation] = useState<Aggregation>('AVG');
  // Redrawing every point of every line is the chart's whole cost: a few redraws a second keep
  // the page responsive with 20 devices × 5 keys at 10 Hz (npm run bench, operator charts).
  const live = useThrottledValue(
    useStore(liveSeriesFor(client), (s) => s.series[deviceId]),
    LIVE_REDRAW_MS,
  );
  const history = useQuery({
    ...historyQueryOptions(client, deviceId, { keys, rangeMs, aggregation }),
    enabled: mode === 'history' && keys.length > 0,
  });
  const keysText = keys.join('\n');
  const liveRows = useMemo(() => {
    const rows = new Map<number, ChartRow>();
    for (const key of keysText.split('\n'))
      for (const p of live?.[key] ?? []) {
        const row: ChartRow = rows.get(p.ts) ?? { ts: p.ts };
        row[key] = p.value;
        rows.set(p.ts, row);
      }
    return [...rows.values()].sort((a, b) => a.ts - b.ts);
  }, [live, keysText]);
  const liveShown = useMemo(() => downsampleRows(liveRows, LIVE_MAX_ROWS), [liveRows]);
  const data = mode === 'live' ? liveShown : (history.data ?? []);
  const pointsText =
    mode === 'live' && liveShown.length < liveRows.length
      ? `${liveShown.length} points (of ${liveRows.length})`
      : `${data.length} points`;

  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Chart</h3>
      <fieldset className="op-keys">
        <legend>Keys to plot</legend>
        {numericKeys.length === 0 && <span className="pk-muted">No numeric keys yet.</span>}
        {numericKeys.map((key) => (
          <label key={key} className="op-check">
            <input
              type="checkbox"
              checked={keys.includes(key)}
              onChange={(e) => {
                setChosen(e.target.checked ? [...keys, key] : keys.filter((k) => k !== key));
              }}
            />{' '}
            {key}
          </label>
        ))}
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
      <p className="pk-muted" aria-live="polite" aria-label="Chart points">
        {mode === 'history' && history.isFetching ? 'Loading history…' : pointsText}
      </p>
      <div className="op-chart" role="img" aria-label={`Chart of ${keys.join(', ') || 'no keys'}`}>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="ts"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={clock}
              stroke="var(--muted)"
            />
            <YAxis stroke="var(--muted)" width={48} />
            <Tooltip
              labelFormatter={(ts) => clock(Number(ts))}
              contentStyle={{ background: 'var(--surface)' }}
            />
            <Legend />
            {keys.map((key, i) => (
              <Line
                key={key}
                dataKey={key}
                dot={false}
                isAnimationActive={false}
                stroke={COLORS[i % COLORS.length] ?? '#0b5cd5'}
                connectNulls
              />
            ))}
            {data.length > 20 && (
              <Brush dataKey="ts" height={20} tickFormatter={clock} stroke="var(--accent)" />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
