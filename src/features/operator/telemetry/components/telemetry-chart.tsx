import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import {
  Brush,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStore } from 'zustand';

import { liveSeriesFor } from '@/lib/live-series-store.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { useThrottledValue } from '@/lib/use-throttled-value.ts';
import type { Aggregation } from '@protocol/operator-dto.ts';

import { defaultChartKeys, numericKeys as keysOf, offeredKeys } from '../api/chart-keys.ts';
import { downsampleRows, type ChartRow } from '../api/downsample-rows.ts';
import { historyQueryOptions } from '../api/get-history.ts';
import { latestQueryOptions } from '../api/get-latest.ts';

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
/** Checkboxes offered at most (a device may have thousands of keys); the filter finds the rest. */
const OFFERED_KEYS = 40;
/** Keys plotted at most: one small chart each. */
const MAX_PLOTTED = 6;
const clock = (ts: number) => new Date(ts).toLocaleTimeString();
const CHART_MARGIN = { top: 4, right: 16, bottom: 4, left: 0 };

/**
 * Chosen numeric keys as small multiples: one chart per key with its own Y scale (energy 0.33 and
 * power 1,140 both readable), the live tail (telemetry events) or a history range with aggregation.
 */
export function TelemetryChart({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  const latest = useQuery(latestQueryOptions(client, deviceId));
  const numericKeys = keysOf(latest.data ?? []);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [keyFilter, setKeyFilter] = useState('');
  const keys = chosen ?? defaultChartKeys(latest.data ?? []);
  const offered = offeredKeys(numericKeys, keys, keyFilter, OFFERED_KEYS);
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
      <p className="pk-muted" aria-live="polite" aria-label="Chart points">
        {mode === 'history' && history.isFetching ? 'Loading history…' : pointsText}
      </p>
      {keys.map((key, i) => (
        <div key={key} className="op-chart" role="img" aria-label={`Chart of ${key}`}>
          <p className="op-chart__key">{key}</p>
          <ResponsiveContainer width="100%" height={keys.length > 1 ? 130 : 220}>
            <LineChart data={data} syncId={`${id}-charts`} margin={CHART_MARGIN}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="ts"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={clock}
                stroke="var(--muted)"
              />
              {/* Each key on its own scale: small values are not drawn flat beside large ones. */}
              <YAxis stroke="var(--muted)" width={56} domain={['auto', 'auto']} />
              <Tooltip
                labelFormatter={(ts) => clock(Number(ts))}
                contentStyle={{ background: 'var(--surface)' }}
              />
              <Line
                dataKey={key}
                dot={false}
                isAnimationActive={false}
                stroke={COLORS[i % COLORS.length] ?? '#0b5cd5'}
                connectNulls
              />
              {i === keys.length - 1 && data.length > 20 && (
                <Brush dataKey="ts" height={20} tickFormatter={clock} stroke="var(--accent)" />
              )}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ))}
    </section>
  );
}
