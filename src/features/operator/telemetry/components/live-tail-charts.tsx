import { useEffect, useRef, useState } from 'react';

import {
  drawLinePlot,
  plotColors,
  plotY,
  type PlotColors,
} from '@/components/charts/line-plot-canvas.ts';
import { niceTicks } from '@/components/charts/nice-ticks.ts';
import { liveSeriesFor, type DeviceSeries } from '@/lib/live-series-store.ts';
import { useOperator } from '@/lib/operator-context.tsx';

import './live-tail-charts.css';

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const timeLabel = (ts: number) => clock.format(ts);

interface LiveView {
  /** Distinct timestamps over the plotted keys. */
  points: number;
  /** Y ticks per key, as drawn. */
  ticks: Readonly<Record<string, readonly number[]>>;
}

/** What the plots show now: the shared time range, each key's Y ticks and the point count. */
function viewOf(series: DeviceSeries, keys: readonly string[]) {
  let fromTs = Infinity;
  let toTs = -Infinity;
  const stamps = new Set<number>();
  const ticks: Record<string, number[]> = {};
  for (const key of keys) {
    const ring = series.get(key);
    if (ring === undefined || ring.length === 0) {
      ticks[key] = [];
      continue;
    }
    fromTs = Math.min(fromTs, ring.tsAt(0));
    toTs = Math.max(toTs, ring.tsAt(ring.length - 1));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < ring.length; i += 1) {
      stamps.add(ring.tsAt(i));
      lo = Math.min(lo, ring.valueAt(i));
      hi = Math.max(hi, ring.valueAt(i));
    }
    ticks[key] = niceTicks(lo, hi, 4);
  }
  return { fromTs, toTs, view: { points: stamps.size, ticks } satisfies LiveView };
}

/**
 * The live tail of `keys` as small multiples, one canvas per key with its own Y scale on a shared
 * time axis. The series are read from the ring buffers and drawn in an animation frame when this
 * device's points change, without rendering React: React renders only when the point count or a
 * key's Y ticks (HTML labels, so the scale is text) change.
 */
export function LiveTailCharts({
  deviceId,
  keys,
  colors,
  height,
}: {
  deviceId: string;
  keys: readonly string[];
  colors: readonly string[];
  height: number;
}) {
  const live = liveSeriesFor(useOperator());
  const canvases = useRef(new Map<string, HTMLCanvasElement>());
  const hoverX = useRef<number | null>(null);
  const redraw = useRef<() => void>(() => undefined);
  const [view, setView] = useState<LiveView>({ points: 0, ticks: {} });
  const keysText = keys.join('\n');
  const colorsText = colors.join('\n');

  useEffect(() => {
    const shown = keysText === '' ? [] : keysText.split('\n');
    const palette = colorsText.split('\n');
    let frame = 0;
    let shownText = '';
    let themed: PlotColors | null = null;
    const boxes = new Map<Element, { width: number; height: number }>();
    const draw = () => {
      frame = 0;
      const now = viewOf(live.of(deviceId), shown);
      shown.forEach((key, i) => {
        const canvas = canvases.current.get(key);
        const box = canvas && boxes.get(canvas);
        if (canvas === undefined || box === undefined) return;
        themed ??= plotColors(canvas);
        drawLinePlot(canvas, box, {
          source: live.of(deviceId).get(key),
          fromTs: now.fromTs,
          toTs: now.toTs,
          yTicks: now.view.ticks[key] ?? [],
          color: palette[i % palette.length] ?? '#0b5cd5',
          colors: themed,
          hoverX: hoverX.current,
          timeLabel,
        });
      });
      const text = JSON.stringify(now.view);
      if (text !== shownText) {
        shownText = text;
        setView(now.view);
      }
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(draw);
    };
    redraw.current = schedule;
    schedule();
    const stop = live.store.subscribe((state, before) => {
      if (state.versions[deviceId] !== before.versions[deviceId]) schedule();
    });
    const resized = new ResizeObserver((entries) => {
      for (const { target, contentRect } of entries)
        boxes.set(target, { width: contentRect.width, height: contentRect.height });
      schedule();
    });
    for (const canvas of canvases.current.values()) resized.observe(canvas);
    return () => {
      stop();
      resized.disconnect();
      cancelAnimationFrame(frame);
      redraw.current = () => undefined;
    };
  }, [live, deviceId, keysText, colorsText]);

  return (
    <>
      <p className="pk-muted" aria-live="polite" aria-label="Chart points">
        {`${String(view.points)} points`}
      </p>
      {keys.map((key) => (
        <div key={key} className="op-chart" role="img" aria-label={`Chart of ${key}`}>
          <p className="op-chart__key">{key}</p>
          <div className="op-live-plot" style={{ height }}>
            {(view.ticks[key] ?? []).map((tick) => (
              <span
                key={tick}
                className="op-live-plot__tick"
                style={{ top: plotY(tick, view.ticks[key] ?? [], height) }}
              >
                {String(tick)}
              </span>
            ))}
            <canvas
              ref={(node) => {
                if (node) canvases.current.set(key, node);
                else canvases.current.delete(key);
              }}
              className="op-live-plot__canvas"
              onPointerMove={(e) => {
                hoverX.current = e.clientX - e.currentTarget.getBoundingClientRect().left;
                redraw.current();
              }}
              onPointerLeave={() => {
                hoverX.current = null;
                redraw.current();
              }}
            />
          </div>
        </div>
      ))}
    </>
  );
}
