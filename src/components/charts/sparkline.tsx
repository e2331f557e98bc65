export interface SparklineProps {
  values: readonly number[];
  /** Accessible name, e.g. "temperature, last 120 values". */
  label: string;
  width?: number;
  height?: number;
}

/** A small inline SVG line of recent values, scaled to their own min and max. */
export function Sparkline({ values, label, width = 160, height = 36 }: SparklineProps) {
  const pad = 2;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const points = values
    .map((v, i) => {
      const x = pad + i * step;
      const y = height - pad - ((v - min) / span) * (height - 2 * pad);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  const last = values.at(-1);
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={
        last === undefined ? `${label}: no values yet` : `${label}: last value ${String(last)}`
      }
      width={width}
      height={height}
      viewBox={`0 0 ${String(width)} ${String(height)}`}
    >
      <rect className="sparkline__bg" x="0" y="0" width={width} height={height} rx="4" />
      {values.length > 1 && <polyline className="sparkline__line" points={points} fill="none" />}
      {values.length === 1 && <circle className="sparkline__dot" cx={pad} cy={height / 2} r="2" />}
    </svg>
  );
}
