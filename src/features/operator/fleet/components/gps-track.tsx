import type { SeriesPoint } from '@/lib/live-series-store.ts';

/** Pairs latitude and longitude points that share a timestamp, oldest first. */
export function trackPoints(
  latitude: readonly SeriesPoint[],
  longitude: readonly SeriesPoint[],
): { lat: number; lon: number }[] {
  const lon = new Map(longitude.map((p) => [p.ts, p.value]));
  return latitude.flatMap((p) => {
    const x = lon.get(p.ts);
    return x === undefined ? [] : [{ lat: p.value, lon: x }];
  });
}

/**
 * A GPS track as an SVG line of its positions, scaled to fit (no map tiles: the console works
 * offline). North is up; the last position is a dot.
 */
export function GpsTrack({
  points,
  label,
  width = 200,
  height = 96,
}: {
  points: readonly { lat: number; lon: number }[];
  label: string;
  width?: number;
  height?: number;
}) {
  const pad = 6;
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const span = Math.max(maxLat - minLat, maxLon - minLon) || 1e-6;
  const x = (lon: number) => pad + ((lon - minLon) / span) * (width - 2 * pad);
  const y = (lat: number) => height - pad - ((lat - minLat) / span) * (height - 2 * pad);
  const line = points.map((p) => `${x(p.lon).toFixed(1)},${y(p.lat).toFixed(1)}`).join(' ');
  const last = points.at(-1);
  return (
    <svg
      className="sparkline gps-track"
      role="img"
      aria-label={
        last === undefined
          ? `${label}: no positions yet`
          : `${label}: ${points.length} positions, last ${last.lat.toFixed(5)}, ${last.lon.toFixed(5)}`
      }
      width={width}
      height={height}
      viewBox={`0 0 ${String(width)} ${String(height)}`}
    >
      <rect className="sparkline__bg" x="0" y="0" width={width} height={height} rx="4" />
      {points.length > 1 && <polyline className="sparkline__line" points={line} fill="none" />}
      {last !== undefined && (
        <circle className="sparkline__dot" cx={x(last.lon)} cy={y(last.lat)} r="3" />
      )}
    </svg>
  );
}
