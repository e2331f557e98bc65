import { niceTicks } from './nice-ticks.ts';

/** Points in time order, read by index (a ring buffer fits). */
export interface PointSource {
  readonly length: number;
  tsAt(i: number): number;
  valueAt(i: number): number;
}

export interface LinePlot {
  source: PointSource | undefined;
  /** Time range of the X axis, ms (shared by small multiples so they line up). */
  fromTs: number;
  toTs: number;
  /** Y ticks; the first and last are the scale (see niceTicks). */
  yTicks: readonly number[];
  color: string;
  /** Grid and label colours (see plotColors). */
  colors: PlotColors;
  /** X position (CSS px) of the pointer: a cursor line, and the nearest point's value. */
  hoverX: number | null;
  timeLabel: (ts: number) => string;
}

export interface PlotColors {
  muted: string;
  border: string;
}

/** The page's `--muted` and `--border` colours as `element` sees them (read once, not per draw). */
export function plotColors(element: Element): PlotColors {
  const style = getComputedStyle(element);
  return {
    muted: style.getPropertyValue('--muted').trim() || '#6b7280',
    border: style.getPropertyValue('--border').trim() || '#d0d7de',
  };
}

/** Room around the plot area in CSS px: time labels go below it. */
export const PLOT_PAD = { top: 6, right: 12, bottom: 18 } as const;

/** Y position (CSS px from the top) of `value` in a plot `height` px high. */
export function plotY(value: number, yTicks: readonly number[], height: number): number {
  const lo = yTicks[0] ?? 0;
  const hi = yTicks.at(-1) ?? 1;
  const inner = height - PLOT_PAD.top - PLOT_PAD.bottom;
  return PLOT_PAD.top + (1 - (value - lo) / (hi - lo || 1)) * inner;
}

function fitToBox(
  canvas: HTMLCanvasElement,
  box: { width: number; height: number },
): CanvasRenderingContext2D | null {
  const ratio = globalThis.devicePixelRatio || 1;
  const width = Math.round(box.width * ratio);
  const height = Math.round(box.height * ratio);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/**
 * Draws one line plot on a canvas: grid at the Y ticks and at round times, the line, time labels
 * and, under the pointer, a cursor with the nearest point's value. One pass over the points, no
 * DOM nodes per point: cheap enough to redraw on every change of a live series. `box` is the
 * canvas's CSS size as a ResizeObserver reported it (reading it here would force a layout).
 */
export function drawLinePlot(
  canvas: HTMLCanvasElement,
  box: { width: number; height: number },
  plot: LinePlot,
): void {
  const ctx = fitToBox(canvas, box);
  if (ctx === null) return;
  const { width, height } = box;
  const { muted, border } = plot.colors;
  const right = width - PLOT_PAD.right;
  const span = plot.toTs - plot.fromTs || 1;
  const x = (ts: number) => ((ts - plot.fromTs) / span) * right;
  ctx.clearRect(0, 0, width, height);
  ctx.lineWidth = 1;
  ctx.strokeStyle = border;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (const tick of plot.yTicks) {
    const y = Math.round(plotY(tick, plot.yTicks, height)) + 0.5;
    ctx.moveTo(0, y);
    ctx.lineTo(right, y);
  }
  const times = niceTicks(plot.fromTs, plot.toTs, 4).filter(
    (t) => t >= plot.fromTs && t <= plot.toTs,
  );
  for (const t of times) {
    const tx = Math.round(x(t)) + 0.5;
    ctx.moveTo(tx, PLOT_PAD.top);
    ctx.lineTo(tx, height - PLOT_PAD.bottom);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = muted;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'center';
  for (const t of times)
    ctx.fillText(plot.timeLabel(t), Math.min(right - 24, Math.max(24, x(t))), height);
  const source = plot.source;
  if (source === undefined || source.length === 0) return;
  ctx.strokeStyle = plot.color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  let nearest = -1;
  let nearestDx = Infinity;
  for (let i = 0; i < source.length; i += 1) {
    const px = x(source.tsAt(i));
    const py = plotY(source.valueAt(i), plot.yTicks, height);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
    if (plot.hoverX !== null && Math.abs(px - plot.hoverX) < nearestDx) {
      nearestDx = Math.abs(px - plot.hoverX);
      nearest = i;
    }
  }
  ctx.stroke();
  if (nearest < 0) return;
  const hx = x(source.tsAt(nearest));
  ctx.strokeStyle = muted;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(hx, PLOT_PAD.top);
  ctx.lineTo(hx, height - PLOT_PAD.bottom);
  ctx.stroke();
  ctx.fillStyle = plot.color;
  ctx.textBaseline = 'top';
  ctx.textAlign = hx > width / 2 ? 'right' : 'left';
  const label = `${plot.timeLabel(source.tsAt(nearest))}  ${String(source.valueAt(nearest))}`;
  ctx.fillText(label, hx + (hx > width / 2 ? -4 : 4), PLOT_PAD.top);
}
