import type { ChartsOptions } from '../phase-options.ts';

import type { PageCounters } from './browser.ts';

export interface HeapSample {
  at: string;
  beforeGcBytes: number;
  afterGcBytes: number;
  /** The chart's "N points" at that moment. */
  chartPoints: number;
}

export interface ChartsResult {
  options: ChartsOptions;
  keys: string[];
  /** The device whose chart is open (the UI shows one device's chart at a time). */
  chartedDevice: string;
  durationS: number;
  /** Telemetry messages published by all devices in the measured interval (× keys = points). */
  published: number;
  /** MQTT PUBLISH packets (operator events) the page received in the measured interval. */
  eventsReceived: number;
  fps: number;
  /** Long tasks over 50 ms, leaving out those overlapping a forced GC of the bench. */
  longTasksOver50: number;
  longestTaskMs: number;
  /** Long tasks (any length over 50 ms by definition) overlapping the bench's forced GCs. */
  gcLongTasks: number;
  heap: HeapSample[];
  /** 1, 5 and 15 minute load averages at the start and the end of the measured interval. */
  loadAverage: { start: number[]; end: number[] };
  /** End heap after GC / middle heap after GC. */
  heapGrowth: number;
  goals: { noLongTaskOver50: boolean; heapFlat: boolean };
}

export const HEAP_FLAT_LIMIT = 1.2;
const MB = 1024 * 1024;

export function chartsResult(input: {
  opts: ChartsOptions;
  keys: string[];
  watched: string;
  elapsedS: number;
  published: number;
  counters: PageCounters;
  tasks: [number, number][];
  gcWindows: [number, number][];
  heap: HeapSample[];
  loadAverage: { start: number[]; end: number[] };
}): ChartsResult {
  const overlapsGc = ([start, duration]: [number, number]): boolean =>
    input.gcWindows.some(([from, to]) => start < to + 5 && start + duration > from - 5);
  const real = input.tasks.filter((t) => !overlapsGc(t));
  const durations = real.map(([, d]) => d);
  const middle = input.heap.find((h) => h.at === 'middle')?.afterGcBytes ?? Number.NaN;
  const end = input.heap.find((h) => h.at === 'end')?.afterGcBytes ?? Number.NaN;
  const growth = end / middle;
  return {
    options: input.opts,
    keys: input.keys,
    chartedDevice: input.watched,
    durationS: Number(input.elapsedS.toFixed(1)),
    published: input.published,
    eventsReceived: input.counters.publishes,
    fps: Number((input.counters.frames / input.elapsedS).toFixed(1)),
    longTasksOver50: durations.filter((d) => d > 50).length,
    longestTaskMs: Math.round(Math.max(0, ...durations)),
    gcLongTasks: input.tasks.length - real.length,
    heap: input.heap,
    loadAverage: input.loadAverage,
    heapGrowth: Number(growth.toFixed(3)),
    goals: {
      noLongTaskOver50: durations.every((d) => d <= 50),
      heapFlat: growth <= HEAP_FLAT_LIMIT,
    },
  };
}

const row = (label: string, value: string, goal = ''): string =>
  `${label.padEnd(44)} ${value.padStart(12)}  ${goal}`;
const mark = (ok: boolean): string => (ok ? 'goal met' : 'goal MISSED');
const mb = (bytes: number): string => (bytes / MB).toFixed(1);

export function printChartsReport(r: ChartsResult): void {
  const o = r.options;
  console.log(
    [
      `\nOperator charts bench (headless Chromium): ${String(o.devices)} devices x ${String(o.keys)} keys at ${String(o.hz)} Hz, ` +
        `live-tail chart of ${r.chartedDevice} (${r.keys.join(', ')}) plus the device list and latest table`,
      row('measured (s)', String(r.durationS)),
      row(
        'load average at start / end (1 min)',
        `${(r.loadAverage.start[0] ?? 0).toFixed(2)} / ${(r.loadAverage.end[0] ?? 0).toFixed(2)}`,
        `(5 min ${(r.loadAverage.end[1] ?? 0).toFixed(2)}; the machine is shared)`,
      ),
      row('telemetry messages published', String(r.published)),
      row('operator events received by the page', String(r.eventsReceived)),
      row(
        'long tasks > 50 ms (GC of the bench left out)',
        String(r.longTasksOver50),
        mark(r.goals.noLongTaskOver50),
      ),
      row('longest long task (ms)', String(r.longestTaskMs)),
      row('long tasks during forced GCs (left out)', String(r.gcLongTasks)),
      row('frames per second', String(r.fps)),
      ...r.heap.map((h) =>
        row(
          `JS heap ${h.at} (MiB, before / after GC)`,
          `${mb(h.beforeGcBytes)} / ${mb(h.afterGcBytes)}`,
          `chart ${String(h.chartPoints)} points`,
        ),
      ),
      row(
        'heap end / middle (after GC)',
        r.heapGrowth.toFixed(3),
        `${mark(r.goals.heapFlat)} (flat: <= ${String(HEAP_FLAT_LIMIT)})`,
      ),
    ].join('\n'),
  );
}
