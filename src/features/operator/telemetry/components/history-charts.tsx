import { useId } from 'react';
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

const clock = (ts: number) => new Date(ts).toLocaleTimeString();
const CHART_MARGIN = { top: 4, right: 16, bottom: 4, left: 0 };

/**
 * A history range of `keys` as small multiples (recharts, drawn once per query result): one chart
 * per key on its own Y scale, a shared tooltip and a brush to zoom into the range.
 */
export function HistoryCharts({
  rows,
  keys,
  colors,
  height,
}: {
  /** `{ ts, [key]: value }` per timestamp, oldest first. */
  rows: readonly Record<string, number>[];
  keys: readonly string[];
  colors: readonly string[];
  height: number;
}) {
  const id = useId();
  const data = rows as Record<string, number>[];
  return keys.map((key, i) => (
    <div key={key} className="op-chart" role="img" aria-label={`Chart of ${key}`}>
      <p className="op-chart__key">{key}</p>
      <ResponsiveContainer width="100%" height={height}>
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
            stroke={colors[i % colors.length] ?? '#0b5cd5'}
            connectNulls
          />
          {i === keys.length - 1 && data.length > 20 && (
            <Brush dataKey="ts" height={20} tickFormatter={clock} stroke="var(--accent)" />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  ));
}
